"""The profile's fields for the order on the Единая модель (documents 09 and 10)."""

from __future__ import annotations

import pytest

from generator.validate import validate_text
from tests.test_profile import SCHOOLS, demo_with, messages


def only(text: str) -> str:
    (msg,) = messages(text)
    return msg


def warnings_of(text: str) -> list[str]:
    valid, errors = validate_text(text, SCHOOLS / "x.yaml")
    assert errors == [] and valid is not None
    return [w.format() for w in valid.warnings]


def test_the_demo_fills_the_order_and_gets_no_warning() -> None:
    assert warnings_of(demo_with()) == []


@pytest.mark.parametrize(
    ("field", "value", "where"),
    [
        ("responsible", "ivanov", "profminimum.responsible"),
        ("navigators", ["elkina", "belyh"], "profminimum.navigators[1]"),
        ("course_teachers", {6: "elkina", 7: "elkin"}, "profminimum.course_teachers.7"),
    ],
)
def test_persons_must_be_in_staff(field: str, value: object, where: str) -> None:
    msg = only(demo_with(**{f"profminimum__{field}": value}))
    assert where in msg and "нет в разделе staff" in msg and "Возможно, имелось в виду" in msg


def test_navigators_and_course_teachers_are_pedagogical() -> None:
    msg = only(demo_with(profminimum__navigators=["elkina", "fedorova"]))
    assert "profminimum.navigators[1]" in msg and "Педагог-навигатор" in msg
    assert "не педагогическая" in msg
    msg = only(demo_with(profminimum__course_teachers={6: "fedorova"}))
    assert "profminimum.course_teachers.6" in msg and "статья 46" in msg


def test_the_responsible_may_be_a_deputy_but_not_an_outside_worker() -> None:
    assert warnings_of(demo_with(profminimum__responsible="sokolov")) == []
    text = demo_with(staff__sokolov__employer="ppms")
    assert not any("profminimum.responsible" in m for m in messages(text))
    text = demo_with(profminimum__responsible="sokolov", staff__sokolov__employer="ppms")
    assert any("profminimum.responsible" in m and "другой организации" in m for m in messages(text))


def test_an_unknown_post_asks_whether_it_is_pedagogical() -> None:
    text = demo_with(
        staff__lebedev__position="педагог-навигатор", profminimum__navigators=["lebedev"]
    )
    msg = only(text)
    assert "staff.lebedev.position" in msg and "pedagogical: true" in msg
    text = demo_with(
        staff__lebedev__position="педагог-навигатор",
        staff__lebedev__pedagogical=True,
        profminimum__navigators=["lebedev"],
    )
    assert messages(text) == []


def test_a_navigator_is_listed_once() -> None:
    msg = only(demo_with(profminimum__navigators=["elkina", "elkina"]))
    assert "profminimum.navigators[1]" in msg and "уже есть" in msg


def test_course_grades_are_the_models_grades() -> None:
    text = demo_with(profminimum__grades="8–11", profminimum__course_teachers={7: "elkina"})
    msg = only(text)
    assert "profminimum.course_teachers.7" in msg and "(8–11)" in msg and "7 класса" in msg
    text = demo_with(profminimum__course_teachers={5: "elkina"})
    assert "5 класса среди них нет" in only(text)


@pytest.mark.parametrize("date", ["2027-09-01", "2025-08-31"])
def test_the_order_date_belongs_to_the_year(date: str) -> None:
    msg = only(demo_with(profminimum__order={"number": "125-о", "date": date}))
    assert "profminimum.order.date" in msg and "не относится к учебному году 2026/2027" in msg


@pytest.mark.parametrize("date", ["2025-09-01", "2026-08-31", "2027-06-30"])
def test_an_order_before_or_during_the_year_is_fine(date: str) -> None:
    assert messages(demo_with(profminimum__order={"number": "125-о", "date": date})) == []


