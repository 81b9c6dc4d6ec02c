"""Russian date formatting for local acts, without babel: the few forms documents need.

Dates in words follow office practice (ГОСТ Р 7.0.97-2025): «1 сентября 2026 г.», day
without a leading zero, no-break spaces inside so the date never breaks across lines.
"""

from __future__ import annotations

from datetime import date
from typing import Literal

NBSP = "\u00a0"

# Index = month number; index 0 is empty so MONTHS_X[d.month] reads naturally.
MONTHS_NOMINATIVE: tuple[str, ...] = (
    "",
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
MONTHS_GENITIVE: tuple[str, ...] = (
    "",
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
MONTHS_PREPOSITIONAL: tuple[str, ...] = (
    "",
    "январе",
    "феврале",
    "марте",
    "апреле",
    "мае",
    "июне",
    "июле",
    "августе",
    "сентябре",
    "октябре",
    "ноябре",
    "декабре",
)

# Standard abbreviations of month names (сент., окт., нояб., …; март, май, июнь in full).
MONTHS_ABBR: tuple[str, ...] = (
    "",
    "янв.",
    "февр.",
    "март",
    "апр.",
    "май",
    "июнь",
    "июль",
    "авг.",
    "сент.",
    "окт.",
    "нояб.",
    "дек.",
)

MonthCase = Literal["nominative", "genitive", "prepositional"]
_MONTHS_BY_CASE: dict[str, tuple[str, ...]] = {
    "nominative": MONTHS_NOMINATIVE,
    "genitive": MONTHS_GENITIVE,
    "prepositional": MONTHS_PREPOSITIONAL,
}

# The academic year runs 1 September – 31 August; lessons run September – June.
ACADEMIC_YEAR_START_MONTH = 9
LAST_TEACHING_MONTH = 6


def date_words(d: date) -> str:
    """«1 сентября 2026 г.» — the form for the body text and approval stamps, bound by
    no-break spaces: a date never breaks across lines."""
    return f"{d.day}{NBSP}{MONTHS_GENITIVE[d.month]}{NBSP}{d.year}{NBSP}г."


def date_numeric(d: date) -> str:
    """«01.09.2026» — the form for document requisites (дата документа)."""
    return f"{d.day:02d}.{d.month:02d}.{d.year:04d}"


def month_name(month: int, case: MonthCase = "nominative") -> str:
    """«сентябрь» / «сентября» / «сентябре» («в сентябре» for event schedules)."""
    if isinstance(month, bool) or not isinstance(month, int) or not 1 <= month <= 12:
        raise ValueError(f"Номер месяца должен быть от 1 до 12, получено: {month!r}.")
    try:
        return _MONTHS_BY_CASE[case][month]
    except KeyError:
        raise ValueError(
            f"Неизвестный падеж «{case}»; допустимы: {', '.join(_MONTHS_BY_CASE)}."
        ) from None


def academic_year_label(start_year: int) -> str:
    """«2026/2027» — how plans and orders name the academic year."""
    return f"{start_year}/{start_year + 1}"


def academic_year_bounds(start_year: int) -> tuple[date, date]:
    """1 September of start_year to 31 August of the next year, inclusive."""
    return date(start_year, ACADEMIC_YEAR_START_MONTH, 1), date(start_year + 1, 8, 31)


def academic_months(start_year: int) -> list[tuple[int, int]]:
    """(year, month) pairs from September to June — the months a work plan is laid out by."""
    months: list[tuple[int, int]] = []
    year, month = start_year, ACADEMIC_YEAR_START_MONTH
    while (year, month) != (start_year + 1, LAST_TEACHING_MONTH + 1):
        months.append((year, month))
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return months
