"""What the five sample schools' documents say: the findings of issue 10, one test each.

demo (a city school 1–11), mirny (a rural school with delegated functions), novonikolskoe
(a basic village school 1–9, ASCII quotes, a ФАП feldsher, a ППМС-центр), raduga (a
primary school 1–4), lyceum53 (a city lyceum 5–11, two deputies, 26 staff).
"""

from __future__ import annotations

import functools
import re
import shutil
from pathlib import Path

import pytest
import yaml

from generator.documents import DOCUMENTS
from generator.errors import ProfileInvalid
from generator.pipeline import render_package
from generator.validate import load_valid
from tests.test_build import all_text

ROOT = Path(__file__).resolve().parent.parent
SCHOOLS = ROOT / "data" / "schools"
SAMPLES = ("demo", "mirny", "novonikolskoe", "raduga", "lyceum53")
IDS = [d.id for d in DOCUMENTS]
NB = "\u00a0"


@functools.cache
def texts(school: str, pseudonymize: bool = False) -> dict[str, str]:
    """Document id → its text, no-break spaces read as spaces (they are tested apart)."""
    built = render_package(SCHOOLS / f"{school}.yaml", pseudonymize=pseudonymize)
    by_file = {d.file_name: d.id for d in DOCUMENTS}
    return {
        by_file[name]: all_text(data).replace(NB, " ") for name, data in built.documents.items()
    }


@functools.cache
def raw_texts(school: str) -> dict[str, str]:
    built = render_package(SCHOOLS / f"{school}.yaml")
    by_file = {d.file_name: d.id for d in DOCUMENTS}
    return {by_file[name]: all_text(data) for name, data in built.documents.items()}


def acts(school: str) -> str:
    """The normative acts (01–03) without their familiarisation sheets."""
    t = texts(school)
    return "\n".join(t[d].split("ЛИСТ ОЗНАКОМЛЕНИЯ")[0] for d in IDS[:3])


def preamble(school: str) -> str:
    return texts(school)["appointment_order"].split("ПРИКАЗЫВАЮ")[0]


# --------------------------------------------------------------------- legal soundness


@pytest.mark.parametrize("school", SAMPLES)
def test_order_preamble_cites_law_statute_and_protocols(school: str) -> None:
    text = preamble(school)
    assert "В соответствии со статьями 28 и 30 Федерального закона от 29.12.2012 № 273-ФЗ" in text
    assert "уставом" in text and "на основании решения педагогического совета (протокол от" in text
    assert "Положением" not in text  # not the act the order approves (item 2.1)


def test_order_preamble_follows_the_councils_and_the_level() -> None:
    assert "с учётом мнения совета обучающихся (протокол от 26.08.2026 № 1) и совета родителей" in (
        preamble("demo")
    )
    radu = preamble("raduga")
    assert "с учётом мнения совета родителей (протокол от 26.08.2026 № 1), в целях" in radu
    assert "Методических рекомендаций" not in radu


@pytest.mark.parametrize("school", SAMPLES)
def test_normative_acts_name_no_one(school: str) -> None:
    """A change of staff must not force the acts to be adopted again: roles, not people."""
    profile = load_valid(SCHOOLS / f"{school}.yaml").profile
    text = acts(school)
    for person in profile.staff.values():
        assert person.name.surname not in text, person.name.surname


@pytest.mark.parametrize(
    ("school", "expected"),
    [
        ("mirny", {"Ёлкина А.Ф.", "Мамедов Р.К.", "Белых Т.С.", "Шевчук А.О.", "Лев Б.А.",
                   "Смирнова В.П."}),
        ("novonikolskoe", {"Сафонова И.Г.", "Ковалёв Д.С.", "Зуева О.П.", "Миронова С.Ю.",
                           "Ерёмина Г.П.", "Пахомов В.И.", "Тарасова Е.М."}),
    ],
)  # fmt: skip
def test_acquaintance_sheets_list_every_role_holder(school: str, expected: set[str]) -> None:
    """Every person the acts give duties to signs, delegates and outside workers included;
    the director (who familiarises them) does not."""
    for doc_id in IDS[:3]:
        sheet = texts(school)[doc_id].split("ЛИСТ ОЗНАКОМЛЕНИЯ")[1]
        names = set(re.findall(r"^([А-ЯЁ][а-яё-]+ [А-ЯЁ]\.[А-ЯЁ]\.)$", sheet, re.M))
        assert names == expected, doc_id
    sheet = texts("mirny")["work_regulation"].split("ЛИСТ ОЗНАКОМЛЕНИЯ")[1]
    assert "функции педагога-психолога (приказ от 28.08.2026 № 118-о)" in sheet
    assert "функции библиотекаря (приказ от 31.08.2026 № 121-о)" in sheet  # the order itself


