"""The interactive graph page: one self-contained, offline HTML file (pyvis's vis-network, inlined)."""

from pipeline.viz.select import Selection, resolve_focus, select
from pipeline.viz.synth import synthetic_graph
from pipeline.viz.title import archive_name, memo_folder, page_titles
from pipeline.viz.write import VizOptions, VizSummary, write_graph_page

__all__ = [
    "Selection",
    "VizOptions",
    "VizSummary",
    "archive_name",
    "memo_folder",
    "page_titles",
    "resolve_focus",
    "select",
    "synthetic_graph",
    "write_graph_page",
]
