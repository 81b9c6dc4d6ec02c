"""`profdocs check`: the real templates pass, and each docxtpl pitfall is reported.

Pitfall fixtures are tiny DOCX files built here: python-docx's blank document with a
hand-written body, so every case shows exactly the Word XML that causes it.
"""

from __future__ import annotations

import io
import json
import os
import re
import shutil
import subprocess
import sys
import zipfile
from functools import cache
from pathlib import Path

import jinja2
import pytest
from click.testing import CliRunner

from generator.check import check_template, check_templates, exit_code, format_report
from generator.diagnostics import Finding
from generator.documents import BY_TEMPLATE, DOCUMENTS
from generator.rules import requirements as rules

ROOT = Path(__file__).resolve().parents[1]
TEMPLATE_DIR = Path(os.environ.get("PROFDOCS_TEMPLATE_DIR", ROOT / "templates" / "docx"))
HAVE_TEMPLATES = all((TEMPLATE_DIR / d.template).is_file() for d in DOCUMENTS)
needs_templates = pytest.mark.skipif(
    not HAVE_TEMPLATES, reason=f"шаблонов ещё нет в {TEMPLATE_DIR}"
)


# --------------------------------------------------------------------------------------
# Fixture helpers
# --------------------------------------------------------------------------------------


@cache
def _blank() -> bytes:
    from docx import Document

    buf = io.BytesIO()
    Document().save(buf)
    return buf.getvalue()


def make_docx(path: Path, body: str, extra: dict[str, str] | None = None) -> Path:
    """A DOCX whose <w:body> is `body` (plus extra zip entries such as comments.xml)."""
    src = zipfile.ZipFile(io.BytesIO(_blank()))
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for info in src.infolist():
            data = src.read(info)
            if info.filename == "word/document.xml":
                text = re.sub(
                    r"<w:body>.*</w:body>",
                    lambda _: f"<w:body>{body}</w:body>",
                    data.decode(),
                    flags=re.S,
                )
                data = text.encode()
            z.writestr(info, data)
        for name, text in (extra or {}).items():
            z.writestr(name, text)
    return path


def p(*runs: str, style: str = "") -> str:
    ppr = f'<w:pPr><w:pStyle w:val="{style}"/></w:pPr>' if style else ""
    return f"<w:p>{ppr}{''.join(runs)}</w:p>"


def r(text: str, rpr: str = "") -> str:
    props = f"<w:rPr>{rpr}</w:rPr>" if rpr else ""
    return f'<w:r>{props}<w:t xml:space="preserve">{text}</w:t></w:r>'


def table(*rows: list[str]) -> str:
    trs = "".join(
        "<w:tr>" + "".join(f"<w:tc>{cell}</w:tc>" for cell in row) + "</w:tr>" for row in rows
    )
    return f"<w:tbl>{trs}</w:tbl>"


def issues(path: Path, doc_id: str = "consultation_journal") -> list[Finding]:
    """Findings that are not about missing requirements (a fixture has none of the text)."""
    return [f for f in check_template(path, doc_id) if not f.requirement]


def only(findings: list[Finding], severity: str = "error") -> Finding:
    picked = [f for f in findings if f.severity == severity]
    assert len(picked) == 1, [f.format() for f in findings]
    return picked[0]


# --------------------------------------------------------------------------------------
# The real templates
# --------------------------------------------------------------------------------------


@needs_templates
def test_real_templates_have_no_errors() -> None:
    findings = check_templates(TEMPLATE_DIR)
    errors = [f.format() for f in findings if f.severity == "error"]
    assert errors == []
    assert exit_code(findings) == 0


