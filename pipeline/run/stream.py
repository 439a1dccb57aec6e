"""Records handed on in input order as they finish, whatever order the engine finishes them in.

The `Emitter` of a run gets each input's outcome when it is known (a fresh
outcome, or the store's record of an unchanged input) and passes the records
to the sink in input order, holding back only those that finished early. An
id already passed on gets the content-hash suffix, as in the store.
"""

from __future__ import annotations

import json
from collections.abc import Callable

from pipeline.run.store import Store
from pipeline.schema import FileError, MemoRecord

Sink = Callable[[str], None]
_FROM_STORE = object()


class Emitter:
    """Passes records (compact JSON) to a sink in the order of `order` (input paths)."""

    def __init__(self, sink: Sink, order: list[str], store: Store | None) -> None:
        self.sink = sink
        self.order = order
        self.store = store
        self.next = 0
        self.ready: dict[str, object] = {}
        self.seen: set[str] = set()

    def reused(self, path: str) -> None:
        """The input is unchanged (or unreadable): its record, if any, comes from the store."""
        self.ready[path] = _FROM_STORE
        self._flush()

    def done(self, path: str, outcome: MemoRecord | FileError) -> None:
        """The input was just processed."""
        self.ready[path] = outcome
        self._flush()

    def _flush(self) -> None:
        while self.next < len(self.order) and self.order[self.next] in self.ready:
            path = self.order[self.next]
            outcome = self.ready.pop(path)
            self.next += 1
            if outcome is _FROM_STORE and self.store is not None:
                text = self.store.record_text(path)
                if text is not None:
                    self._emit(text)
            elif isinstance(outcome, MemoRecord):
                self._emit(outcome.to_json(indent=None))

    def _emit(self, text: str) -> None:
        data = json.loads(text)
        if data["id"] in self.seen:
            data["id"] = f"{data['id']}-{data['source']['sha256'][:8]}"
            text = json.dumps(data, ensure_ascii=False)
        self.seen.add(data["id"])
        self.sink(text)
