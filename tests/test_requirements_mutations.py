"""Proof that `profdocs check` can fail: one mutation per requirement of requirements.yaml.

For every requirement, a copy of the real template loses the paragraphs (or table cells)
that satisfy it, and `check_template` must then report an error naming that requirement.
A requirement that survives the deletion of everything that matched it would mean the
checker cannot see it go missing — a defect in the checker or in the requirement.
"""

from __future__ import annotations

import os
import zipfile
from pathlib import Path

import pytest
from lxml import etree

from generator.check import check_template
from generator.documents import BY_ID
from generator.docx import text as rq
from generator.rules import requirements as rules

ROOT = Path(__file__).resolve().parents[1]
TEMPLATE_DIR = Path(os.environ.get("PROFDOCS_TEMPLATE_DIR", ROOT / "templates" / "docx"))

REQUIREMENTS = sorted(rules.all_requirements(), key=lambda r: (list(BY_ID).index(r.document), r.id))


def template_of(doc_id: str) -> Path:
    path = TEMPLATE_DIR / BY_ID[doc_id].template
    if not path.is_file():
        pytest.skip(f"шаблона {path.name} ещё нет в {TEMPLATE_DIR}")
    return path


def without_blocks(src: Path, dst: Path, req: rules.Requirement) -> list[str]:
    """Copy `src` to `dst` minus every block where `req` matches; returns their texts."""
    with zipfile.ZipFile(src) as zf:
        entries = [(info, zf.read(info)) for info in zf.infolist()]
    parts = {info.filename: data for info, data in entries}
    roots: dict[str, etree._Element] = {}
    doc = rq.extract(parts, roots)
    hits = req.find_all(doc, template=True)
    for block in hits:
        if block.kind == "paragraph":
            block.element.getparent().remove(block.element)
        else:  # a cell keeps one empty paragraph, as Word requires
            for para in block.paragraphs:
                para.element.getparent().remove(para.element)
            etree.SubElement(block.element, rq.W_P)
    changed = {
        name: etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
        for name, root in roots.items()
    }
    with zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED) as zf:
        for info, data in entries:
            zf.writestr(info, changed.get(info.filename, data))
    return [b.text for b in hits]


@pytest.mark.parametrize("req", REQUIREMENTS, ids=lambda r: f"{r.document}:{r.id}")
def test_check_fails_without_requirement(req: rules.Requirement, tmp_path: Path) -> None:
    src = template_of(req.document)
    mutated = tmp_path / src.name
    removed = without_blocks(src, mutated, req)
    assert removed, f"{req.id}: в исходном шаблоне требование не найдено — нечего удалять"
    findings = check_template(mutated, req.document)
    named = [f for f in findings if f.requirement == req.id and f.severity == "error"]
    assert named, (
        f"{req.id}: после удаления {removed!r} check не сообщил об этом требовании; "
        f"получено: {[f.requirement or f.message[:60] for f in findings]}"
    )
    assert req.source in named[0].source
    assert named[0].file == src.name


def test_every_document_has_requirements() -> None:
    assert {r.document for r in REQUIREMENTS} == set(BY_ID)


def test_requirement_ids_are_unique_per_document() -> None:
    seen = [(r.document, r.id) for r in REQUIREMENTS]
    assert len(seen) == len(set(seen))


def test_requirements_cover_the_appendices() -> None:
    """The counts issue #4 asks for, so a requirement deleted from the YAML is noticed."""

    def count(doc_id: str, prefix: str) -> int:
        return sum(r.id.startswith(prefix) for r in rules.requirements_for(doc_id))

    assert count("work_regulation", "A1.section.") == 8
    assert count("work_regulation", "A1.term.") == 7
    assert count("work_regulation", "A1.principle.") == 5
    assert count("work_regulation", "A1.direction.") == 5
    assert count("work_regulation", "A1.role.") == 11  # п. 7.1 and the deputy for УВР (п. 8.2)
    assert count("work_regulation", "A1.body.") == 5
    assert count("work_regulation", "A1.record.") == 4
    assert count("coordinator_regulation", "A2.section.") == 6
    assert count("coordinator_regulation", "A2.principle.") == 9
    assert count("coordinator_regulation", "A2.direction.") == 7  # the seed's fused 5th split
    assert count("coordinator_regulation", "A2.activity.") == 7
    assert count("coordinator_regulation", "A2.record.") == 4
    assert count("coordinator_duties", "A3.section.") == 4
    assert count("coordinator_duties", "A3.know.") == 16
    assert count("coordinator_duties", "A3.duty.") == 11
    assert count("coordinator_duties", "A3.right.") == 4
    assert count("appointment_order", "ORD.record.") == 4
    assert count("plan_grid", "PLAN.direction.") == 7
    assert count("plan_grid", "PLAN.week.") == 2
    assert count("consultation_journal", "JRN.column.") == 9
    assert count("work_log", "WLOG.column.") == 8
    assert count("analytic_note", "NOTE.") == 6
    for doc_id, prefix in (("work_regulation", "A1"), ("coordinator_regulation", "A2"),
                           ("coordinator_duties", "A3")):  # fmt: skip
        assert count(doc_id, f"{prefix}.acquaintance") == 3  # the familiarisation sheets
    for doc_id in BY_ID:
        assert "REQ.org_name" in {r.id for r in rules.requirements_for(doc_id)}
