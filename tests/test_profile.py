"""The profile: loading, located validation and the messages an administrator reads."""

from __future__ import annotations

import json
import re
import string
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator.diagnostics import ProfileError
from generator.validate import validate_file, validate_text

ROOT = Path(__file__).resolve().parent.parent
SCHOOLS = ROOT / "data" / "schools"
DEMO = SCHOOLS / "demo.yaml"


def demo_text() -> str:
    return DEMO.read_text(encoding="utf-8")


def errors_for(text: str, name: str = "x.yaml") -> list[ProfileError]:
    valid, errors = validate_text(text, SCHOOLS / name)
    assert (valid is None) == bool(errors)
    return errors


@pytest.mark.parametrize("path", sorted(SCHOOLS.glob("*.yaml")), ids=lambda p: p.name)
def test_shipped_profiles_are_valid(path: Path) -> None:
    valid, errors = validate_file(path)
    assert errors == []
    assert valid is not None


def replace_once(text: str, old: str, new: str) -> str:
    assert text.count(old) == 1, old
    return text.replace(old, new)


def test_ten_mistakes_give_ten_located_messages_in_one_run() -> None:
    text = demo_text()
    text = replace_once(text, "locality: г. Томск", 'locality: ""')
    text = replace_once(text, "partners:\n", "partnrs:\n")
    text = replace_once(text, "name: Иванова Мария Петровна", "name: Иванова")
    text = replace_once(
        text,
        "name: Соколов Андрей Николаевич\n",
        "name: Соколов Андрей Николаевич\n    gender: man\n",
    )
    text = replace_once(
        text, '    number: "1"\n    date: 2026-08-28', '    number: "1"\n    date: 2026-09-05'
    )
    text = replace_once(text, "effective_date: 2026-09-01", "effective_date: 2027-09-15")
    text = replace_once(text, "coordinator: ivanova", "coordinator: fedorova")
    text = replace_once(text, "psychologist: petrova_vodkina", "psychologist: petrova")
    text = replace_once(text, "  social_pedagogue: orlova\n", "")
    text = replace_once(text, "level: основной", "level: высокий")

    errors = errors_for(text)
    rendered = [e.format() for e in errors]
    assert len(errors) == 10, "\n".join(rendered)
    lines = text.splitlines()
    for e in errors:
        assert e.line > 0 and e.column > 0, e.format()
        assert re.match(r"^.+\.yaml:\d+:\d+: ", e.format())
    by_path = {".".join(map(str, e.path)): e for e in errors}
    assert "не может быть пустым" in by_path["school.locality"].message
    assert "Неизвестный ключ «partnrs»" in by_path["partnrs"].message
    assert "«partners»" in by_path["partnrs"].message
    assert lines[by_path["partnrs"].line - 1].startswith("partnrs:")
    assert "staff.ivanova.name" in by_path
    assert "Фамилия Имя Отчество" in by_path["staff.ivanova.name"].message
    assert "staff.sokolov.gender" in by_path
    assert "male" in by_path["staff.sokolov.gender"].message
    assert "педагогического совета" in by_path["acts.pedagogical_council.date"].message
    assert "вне учебного года" in by_path["acts.order.effective_date"].message
    assert "педагогический работник" in by_path["roles.coordinator"].message
    assert "petrova_vodkina" in by_path["roles.psychologist"].message
    social = [e for e in errors if "социальный педагог" in e.message]
    assert len(social) == 1 and "delegated_to" in social[0].message
    assert "Прил. 1" in social[0].message
    assert "базовый, основной, продвинутый" in by_path["profminimum.level"].message


def test_messages_point_at_the_right_line() -> None:
    text = replace_once(demo_text(), "locality: г. Томск", "localty: г. Томск")
    errors = errors_for(text)
    lines = text.splitlines()
    unknown = next(e for e in errors if "localty" in e.message)
    assert lines[unknown.line - 1].strip().startswith("localty:")
    assert "Возможно, имелось в виду «locality»" in unknown.message
    missing = next(e for e in errors if e.path == ("school", "locality"))
    assert "Не заполнено обязательное поле «locality»" in missing.message


