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
    """Each data file ships with its nearest package, matched by that package's package-data patterns."""
    checked = 0
    for path in [*(ROOT / "models").rglob("*"), *(ROOT / "pipeline").rglob("*")]:
        if not path.is_file() or path.suffix in {".py", ".pyc"} or "__pycache__" in path.parts:
            continue
        if path.is_relative_to(ROOT / "models"):
            package, folder = "pipeline.models", ROOT / "models"
        else:
            folder = path.parent
            while not (folder / "__init__.py").exists():
                folder = folder.parent
            package = ".".join(folder.relative_to(ROOT).parts)
        patterns = CONFIG["package-data"].get(package, [])
        relative = path.relative_to(folder).as_posix()
        assert any(fnmatch.fnmatch(relative, pattern) for pattern in patterns), f"{path} would not ship"
        checked += 1
    assert checked > 10
