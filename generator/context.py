"""Stage 3: turn a valid profile into the template context (cases, dates, numbering).

Everything a document prints is computed here once, so templates stay plain text a
methodologist can edit, and every case form has one place where it can be wrong.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from typing import Any

from . import catalog
from .context_model import (
    ActsCtx,
    CareerWeekCtx,
    DateCtx,
    DirectionCtx,
    DocumentContext,
    EventCtx,
    Forms,
    JournalCtx,
    JournalRowCtx,
    LegalActCtx,
    LegalCtx,
    MonthCtx,
    OrderCtx,
    PartnersCtx,
    PersonCtx,
    PlanCtx,
    ProfminimumCtx,
    ProtocolCtx,
    RegionCtx,
    RoleCtx,
    SchoolCtx,
    YearCtx,
)
from .errors import BuildError
from .model import Consultation, Person, Profile, RoleAssignment
from .paths import catalog_file, shown
from .russian import CASES, acquainted_word, dates, decline_position, decline_school_name
from .validate import ValidProfile

PLAN_MONTHS: tuple[int, ...] = (9, 10, 11, 12, 1, 2, 3, 4, 5, 6)
MARK = "•"


def date_ctx(d: Any) -> DateCtx:
    return DateCtx(numeric=dates.date_numeric(d), words=dates.date_words(d), iso=d.isoformat())


def mid_sentence(title: str) -> str:
    """«Учитель технологии» as documents print it inside a sentence: «учитель технологии».
    Only a capitalised first word is lowered; «ПДО» and «МАОУ» stay as written."""
    if title[:1].isupper() and not title[1:2].isupper():
        return title[:1].lower() + title[1:]
    return title


def _overrides(person: Person) -> dict[str, str]:
    if person.name_forms is None:
        return {}
    return {k: v for k, v in person.name_forms.model_dump().items() if v}


@functools.lru_cache(maxsize=512)  # one school needs a few dozen; a region must not pile up
def _person_ctx_cached(person: Person) -> PersonCtx:
    name = person.name
    gender = person.gender or name.gender
    if gender is None:  # validate() refuses this; keep the guard for direct callers
        raise BuildError("Не удалось определить пол сотрудника по отчеству: укажите gender.")
    overrides = _overrides(person)
    names = {c: overrides.get(c) or name.declined(c, gender) for c in CASES}
    # short() would decline the surname once more; it is the first word of the full
    # form (override or not), so reuse it (tests/test_fastpath.py checks the equivalence).
    letters = name.initials
    surnames = {c: names[c].split(" ")[0] for c in CASES}
    title = mid_sentence(person.position)
    position = Forms(**{c: decline_position(title, c) for c in CASES})
    return PersonCtx(
        name=Forms(**names),
        short=Forms(**{c: f"{letters} {surnames[c]}" for c in CASES}),
        surname_first=f"{surnames['nominative']} {letters}",
        position=position,
        gender=gender,
        acquainted=acquainted_word(gender),
    )


def person_ctx(person: Person) -> PersonCtx:
    return _person_ctx_cached(person)


@dataclass(frozen=True)
class _People:
    profile: Profile

    def holder(self, key: str) -> Person:
        value: RoleAssignment | None = getattr(self.profile.roles, key)
        assert value is not None
        ref = value.holders[0] if value.holders else value.delegated_to
        assert ref is not None
        return self.profile.staff[ref]

    def role_holders(self, key: str) -> list[Person]:
        value: RoleAssignment = getattr(self.profile.roles, key)
        refs = value.holders or (value.delegated_to,)
        return [self.profile.staff[r] for r in refs if r]


def _role_holders_text(people: _People, key: str) -> tuple[str, bool]:
    value: RoleAssignment = getattr(people.profile.roles, key)
    if value.delegated_to:
        p = person_ctx(people.profile.staff[value.delegated_to])
        basis = f"; основание — {value.basis}" if value.basis else ""
        return f"функции возложены на {p.position.accusative} {p.short.accusative}{basis}", True
    # Nominative initials need no declension: don't decline every class teacher six ways.
    return ", ".join(p.name.short() for p in people.role_holders(key)), False


def _school_ctx(profile: Profile) -> SchoolCtx:
    school = profile.school
    overrides = school.full_name_forms.model_dump() if school.full_name_forms else {}
    forms = {
        c: (
            overrides.get(c)
            or (school.full_name if c == "nominative" else decline_school_name(school.full_name, c))
        )
        for c in CASES
    }
    return SchoolCtx(
        full_name=school.full_name,
        short_name=school.short_name,
        name_with_short=f"{school.full_name} ({school.short_name})",
        full_name_forms=Forms(**forms),
        locality=school.locality,
        municipality=school.municipality,
        address=school.address,
    )


def _region_ctx(profile: Profile) -> RegionCtx:
    region = catalog.regions().regions[profile.school.region]
    weeks = [
        CareerWeekCtx(
            title=w.title,
            month=w.month,
            month_name=dates.month_name(w.month),
            when=f"в {dates.month_name(w.month, 'prepositional')}",
        )
        for w in region.career_weeks
    ]
    return RegionCtx(
        name=Forms(**region.name.model_dump()),
        institute_full=region.institute_full,
        institute_short=region.institute_short,
        education_authority=region.education_authority,
        career_weeks=weeks,
    )


def _legal_ctx(profile: Profile) -> LegalCtx:
    data = catalog.legal_basis()
    acts = {a.id: a for a in data.acts}

    def cite(doc: str) -> list[LegalActCtx]:
        out = []
        for act_id in data.documents[doc]:
            act = acts[act_id]
            if act.status != "in_force":
                raise BuildError(
                    f"В правовой основе документа «{doc}» указан утративший силу акт "
                    f"«{act.short}» ({shown(catalog_file('legal_basis.yaml'))}). Замените "
                    "его действующим."
                )
            out.append(LegalActCtx(title=act.title, instrumental=act.instrumental, short=act.short))
        return out

    gost = data.gost[profile.acts.gost_edition]
    return LegalCtx(
        work_regulation=cite("work_regulation"),
        coordinator_regulation=cite("coordinator_regulation"),
        order=cite("order"),
        gost=gost.code,
        gost_title=gost.title,
    )


def _profminimum_ctx(profile: Profile) -> ProfminimumCtx:
    defaults = catalog.plan_defaults()
    level = defaults.levels[profile.profminimum.level]
    basis = catalog.legal_basis().act(defaults.basis).title
    # Cited mid-sentence in brackets: «(письмо Минпросвещения России …)».
    basis = basis[:1].lower() + basis[1:]
    return ProfminimumCtx(
        level=profile.profminimum.level,
        level_genitive=level.genitive,
        hours=level.hours,
        grades=profile.profminimum.grades,
        course=defaults.course,
        basis=basis,
    )


def _partners_ctx(profile: Profile) -> PartnersCtx:
    p = profile.partners
    everyone = [*p.enterprises, *p.colleges, *p.universities]
    if p.employment_centre:
        everyone.append(p.employment_centre)
    everyone.extend(p.others)
    return PartnersCtx(
        enterprises=list(p.enterprises),
        colleges=list(p.colleges),
        universities=list(p.universities),
        employment_centre=p.employment_centre,
        others=list(p.others),
        all=everyone,
    )


def _responsible(people: _People, refs: list[str]) -> str:
    keys = catalog.role_keys()
    parts = []
    for ref in refs:
        if ref in keys:
            info = catalog.role(ref)
            if info.multiple:
                parts.append(info.title_plural)
            else:
                parts.append(f"{info.plan_title} {person_ctx(people.holder(ref)).short.nominative}")
        else:
            person = people.profile.staff[ref]
            ctx = person_ctx(person)
            parts.append(f"{ctx.position.nominative} {ctx.short.nominative}")
    return "; ".join(parts)


def _when(months: list[int], explicit: str | None) -> str:
    """«сентябрь, март» or, for a run of three and more months, «сентябрь–май»."""
    if explicit:
        return explicit
    positions = sorted(PLAN_MONTHS.index(m) for m in set(months))
    if len(positions) == len(PLAN_MONTHS):
        return "ежемесячно"
    runs: list[list[int]] = []
    for p in positions:
        if runs and p == runs[-1][-1] + 1:
            runs[-1].append(p)
        else:
            runs.append([p])
    parts = []
    for run in runs:
        names = [dates.month_name(PLAN_MONTHS[p]) for p in run]
        parts.append(f"{names[0]}–{names[-1]}" if len(run) >= 3 else ", ".join(names))
    return ", ".join(parts)


def _plan_events(profile: Profile) -> list[dict[str, Any]]:
    """Profile events as given, or the default plan for the school's профминимум level.

    The region's career-guidance weeks are not the school's to drop: a custom plan that
    leaves one out gets it from the defaults."""
    defaults = catalog.plan_defaults()
    region = catalog.regions().regions[profile.school.region]
    weeks = {w.month: w for w in region.career_weeks}
    partners = profile.partners
    by_kind = {
        "enterprises": list(partners.enterprises),
        "colleges": list(partners.colleges),
        "universities": list(partners.universities),
        "employment_centre": [partners.employment_centre] if partners.employment_centre else [],
        "others": list(partners.others),
    }

    def from_default(e: catalog.DefaultEvent) -> dict[str, Any]:
        title, months = e.title, e.months
        if e.regional_week:
            week = weeks[e.regional_week]
            title = title or week.title
            months = [week.month]
        return {
            "title": title,
            "direction": e.direction,
            "activity": e.activity,
            "months": months,
            "classes": str(e.classes or "—"),
            "responsible": list(e.responsible),
            "partner_names": [n for kind in e.partners for n in by_kind.get(kind, [])],
            "when": e.when,
        }

    level = profile.profminimum.level
    chosen = [e for e in defaults.events if e.levels is None or level in e.levels]
    if not profile.plan.events:
        return [from_default(e) for e in chosen]
    out = [
        {**e.model_dump(), "partner_names": list(e.partners), "when": None}
        for e in profile.plan.events
    ]
    for e in chosen:
        month = e.regional_week
        if not month:
            continue
        title = weeks[month].title.lower()
        if not any(title in x["title"].lower() and month in x["months"] for x in out):
            out.append(from_default(e))
    return out


def _plan_ctx(profile: Profile, people: _People) -> PlanCtx:
    defaults = catalog.plan_defaults()
    activities = {a.key: a.title for a in defaults.activities}
    events = _plan_events(profile)
    start = profile.start_year
    directions = []
    total = 0
    for number, direction in enumerate(defaults.directions, start=1):
        mine = [e for e in events if e["direction"] == direction.key]
        mine.sort(key=lambda e: min(PLAN_MONTHS.index(m) for m in e["months"]))
        ctx_events = [
            EventCtx(
                number=f"{number}.{i}",
                title=e["title"],
                activity=activities.get(e["activity"], e["activity"]),
                classes=e["classes"],
                when=_when(e["months"], e["when"]),
                marks=[MARK if m in e["months"] else "" for m in PLAN_MONTHS],
                responsible=_responsible(people, e["responsible"]),
                partners="; ".join(e["partner_names"]),
            )
            for i, e in enumerate(mine, start=1)
        ]
        total += len(ctx_events)
        directions.append(DirectionCtx(number=number, title=direction.title, events=ctx_events))
    months = [
        MonthCtx(
            name=dates.month_name(m).capitalize(),
            abbr=dates.month_name(m)[:3],
            year=start if m >= 9 else start + 1,
        )
        for m in PLAN_MONTHS
    ]
    approval = profile.acts.plan_approval_date or profile.acts.order.date
    return PlanCtx(
        months=months,
        directions=directions,
        events_total=total,
        approver=person_ctx(people.holder("deputy_uvr")),
        approval_date=date_ctx(approval),
    )


_CODE_PREFIX = {"обучающийся": "О", "родитель": "Р", "педагог": "П"}


def pseudonyms(entries: list[Consultation]) -> dict[tuple[str, str], str]:
    """Sequential codes by first appearance: stable while the journal only grows, and,
    unlike a hash of the name, impossible to reverse by trying a class list (152-ФЗ ст. 3)."""
    codes: dict[tuple[str, str], str] = {}
    counters: dict[str, int] = {}
    for e in entries:
        key = (e.category, " ".join(e.person.lower().split()))
        if key not in codes:
            prefix = _CODE_PREFIX[e.category]
            counters[prefix] = counters.get(prefix, 0) + 1
            codes[key] = f"{prefix}-{counters[prefix]:03d}"
    return codes


def _journal_ctx(valid: ValidProfile, pseudonymize: bool) -> JournalCtx:
    entries = sorted(valid.consultations, key=lambda e: e.date)
    codes = pseudonyms(entries) if pseudonymize else {}
    rows = []
    for n, e in enumerate(entries, start=1):
        person = codes[(e.category, " ".join(e.person.lower().split()))] if codes else e.person
        form = e.form if e.form == "индивидуальная" else f"{e.form} ({e.participants} чел.)"
        rows.append(
            JournalRowCtx(
                number=str(n),
                date=dates.date_numeric(e.date),
                person=person,
                grade=e.grade,
                category=e.category,
                form=form,
                topic=e.topic,
                result=e.result,
            )
        )
    blank = JournalRowCtx(
        number="", date="", person="", grade="", category="", form="", topic="", result=""
    )
    rows.extend([blank] * valid.profile.journal.blank_rows)
    return JournalCtx(rows=rows, pseudonymized=pseudonymize, blank=not entries)


def build_context(valid: ValidProfile, *, pseudonymize: bool = False) -> DocumentContext:
    profile = valid.profile
    people = _People(profile)
    school = _school_ctx(profile)
    order = profile.acts.order
    acts = profile.acts

    def protocol(p: Any) -> ProtocolCtx | None:
        return None if p is None else ProtocolCtx(number=p.number, date=date_ctx(p.date))

    first, last = dates.academic_year_bounds(profile.start_year)
    roles = []
    for info in catalog.roles().roles:
        if not info.in_work_regulation:
            continue
        holders, delegated = _role_holders_text(people, info.key)
        roles.append(
            RoleCtx(
                key=info.key,
                title=info.title,
                functions=" ".join(info.functions.split()),
                duties=list(info.duties),
                holders=holders,
                delegated=delegated,
            )
        )
    return DocumentContext(
        school=school,
        region=_region_ctx(profile),
        year=YearCtx(
            label=dates.academic_year_label(profile.start_year),
            start=profile.start_year,
            end=profile.start_year + 1,
            first_day=date_ctx(first),
            last_day=date_ctx(last),
        ),
        director=person_ctx(people.holder("director")),
        deputy_uvr=person_ctx(people.holder("deputy_uvr")),
        deputy_vr=person_ctx(people.holder("deputy_vr")),
        coordinator=person_ctx(people.holder("coordinator")),
        roles=roles,
        acts=ActsCtx(
            order=OrderCtx(
                number=order.number,
                date=date_ctx(order.date),
                effective_date=date_ctx(order.effective_date),
            ),
            pedagogical_council=protocol(acts.pedagogical_council),  # type: ignore[arg-type]
            student_council=protocol(acts.student_council),
            parent_council=protocol(acts.parent_council),
            approval=(
                f"приказом директора {school.short_name} "
                f"от {dates.date_numeric(order.date)} № {order.number}"
            ),
        ),
        legal=_legal_ctx(profile),
        profminimum=_profminimum_ctx(profile),
        partners=_partners_ctx(profile),
        plan=_plan_ctx(profile, people),
        journal=_journal_ctx(valid, pseudonymize),
    )
