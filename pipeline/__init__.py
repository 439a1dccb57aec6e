"""memokg: intelligence memos to entities, relations and a knowledge graph."""

from pipeline.version import __version__

__all__ = ["__version__"]
