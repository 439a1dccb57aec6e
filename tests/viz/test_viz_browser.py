"""The graph page in a real headless Chromium: offline, no dialogs, filters, highlight, search, hostile text."""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from pipeline.viz import VizOptions, synthetic_graph, write_graph_page
from tests.browser import CHROMIUM, Browser, headless_chromium
from tests.viz.test_viz import HOSTILE_ALIAS, HOSTILE_ORG, sample_graph

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM.exists(), reason=f"{CHROMIUM} is not installed (apt-get install chromium)"),
]

ALL_NODES = sorted(sample_graph())
CONNECTED = [n for n in ALL_NODES if n != "person:nobody"]  # the first view leaves out entities without relations
SUBTITLE = "run of 3 memos <img src=x onerror=alert(1)>"


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    """One Chromium for the whole module; each test opens its page afresh."""
    with headless_chromium() as session:
        yield session


@pytest.fixture(scope="module")
def sample_page(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sample graph's page (physics layout), written once."""
    path = tmp_path_factory.mktemp("viz") / "graph.html"
    write_graph_page(sample_graph(), path, VizOptions(subtitle=SUBTITLE))
    return path


def open_drawn(browser: Browser, path: Path, timeout: float = 60.0) -> str:
    """Open the page and wait until the network is stabilised and drawn; returns its URL."""
    url = browser.open(path)
    browser.wait_for("window.memokg && window.memokg.drawn", timeout=timeout)
    return url


def assert_offline_and_quiet(browser: Browser, url: str) -> None:
    """Nothing but the page itself was requested, no dialog opened, no console error (CSP, script)."""
    assert browser.page_requests() == [url]
    assert browser.dialogs() == []
    assert browser.console_errors() == []


def mouse_to(browser: Browser, x: float, y: float, click: bool = False) -> None:
    """Move the real mouse to a point of the network canvas (DOM pixels from its top left)."""
    from selenium.webdriver.common.action_chains import ActionChains
    from selenium.webdriver.common.by import By

    canvas = browser.driver.find_element(By.CSS_SELECTOR, "#memokg-network canvas")
    size = canvas.size
    actions = ActionChains(browser.driver).move_to_element_with_offset(
        canvas, int(x - size["width"] / 2), int(y - size["height"] / 2)
    )
    if click:
        actions = actions.click()
    actions.perform()


def node_point(browser: Browser, node: str) -> tuple[float, float]:
    """Where a node is drawn, in DOM pixels of the canvas."""
    pos = browser.js("return memokg.domPosition(arguments[0]);", node)
    return pos["x"], pos["y"]


def empty_point(browser: Browser) -> tuple[float, float]:
    """A canvas corner with neither a node nor an edge under it."""
    box = "var r = memokg.network.body.container.getBoundingClientRect(); return [r.width, r.height];"
    width, height = browser.js(box)
    free = (
        "var p = {x: arguments[0], y: arguments[1]};"
        "return memokg.network.getNodeAt(p) === undefined && memokg.network.getEdgeAt(p) === undefined;"
    )
    corners = [(8, 8), (width - 8, 8), (8, height - 8), (width - 8, height - 8)]
    return next((x, y) for x, y in corners if browser.js(free, x, y))


def test_the_helper_sees_requests_and_dialogs(browser: Browser, tmp_path: Path) -> None:
    # the zero-request and zero-dialog assertions below mean something only if the helper sees both
    canary = tmp_path / "canary.html"
    canary.write_text('<img src="http://example.com/x.png"><script>setTimeout(() => alert("boom"), 50)</script>')
    url = browser.open(canary)
    time.sleep(0.5)
    try:
        assert "http://example.com/x.png" in browser.page_requests()
        assert url in browser.page_requests()
        assert browser.dialogs() == ["boom"]
    finally:
        browser.driver.switch_to.alert.dismiss()


def test_page_loads_offline_with_the_graphs_counts(browser: Browser, sample_page: Path) -> None:
    url = open_drawn(browser, sample_page)
    assert browser.js("return memokg.visibleNodeIds();") == CONNECTED
    assert browser.js("return memokg.visibleEdgeIds().length;") == sample_graph().number_of_edges()
    assert browser.js("return memokg.network.physics.physicsEnabled;") is False  # stopped after stabilising
    assert browser.driver.title == f"memokg knowledge graph — {SUBTITLE}"
    assert browser.js("return document.getElementById('memokg-subtitle').textContent;") == SUBTITLE
    assert browser.js("return document.querySelectorAll('img, iframe, object, embed, link').length;") == 0
    assert "13 nodes, 10 edges" in browser.js("return document.getElementById('memokg-counts').textContent;")
    assert_offline_and_quiet(browser, url)


def test_hostile_markup_in_tooltips_is_plain_text(browser: Browser, sample_page: Path) -> None:
    url = open_drawn(browser, sample_page)
    mouse_to(browser, *node_point(browser, "org:evil"))
    browser.wait_for("!document.getElementById('memokg-tooltip').hidden", timeout=5)
    tip = browser.js("var t = document.getElementById('memokg-tooltip'); return [t.textContent, t.innerHTML];")
    assert HOSTILE_ORG in tip[0] and HOSTILE_ALIAS in tip[0] and "javascript:alert(1)" in tip[0]
    assert "<script" not in tip[1] and "<img" not in tip[1] and "&lt;script&gt;" in tip[1]
    mouse_to(browser, *empty_point(browser))
    browser.wait_for("document.getElementById('memokg-tooltip').hidden", timeout=5)
    middle = browser.js("return memokg.edgeMidpoint('org:evil|SUPPLIES|country:ZWE');")
    mouse_to(browser, middle["x"], middle["y"])
    browser.wait_for("!document.getElementById('memokg-tooltip').hidden", timeout=5)
    edge = browser.js("return document.getElementById('memokg-tooltip').textContent;")
    assert "</script><script>alert(2)</script>" in edge and "href=javascript:alert(1)" in edge
    assert "REF-M00 · Key Points · 2020-01-01" in edge
    assert "and 9 more" in edge
    count = "return document.querySelectorAll('#memokg-tooltip script, #memokg-tooltip img, #memokg-tooltip a').length;"
    assert browser.js(count) == 0
    assert browser.js("return document.scripts.length;") == 10
    assert_offline_and_quiet(browser, url)


FILTER_CASES = {
    "no technology": (
        "document.getElementById('memokg-type-TECHNOLOGY').click();",
        [n for n in CONNECTED if not n.startswith("tech:")],
        7,
    ),
    "no SUPPLIES": (
        "document.getElementById('memokg-relation-SUPPLIES').click();",
        [n for n in CONNECTED if n not in ("org:evil", "country:ZWE", "country:ECU")],
        7,
    ),
    "status not reported": (
        "document.getElementById('memokg-status-reported').click();",
        sorted(
            [
                "org:hikvision",
                "country:ECU",
                "tech:cctv",
                "org:evil",
                "country:ZWE",
                "country:VEN",
                "tech:facial-recognition",
            ]
        ),
        4,
    ),
    "country VEN": ("VEN", sorted(["org:zte", "country:VEN", "tech:facial-recognition", "org:evil", "country:ZWE"]), 3),
    "with unconnected": ("document.getElementById('memokg-filter-unconnected').click();", ALL_NODES, 10),
    "vendor": ("org:hikvision", sorted(["org:hikvision", "country:ECU", "country:CHN", "tech:cctv"]), 3),
    "capability": (
        "tech:facial-recognition",
        sorted(["country:VEN", "tech:facial-recognition", "org:evil", "country:ZWE"]),
        2,
    ),
}
SELECTS = {"country VEN": "country", "vendor": "vendor", "capability": "capability"}


@pytest.mark.parametrize("case", sorted(FILTER_CASES))
def test_filters_change_what_is_visible(browser: Browser, sample_page: Path, case: str) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import Select

    url = open_drawn(browser, sample_page)
    action, nodes, edges = FILTER_CASES[case]
    if case in SELECTS:
        Select(browser.driver.find_element(By.ID, f"memokg-filter-{SELECTS[case]}")).select_by_value(action)
    else:
        browser.js(action)
    assert browser.js("return memokg.visibleNodeIds();") == nodes
    assert browser.js("return memokg.visibleEdgeIds().length;") == edges
    assert browser.js("return memokg.network.body.nodeIndices.length;") == len(nodes)  # what vis actually draws
    browser.driver.find_element(By.ID, "memokg-reset").click()
    assert browser.js("return memokg.visibleNodeIds();") == CONNECTED
    assert_offline_and_quiet(browser, url)


def test_min_weight_filter_from_the_number_box(browser: Browser, sample_page: Path) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys

    open_drawn(browser, sample_page)
    box = browser.driver.find_element(By.ID, "memokg-filter-weight")
    box.send_keys(Keys.CONTROL, "a")
    box.send_keys("2", Keys.TAB)
    assert box.get_attribute("value") == "2"
    assert browser.js("return memokg.visibleNodeIds();") == ["country:VEN", "country:ZWE", "org:evil", "org:zte"]
    assert browser.js("return memokg.visibleEdgeIds().length;") == 2


def test_click_highlights_the_neighbourhood_and_background_resets(browser: Browser, sample_page: Path) -> None:
    url = open_drawn(browser, sample_page)
    mouse_to(browser, *node_point(browser, "org:zte"), click=True)
    expected = sorted(["org:zte", "country:VEN", "country:CHN", "tech:national-id", "person:analyst", "memo:m1"])
    assert browser.js("return memokg.highlightedNodeIds();") == expected
    faded = browser.js("return memokg.nodes.get('org:hikvision').color.background;")
    style = "return JSON.parse(document.getElementById('memokg-data').textContent).style;"
    assert faded == browser.js(style)["faded"]["node"]
    kept = browser.js("return memokg.nodes.get('country:VEN').color.background;")
    assert kept != faded
    empty = empty_point(browser)
    mouse_to(browser, *empty, click=True)
    assert browser.js("return memokg.highlightedNodeIds();") == []
    assert browser.js("return memokg.nodes.get('org:hikvision').color.background;") != faded
    assert_offline_and_quiet(browser, url)


def test_search_by_alias_selects_and_highlights(browser: Browser, sample_page: Path) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys

    open_drawn(browser, sample_page)
    box = browser.driver.find_element(By.ID, "memokg-search")
    box.send_keys("hangzhou HIKVISION", Keys.ENTER)
    assert browser.js("return memokg.highlighted && memokg.highlighted.node;") == "org:hikvision"
    assert browser.js("return memokg.network.getSelectedNodes();") == ["org:hikvision"]
    assert browser.js("return document.getElementById('memokg-search-result').textContent;") == "Found: Hikvision"
    box.clear()
    box.send_keys("no such vendor", Keys.ENTER)
    assert browser.js("return document.getElementById('memokg-search-result').textContent;") == "No entity matches."


@pytest.mark.slow
def test_large_graph_loads_and_finishes_drawing(browser: Browser, tmp_path: Path) -> None:
    path = tmp_path / "large.html"
    summary = write_graph_page(synthetic_graph(), path, VizOptions(max_nodes=2000))
    assert (summary.nodes, summary.edges) == (2000, 5000)
    url = open_drawn(browser, path, timeout=120)
    related = sum(1 for _, degree in synthetic_graph().degree() if degree)
    assert browser.js("return memokg.visibleNodeIds().length;") == related
    assert browser.js("return memokg.labelledNodeIds().length;") >= 10
    assert browser.js("return memokg.visibleEdgeIds().length;") == 5000
    assert browser.js("return memokg.network.physics.physicsEnabled;") is False
    assert_offline_and_quiet(browser, url)


def test_empty_graph_page_loads(browser: Browser, tmp_path: Path) -> None:
    import networkx as nx

    path = write_graph_page(nx.MultiDiGraph(), tmp_path / "empty.html").path
    url = open_drawn(browser, path, timeout=20)
    assert browser.js("return memokg.visibleNodeIds();") == []
    assert browser.js("return memokg.search('anything');") is None
    assert_offline_and_quiet(browser, url)
