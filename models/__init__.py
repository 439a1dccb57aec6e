# Domain knowledge of memokg as data files. This folder ships inside the wheel
# as the package `pipeline.models` (see pyproject.toml) so importlib.resources
# finds it after a plain `pip install .`; no code lives here.