@needs_templates
def test_command_line(tmp_path: Path) -> None:
    ok = subprocess.run(
        [sys.executable, "-m", "generator", "check", str(TEMPLATE_DIR), "--json"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert ok.returncode == 0, ok.stdout + ok.stderr
    assert json.loads(ok.stdout)["ok"] is True

    broken = tmp_path / "templates"
    shutil.copytree(TEMPLATE_DIR, broken)
    (broken / DOCUMENTS[0].template).unlink()
    bad = subprocess.run(
        [sys.executable, "-m", "generator", "check", str(broken)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert bad.returncode == 1
    assert "Шаблон не найден" in bad.stdout

    usage = subprocess.run(
        [sys.executable, "-m", "generator", "check", str(tmp_path / "нет")],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert usage.returncode == 2


@needs_templates
def test_missing_and_extra_templates(tmp_path: Path) -> None:
    folder = tmp_path / "templates"
    shutil.copytree(TEMPLATE_DIR, folder)
    (folder / "05_plan_grid.docx").unlink()
    shutil.copy(folder / "06_consultation_journal.docx", folder / "07_лишний.docx")
    findings = check_templates(folder)
    missing = [f for f in findings if f.file == "05_plan_grid.docx"]
    assert [f.severity for f in missing] == ["error"]
    assert "Шаблон не найден" in missing[0].message
    extra = [f for f in findings if f.file == "07_лишний.docx"]
    assert [f.severity for f in extra] == ["warning"]


@needs_templates
def test_unused_fields_are_a_maintainers_listing() -> None:
    """Not the methodologist's to act on (validation requires many of them): only on request."""
    assert not [f for f in check_templates(TEMPLATE_DIR) if "не использует" in f.message]
    unused = [f for f in check_templates(TEMPLATE_DIR, unused=True) if "не использует" in f.message]
    assert len(unused) == 1 and unused[0].severity == "warning"
    school = next(
        line for line in unused[0].message.splitlines() if line.strip().startswith("school:")
    )
    assert "short_name" not in school  # every template prints it


@needs_templates
def test_one_file_is_checked(tmp_path: Path) -> None:
    from generator.cli import main

    runner = CliRunner()
    one = TEMPLATE_DIR / DOCUMENTS[1].template
    ok = runner.invoke(main, ["check", str(one)])
    assert ok.exit_code == 0 and "ошибок и предупреждений нет" in ok.output
    # the same text under another name: checked, but not against the appendices
    renamed = tmp_path / "Положение (правка методиста).docx"
    shutil.copy(one, renamed)
    other = runner.invoke(main, ["check", str(renamed)])
    assert other.exit_code == 0 and "разделы и пункты из приложений не проверены" in other.output
    # a file: its own errors, with its name
    broken = tmp_path / DOCUMENTS[1].template
    shutil.copy(one, broken)
    from tests.docx_edit import replace_in_template

    replace_in_template(broken, "Принцип конфиденциальности означает", "Принцип открытости")
    bad = runner.invoke(main, ["check", str(broken)])
    assert bad.exit_code == 1 and f"{DOCUMENTS[1].template}, body" in bad.output


def test_unused_fields_logic() -> None:
    from generator.check.jinja_types import unused_fields as _unused_fields

    unused = _unused_fields(
        {"school.short_name", "roles[].title", "plan.directions[].events[].marks[]"}
    )
    assert "school.short_name" not in unused and "school.full_name" in unused
    assert "roles[].title" not in unused and "roles[].functions" in unused
    assert "plan.directions[].events[].marks" not in unused
    assert "director" in unused  # a wholly unused person is named once
    assert not any(u.startswith("director.") for u in unused)


@needs_templates
def test_heading_style_lost(tmp_path: Path) -> None:
    from lxml import etree

    from generator.docx.parts import W_P, W_T

    src = TEMPLATE_DIR / "02_coordinator_regulation.docx"
    dst = tmp_path / src.name
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dst, "w") as zout:
        for info in zin.infolist():
            data = zin.read(info)
            if info.filename == "word/document.xml":
                root = etree.fromstring(data)
                for para in root.iter(W_P):
                    text = "".join(t.text or "" for t in para.iter(W_T))
                    if text.startswith("Принципы деятельности координатора"):
                        ppr = para.find(W_P.replace("}p", "}pPr"))
                        para.remove(ppr)
                data = etree.tostring(root, xml_declaration=True, encoding="UTF-8")
            zout.writestr(info, data)
    found = [f for f in check_template(dst, "coordinator_regulation") if f.severity == "error"]
    assert [f.requirement for f in found] == ["A2.section.principles"]
    assert "Заголовок 1" in found[0].message and found[0].location.startswith("абзац")


# --------------------------------------------------------------------------------------
# docxtpl pitfalls
# --------------------------------------------------------------------------------------


def test_clean_fixture_has_no_issues(tmp_path: Path) -> None:
    body = (
        p(r("Школа: {{ school.short_name }}, {{ coordinator.name.accusative }}"))
        + p(r("{%p for r in roles %}"))
        + p(r("{{ r.title }}\u00a0— {{ r.functions }}{{ ';' if not loop.last else '.' }}"))
        + p(r("{%p endfor %}"))
        + table(
            [p(r("{%tr for d in plan.directions %}"))],
            [p(r("{{ d.number }}. {{ d.title }}"))],
            [p(r("{%tr for e in d.events %}"))],
            [p(r("{{ e.marks[0] }} {{ e.responsible|upper }}"))],
            [p(r("{%tr endfor %}"))],
            [p(r("{%tr endfor %}"))],
        )
        + p(r("{% if acts.student_council %}{{ acts.student_council.number }}{% endif %}"))
    )
    assert issues(make_docx(tmp_path / "ok.docx", body)) == []


def test_split_tag_with_other_formatting_is_reported(tmp_path: Path) -> None:
    body = p(r("Школа: "), r("{{ school.", "<w:b/>"), r("short_name }}"))
    f = only(issues(make_docx(tmp_path / "t.docx", body)), "warning")
    assert "разным оформлением" in f.message
    assert f.snippet == "{{ school.short_name }}"
    assert f.location == "абзац 1" and f.part == "body"


def test_split_braces_with_other_formatting_are_reported(tmp_path: Path) -> None:
    body = p(r("{", "<w:i/>"), r("{ school.short_name }}"))
    f = only(issues(make_docx(tmp_path / "t.docx", body)), "warning")
    assert "{{ school.short_name }}" in f.message


def test_split_runs_same_formatting_are_fine(tmp_path: Path) -> None:
    # Word splits runs at spell-check marks and language changes; docxtpl joins them.
    body = p(
        r("{{ school.", '<w:lang w:val="en-US"/>'),
        '<w:proofErr w:type="spellStart"/>',
        r("short_name }}", '<w:lang w:val="ru-RU"/>'),
    )
    assert issues(make_docx(tmp_path / "t.docx", body)) == []


def test_what_docxtpl_repairs_and_what_not(tmp_path: Path) -> None:
    """The premise of the checks above, measured on docxtpl itself."""
    from docxtpl import DocxTemplate

    body = p(r("{{ school.", "<w:b/>"), r("short_name }}")) + p(r("{ { school.short_name }}"))
    tpl = DocxTemplate(make_docx(tmp_path / "t.docx", body))
    tpl.render({"school": {"short_name": "СОШ"}})
    buf = io.BytesIO()
    tpl.save(buf)
    xml = zipfile.ZipFile(buf).read("word/document.xml").decode()
    # joined across runs, in the first run's (bold) formatting ...
    assert re.search(r"<w:b/></w:rPr><w:t[^>]*>СОШ</w:t>", xml)
    # ... but a tag broken by a space stays in the document as text
    assert "{ { school.short_name }}" in xml


def test_tag_broken_by_space(tmp_path: Path) -> None:
    f = only(issues(make_docx(tmp_path / "t.docx", p(r("{ { school.short_name }}")))))
    assert "разорван пробелом" in f.message


def test_tag_across_paragraphs(tmp_path: Path) -> None:
    body = p(r("{{ school.")) + p(r("short_name }}"))
    found = [f for f in issues(make_docx(tmp_path / "t.docx", body)) if f.severity == "error"]
    assert [f.location for f in found] == ["абзац 1", "абзац 2"]
    assert "не закрыт" in found[0].message


def test_tag_split_across_hyperlink(tmp_path: Path) -> None:
    body = p(
        r("{{ school."),
        '<w:hyperlink r:id="rId99" xmlns:r="http://schemas.openxmlformats.org/'
        'officeDocument/2006/relationships">' + r("short_name }}") + "</w:hyperlink>",
    )
    f = only(issues(make_docx(tmp_path / "t.docx", body)))
    assert "гиперссылка" in f.message


@pytest.mark.parametrize("field", ["simple", "complex"])
def test_tag_kept_as_a_field_result(tmp_path: Path, field: str) -> None:
    """A MERGEFIELD whose result is the tag: Word's next field update brings the result back."""
    tag = r("{{ school.short_name }}")
    if field == "simple":
        inside = f'<w:fldSimple w:instr=" MERGEFIELD school ">{tag}</w:fldSimple>'
    else:
        inside = (
            '<w:r><w:fldChar w:fldCharType="begin"/></w:r>'
            '<w:r><w:instrText xml:space="preserve"> MERGEFIELD school </w:instrText></w:r>'
            f'<w:r><w:fldChar w:fldCharType="separate"/></w:r>{tag}'
            '<w:r><w:fldChar w:fldCharType="end"/></w:r>'
        )
    f = only(issues(make_docx(tmp_path / "t.docx", p(r("Школа: "), inside))))
    assert "внутри поля Word" in f.message and "Ctrl+Shift+F9" in f.message
    assert f.location == "абзац 1"
    # the same tag after the field (a page number, say) is fine
    after = inside.replace(tag, r("7")) + tag
    assert issues(make_docx(tmp_path / "ok.docx", p(after))) == []


def test_breaks_docxtpl_would_drop_with_a_p_paragraph(tmp_path: Path) -> None:
    page = '<w:r><w:br w:type="page"/></w:r>'
    before = "<w:pPr><w:pageBreakBefore/></w:pPr>"
    section = '<w:pPr><w:sectPr><w:pgSz w:w="11906" w:h="16838"/></w:sectPr></w:pPr>'
    body = (
        p(r("{%p if journal.pseudonymized %}"))
        + p(r("a"))
        + f"<w:p>{section}{r('{%p else %}')}</w:p>"
        + p(r("b"))
        + p(r("{%p endif %}"), page)
        + f"<w:p>{before}{r('{%p if acts.student_council %}')}</w:p>"
        + p(r("c"))
        + f"<w:p>{section}{r('{%p endif %}')}</w:p>"  # after the block: moved, fine
    )
    found = [f for f in issues(make_docx(tmp_path / "t.docx", body)) if f.severity == "error"]
    assert [(f.location, "раздела" in f.message) for f in found] == [
        ("абзац 3", True),
        ("абзац 5", False),
        ("абзац 6", False),
    ]
    assert all("разрыв" in f.message for f in found)


def test_tr_with_space(tmp_path: Path) -> None:
    body = table(
        [p(r("{% tr for r in roles %}"))],
        [p(r("{{ r.title }}"))],
        [p(r("{%tr endfor %}"))],
    )
    found = issues(make_docx(tmp_path / "t.docx", body))
    f = only(found)
    assert "{%tr" in f.message and "#603" in f.message
    assert f.location == "таблица 1, строка 1, ячейка 1"


def test_tr_with_space_jinja_view(tmp_path: Path) -> None:
    """Without the checker, docxtpl fails exactly as issues #603/#663 describe."""
    from docxtpl import DocxTemplate

    body = table([p(r("{% tr for r in roles %}"))], [p(r("{{ r }}"))], [p(r("{%tr endfor %}"))])
    tpl = DocxTemplate(make_docx(tmp_path / "t.docx", body))
    with pytest.raises(jinja2.TemplateSyntaxError, match="unknown tag 'tr'"):
        tpl.render({"roles": []})


def test_tr_spanning_two_tables(tmp_path: Path) -> None:
    body = (
        table([p(r("{%tr for r in roles %}"))], [p(r("{{ r.title }}"))])
        + p(r("между таблицами"))
        + table([p(r("{%tr endfor %}"))])
    )
    f = only(issues(make_docx(tmp_path / "t.docx", body)))
    assert "другой таблице" in f.message
    assert f.location == "таблица 2, строка 1, ячейка 1"


def test_tr_closed_by_p(tmp_path: Path) -> None:
    body = table([p(r("{%tr for r in roles %}"))], [p(r("{{ r.title }}"))]) + p(r("{%p endfor %}"))
    f = only(issues(make_docx(tmp_path / "t.docx", body)))
    assert "уровня строки таблицы" in f.message


def test_tr_outside_table(tmp_path: Path) -> None:
    body = p(r("{%tr for r in roles %}")) + p(r("{{ r.title }}")) + p(r("{%tr endfor %}"))
    found = [f for f in issues(make_docx(tmp_path / "t.docx", body)) if f.severity == "error"]
    assert found and all("вне таблицы" in f.message for f in found)


def test_text_beside_p_tag(tmp_path: Path) -> None:
    body = p(r("Текст рядом {%p if journal.blank %}")) + p(r("x")) + p(r("{%p endif %}"))
    f = only(issues(make_docx(tmp_path / "t.docx", body)))
    assert "Текст рядом" in f.message and "молча пропадёт" in f.message
    assert f.location == "абзац 1"


def test_text_beside_tr_tag(tmp_path: Path) -> None:
    body = table(
        [p(r("{%tr for r in roles %}")), p(r("Роль"))],
        [p(r("{{ r.title }}")), p(r(""))],
        [p(r("{%tr endfor %}")), p(r(""))],
    )
    f = only(issues(make_docx(tmp_path / "t.docx", body)))
    assert "Роль" in f.message and "всю строку" in f.message


def test_two_p_tags_in_one_paragraph(tmp_path: Path) -> None:
    body = p(r("{%p if journal.blank %}{%p endif %}"))
    f = only(issues(make_docx(tmp_path / "t.docx", body)))
    assert "несколько тегов" in f.message


def test_tracked_insertion_with_tag(tmp_path: Path) -> None:
    ins = '<w:ins w:id="1" w:author="Методист" w:date="2026-01-01T00:00:00Z">{}</w:ins>'
    body = p(r("Школа: "), ins.format(r("{{ school.short_name }}")))
    found = issues(make_docx(tmp_path / "t.docx", body))
    f = only(found)
    assert "исправление" in f.message and "Принять все" in f.message
    assert any(x.severity == "warning" and "непринятые исправления" in x.message for x in found)


def test_tracked_deletion_with_tag(tmp_path: Path) -> None:
    deleted = (
        '<w:del w:id="2" w:author="Методист" w:date="2026-01-01T00:00:00Z"><w:r>'
        '<w:delText xml:space="preserve">{{ school.full_name }}</w:delText></w:r></w:del>'
    )
    body = p(r("Школа: {{ school.short_name }}"), deleted)
    f = only(issues(make_docx(tmp_path / "t.docx", body)))
    assert "удаление" in f.message


COMMENTS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<w:comments xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
    '<w:comment w:id="0" w:author="Методист"><w:p><w:r><w:t>{}</w:t></w:r></w:p></w:comment>'
    "</w:comments>"
)


def test_comment_containing_tag(tmp_path: Path) -> None:
    body = p(r("Текст"))
    extra = {"word/comments.xml": COMMENTS.format("Вставить {{ school.short_name }}")}
    f = only(issues(make_docx(tmp_path / "t.docx", body, extra)))
    assert f.part == "comments" and "не обрабатывает комментарии" in f.message


def test_comment_range_over_tag(tmp_path: Path) -> None:
    body = p(
        '<w:commentRangeStart w:id="0"/>',
        r("{{ school.short_name }}"),
        '<w:commentRangeEnd w:id="0"/>',
        '<w:r><w:commentReference w:id="0"/></w:r>',
    )
    extra = {"word/comments.xml": COMMENTS.format("проверить название")}
    found = issues(make_docx(tmp_path / "t.docx", body, extra))
    f = only(found)
    assert "выделяет текст с тегом" in f.message and f.location == "абзац 1"
    assert any(x.severity == "warning" and "комментарии Word" in x.message for x in found)


def test_comment_inside_split_tag(tmp_path: Path) -> None:
    body = p(r("{{ school."), '<w:commentRangeStart w:id="0"/>', r("short_name }}"))
    extra = {"word/comments.xml": COMMENTS.format("?")}
    found = [
        f for f in issues(make_docx(tmp_path / "t.docx", body, extra)) if f.severity == "error"
    ]
    assert any("метка комментария" in f.message for f in found)


# --------------------------------------------------------------------------------------
# Jinja syntax and variables
# --------------------------------------------------------------------------------------


def test_misspelt_variable_with_did_you_mean(tmp_path: Path) -> None:
    f = only(issues(make_docx(tmp_path / "t.docx", p(r("{{ school.shortname }}")))))
    assert "school.shortname" in f.message
    assert "возможно, имелось в виду school.short_name" in f.message
    assert f.snippet == "{{ school.shortname }}" and f.location == "абзац 1"


def test_misspelt_nested_loop_fields(tmp_path: Path) -> None:
    body = table(
        [p(r("{%tr for d in plan.directions %}"))],
        [p(r("{%tr for e in d.events %}"))],
        [p(r("{{ e.markz[0] }}")), p(r("{{ loop.lst }}"))],
        [p(r("{%tr endfor %}"))],
        [p(r("{%tr endfor %}"))],
    )
    found = issues(make_docx(tmp_path / "t.docx", body))
    messages = sorted(f.message for f in found)
    assert len(messages) == 2, messages
    assert "возможно, имелось в виду e.marks" in messages[1] or "e.marks" in messages[0]
    assert any("plan.directions[].events[]" in m for m in messages)
    assert any("loop.last" in m for m in messages)
    assert {f.location for f in found} == {
        "таблица 1, строка 3, ячейка 1",
        "таблица 1, строка 3, ячейка 2",
    }


def test_unknown_top_level_variable(tmp_path: Path) -> None:
    f = only(issues(make_docx(tmp_path / "t.docx", p(r("{{ coordinater.name.nominative }}")))))
    assert "возможно, имелось в виду coordinator" in f.message


def test_unknown_filter(tmp_path: Path) -> None:
    f = only(issues(make_docx(tmp_path / "t.docx", p(r("{{ school.short_name|uper }}")))))
    assert "фильтр" in f.message and "upper" in f.message


def test_field_of_a_list(tmp_path: Path) -> None:
    f = only(issues(make_docx(tmp_path / "t.docx", p(r("{{ roles.title }}")))))
    assert "это список" in f.message


def test_optional_and_nested_models(tmp_path: Path) -> None:
    body = p(
        r(
            "{{ acts.parent_council.date.words if acts.parent_council else '' }}"
            "{{ region.career_weeks[0].month_name }}{{ plan.approver.position.dative }}"
            "{% for w in region.career_weeks %}{{ w.when }}{% endfor %}"
            "{{ roles|map(attribute='title')|join(', ') }}"
        )
    )
    assert issues(make_docx(tmp_path / "t.docx", body)) == []


def test_map_attribute_checked(tmp_path: Path) -> None:
    body = p(r("{{ roles|map(attribute='titel')|join(', ') }}"))
    f = only(issues(make_docx(tmp_path / "t.docx", body)))
    assert "titel" in f.message and "title" in f.message


def test_unclosed_block_points_at_opener(tmp_path: Path) -> None:
    body = p(r("x")) + p(r("{%p for r in roles %}")) + p(r("{{ r.title }}")) + p(r("конец"))
    f = only(issues(make_docx(tmp_path / "t.docx", body)))
    assert "не закрыт" in f.message and "endfor" in f.message
    assert f.location == "абзац 2"


def test_stray_end_tag(tmp_path: Path) -> None:
    f = only(issues(make_docx(tmp_path / "t.docx", p(r("a")) + p(r("{%p endif %}")))))
    assert "Лишний тег" in f.message and f.location == "абзац 2"


def test_curly_quotes_inside_tag(tmp_path: Path) -> None:
    # Word's AutoCorrect turns ' into ’ and " into «»: read as the straight quotes typed.
    assert issues(make_docx(tmp_path / "a.docx", p(r("{{ ’x’ if journal.blank }}")))) == []
    assert issues(make_docx(tmp_path / "b.docx", p(r("{{ «x» if journal.blank }}")))) == []
    # A character no tag may hold is still reported, at its paragraph.
    f = only(issues(make_docx(tmp_path / "c.docx", p(r("a")) + p(r("{{ x № 1 }}")))))
    assert "Недопустимый символ «№»" in f.message and f.location == "абзац 2"


def test_header_variables_are_checked(tmp_path: Path) -> None:
    header = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<w:hdr xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
        + p(r("{{ school.shortname }}"))
        + "</w:hdr>"
    )
    path = make_docx(tmp_path / "t.docx", p(r("a")), {"word/header7.xml": header})
    f = only(issues(path))
    assert f.part == "header7" and "school.short_name" in f.message


def test_all_findings_in_one_run(tmp_path: Path) -> None:
    body = (
        p(r("{{ school.shortname }}"))
        + p(r("Текст {%p if journal.blank %}"))
        + p(r("{%p endif %}"))
        + table(
            [p(r("{% tr for r in roles %}"))], [p(r("{{ r.title }}"))], [p(r("{%tr endfor %}"))]
        )
    )
    found = [f for f in issues(make_docx(tmp_path / "t.docx", body)) if f.severity == "error"]
    assert len(found) == 3, [f.format() for f in found]


# --------------------------------------------------------------------------------------
# Report and exit code
# --------------------------------------------------------------------------------------


def test_json_report(tmp_path: Path) -> None:
    findings = check_template(
        make_docx(tmp_path / "t.docx", p(r("{{ school.shortname }}"))), "plan_grid"
    )
    data = json.loads(format_report(findings, as_json=True))
    assert data["ok"] is False
    assert data["errors"] == sum(f.severity == "error" for f in findings) > 0
    assert data["warnings"] == len(findings) - data["errors"]
    fields = {"severity", "file", "message", "part", "location", "snippet", "requirement", "source"}
    assert all(set(item) == fields for item in data["findings"])
    req = next(item for item in data["findings"] if item["requirement"] == "PLAN.column.mark")
    assert req["source"] and req["file"] == "t.docx"


def test_text_report_and_exit_codes() -> None:
    warning = Finding("warning", "a.docx", "Предупреждение", "body", "абзац 1", "x")
    error = Finding("error", "a.docx", "Ошибка", "body", "таблица 1, строка 2, ячейка 3", "y",
                    "A2.principle.confidentiality", "Прил. 2, разд. 3, п. 3.7")  # fmt: skip
    assert exit_code([]) == 0
    assert exit_code([warning]) == 0
    assert exit_code([warning, error]) == 1
    text = format_report([warning, error])
    assert "таблица 1, строка 2, ячейка 3" in text and "A2.principle.confidentiality" in text
    assert text.rstrip().endswith("исправлены.")
    assert "1 ошибка, 1 предупреждение" in text
    assert "ошибок и предупреждений нет" in format_report([])
    assert json.loads(format_report([], as_json=True))["ok"] is True


def test_broken_zip(tmp_path: Path) -> None:
    path = tmp_path / "t.docx"
    path.write_bytes(b"not a zip")
    f = only(check_template(path, "plan_grid"))
    assert "DOCX" in f.message


def test_nested_table_location(tmp_path: Path) -> None:
    inner = table([p(r("{{ school.shortname }}"))])
    body = table([p(r("внешняя")), p(r("ячейка")) + inner])
    f = only(issues(make_docx(tmp_path / "t.docx", body)))
    assert f.location == ("таблица 1, строка 1, ячейка 2 / вложенная таблица 2, строка 1, ячейка 1")


def test_requirement_locate(tmp_path: Path) -> None:
    from generator.docx import text as rq

    body = p(r("Общие положения"), style="Heading1") + table(
        [p(r("№ п/п")), p(r("Принцип конфиденциальности"))]
    )
    doc = rq.extract_docx(make_docx(tmp_path / "t.docx", body))
    req = next(
        x
        for x in rules.requirements_for("coordinator_regulation")
        if x.id.endswith("confidentiality")
    )
    assert req.locate(doc, template=True) == "body, таблица 1, строка 1, ячейка 2"
    general = next(
        x for x in rules.requirements_for("coordinator_regulation") if x.id.endswith("general")
    )
    assert general.locate(doc, template=True) == "body, абзац 1"


@needs_templates
@pytest.mark.parametrize(
    ("template", "bound", "broken"),
    [
        (
            "04_appointment_order.docx",
            "№\u00a0{{ acts.order.number }}",
            "№ {{ acts.order.number }}",
        ),
        ("01_work_regulation.docx", "и\u00a0т.\u00a0д.", "и т. д."),
    ],
)
def test_an_ordinary_space_where_a_no_break_one_belongs_is_reported(
    tmp_path: Path, template: str, bound: str, broken: str
) -> None:
    """A methodologist's «№ » typed with an ordinary space: check says where and how to fix."""
    from tests.docx_edit import replace_in_template

    path = tmp_path / template
    shutil.copy(TEMPLATE_DIR / template, path)
    doc_id = BY_TEMPLATE[template].id
    assert not [f for f in check_template(path, doc_id) if "неразрывный" in f.message]
    replace_in_template(path, bound, broken)
    found = [f for f in check_template(path, doc_id) if "неразрывный" in f.message]
    assert found and found[0].severity == "error"
    assert "Ctrl+Shift+Пробел" in found[0].message and found[0].location
