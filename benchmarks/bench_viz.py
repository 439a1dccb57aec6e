"""Benchmark the graph page: time to write it, and time to render it in headless Chromium.

Usage: .venv/bin/python benchmarks/bench_viz.py [--nodes 2000] [--edges 5000] [--repeat 3] [--out DIR]

"render" is measured inside the page: from navigation start (performance.now() == 0) until the
first frame drawn after the layout is final (precomputed positions, or physics stabilised) with its
labels painted: the page is interactive from then on. "first_paint" is the browser's own first paint
of the page; "open" is the wall time from the WebDriver navigation call until the test sees the
settled frame. "filter_ms" and "details_ms" time two interactions once settled (hide one relation
type with its legend checkbox; open an entity's details panel). `--record FILE` writes the results.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]

from browser import chromium_available, headless_chromium  # noqa: E402

from pipeline.viz import VizOptions, synthetic_graph, write_graph_page  # noqa: E402


def measure(nodes: int, edges: int, repeat: int, out_dir: Path, physics_threshold: int) -> dict:
    """Write and render the synthetic graph `repeat` times; medians and every sample."""
    graph = synthetic_graph(nodes=nodes, edges=edges)
    options = VizOptions(max_nodes=max(nodes, 1), physics_threshold=physics_threshold)
    page = out_dir / f"bench-{nodes}-{edges}.html"
    write_wall, write_cpu = [], []
    for _ in range(repeat):
        wall, cpu = time.perf_counter(), time.process_time()
        summary = write_graph_page(graph, page, options)
        write_wall.append(time.perf_counter() - wall)
        write_cpu.append(time.process_time() - cpu)
    result = {
        "nodes": summary.nodes,
        "edges": summary.edges,
        "physics": summary.nodes <= physics_threshold,
        "page_bytes": page.stat().st_size,
        "write_s": round(statistics.median(write_wall), 2),
        "write_cpu_s": round(statistics.median(write_cpu), 2),
        "write_samples_s": [round(s, 2) for s in write_wall],
    }
    if not chromium_available():
        result["render"] = "skipped: /usr/bin/chromium or /usr/bin/chromedriver missing"
        return result
    render, opened, painted, filters, details = [], [], [], [], []
    related = sum(1 for _, degree in graph.degree() if degree)
    with headless_chromium() as browser:
        for _ in range(repeat):
            start = time.perf_counter()
            browser.open(page)
            browser.wait_for("window.memokg && window.memokg.drawn", timeout=300, poll=0.02)
            opened.append(time.perf_counter() - start)
            render.append(browser.js("return memokg.timings.drawn;") / 1000.0)
            first = "var p = performance.getEntriesByName('first-paint'); return p.length ? p[0].startTime : null;"
            painted.append((browser.js(first) or 0.0) / 1000.0)
            assert browser.js("return memokg.visibleNodeIds().length;") == related  # the first view: related ones
            assert browser.js("return memokg.labelledNodeIds().length;") >= 10
            filters.append(browser.js(INTERACT_FILTER))
            details.append(browser.js(INTERACT_DETAILS))
            assert [u for u in browser.page_requests() if u != page.resolve().as_uri()] == []
            assert browser.dialogs() == [] and browser.console_errors() == []
    result.update(
        first_paint_s=round(statistics.median(painted), 2),
        render_s=round(statistics.median(render), 2),
        open_s=round(statistics.median(opened), 2),
        filter_ms=round(statistics.median(filters)),
        details_ms=round(statistics.median(details)),
        render_samples_s=[round(s, 2) for s in render],
        under_5_s=max(render) < 5.0,
    )
    return result


# each returns the milliseconds the page took, measured inside it (the DataView refresh and redraw included)
INTERACT_FILTER = """var t = performance.now();
document.getElementById('memokg-relation-SUPPLIES').click(); memokg.network.redraw();
var ms = performance.now() - t; document.getElementById('memokg-relation-SUPPLIES').click(); return ms;"""
INTERACT_DETAILS = """var id = memokg.mostConnected(1)[0], t = performance.now();
memokg.openDetails('node', id); memokg.network.redraw(); var ms = performance.now() - t;
memokg.closeDetails(); memokg.clearHighlight(); return ms;"""


def main() -> None:
    """Parse arguments, run the benchmark, print one JSON line per graph size."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--nodes", type=int, default=2000)
    parser.add_argument("--edges", type=int, default=5000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--physics-threshold", type=int, default=300)
    parser.add_argument("--small", action="store_true", help="also time a 250-node graph laid out by physics")
    parser.add_argument("--out", type=Path, default=None, help="keep the pages here (default: a temp folder)")
    parser.add_argument("--record", type=Path, default=None, help="also write the results to this JSON file")
    args = parser.parse_args()
    results = []
    with tempfile.TemporaryDirectory() as tmp:
        out_dir = args.out or Path(tmp)
        out_dir.mkdir(parents=True, exist_ok=True)
        sizes = [(args.nodes, args.edges)] + ([(250, 500)] if args.small else [])
        for nodes, edges in sizes:
            results.append(measure(nodes, edges, args.repeat, out_dir, args.physics_threshold))
            print(json.dumps(results[-1]), flush=True)
    if args.record:
        conditions = {"machine": f"{os.cpu_count()} cores, shared with other jobs", "load_average": os.getloadavg(),
                      "chromium": "Debian chromium, headless, network blocked", "repeat": args.repeat}
        args.record.write_text(json.dumps({"conditions": conditions, "results": results}, indent=1) + "\n",
                               encoding="utf-8")


if __name__ == "__main__":
    main()
