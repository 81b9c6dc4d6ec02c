"""The coordinator's results (Table 3, Прил. 4) computed from a validated profile.

Pure computation, no I/O: the analytic note (08), the self-report (10) and the municipal
report read the same figures, so a number never differs between two documents. None always
means «the profile lacks the data»: a document leaves a line to fill by hand, never a 0.
Wording for each figure lives in generator/catalog/indicators.yaml.
"""

from __future__ import annotations

from dataclasses import dataclass

from . import catalog
from .context import numbered_events, plan_events
from .model import Consultation, WorkEntry
from .pseudonyms import person_key
from .rules.grades import parse_classes
from .rules.plan import hours_by_grade
from .validate import ValidProfile


@dataclass(frozen=True, slots=True)
class GradeHours:
    grade: int  # 6..11
    planned: int  # hours of the Единая модель in the plan for this grade
    delivered: int | None  # from the work log; None = the profile has no log
    minimum: int  # the level's minimum for the grade (catalog data, not code)


@dataclass(frozen=True, slots=True)
class DirectionEvents:
    key: str  # the direction's key in plan_defaults.yaml
    planned: int  # plan events of the direction
    held: int | None  # of them, marked done by a work-log entry; None = no log


@dataclass(frozen=True, slots=True)
class SchoolIndicators:
    coordinator_appointed: bool  # Прил. 4 п. 1.1
    coordinators: int  # п. 1.2 (count of coordinators in the school)
    events_planned: int  # plan events of the year
    events_held: int | None  # п. 2.2, from the work log
    pupils_reached: int | None  # п. 2.3 (journal + log; the counting rule is documented)
    pupils_reached_ovz: int | None
    pupils_in_trials: int | None  # п. 4.2 (professional trials from the log)
    pupils_in_trials_ovz: int | None
    pupils_additional_education: int | None  # п. 5.2 (profile figure)
    pupils_additional_education_ovz: int | None
    teachers_trained: int | None  # п. 7 (profile figure)
    pupils_consulted: int  # from the journal: individual = persons once, group = participants
    parents_consulted: int
    profminimum_level: str  # the model's level key as in the profile
    hours: tuple[GradeHours, ...]
    # added by issue 14 for the analytic note (Table 3)
    pupils_tested: int | None  # Table 3, 2.1 (profile figure)
    plan_events_held: int | None  # plan events marked done by the log
    directions: tuple[DirectionEvents, ...]
    trials_held: int | None  # Table 3, 5.3
    master_classes_held: int | None  # Table 3, 5.4
    practices_held: int | None  # Table 3, 5.5
    log_entries_with_pupils: int | None  # entries with grades: what pupils_reached sums


def consulted(entries: list[Consultation], category: str) -> int:
    """Individual entries count each person once however often they came; a group entry
    counts its participants (a group has no names to tell apart)."""
    persons = {person_key(e) for e in entries if e.category == category and e.form != "групповая"}
    groups = sum(
        e.participants for e in entries if e.category == category and e.form == "групповая"
    )
    return len(persons) + groups


def _with_pupils(entries: list[WorkEntry]) -> list[WorkEntry]:
    return [e for e in entries if parse_classes(e.grades or "—")]


def school_indicators(valid: ValidProfile) -> SchoolIndicators:
    profile = valid.profile
    has_log = profile.work_log is not None
    log = valid.work_log
    forms = catalog.work_forms()
    level = catalog.plan_defaults().levels[profile.profminimum.level]
    events = plan_events(profile)
    numbered = numbered_events(events)
    done = {e.event for e in log if e.event is not None}

    def when_logged(value: int) -> int | None:
        return value if has_log else None

    pupils = _with_pupils(log)
    trials = [e for e in log if forms.form(e.form).trial]
    pupils_consulted = consulted(valid.consultations, "обучающийся")
    ovz_given = any(e.participants_ovz is not None for e in pupils)
    trials_ovz_given = any(e.participants_ovz is not None for e in trials)
    monitoring = profile.monitoring
    grades = sorted(profile.profminimum_grades)
    planned = hours_by_grade(((e["classes"], e["hours"]) for e in events), grades)
    delivered = hours_by_grade(
        ((parse_classes(e.grades or "—") or frozenset(), e.hours) for e in log), grades
    )
    coordinator = profile.roles.coordinator
    holders = (
        len(coordinator.holders) + (1 if coordinator.delegated_to else 0) if coordinator else 0
    )
    return SchoolIndicators(
        coordinator_appointed=holders > 0 or bool(coordinator and coordinator.outsourced_to),
        coordinators=holders,
        events_planned=len(events),
        events_held=when_logged(len(log)),
        pupils_reached=when_logged(sum(e.participants for e in pupils) + pupils_consulted),
        pupils_reached_ovz=(
            sum(e.participants_ovz or 0 for e in pupils) if has_log and ovz_given else None
        ),
        pupils_in_trials=when_logged(sum(e.participants for e in trials)),
        pupils_in_trials_ovz=(
            sum(e.participants_ovz or 0 for e in trials) if has_log and trials_ovz_given else None
        ),
        pupils_additional_education=monitoring.additional_education_pupils,
        pupils_additional_education_ovz=monitoring.additional_education_ovz,
        teachers_trained=monitoring.teachers_trained,
        pupils_consulted=pupils_consulted,
        parents_consulted=consulted(valid.consultations, "родитель"),
        profminimum_level=profile.profminimum.level,
        hours=tuple(
            GradeHours(g, planned[g], delivered[g] if has_log else None, level.hours)
            for g in grades
        ),
        pupils_tested=monitoring.pupils_tested,
        plan_events_held=when_logged(sum(1 for n, _ in numbered if n in done)),
        directions=tuple(
            DirectionEvents(
                d.key,
                sum(1 for _, e in numbered if e["direction"] == d.key),
                when_logged(sum(1 for n, e in numbered if e["direction"] == d.key and n in done)),
            )
            for d in catalog.plan_defaults().directions
        ),
        trials_held=when_logged(sum(1 for e in log if e.form == "proba")),
        master_classes_held=when_logged(sum(1 for e in log if e.form == "master_class")),
        practices_held=when_logged(sum(1 for e in log if e.form == "practice")),
        log_entries_with_pupils=when_logged(len(pupils)),
    )
