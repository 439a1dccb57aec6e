"""End to end: memos -> `memokg run` -> graph.html in headless Chromium, for the corpus and for hostile memos."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import unquote, urlparse

import pytest
from typer.testing import CliRunner

from pipeline.cli import app
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


@pytest.fixture(scope="module")
def corpus_run(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """`memokg run corpus/` once for the module, from an absolute path."""
    return run_folder([ROOT / "corpus"], tmp_path_factory.mktemp("corpus") / "corpus-run")


def test_corpus_first_view_answers_who_supplies_whom(browser: Browser, corpus_run: Path) -> None:
    out = corpus_run
    data = json.loads((out / "graph.json").read_text(encoding="utf-8"))
    degree = {node["id"]: 0 for node in data["nodes"]}
    for edge in data["edges"]:
        degree[edge["source"]] += 1
        degree[edge["target"]] += 1
    related = sorted(node for node, d in degree.items() if d)
    url = open_page(browser, out)
    visible = browser.js("return memokg.visibleNodeIds();")
    assert visible == related and len(related) < len(degree)  # no unconnected node in the first view
    assert len(browser.js("return memokg.visibleEdgeIds();")) == len(data["edges"]) > 50
    top = browser.js("return memokg.mostConnected(10);")
    assert sorted((degree[n] for n in top), reverse=True) == sorted(degree.values(), reverse=True)[:10]
    labelled = set(browser.js("return memokg.labelledNodeIds();"))
    assert set(top) <= labelled and len(labelled) < len(related)  # the ten most connected, not everything
    types = {edge["type"] for edge in data["edges"]}
    legend = browser.js("return Array.from(document.querySelectorAll('#memokg-filter-relations input'), b => b.value);")
    assert set(legend) == types and {"SUPPLIES", "PROVIDES", "BASED_IN"} <= types
    statuses = {edge["status"] for edge in data["edges"]}
    assert set(browser.js("return memokg.state.statuses;")) == statuses
    title = browser.driver.title
    assert title.startswith("memokg: corpus — run folder corpus-run: ") and str(ROOT) not in title and "/" not in title
    # every memo link of a panel opens a record file of the run
    browser.js("memokg.openDetails('node', arguments[0]); return null;", top[0])
    hrefs = browser.js("return Array.from(document.querySelectorAll('#memokg-details a')).map(a => a.href);")
    assert hrefs and all(Path(unquote(urlparse(h).path)).is_file() for h in hrefs)
    assert browser.page_requests() == [url]
    assert browser.dialogs() == [] and browser.console_errors() == []


def test_viz_focus_page_of_one_vendor_elsewhere_keeps_its_memo_links(browser: Browser, corpus_run: Path,
                                                                     tmp_path: Path) -> None:
    page = tmp_path / "pages" / "zte.html"
    result = CliRunner().invoke(app, ["viz", str(corpus_run), "--focus", "ZTE", "-o", str(page)])
    assert result.exit_code == 0, result.output
    url = browser.open(page)
    browser.wait_for("window.memokg && window.memokg.drawn", timeout=60)
    visible = browser.js("return memokg.visibleNodeIds();")
    assert "org:zte" in visible and len(visible) <= 10
    browser.js("memokg.openDetails('node', 'org:zte'); return null;")
    hrefs = browser.js("return Array.from(document.querySelectorAll('#memokg-details a')).map(a => a.href);")
    assert hrefs and all(Path(unquote(urlparse(h).path)).is_file() for h in hrefs)
    assert browser.page_requests() == [url] and browser.dialogs() == [] and browser.console_errors() == []


def test_hostile_memos_render_as_text_and_run_nothing(browser: Browser, tmp_path: Path) -> None:
    folder = tmp_path / "<img src=x onerror=alert('folder')>"
    folder.mkdir()
    for n in (1, 2):
        (folder / f"hostile{n}.txt").write_text(HOSTILE_MEMO.format(n=n), encoding="utf-8")
    out = run_folder([folder], tmp_path / "hostile-run")
    nodes, edges = graph_counts(out)
    url = open_page(browser, out)
    browser.js("memokg.applyFilters({connectedOnly: false}); return null;")
    assert len(browser.js("return memokg.visibleNodeIds();")) == nodes
    assert len(browser.js("return memokg.visibleEdgeIds();")) == edges
    assert "onerror=alert('folder')" in browser.driver.title  # shown as text in the title
    injected = "body img, body a:not(#memokg-download-link), body b, body iframe"
    injected = f"return document.querySelectorAll({injected!r}).length;"
    assert browser.js(injected) == 0
    # the hostile sentences did reach the page, as data: evidence of the SUPPLIES edges
    data = browser.js("return JSON.stringify(JSON.parse(document.getElementById('memokg-data').textContent));")
    assert "<script>alert(5)</script>" in data and "<b onmouseover=alert(8)>" in data
    assert browser.page_requests() == [url]
    assert browser.dialogs() == []