def test_order_familiarises_those_it_gives_tasks_to() -> None:
    order = texts("mirny")["appointment_order"].split("С приказом ознакомлены")[1]
    assert re.findall(r"^([А-ЯЁ][а-яё-]+ [А-ЯЁ]\.[А-ЯЁ]\.)$", order, re.M) == [
        "Мамедов Р.К.",
        "Ёлкина А.Ф.",
        "Шевчук А.О.",
        "Лев Б.А.",
    ]


def governed(tmp_path: Path, supervisor: str, approver: str) -> dict[str, str]:
    data = yaml.safe_load((SCHOOLS / "demo.yaml").read_text(encoding="utf-8"))
    data["governance"] = {"coordinator_supervisor": supervisor, "plan_approver": approver}
    path = tmp_path / "demo.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    built = render_package(path)
    by_file = {d.file_name: d.id for d in DOCUMENTS}
    return {by_file[n]: all_text(d).replace(NB, " ") for n, d in built.documents.items()}


@pytest.mark.parametrize(
    ("supervisor", "approver"),
    [("deputy_uvr", "director"), ("deputy_vr", "director"),
     ("deputy_uvr", "coordinator_supervisor")],
)  # fmt: skip
def test_one_supervisor_and_one_approver_everywhere(tmp_path, supervisor, approver) -> None:
    t = governed(tmp_path, supervisor, approver)
    role = {"deputy_uvr": "учебно-воспитательной", "deputy_vr": "воспитательной"}[supervisor]
    person = {"deputy_uvr": "А.Н. Соколов", "deputy_vr": "И.С. Морозов"}[supervisor]
    supervises = "руководство и контроль за деятельностью координатора по профессиональной "
    assert f"{supervises}ориентации в МАОУ СОШ № 77 г. Томска возлагаются на заместителя " \
           f"директора по {role} работе." in t["work_regulation"]  # fmt: skip
    assert f"возлагаются на заместителя директора по {role} работе." in t["coordinator_regulation"]
    assert (
        f"директору МАОУ СОШ № 77 г. Томска и заместителю директора по {role} работе"
        in (t["coordinator_duties"])
    )
    assert f"на заместителя директора по {role} работе {person}" in t["appointment_order"]
    plan = t["plan_grid"]
    stamp = plan[plan.index("УТВЕРЖДАЮ") :][:200]
    if approver == "director":
        assert "Директор МАОУ СОШ № 77 г. Томска" in stamp and "Е.В. Кузнецова" in stamp
        assert "утверждённого директором МАОУ СОШ № 77 г. Томска" in t["work_regulation"]
    else:
        assert "Заместитель директора" in stamp and person in stamp
        assert "и утверждение плана-сетки" in t["appointment_order"]
    # Таблица 4: the control of the coordinator stands in the supervisor's row only
    table = t["work_regulation"].split("Направления работы субъектов")[1]
    vr = table.split("Заместитель директора по воспитательной работе")[1].split("Заместитель")[0]
    controls = "осуществление контроля, анализа и коррекции деятельности координатора"
    assert (controls in vr) == (supervisor == "deputy_vr")


@pytest.mark.parametrize("school", SAMPLES)
def test_letters_are_not_laws_and_no_nested_brackets(school: str) -> None:
    t = texts(school)
    for doc_id, text in t.items():
        assert "))" not in text, doc_id
    guarantees = t["work_regulation"].split("гарантии, установленные")[1]
    guarantees = guarantees.split("настоящим Положением")[0]
    assert "письм" not in guarantees


def test_profminimum_is_grounded_on_the_current_recommendations() -> None:
    text = texts("demo")["work_regulation"]
    assert "направленных письмом Минпросвещения России от 14.08.2025 № ВЖ-1399/05" in text
    assert "внедрённой с 1 сентября 2023 г. письмом Минпросвещения России от 01.06.2023" in text


def test_delegate_is_never_titled_with_the_post() -> None:
    plan = texts("mirny")["plan_grid"]
    assert "педагог-психолог Т.С. Белых" not in plan
    assert "социальный педагог А.Ф. Ёлкина" not in plan
    assert "учитель русского языка и литературы Т.С. Белых (функции педагога-психолога)" in plan
    assert "зам. директора по УВР А.Ф. Ёлкина (функции зам. директора по ВР)" in plan


@pytest.mark.parametrize("school", SAMPLES)
def test_one_person_once_per_row(school: str) -> None:
    from docx import Document

    built = render_package(SCHOOLS / f"{school}.yaml")
    doc = Document(__import__("io").BytesIO(built.documents[DOCUMENTS[4].file_name]))
    for table in doc.tables:
        for row in table.rows:
            for cell in row.cells:
                names = re.findall(r"[А-ЯЁ]\.[А-ЯЁ]\.\s[А-ЯЁ][а-яё-]+", cell.text)
                assert len(names) == len(set(names)), cell.text


