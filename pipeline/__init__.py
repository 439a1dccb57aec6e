"""memokg: intelligence memos to entities, relations and a knowledge graph.

The Python API is the stages' own functions, importable from here; each is
imported on first use, so `import pipeline` (and `memokg --version`) stays fast::

    import pipeline
    record = pipeline.MemoProcessor().process_bytes(b"...memo text...")
    summary = pipeline.run_batch(["memos/"], pipeline.RunOptions(out_dir=Path("out")))
    graph = pipeline.build_graph(pipeline.read_records(Path("out")))
"""

from __future__ import annotations

import importlib
from typing import Any

from pipeline.version import __version__

# public name -> the stage package that defines it (and the name there, where the package's own name is taken)
_API = {
    "load_knowledge": "pipeline.knowledge",
    "Knowledge": "pipeline.knowledge",
    "ingest_path": "pipeline.ingest",
    "ingest_bytes": "pipeline.ingest",
    "segment_text": "pipeline.segment:segment",
    "build_nlp": "pipeline.extract",
    "Extractor": "pipeline.extract",
    "MemoProcessor": "pipeline.extract",
    "build_record": "pipeline.extract",
    "extract_relations": "pipeline.relations",
    "run_batch": "pipeline.run:run",
    "RunOptions": "pipeline.run",
    "read_records": "pipeline.run",
    "read_records_file": "pipeline.run",
    "build_graph": "pipeline.graph",
    "find_relations": "pipeline.graph",
    "write_exports": "pipeline.export",
    "write_graph_page": "pipeline.viz",
    "VizOptions": "pipeline.viz",
    "evaluate_run": "pipeline.evaluate:evaluate",
    "MemoRecord": "pipeline.schema",
    "FileError": "pipeline.schema",
    "MemokgError": "pipeline.errors",
}

__all__ = ["__version__", *sorted(_API)]


def __getattr__(name: str) -> Any:
    """Import an API name from its stage package on first use."""
    if name not in _API:
        raise AttributeError(f"module 'pipeline' has no attribute {name!r}")
    module, _, attr = _API[name].partition(":")
    value = getattr(importlib.import_module(module), attr or name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_API))
