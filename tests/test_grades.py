"""Grades in one place: the school's, an event's, профминимум's; hours per grade."""

from __future__ import annotations

import pytest

from generator.rules.grades import SchoolGrades, format_classes, parse_classes, parse_school_range
from generator.rules.plan import hours_by_grade


@pytest.mark.parametrize(
    ("text", "label"),
    [("1–11", "1–11"), ("1-9", "1–9"), ("1 — 4", "1–4"), ("5–11", "5–11"), ("10-11", "10–11")],
)
def test_school_ranges(text: str, label: str) -> None:
    grades = parse_school_range(text)
    assert grades is not None and format_classes(grades) == label


@pytest.mark.parametrize("text", ["1–12", "2–9", "9", "один–девять", "1–11, 5"])
def test_not_a_school_range(text: str) -> None:
    assert parse_school_range(text) is None


@pytest.mark.parametrize(
    ("text", "grades"),
    [("6–11", set(range(6, 12))), ("9, 11", {9, 11}), ("1–4, 9", {1, 2, 3, 4, 9}), ("—", set())],
)
def test_event_classes(text: str, grades: set[int]) -> None:
    assert parse_classes(text) == grades
    assert parse_classes(format_classes(grades)) == grades


@pytest.mark.parametrize("text", ["6–12", "сорок", "9 и 11", "11–6"])
def test_bad_event_classes(text: str) -> None:
    assert parse_classes(text) is None


@pytest.mark.parametrize(
    ("school", "top", "profminimum", "levels"),
    [
        ("1–11", 11, "6–11", "на уровнях начального общего, основного общего и среднего общего "
         "образования"),
        ("1–9", 9, "6–9", "на уровнях начального общего и основного общего образования"),
        ("1–4", 4, "—", "на уровне начального общего образования"),
        ("5–11", 11, "6–11", "на уровнях основного общего и среднего общего образования"),
    ],
)  # fmt: skip
def test_what_a_school_level_means(school: str, top: int, profminimum: str, levels: str) -> None:
    g = SchoolGrades.parse(school)
    assert g.top == top
    assert format_classes(g.profminimum) == profminimum
    assert g.levels_phrase() == levels
    assert g.meets(None) and g.meets(frozenset({4})) == g.has_primary


def test_hours_by_grade_counts_each_listed_grade() -> None:
    events = [
        (frozenset({6, 7}), 34),
        (frozenset({7}), 2),
        (frozenset(), None),
        (frozenset({8}), None),
    ]
    assert hours_by_grade(events, [6, 7, 8]) == {6: 34, 7: 36, 8: 0}
