"""What identifies the pipeline that made a record, so unchanged memos are not processed twice."""

from __future__ import annotations

import hashlib

from pipeline.extract import model_identity
from pipeline.knowledge import Knowledge
from pipeline.schema import SCHEMA_VERSION
from pipeline.version import __version__


def pipeline_key(model: str | None, knowledge: Knowledge, privacy: str = "") -> str:
    """A short key that changes with the code, the schema, the model, the models/ data or the privacy mode."""
    parts = [__version__, SCHEMA_VERSION, model_identity(model), knowledge.digest]
    if privacy:  # a redacted run must never reuse records that still hold names (and the other way round)
        parts.append(privacy)
    return hashlib.sha256("|".join(parts).encode()).hexdigest()[:16]
