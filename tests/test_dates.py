"""Date strings exactly as they are printed in the local acts."""

from __future__ import annotations

from datetime import date, datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from generator.russian.dates import (
    MONTHS_GENITIVE,
    MONTHS_NOMINATIVE,
    NBSP,
    academic_months,
    academic_year_bounds,
    academic_year_label,
    date_numeric,
    date_words,
    month_name,
)


def test_nbsp_is_no_break_space() -> None:
    assert NBSP == "\u00a0"


@pytest.mark.parametrize(
    ("d", "expected"),
    [
        (date(2026, 9, 1), "1\u00a0сентября\u00a02026\u00a0г."),
        (date(2027, 5, 25), "25\u00a0мая\u00a02027\u00a0г."),
        (date(2026, 12, 31), "31\u00a0декабря\u00a02026\u00a0г."),
        (date(2027, 3, 8), "8\u00a0марта\u00a02027\u00a0г."),
    ],
)
def test_date_words(d: date, expected: str) -> None:
    assert date_words(d) == expected


@pytest.mark.parametrize(
    ("d", "expected"),
    [
        (date(2026, 9, 1), "01.09.2026"),
        (date(2026, 12, 31), "31.12.2026"),
        (date(2027, 1, 9), "09.01.2027"),
    ],
)
def test_date_numeric(d: date, expected: str) -> None:
    assert date_numeric(d) == expected


@given(st.dates(min_value=date(1900, 1, 1), max_value=date(2100, 12, 31)))
def test_date_formats_round_trip(d: date) -> None:
    assert datetime.strptime(date_numeric(d), "%d.%m.%Y").date() == d
    day, month, year, letter = date_words(d).split(NBSP)  # never broken across lines
    assert (int(day), MONTHS_GENITIVE.index(month), year, letter) == (
        d.day,
        d.month,
        str(d.year),
        "г.",
    )


@pytest.mark.parametrize(
    ("month", "case", "expected"),
    [
        (9, "nominative", "сентябрь"),
        (9, "genitive", "сентября"),
        (9, "prepositional", "сентябре"),
        (3, "prepositional", "марте"),
        (5, "nominative", "май"),
        (5, "genitive", "мая"),
        (5, "prepositional", "мае"),
        (1, "genitive", "января"),
        (12, "prepositional", "декабре"),
    ],
)
def test_month_name(month: int, case: str, expected: str) -> None:
    assert month_name(month, case) == expected  # type: ignore[arg-type]


def test_month_name_defaults_to_nominative() -> None:
    assert month_name(2) == "февраль"


@pytest.mark.parametrize("bad", [0, 13, -1])
def test_month_name_rejects_bad_month(bad: int) -> None:
    with pytest.raises(ValueError, match="от 1 до 12"):
        month_name(bad)


def test_month_name_rejects_bad_case() -> None:
    with pytest.raises(ValueError, match="Неизвестный падеж"):
        month_name(9, "dative")  # type: ignore[arg-type]


def test_month_tables_are_indexed_by_month_number() -> None:
    assert len(MONTHS_NOMINATIVE) == len(MONTHS_GENITIVE) == 13
    assert MONTHS_NOMINATIVE[0] == MONTHS_GENITIVE[0] == ""
    assert MONTHS_NOMINATIVE[1:] == (
        "январь",
        "февраль",
        "март",
        "апрель",
        "май",
        "июнь",
        "июль",
        "август",
        "сентябрь",
        "октябрь",
        "ноябрь",
        "декабрь",
    )
    assert MONTHS_GENITIVE[1:] == (
        "января",
        "февраля",
        "марта",
        "апреля",
        "мая",
        "июня",
        "июля",
        "августа",
        "сентября",
        "октября",
        "ноября",
        "декабря",
    )


def test_academic_year_label() -> None:
    assert academic_year_label(2026) == "2026/2027"


def test_academic_year_bounds() -> None:
    assert academic_year_bounds(2026) == (date(2026, 9, 1), date(2027, 8, 31))


def test_academic_months() -> None:
    assert academic_months(2026) == [
        (2026, 9),
        (2026, 10),
        (2026, 11),
        (2026, 12),
        (2027, 1),
        (2027, 2),
        (2027, 3),
        (2027, 4),
        (2027, 5),
        (2027, 6),
    ]
