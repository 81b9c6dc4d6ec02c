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
    from .edition import Edition, load_edition, package_edition, read_edition
    from .errors import (
        BuildError,
        ProfdocsError,
        ProfileInvalid,
        TemplateInvalid,
        VerificationFailed,
    )
    from .paths import DEFAULT_TEMPLATES
    from .pipeline import BuiltPackage, render_package, write_package
    from .validate import ValidProfile, load_valid, validate_file, validate_text

__all__ = [
    "DEFAULT_TEMPLATES",
    "DOCUMENTS",
    "BuildError",
    "BuiltPackage",
    "Edition",
    "ProfdocsError",
    "ProfileInvalid",
    "TemplateInvalid",
    "ValidProfile",
    "VerificationFailed",
    "build_context",
    "check_templates",
    "load_edition",
    "load_valid",
    "package_edition",
    "read_edition",
    "render_package",
    "validate_file",
    "validate_text",
    "write_package",
]

_HOME = {
    "DEFAULT_TEMPLATES": "paths",
    "DOCUMENTS": "documents",
    "BuildError": "errors",
    "Edition": "edition",
    "BuiltPackage": "pipeline",
    "ProfdocsError": "errors",
    "ProfileInvalid": "errors",
    "TemplateInvalid": "errors",
    "ValidProfile": "validate",
    "VerificationFailed": "errors",
    "build_context": "context",
    "check_templates": "check",
    "load_edition": "edition",
    "load_valid": "validate",
    "package_edition": "edition",
    "read_edition": "edition",
    "render_package": "pipeline",
    "validate_file": "validate",
    "validate_text": "validate",
    "write_package": "pipeline",
}


def __getattr__(name: str) -> Any:
    module = _HOME.get(name)
    if module is None:
        raise AttributeError(f"module 'generator' has no attribute {name!r}")
    value = getattr(importlib.import_module(f".{module}", __name__), name)
    globals()[name] = value
    return value
