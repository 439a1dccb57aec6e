"""What identifies the pipeline that made a record, so unchanged memos are not processed twice."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from spacy import util as spacy_util

from pipeline.extract.model import default_model_name, model_package_name
from pipeline.knowledge.files import models_digest
from pipeline.schema import SCHEMA_VERSION
from pipeline.version import __version__


def model_identity(model: str | None) -> str:
    """Name and version of the spaCy model that `model` (or the default) designates."""
    name = model or default_model_name()
    path = Path(name)
    if path.is_dir() and (path / "meta.json").exists():
        meta = json.loads((path / "meta.json").read_text(encoding="utf-8"))
        return f"{model_package_name(meta)}@{meta.get('version')}"
    return f"{name}@{spacy_util.get_package_version(name) or 'unknown'}"


def pipeline_key(model: str | None, models: Path | str | None) -> str:
    """A short key that changes whenever the code, the schema, the model or the models/ data change."""
    parts = [__version__, SCHEMA_VERSION, model_identity(model), models_digest(models)]
    return hashlib.sha256("|".join(parts).encode()).hexdigest()[:16]
