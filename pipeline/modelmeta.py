"""A spaCy model's meta.json, found and read without importing spaCy.

The run's parent checks the model before a batch with it (importing spaCy only to read a file would cost the
parent some 100 MiB), and the extract stage refuses a model without a parser with it.
"""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path
from typing import Any

from pipeline.errors import ExtractError


def model_folder(name: str) -> Path:
    """The model's folder: a path as given, else its package's folder (found, not imported)."""
    if Path(name).is_dir():
        return Path(name)
    spec = importlib.util.find_spec(name)
    if spec is None or spec.origin is None:
        raise ImportError(f"No module named {name!r}")
    return Path(spec.origin).parent


def read_meta(name: str) -> dict[str, Any]:
    """The model's meta.json; ExtractError('model_missing') when there is none to read."""
    try:
        return dict(json.loads((model_folder(name) / "meta.json").read_text(encoding="utf-8")))
    except (ImportError, ModuleNotFoundError, OSError, ValueError) as exc:
        raise ExtractError("model_missing", f"cannot find spaCy model {name!r}: {exc}", name) from None


def require_parser(name: str) -> str:
    """The model's name once its meta.json shows an enabled dependency parser; ExtractError otherwise."""
    meta = read_meta(name)
    components = set(meta.get("pipeline", [])) - set(meta.get("disabled", []))
    if "parser" not in components:
        raise ExtractError("no_parse", f"spaCy model {name!r} has no dependency parser, which relation extraction "
                           "needs (use a full pipeline such as en_core_web_sm)", name)
    return name
