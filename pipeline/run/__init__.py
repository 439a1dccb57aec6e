"""Batch runs: many input files into one run folder, incrementally, through a store, with every output."""

from pipeline.run.batch import run, stream
from pipeline.run.inputs import expand_inputs
from pipeline.run.lock import folder_lock
from pipeline.run.options import RunOptions
from pipeline.run.progress import RunProgress, SilentProgress, failure_line, progress_display
from pipeline.run.records import read_records, read_records_file
from pipeline.run.store import STORE_NAME, Store

__all__ = ["STORE_NAME", "RunOptions", "RunProgress", "SilentProgress", "Store", "expand_inputs", "failure_line",
           "folder_lock", "progress_display", "read_records", "read_records_file", "run", "stream"]
