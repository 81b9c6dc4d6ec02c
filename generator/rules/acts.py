"""The order of a package's dates: councils give their opinion, the order follows, then the
appointment takes effect. Validation (of the profile) and verification (of the package)
apply these same rules."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

KeyPath = tuple[str, ...]


@dataclass(frozen=True, slots=True)
class DateProblem:
    path: KeyPath  # the profile field to correct
    message: str
    source: str


_COUNCILS = (
    ("student_council", "совета обучающихся"),
    ("parent_council", "совета родителей"),
)


def act_date_problems(
    order: dt.date,
    effective: dt.date,
    pedagogical_council: dt.date,
    councils: dict[str, dt.date | None] | None = None,
) -> list[DateProblem]:
    out: list[DateProblem] = []
    if pedagogical_council > order:
        out.append(
            DateProblem(
                ("acts", "pedagogical_council", "date"),
                "Протокол педагогического совета датирован позже приказа, которым утверждаются "
                "принятые им положения. Дата протокола должна быть не позже даты приказа.",
                "273-ФЗ, ст. 30",
            )
        )
    for key, label in _COUNCILS:
        date = (councils or {}).get(key)
        if date is not None and date > order:
            out.append(
                DateProblem(
                    ("acts", key, "date"),
                    f"Мнение {label} учитывается до утверждения актов: дата протокола должна "
                    "быть не позже даты приказа.",
                    "273-ФЗ, ст. 30 ч. 3",
                )
            )
    if effective < order:
        out.append(
            DateProblem(
                ("acts", "order", "effective_date"),
                "Назначение не может вступить в силу раньше даты приказа.",
                "Прил. 1, п. 8.1",
            )
        )
    return out
