"""Scoring memo records against document-level gold annotations and behavioural suites (`memokg eval`)."""

from pipeline.evaluate.score import evaluate, format_report, normalise
from pipeline.evaluate.suite import format_suite_report, load_suite, score_suite

__all__ = ["evaluate", "format_report", "format_suite_report", "load_suite", "normalise", "score_suite"]
