"""One exception hierarchy: every failure a user can cause carries a reason code.

The CLI turns these into one-line messages and exit codes; batch runs record
them in errors.jsonl and carry on with the next file.
"""

from __future__ import annotations


class MemokgError(Exception):
    """Base error: a machine-readable reason code, a message and the file concerned."""

    stage = "memokg"

    def __init__(self, reason: str, message: str, path: str | None = None) -> None:
        super().__init__(message)
        self.reason = reason
        self.message = message
        self.path = path

    def one_line(self) -> str:
        """The error as one line: 'path: reason: message'."""
        where = f"{self.path}: " if self.path else ""
        text = " ".join(self.message.split())
        return f"{where}{self.reason}: {text}"


class IngestError(MemokgError):
    """A file could not be read into memo text (missing, unsupported, encrypted, no text layer...)."""

    stage = "ingest"


class SegmentError(MemokgError):
    """Memo text could not be segmented."""

    stage = "segment"


class ExtractError(MemokgError):
    """Entity or relation extraction failed (model missing, bad models/ data...)."""

    stage = "extract"


class ModelsDataError(MemokgError):
    """A data file in models/ is missing or malformed."""

    stage = "models"


class RecordsError(MemokgError):
    """A run folder or a memo record in it could not be read."""

    stage = "records"


class RunError(MemokgError):
    """A batch run or a merge cannot go on (nothing to process, run folder locked or unwritable, conflicting shards).

    `details` holds one line per input that was found but not read (missing, unsupported...).
    """

    stage = "run"

    def __init__(self, reason: str, message: str, path: str | None = None, details: list[str] | None = None) -> None:
        super().__init__(reason, message, path)
        self.details = list(details or [])


class ExportError(MemokgError):
    """An export could not be written (unknown format, unwritable folder...)."""

    stage = "export"


class QueryError(MemokgError):
    """A relations query could not be understood (unknown type, status or country)."""

    stage = "query"


class VizError(MemokgError):
    """The graph page could not be built (bad option, unknown focus entity, unwritable output...)."""

    stage = "viz"


class EvaluationError(MemokgError):
    """Gold or prediction files that cannot be read."""

    stage = "evaluate"
