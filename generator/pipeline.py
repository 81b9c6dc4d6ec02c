"""The whole way from a profile to a folder of ready-to-sign documents, stage by stage:

    load → validate → context → render → verify → write

Nothing is written until all six documents of a school have rendered and passed
verification, so a school's folder always holds a complete, consistent package.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING

from . import verify
from .diagnostics import Finding
from .documents import PERSONAL_DOCUMENTS, DocumentSpec, documents_for, output_name
from .edition import Edition
from .errors import BuildError, VerificationFailed
from .paths import DEFAULT_TEMPLATES
from .write import PackedDocument

if TYPE_CHECKING:
    from .validate import ValidProfile

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
    edition: Edition | None = None  # of the templates, recorded in every document


def render_package(
    profile: Path | ValidProfile,
    templates: Path = DEFAULT_TEMPLATES,
    *,
    pseudonymize: bool = False,
    verify: bool = True,
) -> BuiltPackage:
    """Everything but the disk: validated, rendered and verified bytes of the documents.

    `profile`: a profile file, or one already validated (the web form validates the text it
    was sent as the file it will be saved to)."""
    from .context import build_context
    from .edition import load_edition
    from .render import load_template
    from .validate import ValidProfile, load_valid
    from .write import CoreProps, package

    valid = profile if isinstance(profile, ValidProfile) else load_valid(profile)
    ctx_model = build_context(valid, pseudonymize=pseudonymize)
    ctx = ctx_model.model_dump()
    edition = load_edition(templates)
    built = BuiltPackage(valid.school_id, edition=edition)
    built.warnings.extend(valid.warnings)
    if ctx_model.note.missing:  # once per school, listing every gap of the analytic note
        built.warnings.append(_note_gaps(valid, ctx_model.note.missing))
    packed: dict[str, PackedDocument] = {}
    errors: list[Finding] = []
    facts = (
        _verification.PackageFacts.from_context(ctx_model, ctx, valid.school_texts())
        if verify
        else None
    )
    specs = documents_for(ctx_model.profminimum.applies)
    for spec in specs:
        template = load_template(templates / spec.template, edition)
        parts = template.render(ctx, spec.title)
        props = CoreProps(
            title=spec.title,
            creator=ctx_model.school.short_name,
            subject=f"Профориентация, {ctx_model.year.label} учебный год",
            date_iso=ctx_model.acts.order.date.iso,
        )
        document = package(template, parts, props)
        if verify:
            found = _verify_document(spec, document, parts, facts)
            for finding in found:
                finding = _private(finding, spec.personal)
                (errors if finding.severity == "error" else built.warnings).append(finding)
        packed[spec.id] = document
        built.documents[spec.file_name] = document.data
    if facts is not None:
        personal = {spec.file_name for spec in specs if spec.id in PERSONAL_DOCUMENTS}
        for finding in _verification.verify_package(packed, facts):
            finding = _private(finding, finding.file in personal)
            (errors if finding.severity == "error" else built.warnings).append(finding)
    if errors:
        raise VerificationFailed(errors)
    return built


def _note_gaps(valid: ValidProfile, missing: list[str]) -> Finding:
    from .diagnostics import Diagnostic

    return Diagnostic.at(
        str(valid.path),
        0,
        0,
        ("monitoring",),
        "В информационно-аналитической справке оставлены строки для заполнения от руки: "
        "нет данных для показателей «" + "», «".join(missing) + "». Добавьте в профиль "
        "журнал учёта выполненной работы (work_log) и показатели мониторинга (monitoring).",
        severity="warning",
    )


# The module, looked up at call time: a test may stand in for one of its checks.
_verification = verify


def _verify_document(
    spec: DocumentSpec,
    document: PackedDocument,
    parts: dict[str, bytes],
    facts: verify.PackageFacts | None,
) -> list[Finding]:
    """verify_document, with XML the renderer should never have made reported as a build
    error naming the template and the part (check's gate makes it unlikely, not impossible)."""
    from lxml import etree

    try:
        return _verification.verify_document(spec.id, document, spec.file_name, facts)
    except etree.XMLSyntaxError as exc:
        broken = ""
        for name, xml in parts.items():
            try:
                etree.fromstring(xml)
            except etree.XMLSyntaxError:
                broken = name
                break
        raise BuildError(
            f"Документ «{spec.title}» получился повреждённым: XML части {broken or '?'} "
            f"не читается ({exc.msg}). Такой документ не записывается. Проверьте шаблон "
            f"{spec.template} командой «profdocs check»."
        ) from None


def _private(finding: Finding, personal: bool) -> Finding:
    """A finding about the journal says where, never what: the text there names minors."""
    return replace(finding, snippet="") if personal and finding.snippet else finding


def write_package(
    built: BuiltPackage,
    out_dir: Path,
    *,
    pdf: bool = False,
    pdf_copies: PdfCopies | None = None,
) -> list[Path]:
    """The school's folder `out_dir` replaced whole: all six files (and with `pdf` their PDF
    copies) are the new ones, or the old folder stays as it was (a full disk, a crash).

    PDF copies are made inside the new folder before it replaces the old one: by LibreOffice
    there and then, or by `pdf_copies`, which puts copies already made (a batch converts a
    chunk of schools in one LibreOffice run) into it. If LibreOffice failed, the DOCX still
    replace the old package (without stale PDFs of another order) and the error says so.
    """
    from .write import replace_folder

    failed: list[BuildError] = []

    def convert(staging: Path) -> list[str]:
        from . import pdf as pdf_module

        make = pdf_copies or pdf_module.convert_to_pdf
        try:
            pdfs = make([staging / name for name in built.documents], staging)
        except BuildError as exc:
            failed.append(exc)
            return []
        return [p.name for p in pdfs]

    files = replace_folder(out_dir, built.documents, convert if pdf else None)
    if failed:
        raise BuildError(
            f"Документы DOCX записаны в папку {out_dir}, но PDF-копии не созданы: {failed[0]}"
        )
    return files


# (the package's DOCX in the new folder, that folder) → the PDF copies put there, or a
# BuildError saying why there are none
PdfCopies = Callable[[list[Path], Path], list[Path]]