def test_unknown_role_key_is_an_error_with_suggestion() -> None:
    text = replace_once(demo_text(), "  director: kuznetsova", "  directr: kuznetsova")
    messages = [e.message for e in errors_for(text)]
    assert any("«directr»" in m and "«director»" in m for m in messages)
    assert any("«директор» не назначена" in m for m in messages)


def test_duplicate_keys_are_reported_not_silently_merged() -> None:
    text = replace_once(
        demo_text(), "  deputy_vr: morozova\n", "  deputy_vr: morozova\n  deputy_vr: sokolov\n"
    )
    errors = errors_for(text)
    assert any("повторяется" in e.message and e.path == ("roles", "deputy_vr") for e in errors)


def test_delegation_and_dotted_dates_are_accepted() -> None:
    text = replace_once(
        demo_text(),
        "  social_pedagogue: orlova",
        "  social_pedagogue: {delegated_to: petrova_vodkina}",
    )
    text = replace_once(text, "date: 2026-08-31", "date: 31.08.2026")
    assert errors_for(text) == []


def test_director_cannot_be_delegated() -> None:
    text = replace_once(
        demo_text(), "  director: kuznetsova", "  director: {delegated_to: sokolov}"
    )
    assert any("нельзя возложить" in e.message for e in errors_for(text))


def test_impossible_date_is_located() -> None:
    text = replace_once(demo_text(), "date: 2026-08-31", "date: 31.02.2026")
    errors = errors_for(text)
    assert [e.path for e in errors] == [("acts", "order", "date")]
    assert "Такой даты нет" in errors[0].message


def test_impossible_iso_date_is_located() -> None:
    text = replace_once(demo_text(), "date: 2026-08-31", "date: 2026-02-30")
    errors = errors_for(text)
    assert [e.path for e in errors] == [("acts", "order", "date")]
    assert text.splitlines()[errors[0].line - 1].strip() == "date: 2026-02-30"


def test_protocol_after_order_but_order_before_effective_date() -> None:
    text = replace_once(demo_text(), "date: 2026-08-31", "date: 2026-09-05")
    text = replace_once(text, "effective_date: 2026-09-01", "effective_date: 2026-09-02")
    errors = errors_for(text)
    assert [e.path for e in errors] == [("acts", "order", "effective_date")]
    assert "раньше даты приказа" in errors[0].message


def test_academic_year_format() -> None:
    text = replace_once(demo_text(), "academic_year: 2026/2027", "academic_year: 2026-2027")
    errors = errors_for(text)
    assert [e.path for e in errors] == [("academic_year",)]
    assert "«2026/2027»" in errors[0].message


def test_yaml_syntax_error_is_located_and_russian() -> None:
    text = demo_text().replace("  short_name: МАОУ", "   short_name: МАОУ", 1)
    errors = errors_for(text)
    assert len(errors) == 1
    assert errors[0].line == text.splitlines().index("   short_name: МАОУ СОШ № 77 г. Томска") + 1
    assert re.search("[а-я]", errors[0].message)


def test_python_tags_are_refused() -> None:
    errors = errors_for("school: !!python/object/apply:os.system ['echo hi']\n")
    assert any("не допускаются" in e.message and e.path == ("school",) for e in errors)


def test_errors_do_not_echo_personal_data() -> None:
    text = replace_once(demo_text(), "name: Кузнецова Елена Викторовна", "name: Кузнецова Елена")
    errors = errors_for(text)
    assert errors and all("Кузнецова" not in e.format() for e in errors)


def test_schema_in_repo_matches_model() -> None:
    from generator.starter import SCHEMA_PATH, schema_json

    assert SCHEMA_PATH.read_text(encoding="utf-8") == schema_json(), (
        "Обновите схему: profdocs schema -o schema/profile.schema.json"
    )
    schema = json.loads(schema_json())
    assert "Фамилия Имя Отчество" in json.dumps(schema, ensure_ascii=False)
    assert demo_text().splitlines()[0] == (
        "# yaml-language-server: $schema=../../schema/profile.schema.json"
    )


