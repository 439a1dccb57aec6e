"""Screenshot a memokg graph page in headless Chromium (network blocked), for the docs.

Usage: .venv/bin/python scripts/screenshot_graph.py OUT/graph.html docs/img/corpus-graph.png
       [--width 1600] [--height 1000] [--focus NAME] [--view graph|relations|matrix]

The docs images: `memokg run corpus/ -o outputs/corpus`, then this script on outputs/corpus/graph.html
with no option (corpus-graph.png), `--focus ZTE` (corpus-details.png) and `--view matrix`
(corpus-matrix.png).

Waits until the page has finished its layout and drawn, refuses to save if the page tried to
load anything or opened a dialog, then writes the PNG.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

from browser import chromium_available, headless_chromium  # noqa: E402


def screenshot(page: Path, png: Path, width: int, height: int, focus: str | None, view: str = "graph") -> None:
    """Open the page, wait for the drawing, optionally open one entity's details or a table view, save the PNG."""
    with headless_chromium(width=width, height=height) as browser:
        url = browser.open(page)
        browser.wait_for("window.memokg && window.memokg.drawn", timeout=180)
        if focus:
            if browser.js("return memokg.search(arguments[0]);", focus) is None:
                raise SystemExit(f"screenshot_graph: no entity matches {focus!r}")
        browser.js("memokg.setView(arguments[0]); memokg.hideTooltip(); return null;", view)
        time.sleep(0.3)  # let the canvas redraw after the details panel took its place
        others = [u for u in browser.page_requests() if u != url]
        if others or browser.dialogs():
            raise SystemExit(f"screenshot_graph: page requested {others} or opened a dialog; not saving")
        png.parent.mkdir(parents=True, exist_ok=True)
        browser.driver.save_screenshot(str(png))


def main() -> None:
    """Parse arguments and take the screenshot."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("page", type=Path, help="graph.html written by memokg run / memokg viz")
    parser.add_argument("png", type=Path, help="PNG file to write")
    parser.add_argument("--width", type=int, default=1600)
    parser.add_argument("--height", type=int, default=1000)
    parser.add_argument("--focus", default=None, help="entity to search for (opens its details) before the shot")
    parser.add_argument("--view", default="graph", choices=["graph", "relations", "matrix"], help="which view")
    args = parser.parse_args()
    if not args.page.is_file():
        raise SystemExit(f"screenshot_graph: no such page: {args.page}")
    if not chromium_available():
        raise SystemExit("screenshot_graph: needs /usr/bin/chromium and /usr/bin/chromedriver")
    screenshot(args.page, args.png, args.width, args.height, args.focus, args.view)
    print(args.png)


if __name__ == "__main__":
    main()
