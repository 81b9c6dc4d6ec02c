"""Building the package: safe rendering, exact values, determinism and atomic writes."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest
import yaml
from docx import Document

from generator.documents import DOCUMENTS, documents_for
from generator.errors import BuildError
from generator.pipeline import VerificationFailed, output_name, render_package, write_package
from generator.russian.typography import typeset
from tests.docx_edit import broken_copy, replace_in_template

ROOT = Path(__file__).resolve().parent.parent
SCHOOLS = ROOT / "data" / "schools"
DEMO = SCHOOLS / "demo.yaml"
TEMPLATES = ROOT / "templates" / "docx"


def all_text(data: bytes) -> str:
    """Every paragraph of body, tables (nested too), headers and footers, one per line."""
    doc = Document(io.BytesIO(data))
    lines: list[str] = []

    def walk(container) -> None:
        for p in container.paragraphs:
            lines.append(p.text)
        for table in container.tables:
            for row in table.rows:
                for cell in row.cells:
                    walk(cell)

    walk(doc)
    for section in doc.sections:
        walk(section.header)
        walk(section.footer)
    return "\n".join(lines)


def write_profile(tmp_path: Path, mutate, name: str = "school.yaml") -> Path:
    data = yaml.safe_load(DEMO.read_text(encoding="utf-8"))
    mutate(data)
    path = tmp_path / name
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


@pytest.mark.parametrize("profile", sorted(SCHOOLS.glob("*.yaml")), ids=lambda p: p.stem)
def test_every_shipped_school_builds_every_document(profile: Path, tmp_path: Path) -> None:
    from generator.validate import load_valid

    built = render_package(profile)
    grades = load_valid(profile).profile.school_grades.profminimum  # 6–11: the Единая модель
    assert bool(grades) == (profile.stem != "raduga")  # the sample primary school has none
    assert list(built.documents) == [output_name(d) for d in documents_for(bool(grades))]
    paths = write_package(built, tmp_path / built.school_id)
    assert [p.name for p in paths] == list(built.documents)
    for path in paths:
        text = all_text(path.read_bytes())
        assert "{{" not in text and "{%" not in text


HOSTILE = "МАОУ «СОШ № 5» & <школа> \"кавычки\" 'апостроф' ёлка {{ 7*7 }} {% if x %}"


def test_special_characters_survive_exactly(tmp_path: Path) -> None:
    def mutate(data: dict) -> None:
        data["school"]["short_name"] = HOSTILE
        data["school"]["address"] = "634000, г. Томск,\nул. Учебная, д. 7"
        data["journal"]["entries"][0]["topic"] = "Строка один\nстрока два & <три>"

    built = render_package(write_profile(tmp_path, mutate))
    texts = {name: all_text(data) for name, data in built.documents.items()}
    order = texts[output_name(DOCUMENTS[3])]
    # typeset as every value is («…», a no-break space after «№»), and nothing else changed
    hostile = typeset(HOSTILE)
    assert hostile == "МАОУ «СОШ №\u00a05» & <школа> «кавычки» 'апостроф' ёлка {{ 7*7 }} {% if x %}"
    assert hostile in order
    # Nothing after the value was lost (docxtpl without autoescape drops the rest silently).
    assert "С приказом ознакомлены" in order
    assert order.index(hostile) < order.index("С приказом ознакомлены")
    journal = texts[output_name(DOCUMENTS[5])]
    assert "Строка один\nстрока два & <три>" in journal
    assert "49" not in journal.split("Строка один")[0][-5:]
    for spec in DOCUMENTS[:4]:  # stamps and requisites name the school by its short name
        assert hostile in texts[output_name(spec)], spec.id


def test_build_is_deterministic(tmp_path: Path) -> None:
    first = render_package(DEMO).documents
    second = render_package(DEMO).documents
    assert first == second
    for data in first.values():
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            assert {i.date_time for i in zf.infolist()} == {(1980, 1, 1, 0, 0, 0)}
            core = zf.read("docProps/core.xml").decode()
            assert "2026-08-31T00:00:00Z" in core
            assert "МАОУ СОШ №\u00a077 г.\u00a0Томска" in core


def test_missing_variable_names_the_variable_and_the_document(tmp_path: Path) -> None:
    templates = broken_copy(
        TEMPLATES,
        tmp_path / "templates",
        "04_appointment_order.docx",
        "school.name_with_short",
        "school.fullname",
    )
    with pytest.raises(BuildError) as info:
        render_package(DEMO, templates)
    message = str(info.value)
    assert "fullname" in message
    assert "Приказ о назначении координатора" in message
    assert "04_appointment_order.docx" in message


def test_sandbox_blocks_template_code(tmp_path: Path) -> None:
    templates = broken_copy(
        TEMPLATES,
        tmp_path / "templates",
        "04_appointment_order.docx",
        "school.name_with_short",
        "school.name_with_short.__class__.__mro__[1].__subclasses__()",
    )
    with pytest.raises(BuildError) as info:
        render_package(DEMO, templates)
    assert "недопустимую операцию" in str(info.value) or "не существует" in str(info.value)


def test_failed_build_keeps_previous_output(tmp_path: Path, monkeypatch) -> None:
    out = tmp_path / "out"
    good = render_package(DEMO)
    write_package(good, out)
    before = {p.name: p.read_bytes() for p in out.iterdir()}

    import generator.verify as verify

    real = verify.verify_document

    def failing(doc_id: str, data: bytes, name: str, facts=None, **kwargs):
        findings = list(real(doc_id, data, name, facts, **kwargs))
        if doc_id == "appointment_order":
            from generator.diagnostics import Finding

            findings.append(Finding("error", name, "нарочно сломанная проверка"))
        return findings

    monkeypatch.setattr(verify, "verify_document", failing)
    with pytest.raises(VerificationFailed) as info:
        render_package(DEMO)
    assert "нарочно сломанная проверка" in str(info.value.findings)
    after = {p.name: p.read_bytes() for p in out.iterdir()}
    assert after == before


def test_interrupted_write_leaves_no_partial_file(tmp_path: Path, monkeypatch) -> None:
    from generator import write

    out = tmp_path / "out"
    write_package(render_package(DEMO), out)
    before = {p.name: p.read_bytes() for p in out.iterdir()}
    changed = render_package(
        write_profile(tmp_path, lambda d: d["acts"]["order"].update(number="999-о"))
    )
    assert changed.documents != render_package(DEMO).documents
    calls = {"n": 0}
    real_sync = write._sync

    def full_disk(fd: int) -> None:
        calls["n"] += 1
        if calls["n"] == 4:  # the fourth document hits a full disk
            raise OSError(28, "No space left on device")
        real_sync(fd)

    monkeypatch.setattr(write, "_sync", full_disk)
    with pytest.raises(BuildError):
        write_package(changed, out)
    # Not half old, half new: every file as before, and no temporary files left behind.
    assert {p.name: p.read_bytes() for p in out.iterdir()} == before


def test_custom_plan_keeps_the_regional_weeks(tmp_path: Path) -> None:
    def mutate(data: dict) -> None:
        data.pop("work_log", None)  # its entries name events of the default plan
        data["plan"] = {
            "events": [
                {
                    "title": "Экскурсия на предприятие",
                    "direction": "practice",
                    "activity": "employers",
                    "months": [10],
                    "classes": "6–11",
                    "responsible": ["coordinator"],
                    "partners": ["ООО «Томскнефтехим»"],
                    "hours": 60,  # the level's minimum: a custom plan must reach it
                }
            ]
        }

    built = render_package(write_profile(tmp_path, mutate))
    plan = all_text(built.documents[output_name(DOCUMENTS[4])])
    assert "Экскурсия на предприятие" in plan
    assert plan.count("Единая неделя профориентации") >= 2


def test_pseudonymized_journal_carries_no_names() -> None:
    journal_name = output_name(DOCUMENTS[5])
    plain = all_text(render_package(DEMO).documents[journal_name])
    coded = all_text(render_package(DEMO, pseudonymize=True).documents[journal_name])
    entries = yaml.safe_load(DEMO.read_text(encoding="utf-8"))["journal"]["entries"]
    for entry in entries:
        assert entry["person"] in plain
        if entry["form"] == "групповая":  # «9Б класс» names no one: it keeps its text
            assert entry["person"] in coded
        else:
            assert entry["person"] not in coded
    # Codes by first appearance and category: stable across builds.
    assert "О-001" in coded and "Р-001" in coded and "О-002" not in coded
    assert coded == all_text(render_package(DEMO, pseudonymize=True).documents[journal_name])
    assert "заменены кодами (обезличивание персональных данных" in coded


def test_build_refuses_a_template_that_lost_a_required_principle(tmp_path: Path) -> None:
    templates = broken_copy(
        TEMPLATES,
        tmp_path / "templates",
        "02_coordinator_regulation.docx",
        "Принцип конфиденциальности означает",
        "Принцип открытости означает",
    )
    out = tmp_path / "out"
    with pytest.raises(VerificationFailed) as info:
        write_package(render_package(DEMO, templates), out)
    ids = {f.requirement for f in info.value.findings}
    assert "A2.principle.confidentiality" in ids
    assert not out.exists()


def test_journal_findings_never_quote_pupils(tmp_path: Path) -> None:
    # A methodologist's slip: the title page prints the first consultee, not the coordinator.
    templates = broken_copy(
        TEMPLATES,
        tmp_path / "templates",
        "06_consultation_journal.docx",
        "{{ coordinator.name.nominative }}",
        "{{ journal.entries[0].person }}",
    )
    # the access note names the coordinator too
    replace_in_template(
        templates / "06_consultation_journal.docx",
        "{{ journal.access }}",
        "{{ journal.retention }}",
    )
    with pytest.raises(VerificationFailed) as info:
        render_package(DEMO, templates)
    journal = output_name(DOCUMENTS[5])
    findings = [f for f in info.value.findings if f.file == journal]
    assert findings, "the missing coordinator must be reported for the journal"
    text = "\n".join(f.format() for f in info.value.findings)
    for entry in yaml.safe_load(DEMO.read_text(encoding="utf-8"))["journal"]["entries"]:
        assert entry["person"] not in text


def _realistic(data: dict) -> None:
    data["school"]["full_name"] = (
        "Муниципальное автономное общеобразовательное учреждение «Школа „Эврика“» г. Томска"
    )
    data["school"]["short_name"] = "МАОУ «Школа „Эврика“»"
    data["acts"]["order"]["number"] = "124 о"
    data["staff"]["ivanova"]["name"] = "Иванова Мария-Луиза Петровна"
    data["staff"]["ivanova"]["position"] = "Учитель географии"
    data["staff"]["kuznetsova"]["name"] = "Кузнецо\u0301ва Елена Викторовна"
    data["journal"]["entries"][0]["grade"] = 9


REAL_VALUES = {
    "nested quotes": lambda d: d["school"].update(
        full_name="Муниципальное автономное общеобразовательное учреждение «Школа „Эврика“»",
        short_name="МАОУ «Школа „Эврика“»",
    ),
    "order number with a space": lambda d: d["acts"]["order"].update(number="124 о"),
    "double given name": lambda d: d["staff"]["ivanova"].update(
        name="Иванова Мария-Луиза Петровна"
    ),
    "stress mark": lambda d: d["staff"]["ivanova"].update(name="Ивано\u0301ва Мария Петровна"),
    "all at once": _realistic,
}


@pytest.mark.parametrize("case", list(REAL_VALUES))
def test_values_real_schools_have_build(case: str, tmp_path: Path) -> None:
    built = render_package(write_profile(tmp_path, REAL_VALUES[case]))
    assert len(built.documents) == len(DOCUMENTS)


def test_real_values_print_as_written(tmp_path: Path) -> None:
    built = render_package(write_profile(tmp_path, _realistic))
    # no-break spaces (issue 10) stand where typography wants them; the words are as written
    order = all_text(built.documents[output_name(DOCUMENTS[3])]).replace("\xa0", " ")
    assert "учреждение «Школа „Эврика“» г. Томска (МАОУ «Школа „Эврика“»)" in order
    assert "№ 124 о" in order
    assert "Назначить Иванову Марию-Луизу Петровну, учителя географии," in order
    assert "Координатору по профессиональной ориентации М.-Л.П. Ивановой" in order
    assert "Е.В. Кузнецо\u0301ва" in order
    assert "Иванова М.-Л.П." in order
    stamp = all_text(built.documents[output_name(DOCUMENTS[2])]).replace("\xa0", " ")
    assert "к приказу от 31.08.2026 № 124 о" in stamp
    journal = all_text(built.documents[output_name(DOCUMENTS[5])])
    assert "\n9\n" in journal


def test_a_journal_entry_may_name_someone_after_a_role_word(tmp_path: Path) -> None:
    """The person check compares the names templates print with the role holders; a name in
    the school's own text («направлена к заместителю директора по УВР …») is no such name."""

    def mutate(data: dict) -> None:
        data["journal"]["entries"][1]["result"] = (
            "Направлена к заместителю директора по УВР Морозовой Ирине Сергеевне"
        )

    built = render_package(write_profile(tmp_path, mutate))
    journal = all_text(built.documents[output_name(DOCUMENTS[5])])
    assert "по УВР Морозовой Ирине Сергеевне" in journal


