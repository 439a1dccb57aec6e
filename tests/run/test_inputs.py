"""Expanding command-line inputs: files, folders, globs, hidden files, READMEs, missing paths."""

from __future__ import annotations

from pathlib import Path

from pipeline.run import expand_inputs


def make_tree(root: Path) -> None:
    (root / "sub").mkdir(parents=True)
    (root / ".hidden").mkdir()
    for name in ("a.txt", "b.md", "c.pdf", "sub/d.TXT", "notes.json", "README.md", ".hidden/e.txt", "sub/.f.txt"):
        (root / name).write_text("x", encoding="utf-8")


def test_folder_walk_takes_memo_suffixes_only(tmp_path: Path) -> None:
    make_tree(tmp_path)
    paths, errors = expand_inputs([tmp_path])
    assert [p.relative_to(tmp_path).as_posix() for p in paths] == ["a.txt", "b.md", "c.pdf", "sub/d.TXT"]
    assert errors == []


def test_explicit_file_of_any_suffix_and_duplicates_once(tmp_path: Path) -> None:
    make_tree(tmp_path)
    paths, _ = expand_inputs([tmp_path / "notes.json", tmp_path / "a.txt", tmp_path, str(tmp_path / "README.md")])
    names = [p.name for p in paths]
    assert "notes.json" in names and "README.md" in names
    assert names.count("a.txt") == 1


def test_glob_and_missing_inputs(tmp_path: Path) -> None:
    make_tree(tmp_path)
    paths, errors = expand_inputs([f"{tmp_path}/**/*.txt", tmp_path / "nope.txt", f"{tmp_path}/*.zzz"])
    assert [p.name for p in paths] == ["a.txt"]  # glob is case-sensitive and skips hidden entries
    assert [e.reason for e in errors] == ["not_found", "not_found"]
    assert all(e.stage == "input" for e in errors)


def test_a_folder_inside_a_hidden_folder_is_walked(tmp_path: Path) -> None:
    # Regression: a dot in a parent of the named folder (~/.archive/memos) hid every file in it.
    root = tmp_path / ".archive" / "memos"
    make_tree(root)
    paths, errors = expand_inputs([root])
    assert [p.relative_to(root).as_posix() for p in paths] == ["a.txt", "b.md", "c.pdf", "sub/d.TXT"]
    assert errors == []
