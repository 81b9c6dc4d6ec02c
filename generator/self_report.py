"""Document 10: the school's rows of Приложение 4, from the computed indicators.

Values come from `generator.indicators.school_indicators` (never typed into the profile),
wording from catalog/indicators.yaml, so the note (08), this report and the municipal
report say the same thing. Data the profile lacks is a cell marked for hand filling,
never a 0 the municipality would add up.
"""

from __future__ import annotations

from typing import Any

from .context_model import SelfReportCtx, SelfReportRowCtx
from .errors import BuildError

# Приложение 4 items that one school reports, in the order of the appendix. An «_ovz»
# figure is a row of its own only where the profile gives it.
KEYS: tuple[str, ...] = (
    "coordinator_appointed",
    "coordinators",
    "events_held",
    "pupils_reached",
    "pupils_reached_ovz",
    "pupils_in_trials",
    "pupils_in_trials_ovz",
    "pupils_additional_education",
    "pupils_additional_education_ovz",
    "teachers_trained",
)
HAND = "заполняется вручную: ________"


def _value(key: str, value: Any, indicators: Any) -> str:
    if isinstance(value, bool):
        return "да" if value else "нет"
    if key == "events_held":
        return f"{value} (по плану — {indicators.events_planned})"
    return str(value)


def self_report_ctx(indicators: Any, entries: list[Any]) -> SelfReportCtx:
    by_key = {e.key: e for e in entries}
    missing = [k for k in KEYS if k not in by_key]
    if missing:
        raise BuildError(
            "В справочнике показателей (generator/catalog/indicators.yaml) нет показателей "
            f"{', '.join(missing)}: самоотчёт по Приложению 4 не из чего составить."
        )
    rows = []
    for key in KEYS:
        value = getattr(indicators, key)
        if key.endswith("_ovz") and value is None:
            continue
        entry = by_key[key]
        rows.append(
            SelfReportRowCtx(
                number=entry.number or "",
                title=" ".join(entry.title.split()),
                value=HAND if value is None else _value(key, value, indicators),
                source=" ".join(entry.source.split()),
                blank=value is None,
            )
        )
    return SelfReportCtx(rows=rows, hand_filled=any(r.blank for r in rows))