def test_a_declined_value_that_looks_like_a_tag_is_still_the_values(tmp_path: Path) -> None:
    """A post is declined and typeset before it is printed: a «{{» in it is still the
    value's, not a tag the template left behind."""

    def mutate(data: dict) -> None:
        data["staff"]["ivanova"]["position"] = "Учитель географии {{ 1 }}"

    built = render_package(write_profile(tmp_path, mutate))
    order = all_text(built.documents[output_name(DOCUMENTS[3])]).replace("\xa0", " ")
    assert "учителя географии {{ 1 }}" in order


def test_a_name_inside_the_schools_name_is_not_a_role_holders(tmp_path: Path) -> None:
    """«Положение о деятельности координатора <школы>»: a person in the school's name, in
    any of its cases, is not the coordinator named wrongly."""
    path = write_profile(
        tmp_path, lambda d: d["school"].update(full_name="Школа Петрова Анна Ивановна")
    )
    assert len(render_package(path).documents) == len(DOCUMENTS)


def test_a_rendered_part_that_is_not_xml_is_a_build_error(tmp_path: Path, monkeypatch) -> None:
    """The safety net behind check's gate: never «Внутренняя ошибка», never a file."""
    from generator import render

    real = render.CompiledTemplate.render

    def broken(self, context, document):  # type: ignore[no-untyped-def]
        parts = real(self, context, document)
        if self.path.name == "04_appointment_order.docx":
            parts["word/document.xml"] = parts["word/document.xml"].replace(b"</w:body>", b"")
        return parts

    monkeypatch.setattr(render.CompiledTemplate, "render", broken)
    out = tmp_path / "out"
    with pytest.raises(BuildError) as info:
        write_package(render_package(DEMO), out)
    message = str(info.value)
    assert "word/document.xml" in message and "04_appointment_order.docx" in message
    assert not out.exists()


def test_verification_refuses_a_line_that_may_break_after_the_number_sign(tmp_path: Path) -> None:
    """Where a template's text meets a value («№ » + «124-о»), verification sees the space."""
    templates = broken_copy(
        TEMPLATES,
        tmp_path / "templates",
        "04_appointment_order.docx",
        "№\u00a0{{ acts.order.number }}",
        "№ {{ acts.order.number }}",
    )
    with pytest.raises(VerificationFailed) as info:
        render_package(DEMO, templates)
    found = [f for f in info.value.findings if f.requirement == "typography.nbsp"]
    assert found and "после «№»" in found[0].message
