"""The coordinator's indicators and the work log's validation: figures computed from the
data (never typed), and every new message located at the profile key or the CSV row."""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import Any

import yaml

from generator import catalog
from generator.indicators import SchoolIndicators, school_indicators
from generator.validate import ValidProfile, validate_file

ROOT = Path(__file__).resolve().parent.parent
DEMO = ROOT / "data" / "schools" / "demo.yaml"


def demo_data() -> dict[str, Any]:
    data = yaml.safe_load(DEMO.read_text(encoding="utf-8"))
    data.pop("work_log", None)
    data.pop("monitoring", None)
    data["journal"]["entries"] = []
    return data


def validated(tmp_path: Path, data: dict[str, Any]) -> tuple[ValidProfile | None, list]:
    path = tmp_path / "school.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return validate_file(path)


def indicators(tmp_path: Path, data: dict[str, Any]) -> SchoolIndicators:
    valid, errors = validated(tmp_path, data)
    assert errors == [], [e.format() for e in errors]
    assert valid is not None
    return school_indicators(valid)


def consultation(
    person: str, category: str, form: str, participants: int = 1, date: str = "2026-10-14"
) -> dict:
    return {
        "date": date,
        "person": person,
        "grade": "9А",
        "category": category,
        "form": form,
        "participants": participants,
        "topic": "Выбор профиля",
        "result": "Рекомендации даны",
    }


def entry(**over: Any) -> dict[str, Any]:
    base = {
        "date": "2026-10-12",
        "title": "Профессиональная проба «Повар»",
        "grades": "8–9",
        "participants": 12,
        "form": "proba",
        "responsible": "ivanova",
        "result": "Пробу прошли все участники",
    }
    return {k: v for k, v in {**base, **over}.items() if v is not None}


def test_every_indicator_has_its_wording_in_the_catalog() -> None:
    keys = [i.key for i in catalog.indicators().indicators]
    fields = {f.name for f in dataclasses.fields(SchoolIndicators)}
    assert len(keys) == len(set(keys))
    assert set(keys) <= fields
    documented = fields - {"profminimum_level", "directions", "log_entries_with_pupils"}
    assert documented <= set(keys)


def test_individual_consultations_count_persons_once_groups_count_participants(
    tmp_path: Path,
) -> None:
    data = demo_data()
    data["journal"]["entries"] = [
        consultation("Петров Илья Сергеевич", "обучающийся", "индивидуальная"),
        consultation("петров  илья сергеевич", "обучающийся", "индивидуальная"),
        consultation("Орлова Анна Ивановна", "обучающийся", "индивидуальная"),
        consultation("9А класс", "обучающийся", "групповая", 22),
        consultation("Петрова Ольга Ивановна", "родитель", "индивидуальная"),
        consultation("Петрова Ольга Ивановна", "родитель", "индивидуальная"),
        consultation("Родители 9А", "родитель", "групповая", 15),
        consultation("Учитель", "педагог", "индивидуальная"),
    ]
    ind = indicators(tmp_path, data)
    assert ind.pupils_consulted == 2 + 22
    assert ind.parents_consulted == 1 + 15


def test_without_a_log_the_log_figures_are_missing_not_zero(tmp_path: Path) -> None:
    ind = indicators(tmp_path, demo_data())
    assert ind.events_held is None and ind.pupils_in_trials is None
    assert ind.trials_held is None and ind.plan_events_held is None
    assert all(h.delivered is None for h in ind.hours)
    assert ind.teachers_trained is None  # no monitoring figure given
    assert ind.events_planned > 0 and ind.coordinator_appointed


