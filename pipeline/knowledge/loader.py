"""One `Knowledge` object per models folder: its files read once, its digest, and what is built from them.

Stages receive this object (or find it by its folder key inside spaCy
components, whose configs must stay plain strings) instead of reading
`models/` themselves. Worker processes are handed the parent's object, so the
files are read and hashed once per run.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

from pipeline.errors import ModelsDataError
from pipeline.knowledge.files import folder_key, parse_json, parse_jsonl, read_folder

T = TypeVar("T")


class Knowledge:
    """The data files of one models folder, parsed on first use, and the structures derived from them."""

    def __init__(self, key: str, files: dict[str, tuple[Path, bytes]], digest: str) -> None:
        self.key = key
        self.digest = digest
        self._files = files
        self._parsed: dict[str, Any] = {}
        self._derived: dict[str, Any] = {}
        self._lock = threading.RLock()

    @classmethod
    def read(cls, key: str) -> Knowledge:
        """Read every data file of the folder named by `key` ('' = the shipped one)."""
        files, digest = read_folder(key)
        return cls(key, files, digest)

    @property
    def folder(self) -> str | None:
        """The user's models folder, or None for the shipped one (what spaCy component configs carry)."""
        return self.key or None

    def has(self, name: str) -> bool:
        """Whether the folder (or the shipped one beneath it) holds the data file."""
        return name in self._files

    def path(self, name: str) -> str:
        """Where a data file was read from (for messages)."""
        return str(self._files[name][0]) if name in self._files else name

    def json(self, name: str) -> Any:
        """Content of a JSON data file."""
        return self._parse(name, parse_json)

    def jsonl(self, name: str) -> list[dict[str, Any]]:
        """Rows of a JSON Lines data file."""
        return self._parse(name, parse_jsonl)

    def _parse(self, name: str, parser: Callable[[str, Path, bytes], Any]) -> Any:
        with self._lock:
            if name not in self._parsed:
                if name not in self._files:
                    raise ModelsDataError("models_file_missing", f"missing data file {name}", name)
                path, data = self._files[name]
                self._parsed[name] = parser(name, path, data)
            return self._parsed[name]

    def derive(self, name: str, build: Callable[[Knowledge], T]) -> T:
        """A structure built from this knowledge once (gazetteer, compiled rules), cached on it by name."""
        with self._lock:
            if name not in self._derived:
                self._derived[name] = build(self)
            return self._derived[name]

    def __getstate__(self) -> dict[str, Any]:
        # Only the files travel to worker processes; what is derived is rebuilt there on first use.
        return {"key": self.key, "digest": self.digest, "files": self._files}

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.__init__(state["key"], state["files"], state["digest"])  # type: ignore[misc]

    def __repr__(self) -> str:
        return f"Knowledge({self.key or 'shipped models'!r}, digest={self.digest})"


_LOADED: dict[str, Knowledge] = {}
_LOADED_LOCK = threading.Lock()


def load_knowledge(models: Path | str | Knowledge | None = None) -> Knowledge:
    """The knowledge of a models folder (None: the shipped one), read once per process."""
    if isinstance(models, Knowledge):
        return adopt(models)
    key = folder_key(models)
    with _LOADED_LOCK:
        if key not in _LOADED:
            _LOADED[key] = Knowledge.read(key)
        return _LOADED[key]


def adopt(knowledge: Knowledge) -> Knowledge:
    """Make a knowledge object handed over from another process the one this process uses for its folder."""
    with _LOADED_LOCK:
        return _LOADED.setdefault(knowledge.key, knowledge)
