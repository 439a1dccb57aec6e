"""The documented reasons: one set for the code, the README and the JSON Schemas of errors.jsonl and run.json."""

from __future__ import annotations

import json
import re
from pathlib import Path

import jsonschema
import pytest

from pipeline.errors import FILE_REASONS
from pipeline.run import RunOptions, run
from pipeline.schema import file_error_json_schema, run_summary_json_schema
from tests.hostile_factory import write_hostile_set

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize(("name", "make"), [("errors.schema.json", file_error_json_schema),
                                            ("run.schema.json", run_summary_json_schema)])
def test_committed_schemas_are_current(name: str, make) -> None:  # noqa: ANN001
    committed = json.loads((ROOT / "schema" / name).read_text(encoding="utf-8"))
    assert committed == make(), f"regenerate with: memokg schema {name.split('.')[0]} > schema/{name}"


def test_every_reason_the_code_can_write_is_documented_in_the_readme() -> None:
    raised = set()
    for path in (ROOT / "pipeline").rglob("*.py"):
        text = path.read_text(encoding="utf-8")
        raised |= set(re.findall(r'IngestError\(\s*"([a-z_]+)"', text))
        raised |= set(re.findall(r'FileError\([^)]*?reason="([a-z_]+)"', text, re.S))
        raised |= set(re.findall(r'\berror\(\w+, "([a-z_]+)"', text))  # the input walk's error lines
    assert raised and raised <= set(FILE_REASONS), raised - set(FILE_REASONS)
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    table = set(re.findall(r"^\| `([a-z_]+)` \| ", readme, re.M))
    assert set(FILE_REASONS) <= table


def test_a_hostile_run_writes_files_its_schemas_accept(tmp_path: Path) -> None:
    expected = write_hostile_set(tmp_path / "in", heavy=False)
    summary = run([tmp_path / "in"], RunOptions(out_dir=tmp_path / "out", graph=False, viz=False))
    errors = [json.loads(line) for line in (tmp_path / "out" / "errors.jsonl").read_text().splitlines()]
    for error in errors:
        jsonschema.validate(error, file_error_json_schema())
        assert error["reason"] in FILE_REASONS
    assert {Path(e["path"]).name: e["reason"] for e in errors} == {
        name: outcome for name, outcome in expected.items() if outcome != "record"}
    jsonschema.validate(json.loads((tmp_path / "out" / "run.json").read_text()), run_summary_json_schema())
    assert summary.records == sum(1 for outcome in expected.values() if outcome == "record")
