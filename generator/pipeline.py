"""The whole way from a profile to a folder of ready-to-sign documents, stage by stage:

    load → validate → context → render → verify → write

Nothing is written until all six documents of a school have rendered and passed
verification, so a school's folder always holds a complete, consistent package.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from pathlib import Path

from . import verify
from .diagnostics import Finding
from .documents import DOCUMENTS, PERSONAL_DOCUMENTS, output_name
from .errors import VerificationFailed
from .paths import DEFAULT_TEMPLATES
from .write import PackedDocument

__all__ = [
    "DEFAULT_TEMPLATES",
    "BuiltPackage",
    "VerificationFailed",
    "output_name",
    "render_package",
    "write_package",
]


@dataclass
class BuiltPackage:
    school_id: str
    documents: dict[str, bytes] = field(default_factory=dict)  # output file name → DOCX bytes
    warnings: list[Finding] = field(default_factory=list)


def render_package(
    profile_path: Path,
    templates: Path = DEFAULT_TEMPLATES,
    *,
    pseudonymize: bool = False,
    verify: bool = True,
) -> BuiltPackage:
    """Everything but the disk: validated, rendered and verified bytes of the six documents."""
    from .context import build_context
    from .render import load_template
    from .validate import load_valid
    from .write import CoreProps, package

    valid = load_valid(profile_path)
    ctx_model = build_context(valid, pseudonymize=pseudonymize)
    ctx = ctx_model.model_dump()
    built = BuiltPackage(valid.school_id)
    built.warnings.extend(valid.warnings)
    packed: dict[str, PackedDocument] = {}
    errors: list[Finding] = []
    facts = _verification.PackageFacts.from_context(ctx_model, ctx) if verify else None
    for spec in DOCUMENTS:
        template = load_template(templates / spec.template)
        parts = template.render(ctx, spec.title)
        props = CoreProps(
            title=spec.title,
            creator=ctx_model.school.short_name,
            subject=f"Профориентация, {ctx_model.year.label} учебный год",
            date_iso=ctx_model.acts.order.date.iso,
        )
        document = package(template, parts, props)
        if verify:
            found = _verification.verify_document(spec.id, document, spec.file_name, facts)
            for finding in found:
                finding = _private(finding, spec.personal)
                (errors if finding.severity == "error" else built.warnings).append(finding)
        packed[spec.id] = document
        built.documents[spec.file_name] = document.data
    if facts is not None:
        personal = {spec.file_name for spec in DOCUMENTS if spec.id in PERSONAL_DOCUMENTS}
        for finding in _verification.verify_package(packed, facts):
            finding = _private(finding, finding.file in personal)
            (errors if finding.severity == "error" else built.warnings).append(finding)
    if errors:
        raise VerificationFailed(errors)
    return built


# The module, looked up at call time: a test may stand in for one of its checks.
_verification = verify


def _private(finding: Finding, personal: bool) -> Finding:
    """A finding about the journal says where, never what: the text there names minors."""
    return replace(finding, snippet="") if personal and finding.snippet else finding


def write_package(built: BuiltPackage, out_dir: Path) -> list[Path]:
    """All six files replace the old ones together, or none does (a full disk, a crash)."""
    from .write import write_all_atomic

    files = {out_dir / name: data for name, data in built.documents.items()}
    write_all_atomic(files)
    return list(files)
