"""The wheel ships every subpackage, the models/ data and the page assets (a plain `pip install .` must work)."""

from __future__ import annotations

import fnmatch
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CONFIG = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["setuptools"]


def test_every_subpackage_is_listed() -> None:
    on_disk = {
        ".".join(init.parent.relative_to(ROOT).parts)
        for init in (ROOT / "pipeline").rglob("__init__.py")
        if "__pycache__" not in init.parts
    }
    on_disk.add("pipeline.models")  # mapped from the top-level models/ folder
    assert on_disk == set(CONFIG["packages"])
    assert CONFIG["package-dir"]["pipeline.models"] == "models"


def test_every_data_file_is_matched_by_package_data() -> None:
    folders = {"pipeline.models": ROOT / "models", "pipeline": ROOT / "pipeline"}
    for package, folder in folders.items():
        patterns = CONFIG["package-data"][package]
        files = [p for p in folder.rglob("*") if p.is_file() and p.suffix not in {".py", ".pyc"}
                 and "__pycache__" not in p.parts]
        assert files, folder
        for path in files:
            relative = path.relative_to(folder).as_posix()
            assert any(fnmatch.fnmatch(relative, pattern) for pattern in patterns), f"{relative} would not ship"
