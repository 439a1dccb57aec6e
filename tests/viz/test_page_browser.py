"""The researcher's page in headless Chromium: first view, legend filters, details panel, search, tables, CSV.

Every test also checks that the page requested nothing but itself, opened no dialog and logged no error.
"""

from __future__ import annotations

import csv
import io
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from pipeline.viz import synthetic_graph, write_graph_page
from tests.browser import CHROMIUM, Browser, headless_chromium
from tests.viz.test_viz import HOSTILE_ORG, sample_graph
from tests.viz.test_viz_browser import assert_offline_and_quiet, empty_point, mouse_to, node_point, open_drawn

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM.exists(), reason=f"{CHROMIUM} is not installed (apt-get install chromium)"),
]
MEDIUM = {"nodes": 160, "edges": 260, "seed": 11}
PANEL_LINKS = "Array.from(document.querySelectorAll('#memokg-details a')).map(a => a.getAttribute('href'))"


def texts(selector: str) -> str:
    """JS expression: the text of every element the selector matches."""
    return f"Array.from(document.querySelectorAll({selector!r})).map(t => t.textContent)"


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    """One Chromium for the module."""
    with headless_chromium() as session:
        yield session


@pytest.fixture(scope="module")
def pages(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The sample graph's page and a medium synthetic one (too many nodes to label them all)."""
    folder = tmp_path_factory.mktemp("pages")
    return {
        "sample": write_graph_page(sample_graph(), folder / "sample.html").path,
        "medium": write_graph_page(synthetic_graph(**MEDIUM), folder / "medium.html").path,
    }


def js_list(browser: Browser, script: str, *args) -> list:
    return browser.js(f"return {script};", *args)


def click(browser: Browser, element_id: str) -> None:
    from selenium.webdriver.common.by import By

    browser.driver.find_element(By.ID, element_id).click()


def test_first_view_shows_related_entities_and_labels_the_most_connected(browser: Browser, pages) -> None:
    graph = synthetic_graph(**MEDIUM)
    related = sorted(node for node, degree in graph.degree() if degree)
    assert len(related) < graph.number_of_nodes()  # the synthetic graph has entities without relations
    url = open_drawn(browser, pages["medium"])
    assert js_list(browser, "memokg.visibleNodeIds()") == related
    unconnected = graph.number_of_nodes() - len(related)
    label = js_list(browser, "document.getElementById('memokg-unconnected-label').textContent")
    assert label == f"Show entities without relations ({unconnected})"
    counts = js_list(browser, "document.getElementById('memokg-visible').textContent")
    assert f"({unconnected} without relations)" in counts
    labelled = js_list(browser, "memokg.labelledNodeIds()")
    top = js_list(browser, "memokg.mostConnected(10)")
    assert set(top) <= set(labelled) and 10 <= len(labelled) < len(related)
    by_degree = sorted(related, key=lambda n: -graph.degree(n))
    assert graph.degree(top[0]) == graph.degree(by_degree[0])
    # hovering an unlabelled node with the mouse shows its label
    quiet = next(n for n in related if n not in labelled)
    mouse_to(browser, *node_point(browser, quiet))
    browser.wait_for(f"memokg.nodes.get('{quiet}').label !== ''", timeout=5)
    mouse_to(browser, *empty_point(browser))
    browser.wait_for(f"memokg.nodes.get('{quiet}').label === ''", timeout=5)
    # zooming in labels everything in view
    browser.js("memokg.network.moveTo({scale: 1.5}); return null;")
    browser.wait_for(f"memokg.labelledNodeIds().length === {len(related)}", timeout=5)
    click(browser, "memokg-filter-unconnected")
    assert len(js_list(browser, "memokg.visibleNodeIds()")) == graph.number_of_nodes()
    click(browser, "memokg-filter-unconnected")
    assert js_list(browser, "memokg.visibleNodeIds()") == related
    assert_offline_and_quiet(browser, url)


def test_legend_filters_each_relation_type_and_status(browser: Browser, pages) -> None:
    graph = sample_graph()
    url = open_drawn(browser, pages["sample"])
    style = js_list(browser, "JSON.parse(document.getElementById('memokg-data').textContent).style")
    edges = {f"{u}|{k}|{v}": d for u, v, k, d in graph.edges(keys=True, data=True)}
    for kind in sorted({d["type"] for d in edges.values()}):
        line = f"document.querySelector('label[for=memokg-relation-{kind}] line')"
        swatch = js_list(browser, f"{line}.getAttribute('stroke')")
        assert swatch == style["edge_types"][kind]["color"]
        click(browser, f"memokg-relation-{kind}")
        assert js_list(browser, "memokg.visibleEdgeIds()") == sorted(e for e, d in edges.items() if d["type"] != kind)
        click(browser, f"memokg-relation-{kind}")
    for status in sorted({d["status"] for d in edges.values()}):
        click(browser, f"memokg-status-{status}")
        kept = sorted(e for e, d in edges.items() if d["status"] != status)
        assert js_list(browser, "memokg.visibleEdgeIds()") == kept
        click(browser, f"memokg-status-{status}")
    assert len(js_list(browser, "memokg.visibleEdgeIds()")) == len(edges)
    assert_offline_and_quiet(browser, url)


def test_clicks_open_the_details_panel_with_evidence_and_memo_links(browser: Browser, pages) -> None:
    url = open_drawn(browser, pages["sample"])
    mouse_to(browser, *node_point(browser, "org:zte"), click=True)
    browser.wait_for("!document.getElementById('memokg-details').hidden", timeout=5)
    panel = js_list(browser, "document.getElementById('memokg-details-body').textContent")
    for text in ("ZTE", "ZTE Corporation", "China (CHN)", "ZTE built the national ID card database for Venezuela.",
                 "REF-M1 · Key Points · 2018-11-14 · reported", "REF-M2 · Summary · 2019-03-02 · reported",
                 "Relations (5)"):
        assert text in panel, text
    hrefs = js_list(browser, PANEL_LINKS)
    assert hrefs and set(hrefs) == {"memos/m1.json", "memos/m2.json"}
    # an edge: its own panel with every sentence
    middle = browser.js("return memokg.edgeMidpoint('org:hikvision|SUPPLIES|country:ECU');")
    mouse_to(browser, middle["x"], middle["y"], click=True)
    browser.wait_for("memokg.details && memokg.details.kind === 'edge'", timeout=5)
    panel = js_list(browser, "document.getElementById('memokg-details-body').textContent")
    assert "Hikvision cameras reportedly feed the ECU-911 centres." in panel and "alleged" in panel
    assert "REF-M2 · Key Points · 2019-03-02 · reported" in panel
    # hostile text stays text in the panel
    browser.js("memokg.openDetails('edge', 'org:evil|SUPPLIES|country:ZWE'); return null;")
    panel = js_list(browser, "document.getElementById('memokg-details-body').textContent")
    assert HOSTILE_ORG in panel and "</script><script>alert(2)</script> sold href=javascript:alert(1) kits" in panel
    assert "Evidence (12)" in panel and "and 2 more" in panel
    injected = "document.querySelectorAll('#memokg-details script, #memokg-details img, #memokg-details iframe').length"
    assert js_list(browser, injected) == 0
    links = js_list(browser, PANEL_LINKS)
    assert links and all(h.startswith("memos/m") and h.endswith(".json") for h in links)
    mouse_to(browser, *empty_point(browser), click=True)
    browser.wait_for("document.getElementById('memokg-details').hidden", timeout=5)
    assert js_list(browser, "memokg.highlightedNodeIds()") == []
    assert_offline_and_quiet(browser, url)


def test_search_focuses_the_match_and_reveals_a_hidden_one(browser: Browser, pages) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys

    url = open_drawn(browser, pages["sample"])
    box = browser.driver.find_element(By.ID, "memokg-search")
    box.send_keys("closed-circuit television", Keys.ENTER)
    assert js_list(browser, "memokg.network.getSelectedNodes()") == ["tech:cctv"]
    assert js_list(browser, "memokg.details") == {"kind": "node", "id": "tech:cctv"}
    box_size = "var r = memokg.network.body.container.getBoundingClientRect(); return [r.width, r.height];"
    width, height = browser.js(box_size)
    x, y = node_point(browser, "tech:cctv")
    assert abs(x - width / 2) < 3 and abs(y - height / 2) < 3  # centred on the match
    box.clear()
    box.send_keys("Nobody Related", Keys.ENTER)
    assert "person:nobody" in js_list(browser, "memokg.visibleNodeIds()")
    assert js_list(browser, "document.getElementById('memokg-filter-unconnected').checked") is True
    assert js_list(browser, "document.getElementById('memokg-search-result').textContent") == "Found: Nobody Related"
    assert_offline_and_quiet(browser, url)


def test_relations_table_sorts_follows_filters_and_opens_details(browser: Browser, pages) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import Select

    url = open_drawn(browser, pages["sample"])
    click(browser, "memokg-tab-relations")
    rows = "Array.from(document.querySelectorAll('#memokg-table-wrap tbody tr')).map(r => r.dataset.id)"
    assert sorted(js_list(browser, rows)) == js_list(browser, "memokg.visibleEdgeIds()")
    assert js_list(browser, rows)[0] == "org:evil|SUPPLIES|country:ZWE"  # most memos first
    browser.driver.find_element(By.CSS_SELECTOR, "#memokg-table-wrap th[data-key=weight]").click()
    assert js_list(browser, rows)[-1] == "org:evil|SUPPLIES|country:ZWE"
    browser.driver.find_element(By.CSS_SELECTOR, "#memokg-table-wrap th[data-key=source]").click()
    sources = js_list(browser, texts("#memokg-table-wrap tbody td:first-child"))
    assert sources == sorted(sources, key=str.casefold) or sources == sorted(sources)
    Select(browser.driver.find_element(By.ID, "memokg-filter-vendor")).select_by_value("org:hikvision")
    shown = js_list(browser, rows)
    assert sorted(shown) == js_list(browser, "memokg.visibleEdgeIds()") and len(shown) == 3
    browser.driver.find_element(By.CSS_SELECTOR, "#memokg-table-wrap tbody tr").click()
    assert js_list(browser, "memokg.details.kind") == "edge"
    click(browser, "memokg-reset")
    click(browser, "memokg-tab-matrix")
    evil = "#memokg-table-wrap td[data-id='org:evil|SUPPLIES|country:ZWE']"
    cell = browser.driver.find_element(By.CSS_SELECTOR, evil)
    assert cell.text == "12"
    vendors = js_list(browser, texts("#memokg-table-wrap tbody th"))
    assert vendors == [HOSTILE_ORG, "ZTE", "Hikvision"]  # by memos supporting their SUPPLIES
    cell.click()
    assert js_list(browser, "memokg.details") == {"kind": "edge", "id": "org:evil|SUPPLIES|country:ZWE"}
    click(browser, "memokg-tab-graph")
    assert js_list(browser, "document.getElementById('memokg-table-wrap').hidden") is True
    assert_offline_and_quiet(browser, url)


def _downloaded(folder: Path, name: str, timeout: float = 10.0) -> str:
    path = folder / name
    deadline = time.monotonic() + timeout
    while not path.is_file() and time.monotonic() < deadline:
        time.sleep(0.1)
    return path.read_text(encoding="utf-8")


def test_csv_download_of_the_current_selection(browser: Browser, tmp_path: Path) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import Select

    graph = sample_graph()
    graph.nodes["org:hikvision"]["name"] = '=HYPERLINK("http://example.com","x")'  # hostile spreadsheet formula
    page = write_graph_page(graph, tmp_path / "page" / "graph.html").path
    downloads = tmp_path / "downloads"
    downloads.mkdir()
    browser.driver.execute_cdp_cmd("Browser.setDownloadBehavior", {"behavior": "allow", "downloadPath": str(downloads)})
    url = open_drawn(browser, page)
    Select(browser.driver.find_element(By.ID, "memokg-filter-country")).select_by_value("CHN")
    click(browser, "memokg-download")
    rows = list(csv.DictReader(io.StringIO(_downloaded(downloads, "memokg-relations.csv"))))
    visible = js_list(browser, "memokg.visibleEdgeIds()")
    assert sorted(f"{r['source_id']}|{r['type']}|{r['target_id']}" for r in rows) == visible and len(rows) == 8
    hik = next(r for r in rows if r["source_id"] == "org:hikvision")
    assert hik["source"] == "'" + graph.nodes["org:hikvision"]["name"]  # not a formula any more
    zte = next(r for r in rows if r["type"] == "SUPPLIES" and r["source_id"] == "org:zte")
    assert zte["memos"] == "m1; m2" and zte["weight"] == "2" and zte["capabilities"] == "national id"
    click(browser, "memokg-reset")
    click(browser, "memokg-tab-matrix")
    click(browser, "memokg-download")
    matrix = list(csv.reader(io.StringIO(_downloaded(downloads, "memokg-vendors-countries.csv"))))
    assert matrix[0][:2] == ["vendor_id", "vendor"] and matrix[0][-1] == "total"
    assert [row[0] for row in matrix[1:]] == ["org:evil", "org:zte", "org:hikvision"]
    assert matrix[1][-1] == "12"
    assert_offline_and_quiet(browser, url)  # a blob: download is no request
