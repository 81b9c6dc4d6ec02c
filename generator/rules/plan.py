"""Rules of the plan grid that validation and the context share: the hours each grade gets
(Единая модель: 40 / 60 / 80 hours a year at least) and the regional weeks no plan drops."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from .. import catalog


def missing_weeks(
    events: Iterable[dict[str, Any]], defaults: list[catalog.DefaultEvent], region: str
) -> list[catalog.DefaultEvent]:
    """The default events of the region's career weeks that a custom plan leaves out."""
    weeks = {w.month: w for w in catalog.regions().regions[region].career_weeks}
    events = list(events)
    out = []
    for e in defaults:
        month = e.regional_week
        if not month:
            continue
        title = weeks[month].title.lower()
        if not any(title in x["title"].lower() and month in x["months"] for x in events):
            out.append(e)
    return out


def hours_by_grade(
    events: Iterable[tuple[frozenset[int], int | None]], grades: Iterable[int]
) -> dict[int, int]:
    """Hours per grade over the events whose classes include it (hours, classes) (D6)."""
    events = list(events)
    return {g: sum(h or 0 for classes, h in events if g in classes) for g in sorted(grades)}
