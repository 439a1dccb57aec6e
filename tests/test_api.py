"""The Python API face: every public name resolves to its stage's object, and `import pipeline` stays light."""

from __future__ import annotations

import subprocess
import sys

import pytest

import pipeline


@pytest.mark.parametrize("name", sorted(set(pipeline.__all__) - {"__version__"}))
def test_every_api_name_is_the_stage_object(name: str) -> None:
    value = getattr(pipeline, name)
    module, _, attr = pipeline._API[name].partition(":")
    assert value is getattr(__import__(module, fromlist=[attr or name]), attr or name)
    assert callable(value)
    assert value.__module__.startswith(module) or module in {"pipeline.schema", "pipeline.errors"}


def test_unknown_name_is_an_attribute_error() -> None:
    with pytest.raises(AttributeError):
        pipeline.no_such_thing  # noqa: B018


def test_import_pipeline_loads_no_nlp_or_graph_library() -> None:
    heavy = "('spacy', 'networkx', 'pandas', 'typer')"
    code = f"import sys, pipeline; print(sorted(m for m in {heavy} if m in sys.modules))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"
