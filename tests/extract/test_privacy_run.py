"""`memokg run --redact / --pseudonymise`: no file of the run folder holds a name or the key.

Every file is read: as bytes, and decoded where the bytes could hide text (Parquet is compressed;
the SQLite store is also dumped row by row). The page is opened in headless Chromium too.
"""

from __future__ import annotations

import re
import shutil
import sqlite3
from pathlib import Path

import pandas as pd
import pytest
from typer.testing import CliRunner

from pipeline.cli import app
from pipeline.extract import KEY_ENV
from tests.browser import CHROMIUM, headless_chromium
from tests.extract.test_privacy import KEY_A, KEY_B, NAMES, write_memos

ROOT = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.slow


def texts_of(folder: Path) -> dict[str, str]:
    """Every file under the folder as text: raw bytes decoded leniently, plus decoded tables and store rows."""
    found = {}
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        name = str(path.relative_to(folder))
        found[name] = path.read_bytes().decode("utf-8", "replace")
        if path.suffix == ".parquet":
            found[name + " (decoded)"] = pd.read_parquet(path).to_csv()
        if path.suffix == ".sqlite":
            with sqlite3.connect(path) as db:
                rows = [row for table in ("memos", "errors") for row in db.execute(f"SELECT * FROM {table}")]  # noqa: S608
            found[name + " (rows)"] = repr(rows)
    return found


def names_in(folder: Path) -> dict[str, list[str]]:
    """Which invented names each file still holds (case-insensitive)."""
    hits = {}
    for name, text in texts_of(folder).items():
        left = [n for n in NAMES if re.search(n, text, re.IGNORECASE)]
        if left:
            hits[name] = left
    return hits


@pytest.fixture(scope="module")
def inputs(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The two invented memos naming people, and one corpus memo that names none of them."""
    folder = tmp_path_factory.mktemp("inputs") / "field-notes"
    write_memos(folder)
    shutil.copy(ROOT / "corpus" / "memo-181129-1.txt", folder)
    return folder


def run_cli(*args: str, env: dict[str, str] | None = None) -> None:
    result = CliRunner().invoke(app, ["run", *args, "-q"], env=env)
    assert result.exit_code == 0, result.output


def test_a_plain_run_holds_the_names_in_every_kind_of_file(inputs: Path, tmp_path: Path) -> None:
    run_cli(str(inputs), "-o", str(tmp_path / "plain"))
    hits = names_in(tmp_path / "plain")
    # the search below would see a name in the store, the records, the tables (decoded) and the page
    for name in ("memokg.sqlite", "records.jsonl", "tables/mentions.parquet (decoded)", "graph.html"):
        assert name in hits, name


def test_redacted_run_leaves_no_name_in_any_file(inputs: Path, tmp_path: Path) -> None:
    out = tmp_path / "redacted"
    run_cli(str(inputs), "-o", str(out), "--redact")
    assert names_in(out) == {}
    records = (out / "records.jsonl").read_text(encoding="utf-8")
    assert "[PERSON]" in records and "Norvale Systems" in records and "ZTE" in records
    assert len(list((out / "memos").glob("*.json"))) == 3
    if CHROMIUM.exists():
        with headless_chromium() as browser:
            url = browser.open(out / "graph.html")
            browser.wait_for("window.memokg && window.memokg.drawn", timeout=60)
            page = browser.js("return document.documentElement.textContent;")
            assert not [n for n in NAMES if re.search(n, page, re.IGNORECASE)]
            assert browser.js("return memokg.search('Haverkamp');") is None
            assert browser.page_requests() == [url] and browser.dialogs() == [] and browser.console_errors() == []


def test_pseudonymised_runs_are_stable_per_key_never_hold_the_key_and_match_across_workers(
        inputs: Path, tmp_path: Path) -> None:
    key_file = tmp_path / "key.txt"
    key_file.write_bytes(KEY_A)
    run_cli(str(inputs), "-o", str(tmp_path / "a1"), "--pseudonymise", "--key-file", str(key_file))
    run_cli(str(inputs), "-o", str(tmp_path / "a2"), "--pseudonymise", "-j", "2", env={KEY_ENV: KEY_A.decode()})
    run_cli(str(inputs), "-o", str(tmp_path / "b"), "--pseudonymise", env={KEY_ENV: KEY_B.decode()})
    for out in ("a1", "a2", "b"):
        assert names_in(tmp_path / out) == {}
        for name, text in texts_of(tmp_path / out).items():
            assert KEY_A.decode() not in text and KEY_B.decode() not in text, name
    a1, a2 = texts_of(tmp_path / "a1"), texts_of(tmp_path / "a2")
    for name in ("records.jsonl", "graph.graphml", "graph.gexf", "tables/relations.csv"):
        assert a1[name] == a2[name], name  # same key, same tokens, whatever the number of workers
    tokens = lambda out: set(re.findall(r"PERSON-[0-9a-f]{12}", texts_of(tmp_path / out)["records.jsonl"]))  # noqa: E731
    assert tokens("a1") and tokens("a1").isdisjoint(tokens("b"))


def test_a_private_run_refuses_a_folder_with_other_records(inputs: Path, tmp_path: Path) -> None:
    out = tmp_path / "mixed"
    run_cli(str(inputs), "-o", str(out))
    result = CliRunner().invoke(app, ["run", str(inputs), "-o", str(out), "--redact", "-q"])
    assert result.exit_code == 4
    assert "privacy_mixed_store" in result.output


def test_extract_redacts_on_stdout(inputs: Path) -> None:
    result = CliRunner().invoke(app, ["extract", str(inputs / "memo-people.txt"), "--redact"])
    assert result.exit_code == 0, result.output
    assert "[PERSON]" in result.output and not [n for n in NAMES if n.lower() in result.output.lower()]
    missing = CliRunner().invoke(app, ["extract", str(inputs / "memo-people.txt"), "--pseudonymise"], env={KEY_ENV: ""})
    assert missing.exit_code == 4 and "privacy_key_missing" in missing.output


def test_dask_workers_and_the_stdout_stream_redact_too(inputs: Path, tmp_path: Path) -> None:
    out = tmp_path / "dask"
    run_cli(str(inputs), "-o", str(out), "--redact", "--engine", "dask", "-j", "1")
    assert names_in(out) == {} and "[PERSON]" in (out / "records.jsonl").read_text(encoding="utf-8")
    result = CliRunner().invoke(app, ["run", str(inputs), "-o", "-", "--redact", "-q"])
    assert result.exit_code == 0, result.output
    assert result.output.count("\n") == 3 and "[PERSON]" in result.output
    assert not [n for n in NAMES if re.search(n, result.output, re.IGNORECASE)]
