"""The YAML data files people maintain next to the code, each parsed once per process."""

from __future__ import annotations

import functools
from pathlib import Path
from typing import Any

import yaml

_HERE = Path(__file__).parent
# libyaml parses the data files ~10× faster than pure-Python PyYAML: it matters at start-up.
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


@functools.cache
def load(name: str) -> Any:
    return yaml.load((_HERE / name).read_text(encoding="utf-8"), Loader=_LOADER)