def test_log_figures_are_counted_from_the_entries(tmp_path: Path) -> None:
    data = demo_data()
    data["work_log"] = {
        "entries": [
            entry(participants=12, participants_ovz=2, event="5.1", hours=2),
            entry(form="master_class", participants=20, grades="9", hours=1),
            entry(form="practice", participants=5, grades="10"),
            entry(form="meeting", participants=30, grades=None),  # parents: no pupils
        ]
    }
    data["monitoring"] = {"teachers_trained": 3, "pupils_tested": 40}
    ind = indicators(tmp_path, data)
    assert ind.events_held == 4
    assert ind.trials_held == 1 and ind.master_classes_held == 1 and ind.practices_held == 1
    assert ind.pupils_in_trials == 12 + 5
    assert ind.pupils_in_trials_ovz == 2
    assert ind.pupils_reached == 12 + 20 + 5  # the meeting has no grades
    assert ind.plan_events_held == 1
    by_grade = {h.grade: h for h in ind.hours}
    assert by_grade[8].delivered == 2 and by_grade[9].delivered == 3
    assert by_grade[10].delivered == 0
    assert by_grade[9].minimum == catalog.plan_defaults().levels[data["profminimum"]["level"]].hours
    assert ind.teachers_trained == 3 and ind.pupils_tested == 40
    practice = next(d for d in ind.directions if d.key == "practice")
    assert practice.held == 1


# --- validation of the new sections --------------------------------------------------------


def messages_at(tmp_path: Path, data: dict[str, Any]) -> dict[tuple, str]:
    valid, errors = validated(tmp_path, data)
    assert valid is None
    return {e.path: e.message for e in errors}


def test_work_log_date_outside_the_year(tmp_path: Path) -> None:
    data = demo_data()
    data["work_log"] = {"entries": [entry(date="2026-08-20")]}
    found = messages_at(tmp_path, data)
    assert "вне учебного года 2026/2027" in found[("work_log", "entries", 0, "date")]


def test_work_log_responsible_must_be_in_staff(tmp_path: Path) -> None:
    data = demo_data()
    data["work_log"] = {"entries": [entry(responsible="ivanov")]}
    found = messages_at(tmp_path, data)
    message = found[("work_log", "entries", 0, "responsible")]
    assert "не найден в staff" in message and "«ivanova»" in message


def test_work_log_participants_are_not_negative(tmp_path: Path) -> None:
    data = demo_data()
    data["work_log"] = {"entries": [entry(participants=-1)]}
    found = messages_at(tmp_path, data)
    assert ("work_log", "entries", 0, "participants") in found


def test_work_log_hours_are_not_negative(tmp_path: Path) -> None:
    data = demo_data()
    data["work_log"] = {"entries": [entry(hours=-2)]}
    found = messages_at(tmp_path, data)
    assert ("work_log", "entries", 0, "hours") in found


def test_work_log_ovz_not_above_participants(tmp_path: Path) -> None:
    data = demo_data()
    data["work_log"] = {"entries": [entry(participants=3, participants_ovz=4)]}
    found = messages_at(tmp_path, data)
    assert "больше, чем участников всего" in found[("work_log", "entries", 0, "participants_ovz")]


def test_work_log_event_must_be_in_the_plan(tmp_path: Path) -> None:
    data = demo_data()
    data["work_log"] = {"entries": [entry(event="9.9")]}
    found = messages_at(tmp_path, data)
    assert "№ 9.9 в плане-сетке нет" in found[("work_log", "entries", 0, "event")]


def test_work_log_form_is_a_catalog_key(tmp_path: Path) -> None:
    data = demo_data()
    data["work_log"] = {"entries": [entry(form="проба")]}
    found = messages_at(tmp_path, data)
    assert ("work_log", "entries", 0, "form") in found


def test_monitoring_figures_are_not_negative(tmp_path: Path) -> None:
    data = demo_data()
    data["monitoring"] = {"teachers_trained": -1}
    found = messages_at(tmp_path, data)
    assert ("monitoring", "teachers_trained") in found


LOG_HEADER = "date;title;event;grades;participants;participants_ovz;form;responsible;result\n"


def csv_log(tmp_path: Path, rows: str) -> dict[str, Any]:
    (tmp_path / "log.csv").write_text(LOG_HEADER + rows, encoding="utf-8-sig")
    data = demo_data()
    data["work_log"] = {"csv": "log.csv", "entries": [entry()]}
    return data