# --- fuzzing: never a traceback -------------------------------------------------------

yaml_chars = st.sampled_from(list(string.printable) + list("абвгдеёжзий«»—–№ЁЯ"))


def assert_located(errors: list[ProfileError]) -> None:
    for e in errors:
        assert isinstance(e.message, str) and e.message
        assert e.line >= 1 and e.column >= 1
        assert re.search("[А-Яа-яЁё]", e.message), e.message


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(yaml_chars, max_size=300))
def test_random_text_never_raises(text: str) -> None:
    valid, errors = validate_text(text, SCHOOLS / "fuzz.yaml")
    assert valid is None
    assert_located(errors)


scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-5, 3000),
    st.floats(allow_nan=False, allow_infinity=False),
    st.text(max_size=20),
    st.dates().map(lambda d: d.isoformat()),
)
values = st.recursive(
    scalars,
    lambda inner: st.one_of(
        st.lists(inner, max_size=3), st.dictionaries(st.text(max_size=8), inner, max_size=3)
    ),
    max_leaves=8,
)


def paths_of(data: object, prefix: tuple = ()) -> list[tuple]:
    out = [prefix]
    if isinstance(data, dict):
        for k, v in data.items():
            out.extend(paths_of(v, (*prefix, k)))
    elif isinstance(data, list):
        for i, v in enumerate(data):
            out.extend(paths_of(v, (*prefix, i)))
    return out


DEMO_DATA = yaml.safe_load(demo_text())
DEMO_PATHS = [p for p in paths_of(DEMO_DATA) if p]


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.sampled_from(DEMO_PATHS), values)
def test_random_values_in_the_demo_never_raise(path: tuple, value: object) -> None:
    import copy

    data = copy.deepcopy(DEMO_DATA)
    target = data
    for part in path[:-1]:
        target = target[part]
    target[path[-1]] = value
    text = yaml.safe_dump(data, allow_unicode=True)
    valid, errors = validate_text(text, SCHOOLS / "fuzz.yaml")
    assert (valid is None) == bool(errors)
    assert_located(errors)


# --- journal entries from CSV ---------------------------------------------------------

CSV_HEADER = "date;person;grade;category;form;participants;topic;result\n"


def csv_profile(tmp_path: Path, rows: str) -> Path:
    (tmp_path / "journal.csv").write_text(CSV_HEADER + rows, encoding="utf-8-sig")
    data = yaml.safe_load(demo_text())
    data["journal"] = {"csv": "journal.csv", "blank_rows": 5}
    path = tmp_path / "school.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return path


def test_consultations_come_from_csv(tmp_path: Path) -> None:
    path = csv_profile(
        tmp_path,
        "14.10.2026;Петров Илья Сергеевич;8А;обучающийся;индивидуальная;1;Интересы;Тест\n"
        "2026-10-20;8А класс;8А;обучающийся;групповая;22;Профессии края;Беседа\n",
    )
    valid, errors = validate_file(path)
    assert errors == []
    assert [c.person for c in valid.consultations] == ["Петров Илья Сергеевич", "8А класс"]
    assert valid.consultations[1].participants == 22


def test_bad_csv_row_is_located_in_the_csv(tmp_path: Path) -> None:
    path = csv_profile(
        tmp_path,
        "14.10.2026;Петров Илья Сергеевич;8А;обучающийся;индивидуальная;1;Интересы;Тест\n"
        "31.02.2026;Код-7;8А;ученик;индивидуальная;1;Интересы;Тест\n",
    )
    valid, errors = validate_file(path)
    assert valid is None
    assert {e.line for e in errors} == {3}
    assert all(e.file.endswith("journal.csv") for e in errors)
    messages = " ".join(e.message for e in errors)
    assert "Такой даты нет" in messages and "обучающийся, родитель, педагог" in messages
    assert "Код-7" not in " ".join(e.format() for e in errors)


