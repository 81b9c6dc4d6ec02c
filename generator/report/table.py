"""The report's columns and totals, as data: both writers read them from here.

Which columns there are, their titles and what they count come from the catalog:
report_columns.yaml for the package status and the rating, indicators.yaml for Приложение 4
and the Единая модель (the same wording as the analytic note and the self-report).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal

from .. import catalog
from .rows import SchoolRow, Value

Kind = Literal["text", "int", "bool", "score"]
Cell = str | int | float | None


@dataclass(frozen=True, slots=True)
class Column:
    key: str
    title: str
    what: str  # what it counts
    source: str  # from which field
    kind: Kind
    get: Callable[[SchoolRow], Value | float]
    width: int = 12
    number: str = ""  # Приложение 4 item, «2.3»
    counting: str = ""

    def cell(self, row: SchoolRow) -> Cell:
        """The value as a spreadsheet cell: a number is a number; no data is None."""
        value = self.get(row)
        if value is None:
            return None
        if self.kind == "bool":
            return "да" if value else "нет"
        return value  # type: ignore[return-value]


def _status_title(row: SchoolRow) -> str:
    return catalog.report_columns().statuses[row.status].title


_FIXED: dict[str, tuple[Kind, Callable[[SchoolRow], Value | float]]] = {
    "school_id": ("text", lambda r: r.school_id),
    "school": ("text", lambda r: r.school),
    "municipality": ("text", lambda r: r.municipality),
    "status": ("text", _status_title),
    "detail": ("text", lambda r: r.detail or None),
    "errors": ("int", lambda r: r.errors),
    "warnings": ("int", lambda r: r.warnings),
    "edition": ("text", lambda r: r.edition),
    "level": ("text", lambda r: r.indicators.get("profminimum_level")),
    "rating": ("score", lambda r: r.score),
    "rank": ("int", lambda r: r.rank),
}


def _indicator_getter(key: str) -> Callable[[SchoolRow], Value]:
    return lambda r: r.indicators.get(key)


def _hours_getter(grade: int, part: str) -> Callable[[SchoolRow], Value]:
    def get(row: SchoolRow) -> Value:
        for h in row.hours:
            if h.grade == grade:
                return getattr(h, part)  # type: ignore[no-any-return]
        return None

    return get


def indicator_entries() -> list[catalog.Indicator]:
    """indicators.yaml's entries: the same wording as the analytic note and the self-report."""
    return list(catalog.indicators().indicators)


def _kind_of(key: str, rows: list[SchoolRow]) -> Kind:
    for r in rows:
        value = r.indicators.get(key)
        if isinstance(value, bool):
            return "bool"
        if isinstance(value, int):
            return "int"
        if isinstance(value, str):
            return "text"
    return "int"


def columns(rows: list[SchoolRow]) -> list[Column]:
    """The columns of the sheet «Школы», in order: the school and its package, the rating,
    the indicators as indicators.yaml lists them, the hours of each grade of the model."""
    spec = catalog.report_columns()
    out = [
        Column(key, c.title, c.what, c.source, _FIXED[key][0], _FIXED[key][1], c.width)
        for key, c in spec.columns.items()
    ]
    for ind in indicator_entries():
        if ind.key == "hours":
            continue
        kind = _kind_of(ind.key, rows)
        title = f"{ind.number}. {ind.title}" if ind.number else ind.title
        out.append(
            Column(
                ind.key,
                title,
                ind.title,
                ind.source,
                kind,
                _indicator_getter(ind.key),
                width=14 if kind != "text" else 16,
                number=ind.number or "",
                counting=ind.counting,
            )
        )
    grades = sorted({h.grade for r in rows for h in r.hours})
    for grade in grades:
        for part, h in spec.hours.items():
            out.append(
                Column(
                    f"hours_{grade}_{part}",
                    h.title.format(grade=grade),
                    h.what.format(grade=grade),
                    h.source.format(grade=grade),
                    "int",
                    _hours_getter(grade, part),
                    width=11,
                )
            )
    return out


# ------------------------------------------------------------------------------ totals


@dataclass(frozen=True, slots=True)
class Total:
    key: str  # "schools", a status key or a column key
    title: str
    value: int | float
    schools: int  # schools with data for it
    note: str = ""


def totals(rows: list[SchoolRow], cols: list[Column]) -> list[Total]:
    """Municipal totals: schools by status, then each number column summed over the schools
    that have the figure, and each yes/no column counted; no data is not a zero."""
    spec = catalog.report_columns()
    out = [Total("schools", "Школ в отчёте", len(rows), len(rows))]
    for key, status in spec.statuses.items():
        count = sum(r.status == key for r in rows)
        out.append(Total(key, f"Школ: {status.title}", count, len(rows)))
    for col in cols:
        if col.key in _FIXED:
            continue
        values = [col.get(r) for r in rows]
        known = [v for v in values if v is not None]
        if col.kind == "int":
            total = sum(int(v) for v in known)  # type: ignore[arg-type]
            out.append(Total(col.key, col.title, total, len(known), "сумма по школам с данными"))
        elif col.kind == "bool":
            yes = sum(bool(v) for v in known)
            out.append(Total(col.key, col.title, yes, len(known), "школ с ответом «да»"))
    return out
