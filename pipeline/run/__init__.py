"""Batch runs: many input files into one run folder, incrementally, through a store, with every output."""

from pipeline.run.batch import run
from pipeline.run.inputs import expand_inputs
from pipeline.run.options import RunOptions
from pipeline.run.progress import progress_bar
from pipeline.run.records import read_records, read_records_file
from pipeline.run.store import STORE_NAME, Store
from pipeline.run.suite import evaluate_suite

__all__ = ["STORE_NAME", "RunOptions", "Store", "evaluate_suite", "expand_inputs", "progress_bar", "read_records",
           "read_records_file", "run"]
