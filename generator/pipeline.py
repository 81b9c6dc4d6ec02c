"""The whole way from a profile to a folder of signed-ready documents, stage by stage:

    load → validate → context → render → verify → write

Nothing is written until all six documents of a school have rendered and passed
verification, so a school's folder always holds a complete, consistent package.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from pathlib import Path

from .documents import BY_ID, DOCUMENTS, DocumentSpec
from .errors import BuildError
from .findings import Finding

DEFAULT_TEMPLATES = Path(__file__).resolve().parent.parent / "templates" / "docx"


class VerificationFailed(BuildError):
    def __init__(self, findings: list[Finding]) -> None:
        self.findings = findings
        first = findings[0]
        super().__init__(
            f"Документ {first.file} не прошёл проверку ({len(findings)} замечаний), "
            f"первое: {first.message}"
        )


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

    if verify:
        from .verify import PERSONAL_DOCUMENTS, PackageFacts, verify_document, verify_package

    valid = load_valid(profile_path)
    ctx_model = build_context(valid, pseudonymize=pseudonymize)
    ctx = ctx_model.model_dump()
    built = BuiltPackage(valid.school_id)
    built.warnings.extend(_gost_warnings(valid.profile.acts.gost_edition, profile_path))
    by_doc: dict[str, bytes] = {}
    errors: list[Finding] = []
    facts = PackageFacts.from_context(ctx_model, ctx) if verify else None
    for spec in DOCUMENTS:
        template = load_template(templates / spec.template)
        parts = template.render(ctx, spec.title)
        props = CoreProps(
            title=spec.title,
            creator=ctx_model.school.short_name,
            subject=f"Профориентация, {ctx_model.year.label} учебный год",
            date_iso=ctx_model.acts.order.date.iso,
        )
        data = package(template, parts, props)
        name = output_name(spec)
        if verify:
            for finding in verify_document(spec.id, data, name, facts, rendered=parts):
                finding = _private(finding, spec.id in PERSONAL_DOCUMENTS)
                (errors if finding.severity == "error" else built.warnings).append(finding)
        by_doc[spec.id] = data
        built.documents[name] = data
    if facts is not None:
        personal = {output_name(BY_ID[d]) for d in PERSONAL_DOCUMENTS}
        for finding in verify_package(by_doc, facts):
            finding = _private(finding, finding.file in personal)
            (errors if finding.severity == "error" else built.warnings).append(finding)
    if errors:
        raise VerificationFailed(errors)
    return built


def _private(finding: Finding, personal: bool) -> Finding:
    """A finding about the journal says where, never what: the text there names minors."""
    return replace(finding, snippet="") if personal and finding.snippet else finding


def _gost_warnings(edition: str, profile_path: Path) -> list[Finding]:
    """The school may keep citing the 2016 edition, but should know it has been replaced."""
    from .context import legal_basis

    gost = legal_basis()["gost"][edition]
    if gost.get("status") == "in_force":
        return []
    note = gost.get("note", "")
    return [
        Finding(
            "warning",
            str(profile_path),
            f"Документы ссылаются на {gost['code']}, который утратил силу. {note} Чтобы "
            'ссылаться на действующую редакцию, укажите в профиле acts.gost_edition: "2025".',
            requirement="legal.gost",
            source="generator/legal_basis.yaml",
        )
    ]


def output_name(spec: DocumentSpec) -> str:
    return f"{spec.output_stem}.docx"


def write_package(built: BuiltPackage, out_dir: Path) -> list[Path]:
    """All six files replace the old ones together, or none does (a full disk, a crash)."""
    from .write import write_all_atomic

    files = {out_dir / name: data for name, data in built.documents.items()}
    write_all_atomic(files)
    return list(files)
