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
