"""Scoring memo records against document-level gold annotations (`memokg eval`)."""

from pipeline.evaluate.score import evaluate, format_report, normalise

__all__ = ["evaluate", "format_report", "normalise"]