def test_missing_csv_is_reported_at_the_profile_key(tmp_path: Path) -> None:
    path = csv_profile(tmp_path, "")
    (tmp_path / "journal.csv").unlink()
    valid, errors = validate_file(path)
    assert valid is None
    assert [e.path for e in errors] == [("journal", "csv")]
    assert "не найден" in errors[0].message


def test_csv_date_outside_the_year_is_located(tmp_path: Path) -> None:
    path = csv_profile(
        tmp_path, "14.10.2025;Петров Илья Сергеевич;8А;обучающийся;индивидуальная;1;И;Т\n"
    )
    valid, errors = validate_file(path)
    assert valid is None
    assert [(e.line, e.path) for e in errors] == [(2, ("date",))]
    assert "вне учебного года" in errors[0].message


_TRICKY_YAML = """
a: &name "Иванова Мария Петровна"
b: *name
c: !!str 2026
d: '08.2026'
e: |
  две
  строки
f: [1, 2.5, true, null, 2026-08-31, "да", нет]
1: ключ-число
g: {x: &m {y: z}, w: *m}
"""


@pytest.mark.parametrize("name", ["demo", "mirny", "tricky"])
def test_positional_loader_gives_what_safe_load_gives(name: str) -> None:
    """load.py builds values itself (plain strings without construct_object): same data."""
    from generator.load import load_text

    root = Path(__file__).resolve().parent.parent / "data" / "schools"
    text = _TRICKY_YAML if name == "tricky" else (root / f"{name}.yaml").read_text("utf-8")
    data, _positions, errors = load_text(text, name)
    assert errors == []
    expected = yaml.safe_load(text)
    if name == "tricky":  # keys are strings in a profile: load.py says so, safe_load does not
        expected = {str(k): v for k, v in expected.items()}
    teachers = expected.get("profminimum", {}).get("course_teachers")
    if teachers:  # grade keys («6: elkina») too
        expected["profminimum"]["course_teachers"] = {str(k): v for k, v in teachers.items()}
    assert data == expected


# --- issue 10: the profile's new fields and checks ------------------------------------------


def messages(text: str, name: str = "x.yaml") -> list[str]:
    return [e.format() for e in errors_for(text, name)]


def demo_with(**mutations) -> str:
    data = yaml.safe_load(demo_text())
    if any(path.startswith("plan") for path in mutations):
        data.pop("work_log", None)  # its entries name events of the default plan
    for path, value in mutations.items():
        *parents, key = path.split("__")
        node = data
        for part in parents:
            node = node.setdefault(part, {})
        if value is None:
            node.pop(key, None)
        else:
            node[key] = value
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False)


def test_repealed_gost_is_refused_with_what_to_write() -> None:
    (msg,) = messages(demo_with(acts__gost_edition="2016"))
    assert "acts.gost_edition" in msg and "утратил силу" in msg
    assert 'gost_edition: "2025"' in msg


def test_student_council_or_reason_required() -> None:
    (msg,) = messages(demo_with(acts__student_council=None))
    assert "Нет протокола совета обучающихся" in msg and "часть 3 статьи 30" in msg
    assert "acts.no_student_council" in msg
    assert errors_for(demo_with(acts__student_council=None, acts__no_student_council="Нет.")) == []
    both = messages(demo_with(acts__no_student_council="Совета нет."))
    assert len(both) == 1 and "одно из двух" in both[0]


def test_parent_council_or_reason_required() -> None:
    (msg,) = messages(demo_with(acts__parent_council=None))
    assert "Нет протокола совета родителей" in msg and "acts.no_parent_council" in msg
    assert errors_for(demo_with(acts__parent_council=None, acts__no_parent_council="Нет.")) == []