def test_work_log_rows_come_from_csv_after_the_inline_entries(tmp_path: Path) -> None:
    data = csv_log(tmp_path, "20.10.2026;Мастер-класс;;9;15;;master_class;ivanova;Проведён\n")
    valid, errors = validated(tmp_path, data)
    assert errors == []
    assert [e.form for e in valid.work_log] == ["proba", "master_class"]
    assert school_indicators(valid).master_classes_held == 1


def test_bad_work_log_csv_rows_are_located_at_their_line(tmp_path: Path) -> None:
    data = csv_log(
        tmp_path,
        "20.10.2026;Мастер-класс;;9;15;;master_class;ivanova;Проведён\n"
        "21.10.2026;Проба;;9;5;6;proba;ivanova;Проведена\n"
        "22.10.2026;Проба;;9;5;;proba;nobody;Проведена\n",
    )
    valid, errors = validated(tmp_path, data)
    assert valid is None
    assert all(e.file.endswith("log.csv") for e in errors)
    by_line = {e.line: (e.path, e.message) for e in errors}
    assert by_line[3][0] == ("participants_ovz",)
    assert by_line[4][0] == ("responsible",)
    assert set(by_line) == {3, 4}


def test_a_csv_row_naming_no_plan_event_is_located(tmp_path: Path) -> None:
    data = csv_log(tmp_path, "23.10.2026;Проба;7.7;9;5;;proba;ivanova;Проведена\n")
    valid, errors = validated(tmp_path, data)
    assert valid is None
    assert [(e.line, e.path) for e in errors] == [(2, ("event",))]
    assert errors[0].file.endswith("log.csv")


def test_missing_work_log_csv_is_reported_at_the_profile_key(tmp_path: Path) -> None:
    data = csv_log(tmp_path, "")
    (tmp_path / "log.csv").unlink()
    found = messages_at(tmp_path, data)
    assert "журнала выполненной работы" in found[("work_log", "csv")]


def xlsx_log(tmp_path: Path, rows: list[list[Any]]) -> dict[str, Any]:
    """The work log kept in Excel or LibreOffice Calc: the same columns, real date cells."""
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.append(LOG_HEADER.strip().split(";"))
    for row in rows:
        sheet.append(row)
    sheet.append([None] * 9)  # a formatted but empty row below the table
    book.save(tmp_path / "log.xlsx")
    data = demo_data()
    data["work_log"] = {"csv": "log.xlsx", "entries": [entry()]}
    return data


def test_work_log_rows_come_from_xlsx_with_date_cells(tmp_path: Path) -> None:
    import datetime as dt

    row = [dt.datetime(2026, 10, 20), "Мастер-класс", None, 9, 15, None, "master_class"]
    data = xlsx_log(tmp_path, [[*row, "ivanova", "Проведён"]])
    valid, errors = validated(tmp_path, data)
    assert errors == []
    assert [e.form for e in valid.work_log] == ["proba", "master_class"]
    assert valid.work_log[1].date == dt.date(2026, 10, 20)
    assert valid.work_log[1].participants == 15  # 15, not «15.0»
    assert school_indicators(valid).master_classes_held == 1


def test_bad_xlsx_rows_are_located_at_their_row(tmp_path: Path) -> None:
    ok = ["20.10.2026", "Проба", None, "9", 5, None, "proba", "ivanova", "Проведена"]
    bad = ["21.10.2026", "Проба", None, "9", 5, None, "proba", "nobody", "Проведена"]
    data = xlsx_log(tmp_path, [ok, bad])
    valid, errors = validated(tmp_path, data)
    assert valid is None
    assert [(e.line, e.path) for e in errors] == [(3, ("responsible",))]
    assert errors[0].file.endswith("log.xlsx")


def test_a_damaged_xlsx_is_a_located_message(tmp_path: Path) -> None:
    (tmp_path / "log.xlsx").write_bytes(b"PK\x03\x04 not really a workbook")
    data = demo_data()
    data["work_log"] = {"csv": "log.xlsx"}
    valid, errors = validated(tmp_path, data)
    assert valid is None
    assert any("Не удалось прочитать файл XLSX" in e.message for e in errors)
