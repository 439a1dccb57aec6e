"""The embedded store of a run folder: one SQLite file that makes runs incremental and resumable.

Every processed file is committed as soon as it is done, so a crash loses at
most the file in hand; a file whose bytes and pipeline are unchanged is not
processed again. All exports of a run are rebuilt from this store.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable
from pathlib import Path

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
"""


class Store:
    """Records and errors of a run folder, keyed by input path."""

    def __init__(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self.path = path
        self.connection = sqlite3.connect(path)
        self.connection.executescript(_SCHEMA)
        self.connection.commit()

    def close(self) -> None:
        """Close the database file."""
        self.connection.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def is_current(self, path: str, sha256: str, pipeline_key: str) -> bool:
        """True when `path` was already processed (or failed) with these bytes and this pipeline."""
        for table in ("memos", "errors"):
            row = self.connection.execute(
                f"SELECT 1 FROM {table} WHERE path = ? AND sha256 = ? AND pipeline_key = ?",  # noqa: S608
                (path, sha256, pipeline_key),
            ).fetchone()
            if row:
                return True
        return False

    def put_record(self, path: str, record: MemoRecord, pipeline_key: str) -> None:
        """Save one record (replacing an older one or an earlier error of the same path) and commit."""
        with self.connection:
            self.connection.execute("DELETE FROM errors WHERE path = ?", (path,))
            self.connection.execute(
                "INSERT OR REPLACE INTO memos (path, sha256, pipeline_key, memo_id, record) VALUES (?, ?, ?, ?, ?)",
                (path, record.source.sha256, pipeline_key, record.id, record.to_json(indent=None)),
            )

    def put_error(self, error: FileError, sha256: str, pipeline_key: str) -> None:
        """Save one failure (replacing an older record of the same path) and commit."""
        with self.connection:
            self.connection.execute("DELETE FROM memos WHERE path = ?", (error.path,))
            self.connection.execute(
                "INSERT OR REPLACE INTO errors (path, sha256, pipeline_key, reason, message, stage)"
                " VALUES (?, ?, ?, ?, ?, ?)",
                (error.path, sha256, pipeline_key, error.reason, error.message, error.stage),
            )

    def records(self, paths: Iterable[str] | None = None) -> list[MemoRecord]:
        """Stored records (of the given paths only, when given), ordered by memo id then path, ids made unique.

        This is where memokg's one duplicate-id policy is applied: a reference used by two files keeps its id
        on the first file (by path) and gets a content-hash suffix on the next. Everything that reads records
        later (records.jsonl, graph, exports) may rely on unique ids.
        """
        rows = self.connection.execute("SELECT path, record FROM memos ORDER BY memo_id, path").fetchall()
        wanted = set(paths) if paths is not None else None
        return unique_ids([MemoRecord.model_validate(json.loads(r)) for p, r in rows if wanted is None or p in wanted])

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
