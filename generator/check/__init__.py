"""`profdocs check`: the CI gate for methodologists who edit the DOCX templates.

A template can go wrong in ways nobody sees until a school prints its documents: a
principle deleted while editing, a Jinja tag that Word split or that docxtpl silently
drops, a misspelt variable that only fails for the one school whose profile reaches it.
This finds all of that in one run, without rendering: `markup` reads each template's XML
and lints it, `jinja_types` checks its variables against the context model, `report`
says it in Russian.
"""

from __future__ import annotations

from pathlib import Path

from ..diagnostics import Finding
from ..documents import BY_TEMPLATE, DOCUMENTS
from ..docx.opc import Entries
from ..edition import manifest_findings
from .jinja_types import unused_fields
from .markup import TemplateCheck
from .report import exit_code, format_outdated, format_report

__all__ = [
    "check_file",
    "check_template",
    "check_templates",
    "exit_code",
    "format_outdated",
    "format_report",
    "gate",
]


def check_templates(template_dir: Path, unused: bool = False) -> list[Finding]:
    """All six templates of documents.py and the folder's edition.yaml; with `unused`, also
    the context fields no template uses (a maintainer's list: validation requires many of
    them, so they are not the methodologist's to act on)."""
    template_dir = Path(template_dir)
    findings: list[Finding] = []
    used: set[str] = set()
    checked = 0
    for spec in DOCUMENTS:
        path = template_dir / spec.template
        if not path.is_file():
            findings.append(
                Finding(
                    "error",
                    spec.template,
                    f"Шаблон не найден: {path}. Верните файл «{spec.template}» "
                    f"(«{spec.title}») в папку {template_dir}.",
                )
            )
            continue
        run = TemplateCheck(path, spec.id)
        findings += run.run()
        used |= run.used
        checked += run.parsed
    if template_dir.is_dir():
        for extra in sorted(template_dir.glob("*.docx")):
            if extra.name in BY_TEMPLATE or extra.name.startswith("~$"):
                continue
            findings.append(
                Finding(
                    "warning",
                    extra.name,
                    "Этот файл не относится ни к одному документу пакета, генератор его не "
                    "читает. Ожидаемые имена: "
                    + ", ".join(d.template for d in DOCUMENTS)
                    + ". Переименуйте файл или уберите его из папки шаблонов.",
                )
            )
    if template_dir.is_dir():
        findings += manifest_findings(template_dir)
    if unused and checked == len(DOCUMENTS):
        fields = unused_fields(used)
        if fields:
            findings.append(
                Finding(
                    "warning",
                    str(template_dir),
                    f"Поля контекста, которые не использует ни один шаблон ({len(fields)}). "
                    "Многие из них профиль обязан содержать (их требует проверка профиля); "
                    "если эти сведения нужны в документах, вставьте их в шаблон:\n"
                    + _group_paths(fields),
                )
            )
    return findings


def check_file(path: Path) -> list[Finding]:
    """One template file, checked against the document its name stands for; a file whose
    name is not a template's is checked for everything but the appendices' requirements."""
    path = Path(path)
    spec = BY_TEMPLATE.get(path.name)
    if spec is not None:
        return TemplateCheck(path, spec.id).run()
    note = Finding(
        "warning",
        path.name,
        "Имя файла не совпадает ни с одним шаблоном пакета ("
        + ", ".join(d.template for d in DOCUMENTS)
        + "), поэтому разделы и пункты из приложений не проверены. Назовите файл как шаблон, "
        "который он заменяет, чтобы проверить и их.",
    )
    return [note, *TemplateCheck(path, "").run()]


def _group_paths(paths: list[str]) -> str:
    """One line per top-level field; siblings folded: director.short.{genitive, dative}."""
    lines: dict[str, dict[str, list[str]]] = {}
    for path in paths:
        head, _, rest = path.partition(".")
        parent, _, leaf = rest.rpartition(".")
        lines.setdefault(head, {}).setdefault(parent, []).append(leaf)
    out = []
    for head, parents in lines.items():
        items = []
        for parent, leaves in parents.items():
            if not parent and leaves == [""]:
                items.append("целиком")
            elif len(leaves) == 1:
                items.append(f"{parent}.{leaves[0]}" if parent else leaves[0])
            else:
                inner = ", ".join(leaves)
                items.append(f"{parent}.{{{inner}}}" if parent else inner)
        out.append(f"    {head}: {', '.join(items)}")
    return "\n".join(out)


def check_template(path: Path, doc_id: str) -> list[Finding]:
    """Everything wrong with one template (no unused-field warnings: those need all six)."""
    return TemplateCheck(Path(path), doc_id).run()


def gate(file: str, entries: Entries, jinja: bool = True) -> list[Finding]:
    """What makes a template unusable, as `check` words it: `build` refuses on any of it.

    `jinja=False` leaves out Jinja's syntax, for a caller that compiles the template
    anyway and asks again, with it, only when compiling fails.
    """
    return TemplateCheck(Path(file), "", entries=entries).gate(jinja)
