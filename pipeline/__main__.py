"""`python -m pipeline` runs the memokg command."""

from pipeline.cli import main

main()
