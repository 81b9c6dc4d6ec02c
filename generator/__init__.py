"""profdocs: a school's package of local acts on career guidance, from its YAML profile.

The public API, for benchmarks, the web form and other tools. Names are imported on first
use, so `import generator` (and `profdocs --help`) stays as fast as the CLI needs.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .check import check_templates
    from .context import build_context
    from .documents import DOCUMENTS
    from .errors import BuildError, ProfileInvalid
    from .pipeline import DEFAULT_TEMPLATES, VerificationFailed, render_package, write_package
    from .validate import load_valid, validate_file, validate_text

_EXPORTS = {
    "load_valid": "validate",
    "validate_file": "validate",
    "validate_text": "validate",
    "build_context": "context",
    "render_package": "pipeline",
    "write_package": "pipeline",
    "DEFAULT_TEMPLATES": "pipeline",
    "VerificationFailed": "pipeline",
    "check_templates": "check",
    "DOCUMENTS": "documents",
    "BuildError": "errors",
    "ProfileInvalid": "errors",
}

__all__ = sorted(_EXPORTS)


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'generator' has no attribute {name!r}")
    value = getattr(importlib.import_module(f".{module}", __name__), name)
    globals()[name] = value
    return value
