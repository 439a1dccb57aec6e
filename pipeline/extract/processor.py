"""Turn input files into memo records: ingest, segment, extract, relate, assemble.

`MemoProcessor` holds the spaCy pipeline (loaded once) and processes files in
batches through `nlp.pipe`; a file that fails yields a `FileError` and the
others go on. It runs in the current process: batch runs and `memokg extract`
run it inside a worker process under memory and time limits
(`pipeline.run.Sandbox`), which drives its two phases, `prepare` (read and
segment one file) and `extract` (the NLP of a batch), one at a time.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache
from itertools import islice
from pathlib import Path

from pipeline.errors import ExtractError, MemokgError
from pipeline.extract.model import default_model_name
from pipeline.extract.nlp import Extractor
from pipeline.extract.privacy import Privacy
from pipeline.extract.protect import name_rules, protect
from pipeline.extract.record import build_record, pipeline_info
from pipeline.ingest import Limits, Progress, ingest_bytes, ingest_path
from pipeline.knowledge import Knowledge, load_knowledge
from pipeline.modelmeta import require_parser
from pipeline.schema import FileError, IngestedDocument, MemoRecord, Segmentation
from pipeline.segment import segment


@dataclass(frozen=True)
class Prepared:
    """A file read and segmented, ready for the NLP stages."""

    document: IngestedDocument
    segmentation: Segmentation


Outcome = MemoRecord | FileError


def file_error(path: str, exc: BaseException) -> FileError:
    """The errors.jsonl entry for an exception raised while processing `path`."""
    if isinstance(exc, MemokgError):
        return FileError(path=path, reason=exc.reason, message=exc.message, stage=exc.stage)
    if isinstance(exc, MemoryError):
        return FileError(path=path, reason="resource_limit", stage="worker",
                         message="ran out of memory under the worker's memory cap (raise it with --max-memory)")
    if isinstance(exc, RecursionError):
        return FileError(path=path, reason="resource_limit", stage="worker",
                         message="structures nested too deep to process (recursion limit)")
    # An unexpected bug must not end the batch; it is reported with its type so it can be fixed.
    return FileError(path=path, reason="internal_error", message=f"{type(exc).__name__}: {exc}", stage="internal")


def check_model(model: str | None = None) -> str:
    """The model's name once it is known to be installed and to have a parser; raises ExtractError otherwise.

    Reads the model's meta.json only, so a run can refuse a bad model before it loads anything.
    """
    return require_parser(model or default_model_name())


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
        limits: Limits | None = None,
        privacy: Privacy | None = None,
    ) -> None:
        self.knowledge = load_knowledge(models)
        self.batch_size = batch_size
        self.limits = limits or Limits()
        self.extractor = shared_extractor(model, self.knowledge)
        self.info = pipeline_info(self.extractor.nlp.meta, self.knowledge.digest)
        self.privacy = privacy
        self.name_rules = name_rules(self.knowledge)

    def prepare(self, path: Path, progress: Progress | None = None) -> Prepared:
        """Ingest and segment one file."""
        return self._segmented(ingest_path(path, knowledge=self.knowledge, limits=self.limits, progress=progress))

    def prepare_bytes(self, data: bytes, name: str = "<stdin>", progress: Progress | None = None) -> Prepared:
        """Ingest and segment raw bytes (standard input)."""
        document = ingest_bytes(data, name=name, knowledge=self.knowledge, limits=self.limits, progress=progress)
        return self._segmented(document)

    def _segmented(self, document: IngestedDocument) -> Prepared:
        return Prepared(document, segment(document.text, self.knowledge, running=document.running))

    def process_bytes(self, data: bytes, name: str = "<stdin>") -> MemoRecord:
        """One record from raw bytes (stdin)."""
        return self._extract_batch([self.prepare_bytes(data, name)])[0]

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
            except (Exception, MemoryError) as exc:  # noqa: BLE001  one bad file never ends the batch
                outcomes[index] = file_error(str(path), exc)
        extracted = self.extract([prepared for _, prepared in ready], [str(paths[i]) for i, _ in ready])
        outcomes.update({index: outcome for (index, _), outcome in zip(ready, extracted, strict=True)})
        for index, path in enumerate(paths):
            yield path, outcomes[index]

    def extract(self, batch: list[Prepared], paths: list[str]) -> list[Outcome]:
        """One outcome per prepared file: the batch through nlp.pipe, redone file by file if it fails."""
        try:
            return list(self._extract_batch(batch))
        except (Exception, MemoryError):  # noqa: BLE001  find the culprit: redo the batch one file at a time
            outcomes: list[Outcome] = []
            for prepared, path in zip(batch, paths, strict=True):
                try:
                    outcomes.append(self._extract_batch([prepared])[0])
                except (Exception, MemoryError) as exc:  # noqa: BLE001
                    outcomes.append(file_error(path, exc))
            return outcomes

    def _extract_batch(self, batch: list[Prepared]) -> list[MemoRecord]:
        if not batch:
            return []
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

