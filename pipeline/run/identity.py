"""What identifies the pipeline that made a record, so unchanged memos are not processed twice."""

from __future__ import annotations

import hashlib

from pipeline.extract import model_identity
from pipeline.knowledge import Knowledge
from pipeline.schema import SCHEMA_VERSION
from pipeline.version import __version__


def pipeline_key(model: str | None, knowledge: Knowledge) -> str:
    """A short key that changes whenever the code, the schema, the model or the models/ data change."""
    parts = [__version__, SCHEMA_VERSION, model_identity(model), knowledge.digest]
    return hashlib.sha256("|".join(parts).encode()).hexdigest()[:16]


__all__ = ["model_identity", "pipeline_key"]
