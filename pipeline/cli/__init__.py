"""The `memokg` command: parses arguments, calls the pipeline's functions, maps errors to exit codes.

Exit codes: 0 all inputs succeeded; 1 some inputs failed (the rest was written);
2 bad usage; 3 nothing could be processed; 4 configuration problem (model,
models folder, missing run folder). Each command is a plain function in a
module of this package, registered on the one Typer app here.
"""

from pipeline.cli.common import app
from pipeline.cli.evaluate import evaluate_cmd, schema
from pipeline.cli.extract import extract
from pipeline.cli.graph import graph, relations, viz
from pipeline.cli.merge import merge
from pipeline.cli.run import run

app.command()(extract)
app.command()(run)
app.command()(merge)
app.command("eval")(evaluate_cmd)
app.command()(graph)
app.command()(relations)
app.command()(viz)
app.command()(schema)


def main() -> None:
    """Console entry point."""
    app()


__all__ = ["app", "main"]