@pytest.mark.parametrize("grades", ["1–12", "2–9", "девять"])
def test_school_grades_are_one_of_the_levels(grades: str) -> None:
    (msg,) = messages(demo_with(school__grades=grades))
    assert "school.grades" in msg and "«1–9»" in msg


def test_grades_accept_any_dash() -> None:
    text = demo_with(
        school__grades="1-9", profminimum__grades=None, profminimum__course_teachers={9: "ivanova"}
    )
    valid, errors = validate_text(text, SCHOOLS / "x.yaml")
    assert errors == [] and valid is not None
    assert valid.profile.school.grades == "1–9"
    assert valid.profile.profminimum_grades == frozenset(range(6, 10))  # from the school


def test_profminimum_is_refused_in_a_primary_school() -> None:
    text = demo_with(school__grades="1–4", plan=None)
    assert any("Единая модель" in m and "Удалите раздел profminimum" in m for m in messages(text))


def test_profminimum_grades_outside_the_school_are_refused() -> None:
    (msg,) = messages(demo_with(school__grades="1–9", profminimum__grades="6–11"))
    assert "profminimum.grades" in msg and "«6–9»" in msg


def test_unknown_municipality_needs_its_authority() -> None:
    (msg,) = messages(demo_with(school__municipality="Асиновский район"))
    assert "school.municipality" in msg and "school.education_authority" in msg
    ok = demo_with(
        school__municipality="Асиновский район",
        school__education_authority="управление образования администрации Асиновского района",
    )
    assert errors_for(ok) == []
    (msg,) = messages(demo_with(school__education_authority="министерство образования"))
    assert "Не удалось склонить «министерство»" in msg


def test_organisations_are_checked() -> None:
    text = demo_with(roles__psychologist={"outsourced_to": "ppms"})
    (msg,) = messages(text)
    assert "roles.psychologist.outsourced_to" in msg and "нет в разделе organisations" in msg
    org = {"name": "Центр", "kind": "ppms", "agreement": "соглашение от 01.09.2026 № 7"}
    assert errors_for(demo_with(roles__psychologist={"outsourced_to": "ppms"},
                                organisations={"ppms": org})) == []  # fmt: skip
    text = demo_with(roles__librarian={"outsourced_to": "ppms"}, organisations={"ppms": org})
    assert any("организации не передаются" in m for m in messages(text))


def test_an_outside_worker_cannot_hold_a_school_only_role() -> None:
    org = {"name": "ФАП", "kind": "medical", "agreement": "договор от 01.09.2026 № 15"}
    data = yaml.safe_load(demo_with(organisations={"fap": org}))
    data["staff"]["ivanova"]["employer"] = "fap"
    text = yaml.safe_dump(data, allow_unicode=True, sort_keys=False)
    found = messages(text)
    assert any("roles.coordinator" in m and "Работник другой организации" in m for m in found)


EVENT = {
    "title": "Экскурсия",
    "direction": "practice",
    "activity": "employers",
    "months": [10],
    "classes": "6–11",
    "responsible": ["coordinator"],
    "hours": 60,
}


def test_custom_plan_short_of_hours_is_refused() -> None:
    event = dict(EVENT, title="Классный час", direction="informing", activity="events",
                 responsible=["class_teacher"], hours=52)  # fmt: skip
    short = dict(event, classes="8–9", hours=3, title="Экскурсия")
    (msg,) = messages(demo_with(plan={"events": [event, short]}))
    assert "plan.events" in msg and "не менее 60 часов" in msg
    # the two regional weeks the plan keeps add 6 h in every grade
    assert "6 класс — 58 ч (не хватает 2 ч)" in msg and "8 класс — 61 ч" not in msg
    assert errors_for(demo_with(plan={"events": [dict(event, hours=54)]})) == []


def test_event_classes_are_parsed_and_kept_to_the_school() -> None:
    event = dict(EVENT, classes="шестые")
    (msg,) = messages(demo_with(plan={"events": [event]}))
    assert "plan.events[0].classes" in msg and "«9, 11»" in msg
    msg = messages(demo_with(school__grades="1–9", plan={"events": [dict(event, classes="10–11")]}))
    assert any("В школе нет 10 класса" in m for m in msg)


