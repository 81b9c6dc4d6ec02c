"""The coordinator's records (issue 14): the plan grid's «Отметка о выполнении», the work log
(07) and the analytic note (08) built from the profile's data."""

from __future__ import annotations

import functools
import io
from pathlib import Path
from typing import Any

import yaml
from docx import Document

from generator import catalog
from generator.context import plan_numbers
from generator.documents import DOCUMENTS
from generator.pipeline import render_package
from generator.validate import load_valid
from tests.test_indicators import consultation as consultation_on
from tests.test_indicators import entry as log_entry

ROOT = Path(__file__).resolve().parent.parent
SCHOOLS = ROOT / "data" / "schools"
NB = "\u00a0"


def demo_data() -> dict[str, Any]:
    return yaml.safe_load((SCHOOLS / "demo.yaml").read_text(encoding="utf-8"))


def write(tmp_path: Path, data: dict[str, Any], name: str = "demo.yaml") -> Path:
    path = tmp_path / name
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def built(path: Path) -> dict[str, bytes]:
    by_file = {d.file_name: d.id for d in DOCUMENTS}
    return {by_file[n]: data for n, data in render_package(path).documents.items()}


def done_cells(docx: bytes) -> dict[str, str]:
    """Plan-grid number → the text of its last cell («Отметка о выполнении»)."""
    out: dict[str, str] = {}

    def walk(tables: Any) -> None:  # the closing row sits in a table nested in a cell
        for table in tables:
            for row in table.rows:
                first = row.cells[0].text.strip()
                if first.count(".") == 1 and first.replace(".", "").isdigit():
                    out[first] = row.cells[-1].text.replace(NB, " ").strip()
                for cell in row.cells:
                    walk(cell.tables)

    walk(Document(io.BytesIO(docx)).tables)
    return out


def test_plan_events_done_in_the_log_are_marked_in_the_grid(tmp_path: Path) -> None:
    data = demo_data()
    data.pop("work_log", None)
    path = write(tmp_path, data)
    last = list(plan_numbers(load_valid(path).profile))[-1]
    data["work_log"] = {
        "entries": [
            log_entry(event="2.1", date="2026-10-12"),
            log_entry(event="2.1", date="2026-11-03"),  # held twice: the latest date
            log_entry(event=last, date="2027-05-20"),
            log_entry(date="2026-10-20"),  # not a plan event
        ]
    }
    marks = done_cells(built(write(tmp_path, data))["plan_grid"])
    assert marks["2.1"] == "выполнено 03.11.2026"
    assert marks[last] == "выполнено 20.05.2027"  # the closing row outside the loop
    assert [n for n, m in marks.items() if m] == ["2.1", last]


def note_figures(docx: bytes) -> dict[str, str]:
    """Indicator title → the figure the note prints after it («Title: 24.»)."""
    out = {}
    for p in Document(io.BytesIO(docx)).paragraphs:
        text = p.text.replace(NB, " ")
        title, sep, value = text.rpartition(": ")
        if sep and value.endswith(".") and value[:-1].isdigit():
            out[title] = value[:-1]
        elif text.endswith(".") and " класс — по плану " in text:
            grade, rest = text.split(" класс — по плану ")
            _planned, delivered = rest.split(", проведено ")
            out[f"часы {grade}"] = delivered.split(",")[0].rstrip(".")
    return out


# A consultation in February: inside the academic year, after the demo's own entries.
consultation = functools.partial(consultation_on, date="2027-02-10")


def test_every_figure_of_the_note_changes_by_exactly_what_was_added(tmp_path: Path) -> None:
    data = demo_data()
    before = note_figures(built(write(tmp_path, data))["analytic_note"])
    journal = data["journal"]["entries"]
    first_pupil = next(e["person"] for e in journal if e["category"] == "обучающийся")
    journal += [
        consultation("Новикова Дарья Олеговна", "обучающийся", "индивидуальная"),
        consultation(first_pupil, "обучающийся", "индивидуальная"),  # already counted
        consultation("10А класс", "обучающийся", "групповая", 17),
        consultation("Новиков Олег Петрович", "родитель", "индивидуальная"),
        consultation("Родители 8Б", "родитель", "групповая", 11),
    ]
    data["work_log"]["entries"] += [
        log_entry(form="proba", grades="10", participants=7, participants_ovz=1, hours=3),
        log_entry(form="master_class", grades="8", participants=25, hours=2, event="7.3"),
        log_entry(form="practice", grades="10–11", participants=9),
        log_entry(form="meeting", grades=None, participants=40),
    ]
    after = note_figures(built(write(tmp_path, data))["analytic_note"])
    titles = {i.key: i.title for i in catalog.indicators().indicators}
    expected = {
        titles["pupils_consulted"]: 1 + 17,
        titles["parents_consulted"]: 1 + 11,
        titles["events_held"]: 4,
        titles["plan_events_held"]: 1,  # 7.3 was not done before
        titles["pupils_reached"]: 7 + 25 + 9 + 1 + 17,
        titles["pupils_in_trials"]: 7 + 9,
        titles["pupils_reached_ovz"]: 1,
        titles["pupils_in_trials_ovz"]: 1,
        titles["trials_held"]: 1,
        titles["master_classes_held"]: 1,
        titles["practices_held"]: 1,
        "часы 8": 2,
        "часы 10": 3,
        "часы 11": 0,
        "часы 9": 0,
    }
    changed = {k: int(after[k]) - int(before[k]) for k in after if after[k] != before.get(k)}
    assert {k: v for k, v in expected.items() if v} == changed
    for key, delta in expected.items():
        assert int(after[key]) - int(before[key]) == delta, key


def test_missing_data_gives_hand_fill_lines_and_one_warning(tmp_path: Path) -> None:
    data = demo_data()
    assert not [w for w in render_package(write(tmp_path, data)).warnings if "справке" in w.message]
    data.pop("work_log")
    data.pop("monitoring")
    package = render_package(write(tmp_path, data))
    gaps = [w for w in package.warnings if "справке" in w.message]
    assert len(gaps) == 1 and gaps[0].severity == "warning"
    assert "Проведено мастер-классов" in gaps[0].message
    by_file = {d.file_name: d.id for d in DOCUMENTS}
    note = next(v for k, v in package.documents.items() if by_file[k] == "analytic_note")
    text = "\n".join(p.text for p in Document(io.BytesIO(note)).paragraphs)
    assert "Проведено мастер-классов: ________ (заполняется вручную:" in text.replace(NB, " ")
