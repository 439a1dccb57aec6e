"""Read memo records back from a run folder, for the graph, export and query stages."""

from __future__ import annotations

import json
from pathlib import Path

from pydantic import ValidationError

from pipeline.errors import RecordsError
from pipeline.graph import require_unique_ids
from pipeline.schema import MemoRecord

RECORDS_FILE = "records.jsonl"
MEMOS_DIR = "memos"


def _parse(text: str, where: str) -> MemoRecord:
    """One record from JSON text; `where` names the file (and line) for the error message."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise RecordsError("record_invalid_json", f"invalid JSON ({exc.msg})", where) from exc
    if not isinstance(data, dict):
        raise RecordsError("record_invalid", "a memo record must be a JSON object", where)
    try:
        return MemoRecord.model_validate(data)
    except ValidationError as exc:
        first = exc.errors()[0]
        field = ".".join(str(part) for part in first["loc"]) or "record"
        raise RecordsError("record_invalid", f"{field}: {first['msg']} ({exc.error_count()} errors)", where) from exc


def _read_text(path: Path) -> str:
    """File text as UTF-8, turning OS and decoding errors into a RecordsError."""
    try:
        return path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        raise RecordsError("record_not_utf8", "records must be UTF-8 JSON", str(path)) from exc
    except OSError as exc:
        raise RecordsError("records_unreadable", exc.strerror or str(exc), str(path)) from exc


def read_records_file(path: Path) -> list[MemoRecord]:
    """Records of one JSON Lines file, in file order (blank lines skipped)."""
    records: list[MemoRecord] = []
    for number, line in enumerate(_read_text(path).splitlines(), start=1):
        if line.strip():
            records.append(_parse(line, f"{path}:{number}"))
    return records


def read_records(run_dir: Path) -> list[MemoRecord]:
    """Memo records of a run folder from records.jsonl (fallback memos/*.json), sorted by id."""
    run_dir = Path(run_dir)
    if not run_dir.is_dir():
        raise RecordsError("run_dir_not_found", "run folder does not exist", str(run_dir))
    jsonl = run_dir / RECORDS_FILE
    memos = run_dir / MEMOS_DIR
    if jsonl.is_file():
        records = read_records_file(jsonl)
    elif memos.is_dir():
        records = [_parse(_read_text(path), str(path)) for path in sorted(memos.glob("*.json"))]
    else:
        message = f"neither {RECORDS_FILE} nor {MEMOS_DIR}/ found in the run folder"
        raise RecordsError("no_records", message, str(run_dir))
    return sorted(require_unique_ids(records, str(jsonl if jsonl.is_file() else memos)), key=lambda r: r.id)

