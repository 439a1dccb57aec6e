"""The embedded store of a run folder: one SQLite file, the source of truth of everything in the folder.

Every processed file is committed as soon as it is done, so a crash loses at
most the files in hand; a file whose bytes and pipeline are unchanged is not
processed again. Runs accumulate: a run adds and updates the rows of its
inputs and keeps every other row, until `prune` drops those whose input files
are gone. All exports of a run folder are rebuilt from the store, streaming
its rows in id order, never holding every record at once.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import NamedTuple

from pipeline.schema import SCHEMA_VERSION as _SCHEMA_VERSION
from pipeline.schema import FileError, MemoRecord

STORE_NAME = "memokg.sqlite"

_SCHEMA = """
CREATE TABLE IF NOT EXISTS memos (
    path TEXT PRIMARY KEY,
    sha256 TEXT NOT NULL,
    pipeline_key TEXT NOT NULL,
    memo_id TEXT NOT NULL,
    record TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS errors (
    path TEXT PRIMARY KEY,
    sha256 TEXT NOT NULL,
    pipeline_key TEXT NOT NULL,
    reason TEXT NOT NULL,
    message TEXT NOT NULL,
    stage TEXT
);
CREATE TABLE IF NOT EXISTS meta (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS memos_by_id ON memos (memo_id, path);
"""


class Entry(NamedTuple):
    """What the store holds for one input path."""

    sha256: str
    pipeline_key: str
    error: FileError | None  # None: the path has a record


class Store:
    """Records and errors of a run folder, keyed by input path, with a change counter for the exports."""

    def __init__(self, path: Path, readonly: bool = False) -> None:
        self.path = path
        if readonly:  # another run folder read for a merge: never written, not even its layout
            self.connection = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
            return
        path.parent.mkdir(parents=True, exist_ok=True)
        self.connection = sqlite3.connect(path)
        # WAL: a commit per file stays cheap, and a killed run keeps every commit it made.
        self.connection.execute("PRAGMA journal_mode=WAL")
        self.connection.execute("PRAGMA synchronous=NORMAL")
        self.connection.executescript(_SCHEMA)
        self.connection.commit()

    def close(self) -> None:
        """Close the database file."""
        self.connection.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    # ---- what is stored for a path

    def lookup(self, path: str) -> Entry | None:
        """The stored state of `path` (a record or a failure), or None when the store never saw it."""
        row = self.connection.execute("SELECT sha256, pipeline_key FROM memos WHERE path = ?", (path,)).fetchone()
        if row:
            return Entry(row[0], row[1], None)
        row = self.connection.execute(
            "SELECT sha256, pipeline_key, reason, message, stage FROM errors WHERE path = ?", (path,)).fetchone()
        if row:
            return Entry(row[0], row[1], FileError(path=path, reason=row[2], message=row[3], stage=row[4]))
        return None

    def is_current(self, path: str, sha256: str, pipeline_key: str) -> bool:
        """True when `path` was already processed (or failed) with these bytes and this pipeline."""
        entry = self.lookup(path)
        return entry is not None and entry.sha256 == sha256 and entry.pipeline_key == pipeline_key

    def record_text(self, path: str) -> str | None:
        """The stored record of `path` as compact JSON (its id as extracted), or None."""
        row = self.connection.execute("SELECT record FROM memos WHERE path = ?", (path,)).fetchone()
        return row[0] if row else None

    # ---- changes (each one committed at once, and counted)

    def put_record(self, path: str, record: MemoRecord, pipeline_key: str) -> None:
        """Save one record (replacing an older one or an earlier error of the same path) and commit."""
        self.put_record_text(path, record.id, record.source.sha256, record.to_json(indent=None), pipeline_key)

    def put_record_text(self, path: str, memo_id: str, sha256: str, text: str, pipeline_key: str) -> None:
        """Save one record given as compact JSON text and commit."""
        with self.connection:
            self.connection.execute("DELETE FROM errors WHERE path = ?", (path,))
            self.connection.execute(
                "INSERT OR REPLACE INTO memos (path, sha256, pipeline_key, memo_id, record) VALUES (?, ?, ?, ?, ?)",
                (path, sha256, pipeline_key, memo_id, text),
            )
            self._bump()

    def put_error(self, error: FileError, sha256: str, pipeline_key: str) -> None:
        """Save one failure (replacing an older record of the same path) and commit."""
        with self.connection:
            self.connection.execute("DELETE FROM memos WHERE path = ?", (error.path,))
            self.connection.execute(
                "INSERT OR REPLACE INTO errors (path, sha256, pipeline_key, reason, message, stage)"
                " VALUES (?, ?, ?, ?, ?, ?)",
                (error.path, sha256, pipeline_key, error.reason, error.message, error.stage),
            )
            self._bump()

    def prune(self, gone: Callable[[str], bool]) -> int:
        """Drop the records and failures of every path for which `gone(path)` is true; how many were dropped."""
        removed = 0
        with self.connection:
            for table in ("memos", "errors"):
                paths = [row[0] for row in self.connection.execute(f"SELECT path FROM {table}")]  # noqa: S608
                doomed = [(path,) for path in paths if gone(path)]
                self.connection.executemany(f"DELETE FROM {table} WHERE path = ?", doomed)  # noqa: S608
                removed += len(doomed) if table == "memos" else 0
            if removed:
                self._bump()
        return removed

    def _bump(self) -> None:
        self.connection.execute(
            "INSERT INTO meta (key, value) VALUES ('generation', '1')"
            " ON CONFLICT(key) DO UPDATE SET value = CAST(value AS INTEGER) + 1")

    # ---- the state the exports were written from

    @property
    def generation(self) -> int:
        """A counter that changes whenever a record or a failure is added, replaced or dropped."""
        row = self.connection.execute("SELECT value FROM meta WHERE key = 'generation'").fetchone()
        return int(row[0]) if row else 0

    def get_meta(self, key: str) -> object | None:
        """A JSON value kept beside the rows (e.g. what the exports were last written from)."""
        row = self.connection.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        return json.loads(row[0]) if row else None

    def set_meta(self, key: str, value: object) -> None:
        """Keep a JSON value beside the rows (does not change `generation`)."""
        with self.connection:
            self.connection.execute("INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)",
                                    (key, json.dumps(value, sort_keys=True)))

    # ---- reading everything out, in id order, one row at a time

    def record_count(self) -> int:
        """Number of stored records."""
        return self.connection.execute("SELECT COUNT(*) FROM memos").fetchone()[0]

    def index(self) -> list[tuple[str, str, str, str]]:
        """(id, path, sha256, pipeline key) of every record, in id order, ids made unique.

        This is where memokg's one duplicate-id policy is applied: a reference used by two files keeps its id
        on the first file (by path) and gets a content-hash suffix on the next. Everything that reads records
        later (records.jsonl, graph, exports) may rely on unique ids.
        """
        return sorted(self._final_ids())

    def _final_ids(self) -> Iterator[tuple[str, str, str, str]]:
        seen: set[str] = set()
        for memo_id, path, sha256, key in self.connection.execute(
                "SELECT memo_id, path, sha256, pipeline_key FROM memos ORDER BY memo_id, path"):
            final = f"{memo_id}-{sha256[:8]}" if memo_id in seen else memo_id
            seen.add(final)
            yield final, path, sha256, key

    def record_lines(self) -> Iterator[tuple[str, str]]:
        """(id, compact JSON) of every record in `index` order, one row in memory at a time."""
        # only (id, path) of every row is kept for the walk: with the hashes it would take twice the memory
        order = sorted((final, path) for final, path, _, _ in self._final_ids())
        for final, path in order:
            yield final, self.line_of(path, final)

    def line_of(self, path: str, final: str) -> str:
        """The record of `path` as compact JSON, carrying the id `final`."""
        text = self.connection.execute("SELECT record FROM memos WHERE path = ?", (path,)).fetchone()[0]
        if not text.startswith(f'{{"schema_version": "{_SCHEMA_VERSION}", "id": {json.dumps(final)},'):
            data = json.loads(text)
            if data["id"] != final:
                data["id"] = final
                text = json.dumps(data, ensure_ascii=False)
        return text

    def iter_records(self) -> Iterator[MemoRecord]:
        """Every stored record (ids made unique), in `record_lines` order, one at a time."""
        for _, text in self.record_lines():
            yield MemoRecord.model_validate_json(text)

    def records(self, paths: Iterable[str] | None = None) -> list[MemoRecord]:
        """Stored records (of the given paths only, when given) in `record_lines` order, as a list."""
        if paths is None:
            return list(self.iter_records())
        wanted = set(paths)
        rows = self.connection.execute("SELECT path, record FROM memos ORDER BY memo_id, path").fetchall()
        return unique_ids([MemoRecord.model_validate_json(r) for p, r in rows if p in wanted])

    def pipeline_keys(self) -> set[str]:
        """The pipeline keys of everything stored (records and errors)."""
        rows = self.connection.execute("SELECT pipeline_key FROM memos UNION SELECT pipeline_key FROM errors")
        return {key for (key,) in rows.fetchall()}

    def errors(self, paths: Iterable[str] | None = None) -> list[FileError]:
        """Stored failures (of the given paths only, when given), ordered by path."""
        rows = self.connection.execute("SELECT path, reason, message, stage FROM errors ORDER BY path").fetchall()
        wanted = set(paths) if paths is not None else None
        return [
            FileError(path=p, reason=r, message=m, stage=s) for p, r, m, s in rows if wanted is None or p in wanted
        ]

    def has_path(self, path: str) -> bool:
        """Whether the store holds a record or a failure for `path`."""
        return self.lookup(path) is not None


def unique_ids(records: list[MemoRecord]) -> list[MemoRecord]:
    """Records with distinct ids: a reference used by two files gets a content-hash suffix on the later one."""
    seen: set[str] = set()
    result = []
    for record in sorted(records, key=lambda r: (r.id, r.source.path)):
        if record.id in seen:
            record = record.model_copy(update={"id": f"{record.id}-{record.source.sha256[:8]}"})
        seen.add(record.id)
        result.append(record)
    return result
