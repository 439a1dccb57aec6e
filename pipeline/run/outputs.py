"""Write a run folder: per-memo JSON, records.jsonl, errors.jsonl, graph exports, the page and run.json.

Records and errors are written first, so a failure in a later export never
loses them; everything but run.json (which holds timings) is byte-identical
for the same inputs.
"""

from __future__ import annotations

from pathlib import Path

from pipeline.errors import MemokgError
from pipeline.export import write_exports
from pipeline.extract import model_identity
from pipeline.files import write_lines_atomic, write_text_atomic
from pipeline.graph import build_graph
from pipeline.run.options import RunOptions
from pipeline.schema import FileError, MemoRecord, RunSummary
from pipeline.version import __version__
from pipeline.viz import VizOptions, page_titles, write_graph_page


def write_memo_files(records: list[MemoRecord], memos_dir: Path) -> None:
    """One pretty JSON file per memo; files of memos no longer in the run are removed."""
    memos_dir.mkdir(parents=True, exist_ok=True)
    keep = {f"{r.id}.json" for r in records}
    for stale in memos_dir.glob("*.json"):
        if stale.name not in keep:
            stale.unlink()
    for record in records:
        write_text_atomic(memos_dir / f"{record.id}.json", record.to_json() + "\n")


def write_run_outputs(
    records: list[MemoRecord], errors: list[FileError], options: RunOptions, summary: RunSummary
) -> dict[str, str]:
    """Write every output of a run; returns output name -> path (relative to the run folder)."""
    out = options.out_dir
    out.mkdir(parents=True, exist_ok=True)
    write_memo_files(records, out / "memos")
    outputs = {
        "memos": "memos",
        "records": write_lines_atomic(out / "records.jsonl", (r.to_json(indent=None) for r in records)).name,
        "errors": write_lines_atomic(out / "errors.jsonl", (e.to_json(indent=None) for e in errors)).name,
    }
    summary.records = len(records)
    summary.entities = sum(len(r.entities) for r in records)
    summary.relations = sum(len(r.relations) for r in records)
    if options.graph or options.viz:
        graph = build_graph(records)
        # An export that cannot be written is reported; records and errors above are already safe.
        if options.graph:
            try:
                for name, path in write_exports(graph, records, out).items():
                    outputs[name] = str(path.relative_to(out)) if path.is_relative_to(out) else str(path)
            except MemokgError as exc:
                summary.export_errors.append(exc.one_line())
        if options.viz:
            title, subtitle = page_titles([r.source.path for r in records], out, len(records), len(errors))
            viz = VizOptions(title=f"memokg: {options.archive}" if options.archive else title, subtitle=subtitle)
            try:
                outputs["page"] = write_graph_page(graph, out / "graph.html", viz).path.name
            except MemokgError as exc:
                summary.export_errors.append(exc.one_line())
    return outputs


def write_run_json(path: Path, options: RunOptions, summary: RunSummary) -> None:
    """run.json: versions, counts, errors by reason, timings and outputs."""
    versions = {
        "memokg": __version__,
        "model": model_identity(options.model),
        "models": str(options.models) if options.models else None,
        "jobs": options.jobs,
        "outputs": dict(sorted(summary.outputs.items())),
    }
    write_text_atomic(path, summary.model_copy(update=versions).to_json() + "\n")
