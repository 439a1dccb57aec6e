"""Combine run folders (shards run on several machines) into one run folder, by memo id, refusing conflicts.

Each shard is read from its store (else its records.jsonl), with the ids it
exports. A memo id met twice with the same content (the input's sha256) is
kept once; the same id with different content stops the merge before anything
is written, with an error naming both places. The target accumulates like a
run folder: it holds the lock, keeps what it had, and its files are rebuilt
from its store.
"""

from __future__ import annotations

import json
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

from pipeline.errors import RecordsError, RunError
from pipeline.run.folder import refresh_outputs, write_run_json
from pipeline.run.lock import folder_lock
from pipeline.run.options import RunOptions
from pipeline.run.progress import READING, RunProgress, SilentProgress
from pipeline.run.records import RECORDS_FILE
from pipeline.run.store import STORE_NAME, Store
from pipeline.schema import FileError, RunSummary

Row = tuple[str, str, str, str]  # id, input path, sha256 of the input, pipeline key


class Shard:
    """One run folder to merge: its rows and record lines, from its store or its records.jsonl."""

    def __init__(self, folder: Path) -> None:
        self.folder = Path(folder)
        self.store_path = self.folder / STORE_NAME
        if not self.store_path.is_file() and not (self.folder / RECORDS_FILE).is_file():
            raise RecordsError("not_a_run_folder", f"neither {STORE_NAME} nor {RECORDS_FILE} found",
                               str(self.folder))

    @contextmanager
    def store(self) -> Iterator[Store | None]:
        """The shard's store, or None when it only has records.jsonl."""
        if not self.store_path.is_file():
            yield None
            return
        with Store(self.store_path, readonly=True) as store:
            yield store

    def rows(self) -> Iterator[tuple[Row, str | None]]:
        """Every record's row with its JSON line (None: read from the store on demand)."""
        with self.store() as store:
            if store is not None:
                for row in store.index():
                    yield row, None
                return
        with (self.folder / RECORDS_FILE).open(encoding="utf-8") as handle:
            for number, line in enumerate(handle, start=1):
                if line.strip():
                    yield self._parse(line, number), line.strip()

    def _parse(self, line: str, number: int) -> Row:
        try:
            data = json.loads(line)
            return data["id"], data["source"]["path"], data["source"]["sha256"], ""
        except (ValueError, KeyError, TypeError) as exc:
            raise RecordsError("record_invalid", f"not a memo record ({exc})",
                               f"{self.folder / RECORDS_FILE}:{number}") from exc

    def errors(self) -> list[FileError]:
        """The shard's failures."""
        with self.store() as store:
            if store is not None:
                return store.errors()
        path = self.folder / "errors.jsonl"
        lines = path.read_text(encoding="utf-8").splitlines() if path.is_file() else []
        return [FileError.model_validate_json(line) for line in lines if line.strip()]


def _check(shards: list[Shard], target: Path) -> None:
    """RunError at the first memo id with two contents, over the target's store (if any) and every shard."""
    seen: dict[str, tuple[str, str]] = {}
    if target.is_file():
        with Store(target, readonly=True) as store:
            seen = {memo_id: (sha, f"{target.parent} ({path})") for memo_id, path, sha, _ in store.index()}
    for shard in shards:
        for (memo_id, path, sha, _), _ in shard.rows():
            where = f"{shard.folder} ({path})"
            if memo_id in seen and seen[memo_id][0] != sha:
                raise RunError("merge_conflict", f"memo id {memo_id} has different content in {seen[memo_id][1]} "
                               f"and in {where}", memo_id)
            seen.setdefault(memo_id, (sha, where))


def merge(folders: Sequence[Path], options: RunOptions, progress: RunProgress | None = None) -> RunSummary:
    """Merge the run folders into `options.out_dir` and write its files; the summary counts records."""
    progress = progress or SilentProgress()
    started = time.perf_counter()
    out = Path(options.out_dir)
    shards = [Shard(folder) for folder in folders]
    if any(shard.folder.resolve() == out.resolve() for shard in shards):
        raise RunError("merge_into_input", "the merged folder cannot be one of the folders merged", str(out))
    summary = RunSummary(jobs=0, inputs=len(shards))
    with folder_lock(out):
        _check(shards, out / STORE_NAME)
        with Store(out / STORE_NAME) as target:
            _fill(target, shards, summary, progress)
            summary.timings["process_seconds"] = round(time.perf_counter() - started, 3)
            export_started = time.perf_counter()
            refresh_outputs(target, [], options, summary, progress)
            summary.failed = len(target.errors())
    summary.timings["export_seconds"] = round(time.perf_counter() - export_started, 3)
    summary.timings["total_seconds"] = round(time.perf_counter() - started, 3)
    write_run_json(options, summary)
    return summary


def _fill(target: Store, shards: list[Shard], summary: RunSummary, progress: RunProgress) -> None:
    """Copy the shards' records the target lacks, then the failures of inputs it has nothing for."""
    present = {memo_id for memo_id, _, _, _ in target.index()}
    progress.stage(READING)
    for shard in shards:
        with shard.store() as source:
            for (memo_id, path, sha, key), line in shard.rows():
                progress.advance(1)
                if memo_id in present:
                    summary.unchanged += 1
                    continue
                text = line if line is not None else source.line_of(path, memo_id)
                key_path = path if not target.has_path(path) else f"{path}#{sha[:8]}"
                target.put_record_text(key_path, memo_id, sha, text, key)
                present.add(memo_id)
                summary.new += 1
    for shard in shards:
        for error in shard.errors():
            if not target.has_path(error.path):
                target.put_error(error, "", "")
