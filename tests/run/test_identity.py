"""The run works out the pipeline's identity without spaCy; it must agree with the extract stage's."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from pipeline.extract import model_identity
from pipeline.run import identity

ROOT = Path(__file__).resolve().parents[2]


def test_model_identity_agrees_with_the_extract_stage(tmp_path: Path) -> None:
    assert identity.model_identity(None) == model_identity(None)
    model = tmp_path / "model"
    model.mkdir()
    (model / "meta.json").write_text('{"lang": "en", "name": "tiny_test", "version": "0.0.1"}', encoding="utf-8")
    assert identity.model_identity(str(model)) == model_identity(str(model)) == "en_tiny_test@0.0.1"
    assert identity.model_identity("no_such_model_pkg") == model_identity("no_such_model_pkg")


def test_importing_the_run_and_the_cli_loads_no_spacy() -> None:
    code = "import sys, pipeline.run, pipeline.cli; print(sorted(m for m in ('spacy', 'pandas') if m in sys.modules))"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=True)
    assert result.stdout.strip() == "[]"
