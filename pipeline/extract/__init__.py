"""Extraction: one spaCy pipeline over ingested, segmented memos, and the memo record built from it.

`build_nlp` assembles the pipeline (factories registered by `register`),
`Extractor` runs it over texts in batches and chunks, `MemoProcessor` turns
files or bytes into `MemoRecord`s (or `FileError`s), `build_record` assembles
one record from the stages' results.
"""

from pipeline.extract.factories import register
from pipeline.extract.model import default_model_name, load_model, model_identity, model_package_name
from pipeline.extract.nlp import Extractor, build_nlp
from pipeline.extract.processor import MemoProcessor, Outcome, Prepared, check_model, file_error
from pipeline.extract.record import build_record, memo_id, pipeline_info
from pipeline.extract.worker import serve

__all__ = [
    "Extractor",
    "MemoProcessor",
    "Outcome",
    "Prepared",
    "build_nlp",
    "build_record",
    "check_model",
    "default_model_name",
    "file_error",
    "load_model",
    "memo_id",
    "model_identity",
    "model_package_name",
    "pipeline_info",
    "register",
    "serve",
]
