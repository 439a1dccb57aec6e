"""Extraction: one spaCy pipeline over ingested, segmented memos, and the memo record built from it.

`build_nlp` assembles the pipeline (factories registered by `register`),
`Extractor` runs it over texts in batches and chunks, `MemoProcessor` turns
files or bytes into `MemoRecord`s (or `FileError`s), `build_record` assembles
one record from the stages' results, and `protect` (with a `Privacy` from
`load_privacy`) redacts or pseudonymises its people before anything is written.
"""

from pipeline.extract.factories import register
from pipeline.extract.model import default_model_name, load_model, model_identity, model_package_name
from pipeline.extract.nlp import Extractor, build_nlp
from pipeline.extract.privacy import KEY_ENV, Privacy, load_privacy
from pipeline.extract.processor import MemoProcessor, Outcome, Prepared, check_model, file_error
from pipeline.extract.protect import protect
from pipeline.extract.record import build_record, memo_id, pipeline_info
from pipeline.extract.worker import serve

__all__ = [
    "KEY_ENV",
    "Extractor",
    "MemoProcessor",
    "Outcome",
    "Prepared",
    "Privacy",
    "build_nlp",
    "build_record",
    "check_model",
    "default_model_name",
    "file_error",
    "load_model",
    "load_privacy",
    "memo_id",
    "model_identity",
    "model_package_name",
    "pipeline_info",
    "protect",
    "register",
    "serve",
]
