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


# The documented reasons a file can fail for, as written to errors.jsonl: what each means and what to do.
# The README's table is this one; a test keeps the two, and the readers, in step.
FILE_REASONS: dict[str, tuple[str, str]] = {
    "not_found": ("the path (or a link's target) does not exist, or a pattern matches nothing",
                  "check the path; quote globs so the shell does not expand them"),
    "not_a_file": ("the path is a device, socket, pipe or folder", "name regular files"),
    "unreadable": ("the file exists but cannot be read (permissions, I/O error)", "fix its permissions"),
    "outside_input": ("a link or path in an input folder resolves outside that folder; it was not read",
                      "copy the file in, or pass --follow-links if you trust the folder"),
    "unsupported_format": ("not a text, Markdown or PDF memo (an image, archive, Office file, binary data...)",
                           "convert it to PDF or text; files met in folders are listed, not failed"),
    "empty": ("no bytes, or no word once cleaned (whitespace, punctuation or markup only)",
              "check the export that produced it"),
    "too_large": ("over --max-bytes, over --max-pages, or a PDF stream inflating beyond 256 MiB (a bomb)",
                  "raise --max-bytes or --max-pages if the file is genuine; bombs stay refused"),
    "unreadable_encoding": ("text whose byte-order mark or UTF-16 layout does not decode",
                            "re-save it as UTF-8"),
    "not_a_pdf": ("named .pdf but holds something else (an HTML error page, binary data)",
                  "download the file again"),
    "truncated": ("a PDF cut short (no end-of-file marker) whose pages cannot all be recovered",
                  "download or copy the file again"),
    "pdf_corrupt": ("a PDF neither pdfminer nor PDFium can read: broken or cyclic page tree, absurd nesting",
                    "re-export or repair it (qpdf, a PDF printer)"),
    "encrypted": ("a PDF that needs a password", "pass it with --password"),
    "no_text_layer": ("no page has text, and OCR found none (blank pages or pictures only)",
                      "check the scan; --ocr-lang if the text is not English"),
    "garbled_text": ("the text layer is unmapped glyphs or words drawn over each other, and OCR could not read it",
                     "re-export the PDF with embedded Unicode fonts, or OCR it yourself"),
    "ocr_unavailable": ("the PDF needs OCR but Tesseract (or the language data) is not installed",
                        "apt-get install tesseract-ocr tesseract-ocr-eng (tesseract-ocr-LANG for --ocr-lang)"),
    "ocr_failed": ("Tesseract failed on a page", "run tesseract on the page by hand to see why"),
    "timeout": ("reading the file, or its language analysis, took longer than --timeout; the worker was replaced",
                "raise --timeout if the file is genuine (each OCR page earns 30 s more)"),
    "resource_limit": ("the worker ran out of memory under --max-memory (or died) while processing the file",
                       "raise --max-memory if the file is genuine"),
    "no_parse": ("the spaCy model has no dependency parser (reported once, before the run)",
                 "use a full pipeline such as en_core_web_sm"),
    "worker_lost": ("a Dask worker died while holding the file, and again on the retry",
                    "look at the worker's logs; often --max-memory or the machine's memory"),
    "internal_error": ("a bug in memokg (the message names the exception)", "report it with the file if you can"),
}
