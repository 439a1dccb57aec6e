"""A hostile folder (made here, by tests/hostile_factory.py) through `memokg run -j 2`: every file accounted for."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from pipeline.cli import app
from pipeline.cli.common import EXIT_CONFIG, EXIT_NOTHING, EXIT_PARTIAL
from tests.hostile_factory import MEMO_LINES, write_hostile_set

runner = CliRunner()
ROOT = Path(__file__).resolve().parents[2]


def _errors(out: Path) -> dict[str, str]:
    lines = (out / "errors.jsonl").read_text(encoding="utf-8").splitlines()
    return {Path(e["path"]).name: e["reason"] for e in map(json.loads, lines)}


def _records(out: Path) -> dict[str, dict]:
    lines = (out / "records.jsonl").read_text(encoding="utf-8").splitlines()
    return {Path(r["source"]["path"]).name: r for r in map(json.loads, lines)}


@pytest.fixture(scope="module")
def secret(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("outside") / "passwd"
    path.write_text("root:x:0:0:root:/root:/bin/bash\noperator:x:11:0::/root:/sbin/nologin\n", encoding="utf-8")
    return path


@pytest.mark.slow
def test_hostile_folder_through_two_workers(tmp_path: Path, secret: Path) -> None:
    expected = write_hostile_set(tmp_path / "in", outside=secret)
    out = tmp_path / "out"
    # A real command in its own process, so that run.json's parent memory is the command's own.
    result = subprocess.run([sys.executable, "-m", "pipeline", "run", str(tmp_path / "in"), "-o", str(out), "-j", "2",
                             "-q"], capture_output=True, text=True, check=False, cwd=ROOT)
    assert result.returncode == EXIT_PARTIAL, result.stderr
    assert "Traceback" not in result.stderr and result.stdout == ""
    records, errors = _records(out), _errors(out)
    assert set(records) | set(errors) == set(expected)  # every file accounted for
    assert not set(records) & set(errors)  # ... exactly once
    assert {name: "record" for name in records} | errors == expected
    assert "recovered_xref" in records["wrong-xref.pdf"]["warnings"]
    assert records["wrong-xref.pdf"]["source"]["reader"] == "pdfium"
    for name in ("cut-in-trailer.pdf", "lost-trailer.pdf"):  # recoverable text recovered
        assert "recovered_xref" in records[name]["warnings"] and "Hikvision" in records[name]["text"]
    assert records["scanned.pdf"]["source"]["ocr_pages"] == [1]
    assert {"Peru", "Hikvision"} <= {e["name"] for e in records["scanned.pdf"]["entities"]}  # read back through OCR
    for record in records.values():
        assert "root:x:0:0" not in record["text"]
    summary = json.loads((out / "run.json").read_text(encoding="utf-8"))
    # two met by their suffix (listed, no failure), and random.txt whose content is binary (a failure)
    assert summary["unsupported"] == 2 and summary["errors_by_reason"]["unsupported_format"] == 3
    assert summary["resources"]["parent_peak_rss_mib"] < 300
    assert summary["resources"]["worker_peak_rss_mib"] < summary["limits"]["max_memory"] / (1 << 20)


def test_output_path_that_is_a_file_is_one_line_and_exit_4(tmp_path: Path) -> None:
    (tmp_path / "memo.txt").write_text("\n".join(MEMO_LINES), encoding="utf-8")
    taken = tmp_path / "taken"
    taken.write_text("not a folder", encoding="utf-8")
    for out in (taken, taken / "below"):
        result = runner.invoke(app, ["run", str(tmp_path / "memo.txt"), "-o", str(out), "-q"])
        assert result.exit_code == EXIT_CONFIG, result.output
        lines = result.stderr.strip().splitlines()
        assert len(lines) == 1 and lines[0].startswith("memokg: error:") and "Traceback" not in result.output
        assert "output_not_a_folder" in lines[0] or "output_not_writable" in lines[0]


def test_no_input_writes_nothing_and_exits_3(tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "report.docx").write_bytes(b"PK\x03\x04" + bytes(30))
    for inputs in ([str(tmp_path / "missing")], [str(tmp_path / "empty")], [str(tmp_path / "docs")]):
        out = tmp_path / "out"
        result = runner.invoke(app, ["run", *inputs, "-o", str(out), "-q"])
        assert result.exit_code == EXIT_NOTHING, result.output
        assert "no_input" in result.stderr and not out.exists()
    assert "report.docx: unsupported_format" in result.stderr


@pytest.fixture(scope="module")
def parserless_model(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The real small English model saved without its parser."""
    from pipeline.extract import load_model

    nlp = load_model()
    nlp.remove_pipe("parser")
    path = tmp_path_factory.mktemp("model") / "no-parser"
    nlp.to_disk(path)
    return path


