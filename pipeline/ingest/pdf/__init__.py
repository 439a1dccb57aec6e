"""PDF text with layout: columns in reading order, running headers and footers removed, words repaired."""

from pipeline.ingest.pdf.text import PdfText, extract_pdf

__all__ = ["PdfText", "extract_pdf"]
