"""Expanding command-line inputs: files, folders, globs, hidden files, READMEs, unsupported files, links."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from pipeline.run import expand_inputs


def make_tree(root: Path) -> None:
    (root / "sub").mkdir(parents=True)
    (root / ".hidden").mkdir()
    for name in ("a.txt", "b.md", "c.pdf", "sub/d.TXT", "notes.json", "README.md", ".hidden/e.txt", "sub/.f.txt"):
        (root / name).write_text("x", encoding="utf-8")


def test_folder_walk_reads_memos_and_lists_the_rest(tmp_path: Path) -> None:
    make_tree(tmp_path)
    found = expand_inputs([tmp_path])
    assert [p.relative_to(tmp_path).as_posix() for p in found.paths] == ["a.txt", "b.md", "c.pdf", "sub/d.TXT"]
    assert [(Path(e.path).name, e.reason) for e in found.errors] == [("notes.json", "unsupported_format")]
    assert found.skipped == 3  # README.md, .hidden/, sub/.f.txt


def test_explicit_file_of_any_suffix_and_duplicates_once(tmp_path: Path) -> None:
    make_tree(tmp_path)
    found = expand_inputs([tmp_path / "notes.json", tmp_path / "a.txt", tmp_path, str(tmp_path / "README.md")])
    names = [p.name for p in found.paths]
    assert "notes.json" in names and "README.md" in names
    assert names.count("a.txt") == 1
    assert found.errors == []  # named, notes.json is read (its content decides)


def test_glob_and_missing_inputs(tmp_path: Path) -> None:
    make_tree(tmp_path)
    found = expand_inputs([f"{tmp_path}/**/*.txt", tmp_path / "nope.txt", f"{tmp_path}/*.zzz"])
    assert [p.name for p in found.paths] == ["a.txt"]  # glob is case-sensitive and skips hidden entries
    assert [e.reason for e in found.errors] == ["not_found", "not_found"]
    assert all(e.stage == "input" for e in found.errors)


def test_a_folder_inside_a_hidden_folder_is_walked(tmp_path: Path) -> None:
    # Regression: a dot in a parent of the named folder (~/.archive/memos) hid every file in it.
    root = tmp_path / ".archive" / "memos"
    make_tree(root)
    found = expand_inputs([root])
    assert [p.relative_to(root).as_posix() for p in found.paths] == ["a.txt", "b.md", "c.pdf", "sub/d.TXT"]


@pytest.fixture
def linked(tmp_path: Path) -> Path:
    """A folder with links: one to a file outside, one to a folder outside, one inside, one broken."""
    outside = tmp_path / "elsewhere"
    (outside / "deep").mkdir(parents=True)
    (outside / "secret.txt").write_text("root:x:0:0", encoding="utf-8")
    (outside / "deep" / "more.txt").write_text("more", encoding="utf-8")
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "memo.txt").write_text("memo", encoding="utf-8")
    os.symlink(outside / "secret.txt", folder / "passwd.txt")
    os.symlink(outside / "deep", folder / "deep")
    os.symlink(folder / "memo.txt", folder / "alias.txt")
    os.symlink(tmp_path / "gone.txt", folder / "broken.txt")
    return folder


def test_links_out_of_the_folder_are_not_read(linked: Path) -> None:
    found = expand_inputs([linked])
    assert [p.name for p in found.paths] == ["memo.txt"]  # the inside link is the same file, read once
    reasons = {Path(e.path).name: e.reason for e in found.errors}
    assert reasons == {"passwd.txt": "outside_input", "deep": "outside_input", "broken.txt": "not_found"}
    assert "--follow-links" in next(e.message for e in found.errors if e.reason == "outside_input")


def test_follow_links_reads_them(linked: Path) -> None:
    found = expand_inputs([linked], follow_links=True)
    assert sorted(p.name for p in found.paths) == ["memo.txt", "more.txt", "passwd.txt"]
    assert [e.reason for e in found.errors] == ["not_found"]


def test_glob_matches_are_judged_against_the_glob_folder(linked: Path) -> None:
    found = expand_inputs([f"{linked}/*.txt"])
    assert [p.name for p in found.paths] == ["memo.txt"]
    assert {Path(e.path).name for e in found.errors if e.reason == "outside_input"} == {"passwd.txt"}
