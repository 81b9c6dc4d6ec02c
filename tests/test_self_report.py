"""Document 10's rows from the computed indicators: hand-fill cells, never a made-up 0."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from generator.errors import BuildError
from generator.self_report import HAND, KEYS, self_report_ctx


def entries(*skip: str) -> list[SimpleNamespace]:
    numbers = {"coordinator_appointed": "1.1", "coordinators": "1.2", "events_held": "2.2",
               "pupils_reached": "2.3", "pupils_in_trials": "4.2",
               "pupils_additional_education": "5.2", "teachers_trained": None}  # fmt: skip
    return [
        SimpleNamespace(
            key=k,
            number=numbers.get(k.removesuffix("_ovz")),
            title=f"Показатель {k}",
            source=f"Источник {k}",
        )
        for k in KEYS
        if k not in skip
    ]


def indicators(**values: object) -> SimpleNamespace:
    base: dict[str, object] = dict.fromkeys(KEYS)
    base.update(coordinator_appointed=True, coordinators=1, events_planned=30)
    base.update(values)
    return SimpleNamespace(**base)


def test_missing_data_is_a_hand_fill_cell_never_zero() -> None:
    ctx = self_report_ctx(indicators(), entries())
    by_title = {r.title: r for r in ctx.rows}
    assert by_title["Показатель coordinator_appointed"].value == "да"
    assert by_title["Показатель coordinators"].value == "1"
    for key in ("events_held", "pupils_reached", "pupils_in_trials", "teachers_trained"):
        row = by_title[f"Показатель {key}"]
        assert row.value == HAND and row.blank and row.value != "0"
    assert ctx.hand_filled


def test_zero_is_printed_when_it_is_the_data() -> None:
    ctx = self_report_ctx(indicators(pupils_in_trials=0), entries())
    row = next(r for r in ctx.rows if r.title == "Показатель pupils_in_trials")
    assert row.value == "0" and not row.blank


def test_ovz_rows_only_where_the_profile_gives_them() -> None:
    titles = [r.title for r in self_report_ctx(indicators(), entries()).rows]
    assert not any(t.endswith("_ovz") for t in titles)
    ctx = self_report_ctx(indicators(pupils_reached=40, pupils_reached_ovz=3), entries())
    row = next(r for r in ctx.rows if r.title == "Показатель pupils_reached_ovz")
    assert row.value == "3" and row.number == "2.3"


def test_events_held_are_shown_against_the_plan() -> None:
    ctx = self_report_ctx(indicators(events_held=12), entries())
    row = next(r for r in ctx.rows if r.title == "Показатель events_held")
    assert row.value == "12 (по плану — 30)"


def test_an_indicator_missing_from_the_catalog_is_an_error() -> None:
    with pytest.raises(BuildError, match="teachers_trained"):
        self_report_ctx(indicators(), entries("teachers_trained"))


def test_no_appointed_coordinator_reads_no() -> None:
    ctx = self_report_ctx(indicators(coordinator_appointed=False), entries())
    assert ctx.rows[0].value == "нет"


REPORT_10 = "10_Самоотчёт_по_показателям_мониторинга.docx"


def _report_text(tmp_path, **mutations: object) -> str:
    from generator.pipeline import render_package
    from tests.test_build import all_text
    from tests.test_profile import demo_with

    path = tmp_path / "school.yaml"
    path.write_text(demo_with(**mutations), encoding="utf-8")
    return all_text(render_package(path).documents[REPORT_10]).replace("\u00a0", " ")


def test_the_demo_report_prints_computed_values(tmp_path) -> None:
    text = _report_text(tmp_path)
    assert "Проведено профориентационных мероприятий\n5 (по плану — 36)" in text
    assert "из них участий обучающихся с ОВЗ\n20" in text  # the demo's log gives ОВЗ
    assert HAND.replace("\u00a0", " ") not in text


def test_a_report_without_log_or_monitoring_marks_cells_to_fill(tmp_path) -> None:
    text = _report_text(tmp_path, work_log=None, monitoring=None)
    assert "САМООТЧЁТ" in text and "2026/2027 учебный год" in text
    assert "Назначение координатора по профессиональной ориентации\nда" in text
    assert text.count(HAND.replace("\u00a0", " ")) >= 4  # no log, no monitoring figures
    assert "\n0\n" not in text


def test_monitoring_figures_reach_the_report(tmp_path) -> None:
    text = _report_text(
        tmp_path, monitoring={"teachers_trained": 7, "additional_education_pupils": 41}
    )
    assert "повышение квалификации по вопросам профориентации\n7\n" in text
    assert "\n41\n" in text


def test_every_sample_school_gets_a_report() -> None:
    from generator.pipeline import render_package
    from tests.test_profile import SCHOOLS

    for path in sorted(SCHOOLS.glob("*.yaml")):
        assert REPORT_10 in render_package(path).documents, path.name
