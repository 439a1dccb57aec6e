"""Batch runs: many input files into one run folder, incrementally, through a store, with every output."""

from typing import Any

from pipeline.ingest import Limits
from pipeline.run.batch import run, stream
from pipeline.run.inputs import expand_inputs
from pipeline.run.lock import folder_lock
from pipeline.run.merge import merge as merge_folders
from pipeline.run.options import RunOptions
from pipeline.run.progress import RunProgress, SilentProgress, failure_line, progress_display
from pipeline.run.records import read_records, read_records_file
from pipeline.run.sandbox import Sandbox, SandboxStats
from pipeline.run.store import STORE_NAME, Store

__all__ = ["STORE_NAME", "Limits", "RunOptions", "RunProgress", "Sandbox", "SandboxStats", "SilentProgress", "Store",
           "evaluate_suite", "expand_inputs", "failure_line", "folder_lock", "merge_folders", "progress_display",
           "read_records", "read_records_file", "run", "stream"]


def __getattr__(name: str) -> Any:
    # The suite imports spaCy: only when asked for, so that an unchanged re-run never loads it.
    if name == "evaluate_suite":
        from pipeline.run.suite import evaluate_suite

        return evaluate_suite
    raise AttributeError(f"module 'pipeline.run' has no attribute {name!r}")
