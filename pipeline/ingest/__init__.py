"""Ingest: a file (or bytes) to clean memo text with page spans and file facts.

The format is recognised by content (`sniff_format`): PDF through the layout-
aware reader of `pipeline.ingest.pdf`, anything else decoded as text. Failures
raise `IngestError(reason, message, path)` with a documented reason code.
"""

from pipeline.ingest.decode import DecodedText, decode_bytes, normalise_text
from pipeline.ingest.limits import Limits, max_bytes_default, parse_size, peak_rss
from pipeline.ingest.pdf.ocr import tesseract_version
from pipeline.ingest.pdf.text import Progress
from pipeline.ingest.reader import ingest_bytes, ingest_path, page_of
from pipeline.ingest.sniff import sniff_format

__all__ = ["DecodedText", "Limits", "Progress", "decode_bytes", "ingest_bytes", "ingest_path", "max_bytes_default",
           "normalise_text", "page_of", "parse_size", "peak_rss", "sniff_format", "tesseract_version"]
