"""End to end: memos -> `memokg run` -> graph.html in headless Chromium, for the corpus and for hostile memos."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from pipeline.run import RunOptions, run
from tests.browser import CHROMIUM, Browser, headless_chromium

pytestmark = [
    pytest.mark.browser,
    pytest.mark.slow,
    pytest.mark.skipif(not CHROMIUM.exists(), reason=f"{CHROMIUM} is not installed (apt-get install chromium)"),
]

ROOT = Path(__file__).resolve().parents[2]
HOSTILE_MEMO = """ORBIS Desk <script>alert('issuer')</script>

Spyware sales <img src=x onerror=alert('title')>

Reference: Memo [990101-{n}] Date: 01/01/2020 - Version: 1.0 Keywords: <script>alert(3)</script>, spyware \
Sources: <a href="javascript:alert(4)">link</a>

Key Points

- Hacking Team sold its Remote Control System spyware to Sudan <script>alert(5)</script>.
- Evil<img src=x onerror=alert(6)> Systems supplied CCTV cameras to Kenya, says a href="javascript:alert(7)" page.

Summary

According to <b onmouseover=alert(8)>Citizen Lab</b>, Hacking Team also sold RCS to Ethiopia in 2013.
The Italian company denied it; see javascript:alert(9) and </script><script>alert(10)</script>.
"""


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    """One Chromium for the module."""
    with headless_chromium() as session:
        yield session


def run_folder(inputs: list[Path], out: Path) -> Path:
    """Run the real pipeline (records, graph exports and page) into `out`."""
    summary = run(inputs, RunOptions(out_dir=out, jobs=1))
    assert summary.records > 0 and summary.export_errors == []
    return out


def graph_counts(out: Path) -> tuple[int, int]:
    """Nodes and edges of the run's graph, from its node-link export."""
    data = json.loads((out / "graph.json").read_text(encoding="utf-8"))
    return len(data["nodes"]), len(data["edges"])


def open_page(browser: Browser, out: Path) -> str:
    """Open the run's page and wait until the network is drawn."""
    url = browser.open(out / "graph.html")
    browser.wait_for("window.memokg && window.memokg.drawn", timeout=60)
    return url


def test_corpus_graph_renders_offline_with_its_counts(browser: Browser, tmp_path: Path) -> None:
    out = run_folder([ROOT / "corpus"], tmp_path / "corpus-run")
    nodes, edges = graph_counts(out)
    url = open_page(browser, out)
    assert len(browser.js("return memokg.visibleNodeIds();")) == nodes
    assert len(browser.js("return memokg.visibleEdgeIds();")) == edges
    assert edges > 50, "the corpus should yield a real graph"
    assert browser.page_requests() == [url]
    assert browser.dialogs() == []


def test_hostile_memos_render_as_text_and_run_nothing(browser: Browser, tmp_path: Path) -> None:
    folder = tmp_path / "<img src=x onerror=alert('folder')>"
    folder.mkdir()
    for n in (1, 2):
        (folder / f"hostile{n}.txt").write_text(HOSTILE_MEMO.format(n=n), encoding="utf-8")
    out = run_folder([folder], tmp_path / "hostile-run")
    nodes, edges = graph_counts(out)
    url = open_page(browser, out)
    assert len(browser.js("return memokg.visibleNodeIds();")) == nodes
    assert len(browser.js("return memokg.visibleEdgeIds();")) == edges
    assert "onerror=alert('folder')" in browser.driver.title  # shown as text in the title
    injected = "return document.querySelectorAll('body img, body a, body b, body iframe').length;"
    assert browser.js(injected) == 0
    # the hostile sentences did reach the page, as data: evidence of the SUPPLIES edges
    data = browser.js("return JSON.stringify(JSON.parse(document.getElementById('memokg-data').textContent));")
    assert "<script>alert(5)</script>" in data and "<b onmouseover=alert(8)>" in data
    assert browser.page_requests() == [url]
    assert browser.dialogs() == []