def test_order_assigns_functions_without_basis() -> None:
    order = texts("mirny")["appointment_order"]
    assert "с письменного согласия работников (статья 60.2 Трудового кодекса" in order
    assert "библиотекаря — на учителя начальных классов А.О. Шевчук;" in order
    assert "педагога дополнительного образования — на учителя физической культуры Б.А. Лева." in (
        order
    )
    assert "статья 60.2" not in texts("demo")["appointment_order"]  # nothing to assign there


def test_outsourced_and_external_workers_are_worded() -> None:
    t = texts("novonikolskoe")
    order = t["appointment_order"]
    assert ("Организовать выполнение функций педагога-психолога (психологическая диагностика и "
            "психологическое консультирование обучающихся) специалистами МБУ «Асиновский "
            "ППМС-центр» в соответствии с соглашением о сетевом взаимодействии от 01.09.2026 "
            "№ 7.") in order  # fmt: skip
    plan = t["plan_grid"]
    assert "специалисты МБУ «Асиновский ППМС-центр»" in plan
    assert "Медицинский работник — фельдшер Е.М. Тарасова, Новоникольский ФАП ОГБУЗ" in plan
    sheet = t["work_regulation"].split("ЛИСТ ОЗНАКОМЛЕНИЯ")[1]
    assert "фельдшер Новоникольского ФАП ОГБУЗ «Асиновская РБ» (договор от 01.09.2026 № 15)" in (
        sheet
    )


def test_basic_school_has_no_senior_grades() -> None:
    t = texts("novonikolskoe")
    text = "\n".join(t[d] for d in IDS[:5])
    claims = (
        "старших классах",
        "10–11",
        "(11 класс)",
        "и профильного обучения",
        "9 и 11",
        "основного общего и среднего общего образования (приказы",
        "6–11 классов ведётся",
    )
    for claim in claims:
        assert claim not in text, claim
    assert "с обучающимися 1–9 классов на уровнях начального общего и основного общего" in text
    assert "Профориентационная работа с обучающимися 6–9 классов ведётся" in text


def test_primary_school_makes_no_profminimum_claims() -> None:
    t = texts("raduga")
    text = "\n".join(t[d] for d in IDS[:5])
    assert "Россия — мои горизонты" not in text
    assert "АБ-2324/05" not in text and "ВЖ-1399/05" not in text
    for m in re.finditer("профминимум", text):
        around = text[m.start() - 200 : m.end() + 120]
        assert "не реализуется" in around
    assert "ранняя профориентация" in t["work_regulation"]
    assert "обучать их навыкам эффективного поиска работы" not in t["coordinator_duties"]
    assert "обучать их навыкам эффективного поиска работы" in texts("demo")["coordinator_duties"]


def test_plan_prints_hours_and_totals() -> None:
    plan = texts("demo")["plan_grid"]
    assert "часов в учебный год: 6 класс — 69; 7 класс — 69; 8 класс — 75; 9 класс — 78" in plan
    assert "Часы" in plan
    assert "1 класс — 17; 2 класс — 17" in texts("raduga")["plan_grid"]


@pytest.mark.parametrize(
    ("school", "authority"),
    [
        ("demo", "информирование департамента образования администрации Города Томска"),
        ("mirny", "информирование управления образования Администрации Томского района"),
        ("novonikolskoe", "информирование управления образования администрации Асиновского"),
    ],
)
def test_authority_from_region_data_or_the_profile(school: str, authority: str) -> None:
    assert authority in texts(school)["work_regulation"]
    assert "информирование управления образования об" not in texts(school)["work_regulation"]


def test_journal_notes_name_access_basis_and_period() -> None:
    journal = texts("demo")["consultation_journal"]
    assert (
        "Доступ к журналу имеют координатор по профессиональной ориентации М.П. Иванова, "
        "заместитель директора по учебно-воспитательной работе А.Н. Соколов, осуществляющий "
        "контроль за деятельностью координатора, и директор Е.В. Кузнецова." in journal
    )
    assert "(статья 9 Федерального закона от 27.07.2006 № 152-ФЗ" in journal
    assert "Журнал хранится 3 года после окончания учебного года" in journal
    assert "часть 7 статьи 5" in journal
    assert "Подпись консульти\u00adруемого (за группу — классного руководи\u00adтеля)" in journal


