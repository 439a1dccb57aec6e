"""memokg: intelligence memos to entities, relations and a knowledge graph."""

__version__ = "0.1.0"
