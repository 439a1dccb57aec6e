"""Write a run folder from its store: per-memo JSON, records.jsonl, errors.jsonl, graph exports, the page, run.json.

The store is streamed in id order, one record at a time: the memo files and
records.jsonl are written as the rows go by while the graph builder keeps only
its aggregates; the tables take a second pass. Records and errors are written
first, so a failure in a later export never loses them; everything but
run.json (which holds timings) is byte-identical for the same store.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from pathlib import Path

from pipeline.errors import MemokgError
from pipeline.export import write_exports
from pipeline.files import write_lines_atomic, write_text_atomic
from pipeline.graph import GraphBuilder
from pipeline.run.options import RunOptions
from pipeline.run.progress import EXPORTING, RunProgress, SilentProgress
from pipeline.run.store import Store
from pipeline.schema import FileError, MemoRecord, RunSummary
from pipeline.viz import VizOptions, memo_folder, page_titles, write_graph_page

MEMOS_DIR = "memos"


class StoredRecords:
    """The store's records as an iterable that can be walked more than once, each walk streaming."""

    def __init__(self, store: Store) -> None:
        self.store = store

    def __iter__(self) -> Iterator[MemoRecord]:
        return self.store.iter_records()


def _memo_text(line: str) -> str:
    """A memo file's text from its compact JSON line (the same text as `MemoRecord.to_json()`)."""
    return json.dumps(json.loads(line), ensure_ascii=False, indent=2) + "\n"


def _write_memo_file(path: Path, text: str) -> None:
    """Write a memo file unless it already holds exactly this text (a daily run touches only what changed)."""
    try:
        if path.stat().st_size == len(text.encode("utf-8")) and path.read_text(encoding="utf-8") == text:
            return
    except OSError:
        pass
    write_text_atomic(path, text)


def _records_pass(store: Store, out: Path, builder: GraphBuilder | None, summary: RunSummary,
                  progress: RunProgress, folders: set[str]) -> Iterator[str]:
    """records.jsonl lines; on the way, each memo file, the graph aggregates and the counts."""
    memos_dir = out / MEMOS_DIR
    memos_dir.mkdir(parents=True, exist_ok=True)
    ids: set[str] = set()
    summary.records = summary.entities = summary.relations = 0
    for memo_id, line in store.record_lines():
        ids.add(memo_id)
        _write_memo_file(memos_dir / f"{memo_id}.json", _memo_text(line))
        record = MemoRecord.model_validate_json(line)
        summary.records += 1
        summary.entities += len(record.entities)
        summary.relations += len(record.relations)
        if builder is not None:
            builder.add(record)
        folders.add(memo_folder(record.source.path))  # for the page title
        progress.advance(1)
        yield line
    # Files of memos the store no longer holds (pruned, or renamed by a changed reference).
    with os.scandir(memos_dir) as entries:
        for entry in entries:
            if entry.name.endswith(".json") and entry.name[:-5] not in ids:
                os.unlink(entry.path)


def write_run_outputs(store: Store, input_errors: list[FileError], options: RunOptions, summary: RunSummary,
                      progress: RunProgress | None = None) -> dict[str, str]:
    """Write every output of the run folder from the store; returns output name -> path (relative to it)."""
    progress = progress or SilentProgress()
    out = options.out_dir
    out.mkdir(parents=True, exist_ok=True)
    progress.stage(f"{EXPORTING}: records", total=store.record_count())
    builder = GraphBuilder() if options.graph or options.viz else None
    errors = sorted(input_errors + store.errors(), key=lambda e: e.path)
    folders: set[str] = set()
    outputs = {
        "memos": MEMOS_DIR,
        "records": write_lines_atomic(out / "records.jsonl", _records_pass(store, out, builder, summary,
                                                                            progress, folders)).name,
        "errors": write_lines_atomic(out / "errors.jsonl", (e.to_json(indent=None) for e in errors)).name,
    }
    if builder is None:
        return outputs
    progress.stage(f"{EXPORTING}: graph files and tables")
    graph = builder.graph()
    del builder
    # An export that cannot be written is reported; records and errors above are already safe.
    if options.graph:
        try:
            for name, path in write_exports(graph, StoredRecords(store), out).items():
                outputs[name] = str(path.relative_to(out)) if path.is_relative_to(out) else str(path)
        except MemokgError as exc:
            summary.export_errors.append(exc.one_line())
    if options.viz:
        progress.stage(f"{EXPORTING}: graph page")
        title, subtitle = page_titles(folders, out, summary.records, _failed(errors))
        viz = VizOptions(title=title, subtitle=subtitle)
        try:
            outputs["page"] = write_graph_page(graph, out / "graph.html", viz).path.name
        except MemokgError as exc:
            summary.export_errors.append(exc.one_line())
    return outputs


def _failed(errors: list[FileError]) -> int:
    """Failed inputs: files met in folders that are no memos are listed in errors.jsonl but are no failures."""
    return sum(1 for e in errors if not (e.stage == "input" and e.reason == "unsupported_format"))
