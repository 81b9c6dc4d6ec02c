"""OUT/report.html: one self-contained Russian page for the head of the office.

The totals, a chart of schools by package status, sorted bars of one indicator across
schools and the schools that need attention first, drawn from the same rows and totals as
the XLSX. Inline CSS and SVG only: the page opens from a flash drive with no internet, and
`external_urls` is the check that it refers to nothing outside itself.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from .. import catalog
from .table import indicator_entries

if TYPE_CHECKING:
    import jinja2

    from .rows import SchoolRow
    from .table import Column, Total

DEFAULT_INDICATOR = "pupils_reached"
_EDGE = 20  # with many schools the bar chart shows the first and the last this many


@dataclass(frozen=True, slots=True)
class Bar:
    label: str
    value: float
    text: str
    width: float  # 0…1 of the longest
    color: str = "#1565c0"


@functools.cache
def _env() -> jinja2.Environment:
    import jinja2

    return jinja2.Environment(
        loader=jinja2.PackageLoader("generator.report", "templates"),
        autoescape=True,
        trim_blocks=True,
        lstrip_blocks=True,
        undefined=jinja2.StrictUndefined,
    )


def _number(value: float | int | None) -> str:
    """«1 234», «56,5»: Russian digit grouping (no-break space) and decimal comma."""
    if value is None:
        return ""
    if isinstance(value, float) and not value.is_integer():
        return f"{value:,.1f}".replace(",", "\u00a0").replace(".", ",")
    return f"{int(value):,}".replace(",", "\u00a0")


def _status_bars(rows: list[SchoolRow]) -> list[Bar]:
    statuses = catalog.report_columns().statuses
    counts = {key: sum(r.status == key for r in rows) for key in statuses}
    top = max(counts.values(), default=0) or 1
    return [
        Bar(s.title, counts[k], _number(counts[k]), counts[k] / top, s.color)
        for k, s in statuses.items()
    ]


def _indicator_bars(rows: list[SchoolRow], col: Column) -> tuple[list[Bar | None], int, int]:
    """Schools with the figure, highest first (None marks the schools left out in the
    middle); how many schools have no data; how many bars are left out."""
    known = [(r, col.get(r)) for r in rows]
    have = sorted(
        ((r, float(v)) for r, v in known if isinstance(v, int | float)),
        key=lambda rv: (-rv[1], rv[0].school_id),
    )
    top = max((v for _, v in have), default=0.0) or 1.0
    bars: list[Bar | None] = [Bar(_short(r), v, _number(v), v / top) for r, v in have]
    hidden = 0
    if len(bars) > 2 * _EDGE + 1:
        hidden = len(bars) - 2 * _EDGE
        bars = [*bars[:_EDGE], None, *bars[-_EDGE:]]
    return bars, len(known) - len(have), hidden


def _short(row: SchoolRow) -> str:
    """The school's name for a chart label, with the abbreviations of report_columns.yaml."""
    name = row.school or row.school_id
    for full, short in catalog.report_columns().chart_abbreviations.items():
        name = name.replace(full, short)
    return name


def _attention(rows: list[SchoolRow]) -> list[SchoolRow]:
    """Schools whose package needs work first (by the status's place in the queue), then
    the lowest scores."""
    statuses = catalog.report_columns().statuses

    def key(r: SchoolRow) -> tuple[int, float, str]:
        queue = statuses[r.status].attention or 99
        return queue, r.score if r.score is not None else -1.0, r.school_id

    return sorted(rows, key=key)


def _default_chart(rows: list[SchoolRow], cols: list[Column]) -> Column | None:
    """Pupils reached (п. 2.3); if no school has that figure yet (no work logs), the first
    number column of indicators.yaml whose figures differ between schools, or any with data."""
    keys = {e.key for e in indicator_entries()}
    numbers = [c for c in cols if c.kind == "int" and c.key in keys]

    def rank(c: Column) -> tuple[bool, bool]:
        values = {c.get(r) for r in rows} - {None}
        return c.key != DEFAULT_INDICATOR or not values, len(values) < 2

    have = [c for c in numbers if any(c.get(r) is not None for r in rows)]
    return min(have, key=rank) if have else None


def _cards(totals: list[Total], cols: list[Column]) -> list[Total]:
    """The figures at the top: the schools, the statuses that occur, the Прил. 4 totals."""
    numbered = {c.key for c in cols if c.number}
    statuses = catalog.report_columns().statuses
    return [
        t
        for t in totals
        if t.key == "schools" or (t.key in statuses and t.value) or t.key in numbered
    ]


def page(
    rows: list[SchoolRow],
    cols: list[Column],
    totals: list[Total],
    indicator: str | None = None,
    today: dt.date | None = None,
) -> str:
    from ..russian.dates import date_words

    by_key = {c.key: c for c in cols}
    chart = by_key.get(indicator) if indicator else _default_chart(rows, cols)
    bars, missing, hidden = _indicator_bars(rows, chart) if chart else ([], 0, 0)
    statuses = catalog.report_columns().statuses
    return (
        _env()
        .get_template("report.html")
        .render(
            title="Профориентация в школах муниципалитета",
            date=date_words(today or dt.date.today()),
            schools=len(rows),
            cards=_cards(totals, cols),
            number=_number,
            status_bars=_status_bars(rows),
            chart=chart,
            bars=bars,
            missing=missing,
            hidden=hidden,
            attention=_attention(rows),
            statuses=statuses,
            chart_value=(lambda r: chart.cell(r)) if chart else (lambda r: None),
        )
    )


# A reference that leaves the page: a scheme with «//», a protocol-relative «//host», or
# a src/href/url() that is not an in-page «#anchor» or inline «data:».
_EXTERNAL = re.compile(
    r"""(?ix)
    (?:[a-z][a-z0-9+.\-]*:)?//[^\s"'<>)]+      # http://…, https://…, //host…
    | \b(?:src|href|action|xlink:href)\s*=\s*["']?(?!\#|data:)[^\s"'>]+
    | url\(\s*["']?(?!\#|data:)[^)"']+
    | @import
    """
)


def external_urls(html: str) -> list[str]:
    """Everything in the page that would be fetched or followed outside it."""
    return [m.group(0) for m in _EXTERNAL.finditer(html)]
