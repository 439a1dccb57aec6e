"""Turn input files into memo records: ingest, segment, extract, relate, assemble.

`MemoProcessor` holds the spaCy pipeline (loaded once) and processes files in
batches through `nlp.pipe`; a file that fails yields a `FileError` and the
others go on.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache
from itertools import islice
from pathlib import Path

from pipeline.errors import ExtractError, MemokgError
from pipeline.extract.nlp import Extractor
from pipeline.extract.privacy import Privacy
from pipeline.extract.protect import name_rules, protect
from pipeline.extract.record import build_record, pipeline_info
from pipeline.ingest import ingest_bytes, ingest_path
from pipeline.ingest.limits import time_limit
from pipeline.knowledge import Knowledge, load_knowledge
from pipeline.schema import FileError, IngestedDocument, MemoRecord, Segmentation
from pipeline.segment import segment


@dataclass(frozen=True)
class Prepared:
    """A file read and segmented, ready for the NLP stages."""

    document: IngestedDocument
    segmentation: Segmentation


Outcome = MemoRecord | FileError
DEFAULT_FILE_TIMEOUT = 120.0


def file_error(path: str, exc: BaseException) -> FileError:
    """The errors.jsonl entry for an exception raised while processing `path`."""
    if isinstance(exc, MemokgError):
        return FileError(path=path, reason=exc.reason, message=exc.message, stage=exc.stage)
    # An unexpected bug must not end the batch; it is reported with its type so it can be fixed.
    return FileError(path=path, reason="internal_error", message=f"{type(exc).__name__}: {exc}", stage="internal")


@lru_cache(maxsize=2)
def _extractor(model: str | None, knowledge_key: str) -> Extractor:
    return Extractor(model=model, models=load_knowledge(knowledge_key or None))


def shared_extractor(model: str | None, knowledge: Knowledge) -> Extractor:
    """One Extractor per (model, models folder) and process: building the pipeline is the slow part."""
    return _extractor(model, load_knowledge(knowledge).key)


class MemoProcessor:
    """Loads the pipeline once and turns files into memo records."""

    def __init__(
        self,
        model: str | None = None,
        models: Knowledge | Path | str | None = None,
        batch_size: int = 16,
        file_timeout: float | None = DEFAULT_FILE_TIMEOUT,
        privacy: Privacy | None = None,
    ) -> None:
        self.knowledge = load_knowledge(models)
        self.batch_size = batch_size
        self.file_timeout = file_timeout
        self.extractor = shared_extractor(model, self.knowledge)
        self.info = pipeline_info(self.extractor.nlp.meta, self.knowledge.digest)
        self.privacy = privacy
        self.name_rules = name_rules(self.knowledge)

    def prepare(self, path: Path) -> Prepared:
        """Ingest and segment one file, within the per-file time limit."""
        with time_limit(self.file_timeout, str(path)):
            return self._segmented(ingest_path(path, knowledge=self.knowledge))

    def _segmented(self, document: IngestedDocument) -> Prepared:
        return Prepared(document, segment(document.text, self.knowledge))

    def process_bytes(self, data: bytes, name: str = "<stdin>") -> MemoRecord:
        """One record from raw bytes (stdin)."""
        return self._extract_batch([self._segmented(ingest_bytes(data, name=name, knowledge=self.knowledge))])[0]

    def process_paths(self, paths: Iterable[Path]) -> Iterator[tuple[Path, Outcome]]:
        """Records (or errors) for each path, in input order, batching the NLP work."""
        iterator = iter(paths)
        while batch := list(islice(iterator, self.batch_size)):
            yield from self._process_batch(batch)

    def _process_batch(self, paths: list[Path]) -> Iterator[tuple[Path, Outcome]]:
        outcomes: dict[int, Outcome] = {}
        ready: list[tuple[int, Prepared]] = []
        for index, path in enumerate(paths):
            try:
                ready.append((index, self.prepare(path)))
            except Exception as exc:  # noqa: BLE001  one bad file never ends the batch
                outcomes[index] = file_error(str(path), exc)
        try:
            records = self._extract_batch([prepared for _, prepared in ready])
            outcomes.update({index: record for (index, _), record in zip(ready, records, strict=True)})
        except Exception:  # noqa: BLE001  find the culprit: redo the batch one file at a time
            for index, prepared in ready:
                try:
                    outcomes[index] = self._extract_batch([prepared])[0]
                except Exception as exc:  # noqa: BLE001
                    outcomes[index] = file_error(str(paths[index]), exc)
        for index, path in enumerate(paths):
            yield path, outcomes[index]

    def _extract_batch(self, batch: list[Prepared]) -> list[MemoRecord]:
        items = ((p.document.text, p.segmentation.sections, p.document.pages) for p in batch)
        results = list(self.extractor.pipe(items))
        if len(results) != len(batch):
            raise ExtractError("extract_failed", "the extractor returned a different number of results")
        records = [
            build_record(p.document, p.segmentation, entities, relations, self.info)
            for p, (entities, relations) in zip(batch, results, strict=True)
        ]
        if self.privacy is None:
            return records
        # names leave here, once: nothing downstream ever sees them
        return [protect(record, self.privacy, self.name_rules) for record in records]

