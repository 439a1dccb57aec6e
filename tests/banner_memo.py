"""A memo of this project's own in the house style, with a running banner, written as 1- and 2-column PDFs.

The banner ``NORDSEC-CTI | TLP:GREEN | Memo 210412-3`` runs on top of every
page of the 2-page PDF (a running header) and stands once above the columns of
the 1-page 2-column PDF; either way the marking must reach the metadata and
the banner must never become the title.
"""

from __future__ import annotations

from pathlib import Path

from tests.pdf_factory import reportlab_pdf

BANNER = "NORDSEC-CTI | TLP:GREEN | Memo 210412-3"
ISSUER = "NORDSEC-CTI"
TITLE = "Harbour surveillance contracts around the Gulf of Riga"
HEADER = "Reference: Memo [210412-3] Date: 12/04/2021 - Version: 1.0 Keywords: CCTV, ports Sources: open sources"
_FILL = ("The port authority published the tender documents, and local reporters followed the award through two "
         "rounds of appeals before the contract was signed in the spring.")
BODY: list[tuple[str, str]] = [
    ("heading", "Key Points"),
    ("bullet", "Hikvision supplied facial recognition cameras to the port of Riga in Latvia."),
    ("bullet", "A local integrator, Baltmarine Systems, installed the control room software."),
    ("bullet", "Estonian officials are weighing a similar system for the port of Tallinn."),
    ("heading", "Summary"),
    ("para", "In 2020 the Freeport of Riga Authority chose a consortium led by Baltmarine Systems to renew the "
             "video surveillance of its terminals. Hikvision provided the cameras and the video management "
             "platform, which adds licence plate recognition at the gates. " + _FILL),
    ("para", "The Chinese vendor has sold comparable equipment to port operators in Poland and Lithuania. " + _FILL),
    ("heading", "Comments"),
    ("para", "We assess that similar tenders in the Baltic states will favour the same suppliers unless "
             "procurement rules change. " + _FILL),
]


def memo_pdfs(folder: Path) -> tuple[Path, Path]:
    """The memo as a 2-page PDF with the banner as running header, and as a 1-page 2-column PDF."""
    top = [("line", ISSUER), ("title", TITLE), ("line", HEADER)]
    half = len(BODY) // 2 + 1
    two_pages = reportlab_pdf(folder / "banner-2pages.pdf", [top + BODY[:half], BODY[half:]], header=BANNER)
    one_page = reportlab_pdf(folder / "banner-2columns.pdf", [[("line", BANNER), *top, *BODY]], columns=2)
    return two_pages, one_page