def test_the_director_has_no_task_in_a_plan_a_deputy_approves() -> None:
    event = dict(EVENT, responsible=["director"])
    text = demo_with(
        plan={"events": [event]}, governance={"plan_approver": "coordinator_supervisor"}
    )
    assert any("План утверждает заместитель директора" in m for m in messages(text))
    assert errors_for(demo_with(plan={"events": [event]})) == []


def test_unbalanced_quotes_are_refused_where_they_are() -> None:
    text = demo_with(partners__others=["МАУ ДО «Дом детского творчества «Планета» г. Томска"])
    (msg,) = messages(text)
    assert "partners.others[0]" in msg and "открывающих 2, закрывающих 1" in msg


def test_a_delegated_psychologist_is_a_warning_not_an_error() -> None:
    valid, errors = validate_file(SCHOOLS / "mirny.yaml")
    assert errors == [] and valid is not None
    (warning,) = [w for w in valid.warnings if "roles.psychologist" in w.format()]
    assert warning.severity == "warning"
    assert "outsourced_to" in warning.message


def test_yaml_quote_inside_double_quotes_says_so() -> None:
    text = demo_text().replace(
        "short_name: МАОУ СОШ № 77 г. Томска", 'short_name: "МАОУ "СОШ № 77" г. Томска"'
    )
    (msg,) = messages(text)
    assert "закончила это значение раньше времени" in msg and "«ёлочки»" in msg
    assert "отступ" not in msg


# --- issue 12: what verification would refuse is refused here, located ---------------------


def test_the_director_role_goes_to_the_person_whose_post_says_so() -> None:
    # roles swapped: a teacher holds the director's role, the director teaches
    text = demo_with(roles__director="shevchuk", roles__subject_teacher=["kuznetsova", "belykh"])
    found = messages(text)
    assert any("roles.director:" in m and "staff.shevchuk.position" in m for m in found)
    assert any("staff.kuznetsova.position:" in m and "должность директора" in m for m in found)
    assert not any("Кузнецова" in m or "Шевчук" in m for m in found)


@pytest.mark.parametrize(
    "post", ["учитель директор школы начальных классов", "Директор", "заместитель директора"]
)
def test_no_one_but_the_director_has_a_directors_post(post: str) -> None:
    (msg,) = messages(demo_with(staff__shevchuk={"name": "Шевчук Анна Олеговна", "position": post}))
    assert "staff.shevchuk.position:" in msg and "«заместитель директора по" in msg


@pytest.mark.parametrize(
    "post", ["заместитель директора по УВР", "советник директора по воспитанию и взаимодействию"]
)
def test_a_deputys_post_is_not_a_directors(post: str) -> None:
    staff = {"name": "Шевчук Анна Олеговна", "position": post}
    assert errors_for(demo_with(staff__shevchuk=staff)) == []


@pytest.mark.parametrize("name", ["—", "77", "№ 5"])
def test_a_school_name_without_letters_is_refused(name: str) -> None:
    (msg,) = messages(demo_with(school__full_name=name))
    assert "school.full_name:" in msg and "нет ни одной буквы" in msg


@pytest.mark.parametrize(
    ("field", "name", "word"),
    [
        ("short_name", "заместитель директора по УВР", "по УВР"),
        ("short_name", "МАОУ СОШ № 77, директор", "директор"),
        ("full_name", "Координатор по профориентации", "координатор"),
    ],
)
def test_a_school_name_that_reads_as_a_post_is_refused(field: str, name: str, word: str) -> None:
    (msg,) = messages(demo_with(**{f"school__{field}": name}))
    assert f"school.{field}:" in msg and f"«{word}»" in msg


def test_a_school_name_may_say_pedagogical() -> None:
    name = "МАОУ «Лицей при Томском государственном педагогическом университете»"
    assert errors_for(demo_with(school__short_name=name)) == []
