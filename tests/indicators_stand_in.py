"""A stand-in for generator.indicators and its catalog file, for tests only, until issue 14
(which owns both: /work/coord/indicators-contract.md) is merged into this branch.

It has the contract's shape and a few trivially read figures, nothing of the real counting
rules: the report's tests compare the XLSX with whatever `school_indicators` returns, so
they hold for the real module too. tests/test_report.py installs it only when the real
module is missing.
"""

from __future__ import annotations

from dataclasses import dataclass

from generator.validate import ValidProfile


@dataclass(frozen=True, slots=True)
class GradeHours:
    grade: int
    planned: int
    delivered: int | None
    minimum: int


@dataclass(frozen=True, slots=True)
class SchoolIndicators:
    coordinator_appointed: bool
    coordinators: int
    events_planned: int
    events_held: int | None
    pupils_reached: int | None
    pupils_reached_ovz: int | None
    pupils_in_trials: int | None
    pupils_in_trials_ovz: int | None
    pupils_additional_education: int | None
    pupils_additional_education_ovz: int | None
    teachers_trained: int | None
    pupils_consulted: int
    parents_consulted: int
    profminimum_level: str
    hours: tuple[GradeHours, ...]


def school_indicators(valid: ValidProfile) -> SchoolIndicators:
    p = valid.profile
    consulted = len(valid.consultations)
    events = len(p.plan.events or ()) if p.plan is not None else 0
    return SchoolIndicators(
        coordinator_appointed=p.roles.coordinator is not None,
        coordinators=int(p.roles.coordinator is not None),
        events_planned=events,
        events_held=None,
        pupils_reached=consulted,
        pupils_reached_ovz=None,
        pupils_in_trials=None,
        pupils_in_trials_ovz=None,
        pupils_additional_education=None,
        pupils_additional_education_ovz=None,
        teachers_trained=None,
        pupils_consulted=consulted,
        parents_consulted=0,
        profminimum_level=p.profminimum.level if p.profminimum is not None else "",
        hours=(GradeHours(8, 40, None, 40), GradeHours(9, 30 + consulted, 30 + consulted, 40)),
    )


@dataclass(frozen=True, slots=True)
class Indicator:
    key: str
    number: str | None
    title: str
    source: str
    counting: str


@dataclass(frozen=True, slots=True)
class IndicatorsFile:
    indicators: list[Indicator]


_ENTRIES = [
    ("coordinator_appointed", "1.1", "Назначен координатор"),
    ("coordinators", "1.2", "Координаторов"),
    ("events_planned", None, "Мероприятий в плане"),
    ("events_held", "2.2", "Проведено мероприятий"),
    ("pupils_reached", "2.3", "Охвачено обучающихся"),
    ("pupils_reached_ovz", "2.3", "Охвачено обучающихся с ОВЗ"),
    ("pupils_in_trials", "4.2", "В профессиональных пробах"),
    ("pupils_additional_education", "5.2", "В дополнительном образовании"),
    ("teachers_trained", "7", "Педагогов прошли обучение"),
    ("pupils_consulted", None, "Обучающихся проконсультировано"),
    ("profminimum_level", None, "Уровень Единой модели"),
    ("hours", None, "Часы Единой модели"),
]


def indicators() -> IndicatorsFile:
    return IndicatorsFile(
        [Indicator(k, n, t, "поле профиля (заглушка теста)", "—") for k, n, t in _ENTRIES]
    )