def test_a_model_without_a_parser_is_one_error_before_the_run(tmp_path: Path, parserless_model: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    for i in range(3):
        (folder / f"m{i}.txt").write_text("\n".join(MEMO_LINES), encoding="utf-8")
    result = runner.invoke(app, ["run", str(folder), "-o", str(tmp_path / "out"), "--model", str(parserless_model)])
    assert result.exit_code == EXIT_CONFIG, result.output
    assert result.stderr.count("no_parse") == 1 and len(result.stderr.strip().splitlines()) == 1
    extract = runner.invoke(app, ["extract", str(folder / "m0.txt"), "--model", str(parserless_model)])
    assert extract.exit_code == EXIT_CONFIG and "no_parse" in extract.stderr and extract.stdout == ""


def test_the_parent_of_a_run_never_imports_spacy(tmp_path: Path) -> None:
    # The workers load the model; the parent only hands them files and writes the outputs.
    (tmp_path / "memo.txt").write_text("\n".join(MEMO_LINES), encoding="utf-8")
    code = ("import sys\nfrom pipeline.cli import app\ntry:\n    app(sys.argv[1:])\nexcept SystemExit:\n    pass\n"
            "print(sorted(m for m in ('spacy', 'thinc') if m in sys.modules))")
    result = subprocess.run([sys.executable, "-c", code, "run", str(tmp_path / "memo.txt"), "-o", str(tmp_path / "out"),
                             "-q", "--no-viz"], capture_output=True, text=True, check=True, cwd=ROOT)
    assert result.stdout.strip() == "[]", result.stderr
    assert len((tmp_path / "out" / "records.jsonl").read_text(encoding="utf-8").splitlines()) == 1


def _extract(pdf: Path, *options: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "pipeline", "extract", str(pdf), *options], capture_output=True,
                          text=True, check=False, cwd=ROOT, env=env)


@pytest.mark.slow
def test_without_tesseract_or_its_language_the_reason_says_so(tmp_path: Path) -> None:
    from tests.hostile_factory import scanned_memo_pdf

    pdf = scanned_memo_pdf(tmp_path / "scan.pdf")
    # A PATH without Tesseract on it: the machine as it is where Tesseract was never installed.
    bare = {key: value for key, value in os.environ.items() if key != "PATH"} | {"PATH": str(tmp_path)}
    for result, hint in ((_extract(pdf, env=bare), "apt-get install tesseract-ocr"),
                         (_extract(pdf, "--ocr-lang", "zzz"), "tesseract-ocr-zzz")):
        assert result.returncode == EXIT_NOTHING and result.stdout == "", result.stderr
        lines = result.stderr.strip().splitlines()
        assert len(lines) == 1 and "ocr_unavailable" in lines[0] and hint in lines[0], lines


def test_limit_options_reach_the_workers(tmp_path: Path) -> None:
    from tests.hostile_factory import PAGE, many_pages_pdf
    from tests.pdf_factory import reportlab_pdf

    folder = tmp_path / "in"
    folder.mkdir()
    reportlab_pdf(folder / "locked.pdf", [PAGE], user_password="harbour")
    (folder / "three-pages.pdf").write_bytes(many_pages_pdf(3))
    (folder / "long.txt").write_text("\n".join(MEMO_LINES * 40), encoding="utf-8")
    out = tmp_path / "out"
    result = runner.invoke(app, ["run", str(folder), "-o", str(out), "-q", "--no-viz", "--password", "harbour",
                                 "--max-pages", "2", "--max-bytes", "8K", "--max-memory", "1500M", "--timeout", "90"])
    assert result.exit_code == EXIT_PARTIAL, result.output
    assert _errors(out) == {"three-pages.pdf": "too_large", "long.txt": "too_large"}
    assert "Hikvision" in _records(out)["locked.pdf"]["text"]  # opened with the password given
    limits = json.loads((out / "run.json").read_text(encoding="utf-8"))["limits"]
    assert (limits["max_pages"], limits["max_bytes"], limits["max_memory"], limits["timeout"]) == (
        2, 8 << 10, 1500 << 20, 90.0)
    assert limits["password"] is True and "harbour" not in (out / "run.json").read_text(encoding="utf-8")