def test_the_appointment_order_keeps_the_same_date_rule() -> None:
    found = messages(demo_with(acts__order__date="2025-08-01"))
    assert any("acts.order.date" in m and "не относится к учебному году" in m for m in found)


def test_what_is_missing_gives_one_warning_naming_it() -> None:
    text = demo_with(
        profminimum__navigators=None,
        profminimum__order=None,
        profminimum__course_teachers={6: "elkina"},
    )
    (warning,) = warnings_of(text)
    assert "profminimum" in warning and "записи от руки" in warning
    assert "profminimum.order.number" in warning and "profminimum.navigators" in warning
    assert "для 7–11 классов" in warning


def test_a_primary_school_gets_no_warning_about_the_order() -> None:
    valid, errors = validate_text((SCHOOLS / "raduga.yaml").read_text(), SCHOOLS / "raduga.yaml")
    assert errors == [] and valid is not None
    assert not any("Единой модели" in w.message for w in valid.warnings)


# --- document 09: the order on the Единая модель ------------------------------------------

ORDER_09 = "09_Приказ_о_реализации_Единой_модели.docx"


def _order_text(path) -> str:
    from generator.pipeline import render_package
    from tests.test_build import all_text

    built = render_package(path)
    return all_text(built.documents[ORDER_09])


def test_the_demo_order_names_everyone_in_the_right_case() -> None:
    text = _order_text(SCHOOLS / "demo.yaml")
    plain = text.replace("\u00a0", " ")
    assert "31 августа 2026 г." in plain and "№ 125-о" in plain
    assert "на основном уровне в объёме не менее 60 часов" in plain
    assert "учителя географии М.П.\u00a0Иванову." in text  # accusative, no break in the name
    assert "учителя физики С.П. Белых;" in plain and "Р.К. Мамедова." in plain
    assert "в 8 классе — учителем информатики Р.К. Мамедовым;" in plain
    assert "«Россия — мои горизонты» (34 часа" in plain
    assert "«Билет в будущее»" in plain
    assert "Утвердить план-сетку" in plain
    assert "№ ВЖ-1399/05" in plain and "№ АБ-2324/05" in plain
    body, sheet = plain.split("Директор")
    assert "____" not in body
    for name in ("Иванова М.П.", "Белых С.П.", "Ёлкина А.Ф.", "Мамедов Р.К."):
        assert sheet.count(name) == 1
    assert "Кузнецова Е.В." not in sheet  # the director signs, she is not familiarised


def test_missing_data_leaves_marked_lines_and_one_warning(tmp_path) -> None:
    import yaml

    from generator.pipeline import render_package
    from tests.test_build import all_text

    text = demo_with(
        profminimum__navigators=None,
        profminimum__order=None,
        profminimum__bilet_v_budushchee=None,
        profminimum__course_teachers={6: "elkina"},
    )
    path = tmp_path / "school.yaml"
    path.write_text(text, encoding="utf-8")
    built = render_package(path)
    notes = [w for w in built.warnings if "записи от руки" in w.message]
    assert len(notes) == 1
    order = all_text(built.documents[ORDER_09]).replace("\u00a0", " ")
    assert "«___» ____________ 20___" in order and "№ ________" in order
    assert "в 7 классе — ____________________ (должность, И.О. Фамилия)" in order
    assert "Билет в будущее" not in order
    assert yaml.safe_load(text)["profminimum"].get("navigators") is None


def test_a_deputy_approved_plan_is_followed_not_approved(tmp_path) -> None:
    text = demo_with(governance={"plan_approver": "coordinator_supervisor"})
    path = tmp_path / "school.yaml"
    path.write_text(text, encoding="utf-8")
    order = _order_text(path).replace("\u00a0", " ")
    assert "Утвердить план-сетку" not in order
    assert "по плану-сетке" in order and "утверждённому заместителем директора" in order


def test_a_primary_school_has_no_order_on_the_model() -> None:
    from generator.pipeline import render_package

    assert ORDER_09 not in render_package(SCHOOLS / "raduga.yaml").documents