def test_pseudonymize_replaces_names_in_text() -> None:
    lyceum = texts("lyceum53", True)["consultation_journal"]
    assert "Смолин" not in lyceum and "Артём" not in lyceum
    assert "Рекомендована совместная консультация с О-002 и педагогом-психологом" in lyceum
    assert "11А класс" in lyceum  # a group names no one: it keeps its text, gets no code
    village = texts("novonikolskoe", True)["consultation_journal"]
    assert "Лаптев" not in village and "Егор" not in village
    assert "О-001 рекомендована консультация специалиста ППМС-центра" in village


def test_pseudonymize_stops_on_a_bare_first_name(tmp_path: Path) -> None:
    shutil.copy(SCHOOLS / "lyceum53.yaml", tmp_path / "lyceum53.yaml")
    csv = (SCHOOLS / "lyceum53_journal.csv").read_text(encoding="utf-8")
    csv = csv.replace("Поддержка выбора сына (11Б)", "Поддержка выбора сына (Артём, 11Б)")
    (tmp_path / "lyceum53_journal.csv").write_text(csv, encoding="utf-8")
    render_package(tmp_path / "lyceum53.yaml")  # without --pseudonymize the names are the point
    with pytest.raises(ProfileInvalid) as info:
        render_package(tmp_path / "lyceum53.yaml", pseudonymize=True)
    (error,) = info.value.errors
    text = error.format()
    assert text.startswith(f"{tmp_path / 'lyceum53_journal.csv'}:5:")
    assert "столбец topic" in text and "осталось имя консультируемого" in text
    assert "Артём" not in text and "Смолин" not in text
    assert info.value.exit_code == 2


# --------------------------------------------------------------------- language and typography


@pytest.mark.parametrize("school", SAMPLES)
def test_rendered_documents_have_their_no_break_spaces(school: str) -> None:
    """Verification (verify/typography.py) passed for every document, so its rules hold;
    spot-check the ones the issue names."""
    t = raw_texts(school)
    order = t["appointment_order"]
    assert re.search(r"№\u00a0\S", order) and not re.search(r"№ ", order)
    assert not re.search(r"[А-ЯЁ]\.[А-ЯЁ]\. [А-ЯЁ]", "\n".join(t.values()))
    assert not re.search(r"\d{1,2} (сентября|августа) \d{4}", "\n".join(t.values()))


def test_ascii_quotes_print_as_guillemets() -> None:
    t = texts("novonikolskoe")
    assert "МКОУ «ООШ с. Новоникольское»" in t["work_regulation"]
    assert "ООО «Агрофирма „Новоникольская“»" in t["plan_grid"]
    assert '"' not in "\n".join(t.values())


def test_nested_quotes_do_not_look_empty() -> None:
    t = texts("raduga")  # «…«Радуга»» failed as «пустые кавычки» before
    assert "«Начальная общеобразовательная школа „Радуга“» г. Томска" in t["work_regulation"]
    assert "МАУ ДО «Дом детского творчества „Планета“» г. Томска" in t["plan_grid"]


@pytest.mark.parametrize("school", SAMPLES)
def test_org_form_lower_case_mid_sentence(school: str) -> None:
    for doc_id in IDS[:2]:
        text = texts(school)[doc_id]
        assert not re.search(r"\sв Муниципальн", text)
        assert re.search(r"в муниципальном (автономном|бюджетном|казённом)", text)


@pytest.mark.parametrize("school", SAMPLES)
def test_agreement_and_no_undefined_abbreviations(school: str) -> None:
    t = texts(school)
    assert "ПРИНЯТЫ\nна заседании педагогического совета" in t["coordinator_duties"]
    for doc_id in ("work_regulation", "coordinator_regulation"):
        assert "план-сетку работы по профессиональной ориентации обучающихся;" in t[doc_id]
        assert "план-сетка;" not in t[doc_id]
    text = acts(school)
    assert not re.search(r"\bП?ОО\b", text)
    for generic in ("работы общеобразовательной организации", "в образовательной организации",
                    "школьного психолога"):  # fmt: skip
        assert generic not in text, generic
    for word in ("учета", "ведется", "утвержденн", "проведенн", "отчетов", "партнерами"):
        assert word not in "\n".join(t.values()), word


@pytest.mark.parametrize("school", SAMPLES)
def test_partners_listed_once(school: str) -> None:
    profile = load_valid(SCHOOLS / f"{school}.yaml").profile
    plan = raw_texts(school)["plan_grid"]
    from generator.russian.typography import typeset

    p = profile.partners
    for name in [*p.enterprises, *p.colleges, *p.universities, *p.others]:
        assert plan.count(typeset(name)) == 1, name


def test_directions_heading_is_not_the_fused_item() -> None:
    t = texts("demo")
    assert "практико-ориентированное;\n" in t["coordinator_regulation"]
    assert "Практико-ориентированное; системное" not in t["plan_grid"]
    assert "7. Повышение квалификации педагогических работников" in t["plan_grid"]
