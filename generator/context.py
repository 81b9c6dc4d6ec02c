"""Stage 3: turn a valid profile into the template context (cases, dates, numbering).

Everything a document prints is computed here once, so templates stay plain text a
methodologist can edit, and every case form has one place where it can be wrong. The last
step typesets every string once (quotes «…», no-break spaces): a value typed with ASCII
quotes in the profile prints as Russian typography wants it, in every document.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from . import catalog
from .context_model import (
    AcquaintanceCtx,
    AcquaintanceRowCtx,
    ActsCtx,
    AssignmentCtx,
    AuthorityCtx,
    CareerWeekCtx,
    DateCtx,
    DirectionCtx,
    DocumentContext,
    EventCtx,
    Forms,
    GovernanceCtx,
    GradeHoursCtx,
    GradesCtx,
    JournalCtx,
    JournalRowCtx,
    LegalCtx,
    ListItemCtx,
    MonthCtx,
    NoteCriterionCtx,
    NoteCtx,
    NoteHoursCtx,
    NoteLineCtx,
    OrderCtx,
    OutsourcingCtx,
    PartnerCtx,
    PartnersCtx,
    PlanCtx,
    ProfminimumCtx,
    ProfminimumOrderCtx,
    ProtocolCtx,
    RecommendationsCtx,
    RegionCtx,
    RoleCtx,
    SchoolCtx,
    SelfReportCtx,
    WorkLogCtx,
    WorkLogRowCtx,
    YearCtx,
)
from .diagnostics import Diagnostic
from .errors import BuildError, ProfileInvalid
from .model import Profile, WorkLog
from .people import (
    RANK,
    Hold,
    Staffing,
    _overrides,
    join_and,
    named,
    person_ctx,
    role_forms,
    short_agreement,
)
from .pseudonyms import is_group, person_key, pseudonyms, scrub
from .rules.grades import SchoolGrades, format_classes, parse_classes
from .rules.plan import hours_by_grade, missing_weeks
from .russian import CASES, dates, decline_phrase
from .russian.numbers import plural
from .russian.school_names import lower_org_form, mid_sentence
from .russian.typography import typeset, typeset_tree
from .validate import ValidProfile

if TYPE_CHECKING:
    from .indicators import SchoolIndicators

__all__ = ["build_context", "date_ctx", "person_ctx", "pseudonyms"]
_ = _overrides  # re-exported for tests that compare the fast path with the slow one

PLAN_MONTHS: tuple[int, ...] = (9, 10, 11, 12, 1, 2, 3, 4, 5, 6)
MARK = "•"
# Context keys whose values are codes, not text, or text typeset where it was made
# (roles' functions and duties: _Texts.fill): never typeset again.
_NOT_TEXT = frozenset({"iso", "key", "gender", "supervisor_key", "functions", "duties"})


def date_ctx(d: Any) -> DateCtx:
    return DateCtx(numeric=dates.date_numeric(d), words=dates.date_words(d), iso=d.isoformat())


def _sentence(text: str) -> str:
    return text[:1].upper() + text[1:]


# ---------------------------------------------------------------------------- school


def _authority(profile: Profile) -> AuthorityCtx:
    """The municipal authority from the profile or the region's table (D7), with its cases."""
    region = catalog.regions().regions[profile.school.region]
    name = profile.school.education_authority
    if name is None:
        entry = region.municipal_authorities.get(profile.school.municipality)
        if entry is None:  # validate() refuses it
            raise BuildError("Для муниципалитета школы не указан орган управления образованием.")
        name = entry.name
    name = " ".join(name.split())
    head, _, rest = name.partition(" ")
    forms = region.authority_heads.get(head.lower())
    if forms is None:  # validate() refuses it
        raise BuildError(f"Не удалось склонить наименование органа управления («{head}»).")
    genitive, dative = forms
    return AuthorityCtx(
        nominative=name,
        genitive=f"{genitive} {rest}".strip(),
        dative=f"{dative} {rest}".strip(),
    )


def _grades_ctx(grades: SchoolGrades) -> GradesCtx:
    return GradesCtx(
        label=grades.label,
        first=grades.first,
        last=grades.last,
        top=grades.top,
        has_primary=grades.has_primary,
        has_basic=grades.has_basic,
        has_senior=grades.has_senior,
        levels_phrase=grades.levels_phrase(),
    )


def _school_ctx(profile: Profile) -> SchoolCtx:
    school = profile.school
    overrides = school.full_name_forms.model_dump() if school.full_name_forms else {}
    forms = {
        c: lower_org_form(overrides[c]) if overrides.get(c) else mid_sentence(school.full_name, c)
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
        grades=_grades_ctx(profile.school_grades),
        education_authority=_authority(profile),
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


# ---------------------------------------------------------------------------- roles


@dataclass(frozen=True, slots=True)
class _Texts:
    """What role texts depend on: the school's grades and name, its governance."""

    grades: SchoolGrades
    school: str
    authority_genitive: str
    staffing: Staffing

    def pick(self, role: str, item: str | catalog.RoleText) -> str | None:
        if isinstance(item, str):
            text = item
        else:
            if item.when and not self._when(role, item.when):
                return None
            if item.grades and not self.grades.meets(parse_classes(item.grades)):
                return None
            text = item.text
            top = self.grades.top
            if top == 4:
                text = item.variants.get(4) or item.variants.get(9) or text
            elif top == 9:
                text = item.variants.get(9) or text
        return self.fill(text)

    def fill(self, text: str) -> str:
        """The data text with the school's values, typeset: the text once per process (it
        is the same in every school), the values once per school; verification checks the
        junctions like every other rendered text."""
        text = typeset(" ".join(text.split()))
        return text.replace("{school}", typeset(self.school)).replace(
            "{authority_genitive}", typeset(self.authority_genitive)
        )

    def _when(self, role: str, when: str) -> bool:
        supervises = role == self.staffing.supervisor_role
        approves = role == self.staffing.approver_role
        return {
            "supervisor": supervises,
            "not_supervisor": not supervises,
            "plan_approver": approves,
            "not_plan_approver": not approves,
        }[when]

    def all(self, role: str, items: list[str | catalog.RoleText]) -> list[str]:
        return [t for item in items if (t := self.pick(role, item)) is not None]


def _roles_ctx(texts: _Texts) -> list[RoleCtx]:
    out = []
    for info in catalog.roles().roles:
        if not info.in_work_regulation:
            continue
        out.append(
            RoleCtx(
                key=info.key,
                title=info.title,
                functions=", ".join(texts.all(info.key, info.functions)),
                duties=texts.all(info.key, info.duties),
            )
        )
    return out


def _governance_ctx(staffing: Staffing, school: str) -> GovernanceCtx:
    supervisor = staffing.supervisor_role
    approver = staffing.approver_role
    approver_person = person_ctx(staffing.person(approver))
    if approver == "director":
        post_line = f"Директор {school}"
    else:
        post_line = f"{_sentence(approver_person.position.nominative)} {school}"
    return GovernanceCtx(
        supervisor_key=supervisor,
        supervisor=person_ctx(staffing.person(supervisor)),
        supervisor_role=role_forms(supervisor),
        plan_approver=approver_person,
        plan_approver_role=role_forms(approver),
        plan_approver_is_director=approver == "director",
        plan_approver_post_line=post_line,
    )


# ---------------------------------------------------------------------------- legal basis


_STANDARD_CITATION = re.compile(r"^(приказ)\s+(.+?)\s+от\s+(\S+)\s+№\s+(\S+)")


def _standards(acts: list[catalog.Act], cited: bool) -> str:
    """«федеральными государственными образовательными стандартами начального общего,
    основного общего … образования (приказы Минпросвещения России от 31.05.2021 № 286 и
    № 287, приказ Минобрнауки России от 17.05.2012 № 413)»."""
    from .rules.grades import LEVELS_OF_EDUCATION

    levels = []
    for act in acts:
        wanted = parse_classes(act.grades or "")
        levels += [name for grades, name in LEVELS_OF_EDUCATION if wanted and grades & wanted]
    if not levels:
        return ""
    if len(levels) == 1:
        text = f"федеральным государственным образовательным стандартом {levels[0]} образования"
    else:
        text = (
            "федеральными государственными образовательными стандартами "
            f"{join_and(levels)} образования"
        )
    if not cited:
        return text
    groups: list[tuple[str, str, list[str]]] = []
    for act in acts:
        m = _STANDARD_CITATION.match(act.title[:1].lower() + act.title[1:])
        if m is None:
            groups.append((act.short, "", []))
            continue
        issuer, date, number = m.group(2), m.group(3), m.group(4)
        if groups and groups[-1][0] == issuer and groups[-1][1] == date:
            groups[-1][2].append(number)
        else:
            groups.append((issuer, date, [number]))
    parts = []
    for issuer, date, numbers in groups:
        if not date:
            parts.append(issuer)
            continue
        word = "приказы" if len(numbers) > 1 else "приказ"
        parts.append(f"{word} {issuer} от {date} " + " и ".join(f"№ {n}" for n in numbers))
    return f"{text} ({', '.join(parts)})"


def _acts_text(ids: list[str], grades: SchoolGrades, cited: bool) -> str:
    data = catalog.legal_basis()
    laws, standards = [], []
    for act_id in ids:
        act = data.act(act_id)
        if act.status != "in_force":
            raise BuildError(
                f"В правовой основе указан утративший силу акт «{act.short}» "
                "(generator/catalog/legal_basis.yaml). Замените его действующим."
            )
        if act.grades and not grades.meets(parse_classes(act.grades)):
            continue
        (standards if act.kind == "standard" else laws).append(act)
    parts = [a.instrumental for a in laws]
    phrase = _standards(standards, cited)
    if phrase:
        parts.append(phrase)
    return ", ".join(" ".join(p.split()) for p in parts)


def _recommendations() -> RecommendationsCtx:
    data = catalog.legal_basis()
    letter = data.act(data.profminimum.recommendations)
    return RecommendationsCtx(
        title=" ".join((letter.recommendations_title or "").split()),
        genitive=" ".join((letter.recommendations_genitive or "").split()),
        instrumental=" ".join((letter.recommendations_instrumental or "").split()),
        letter=letter.citation or letter.short,
        letter_instrumental=letter.citation_instrumental or letter.instrumental,
    )


def order_basis(profile: Profile, school: str) -> str:
    """The order's preamble: the law, the устав, the protocols of the councils and, for a
    school with grades 6–11, the recommendations — never the act the order approves."""
    data = catalog.legal_basis()
    laws = []
    for citation in data.documents["order"].laws:
        act = data.act(citation.act)
        genitive = act.genitive or act.instrumental
        laws.append(f"{citation.articles} {genitive}" if citation.articles else act.instrumental)
    acts = profile.acts
    text = "В соответствии со " if laws and laws[0].startswith("стать") else "В соответствии с "
    text += ", ".join(" ".join(x.split()) for x in laws) + f", уставом {school}"
    council = acts.pedagogical_council
    text += (
        ", на основании решения педагогического совета (протокол от "
        f"{dates.date_numeric(council.date)} № {council.number})"
    )
    opinions = []
    for key, label in (
        ("student_council", "совета обучающихся"),
        ("parent_council", "совета родителей"),
    ):
        protocol = getattr(acts, key)
        if protocol is not None:
            opinions.append(
                f"{label} (протокол от {dates.date_numeric(protocol.date)} № {protocol.number})"
            )
    considered = []
    if opinions:
        considered.append("мнения " + " и ".join(opinions))
    if profile.profminimum_grades:
        rec = _recommendations()
        considered.append(f"{rec.genitive} ({rec.letter})")
    if considered:
        text += ", с учётом " + ", ".join(considered)
    return text


def _legal_ctx(profile: Profile, school: str) -> LegalCtx:
    data = catalog.legal_basis()
    grades = profile.school_grades
    gost = data.gost[profile.acts.gost_edition]
    pd = data.act("fz_152")
    return LegalCtx(
        guarantees=_acts_text(data.documents["work_regulation"].guarantees, grades, cited=True),
        guided_by=_acts_text(data.documents["coordinator_regulation"].guided_by, grades, False),
        recommendations=_recommendations(),
        order_basis=order_basis(profile, school),
        personal_data_law=pd.genitive or pd.title,
        gost=gost.code,
        gost_title=" ".join(gost.title.split()),
    )


def _profminimum_ctx(profile: Profile) -> ProfminimumCtx:
    defaults = catalog.plan_defaults()
    level = defaults.levels[profile.profminimum.level]
    grades = profile.profminimum_grades
    data = catalog.legal_basis()
    introduced = data.act(data.profminimum.introduced_by)
    return ProfminimumCtx(
        applies=bool(grades),
        level=profile.profminimum.level,
        level_genitive=level.genitive,
        level_prepositional=level.prepositional,
        hours=level.hours,
        hours_words=plural(level.hours, "час", "часа", "часов"),
        grades=format_classes(grades),
        first_grade=min(grades) if grades else 0,
        last_grade=max(grades) if grades else 0,
        course=defaults.course,
        course_hours_words=plural(defaults.course_hours, "час", "часа", "часов"),
        introduced_by=introduced.citation_instrumental or introduced.instrumental,
    )


# ---------------------------------------------------------------------------- order 09

# What the order on the Единая модель prints where the profile has no data: a line to fill
# by hand (validation warns once, naming the fields).
BLANK_NUMBER = "________"
BLANK_DATE = "«___» ____________ 20___ г."
BLANK_PERSON = "____________________ (должность, И.О. Фамилия)"
BLANK_ACQUAINTANCE_ROWS = 3


def _basis_laws(doc: str) -> str:
    data = catalog.legal_basis()
    laws = []
    for citation in data.documents[doc].laws:
        act = data.act(citation.act)
        genitive = act.genitive or act.instrumental
        laws.append(f"{citation.articles} {genitive}" if citation.articles else act.instrumental)
    text = "В соответствии со " if laws and laws[0].startswith("стать") else "В соответствии с "
    return text + ", ".join(" ".join(x.split()) for x in laws)


def profminimum_order_basis(profile: Profile, school: str) -> str:
    """The law and the устав; the current recommendations and the letter that introduced the
    model, both as letters (recommendations), never as norms."""
    data = catalog.legal_basis()
    text = f"{_basis_laws('profminimum_order')}, уставом {school}"
    cited = []
    for act_id in data.documents["profminimum_order"].recommendations:
        letter = data.act(act_id)
        genitive = " ".join((letter.recommendations_genitive or "").split())
        cited.append(f"{genitive} ({letter.citation or letter.short})")
    if cited:
        text += ", с учётом " + ", ".join(cited)
    introduced = data.act(data.profminimum.introduced_by)
    label = dates.academic_year_label(profile.start_year)
    return (
        f"{text}, в целях реализации в {label} учебном году Единой модели профессиональной "
        "ориентации обучающихся, введённой "
        f"{introduced.citation_instrumental or introduced.instrumental}"
    )


def _items(texts: list[str], blank: bool) -> list[ListItemCtx]:
    if not texts:
        return [ListItemCtx(text=BLANK_PERSON, last=True, blank=True)] if blank else []
    return [
        ListItemCtx(text=t, last=i == len(texts), blank=False) for i, t in enumerate(texts, start=1)
    ]


def _profminimum_order_ctx(
    profile: Profile, staffing: Staffing, school: str, plan: PlanCtx, governance: GovernanceCtx
) -> ProfminimumOrderCtx:
    pm = profile.profminimum
    grades = sorted(profile.profminimum_grades)
    order = pm.order
    responsible = pm.responsible or staffing.person_key("coordinator") or ""
    resp = person_ctx(staffing.staff[responsible])
    navigators = [
        f"{c.position.accusative} {c.short.accusative}"
        for c in (person_ctx(staffing.staff[k]) for k in pm.navigators)
    ]
    course = []
    for i, grade in enumerate(grades, start=1):
        key = pm.course_teachers.get(grade)
        if key is None:
            who, blank = BLANK_PERSON, True
        else:
            c = person_ctx(staffing.staff[key])
            who, blank = f"{c.position.instrumental} {c.short.instrumental}", False
        course.append(
            ListItemCtx(text=f"в {grade}\u00a0классе — {who}", last=i == len(grades), blank=blank)
        )
    year = dates.academic_year_label(profile.start_year)
    plan_title = (
        f"план-сетку работы по профессиональной ориентации обучающихся на {year} учебный год"
    )
    if governance.plan_approver_is_director:
        plan_item = f"Утвердить {plan_title} (приложение)."
    else:
        approver = governance.plan_approver
        plan_item = (
            f"Реализовать мероприятия Единой модели по плану-сетке работы по профессиональной "
            f"ориентации обучающихся на {year} учебный год, утверждённому "
            f"{approver.position.instrumental} {approver.short.instrumental} "
            f"{plan.approval_date.words}."
        )
    named_keys = [responsible, *pm.navigators, *(pm.course_teachers.get(g) for g in grades)]
    rows = _order_acquaintance_rows(staffing, named_keys)
    number = order.number if order is not None and order.number else None
    date = order.date if order is not None and order.date else None
    hand_filled = number is None or date is None or not navigators or any(c.blank for c in course)
    start = len(rows) + 1
    blank_rows = list(range(start, start + BLANK_ACQUAINTANCE_ROWS)) if hand_filled else []
    return ProfminimumOrderCtx(
        number=number or BLANK_NUMBER,
        date=dates.date_words(date) if date else BLANK_DATE,
        basis=profminimum_order_basis(profile, school),
        responsible_accusative=f"{resp.position.accusative} {resp.short.accusative}",
        responsible_dative=resp.short.dative,
        navigators=_items(navigators, blank=True),
        course=course,
        bilet_v_budushchee=pm.bilet_v_budushchee,
        plan_item=plan_item,
        rows=rows,
        blank_rows=blank_rows,
        hand_filled=hand_filled,
    )


# ---------------------------------------------------------------------------- partners, plan


def _partners_ctx(profile: Profile, extra: list[str]) -> PartnersCtx:
    p = profile.partners
    everyone = [*p.enterprises, *p.colleges, *p.universities]
    if p.employment_centre:
        everyone.append(p.employment_centre)
    everyone.extend(p.others)
    numbered = list(dict.fromkeys([*everyone, *extra]))
    return PartnersCtx(
        enterprises=list(p.enterprises),
        colleges=list(p.colleges),
        universities=list(p.universities),
        employment_centre=p.employment_centre,
        others=list(p.others),
        all=everyone,
        numbered=[PartnerCtx(number=i, name=n) for i, n in enumerate(numbered, start=1)],
    )


def _numbers(numbers: list[int]) -> str:
    """[1, 2, 3, 5] → «1–3, 5»."""
    return format_classes(set(numbers)) if numbers else ""


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


def plan_events(profile: Profile, texts: _Texts | None = None) -> list[dict[str, Any]]:
    """Profile events as given, or the default plan for the school's level and grades.

    The region's career-guidance weeks are not the school's to drop: a custom plan that
    leaves one out gets it from the defaults. A default event is cut to the school's grades
    (a basic school has no 10–11 events); a primary school gets the early plan."""
    defaults = catalog.plan_defaults()
    region = catalog.regions().regions[profile.school.region]
    weeks = {w.month: w for w in region.career_weeks}
    grades = profile.school_grades
    partners = profile.partners
    by_kind = {
        "enterprises": list(partners.enterprises),
        "colleges": list(partners.colleges),
        "universities": list(partners.universities),
        "employment_centre": [partners.employment_centre] if partners.employment_centre else [],
        "others": list(partners.others),
    }
    by_director = profile.governance.plan_approver == "director"

    def from_default(e: catalog.DefaultEvent) -> dict[str, Any] | None:
        title, months = e.title, e.months
        if e.regional_week:
            week = weeks[e.regional_week]
            title = f"{week.title} ({dates.month_name(week.month)})"
            months = [week.month]
        if grades.top == 9 and 9 in e.titles:
            title = e.titles[9]
        classes = parse_classes(e.classes or "—") or frozenset()
        if classes and not classes & grades.grades:
            return None  # a 10–11 event in a basic school
        responsible = list(e.responsible)
        if not by_director and len(responsible) > 1:
            responsible = [r for r in responsible if r != "director"]  # D2: not his plan
        return {
            "title": texts.fill(title or "") if texts is not None else title or "",
            "direction": e.direction,
            "activity": e.activity,
            "months": months,
            "classes": classes & grades.grades,
            "responsible": responsible,
            "partner_names": [n for kind in e.partners for n in by_kind.get(kind, [])],
            "when": e.when,
            "hours": e.hours,
            "needs_psychologist": e.needs_psychologist,
        }

    if not grades.profminimum:
        chosen = list(defaults.early)
    else:
        level = profile.profminimum.level
        chosen = [e for e in defaults.events if e.levels is None or level in e.levels]
    if not profile.plan.events:
        return [x for e in chosen if (x := from_default(e)) is not None]
    out = [
        {
            **e.model_dump(),
            "classes": parse_classes(e.classes) or frozenset(),
            "partner_names": list(e.partners),
            "when": None,
            "needs_psychologist": False,
        }
        for e in profile.plan.events
    ]
    for e in missing_weeks(out, chosen, profile.school.region):
        added = from_default(e)
        if added is not None:
            out.append(added)
    return out


def numbered_events(events: list[dict[str, Any]]) -> list[tuple[str, dict[str, Any]]]:
    """The events in the grid's order with the grid's numbers: «2.1» is the first event of
    the second direction, by its first month in the academic year."""
    out = []
    for number, direction in enumerate(catalog.plan_defaults().directions, start=1):
        mine = [e for e in events if e["direction"] == direction.key]
        mine.sort(key=lambda e: min(PLAN_MONTHS.index(m) for m in e["months"]))
        out.extend((f"{number}.{i}", e) for i, e in enumerate(mine, start=1))
    return out


def plan_numbers(profile: Profile) -> dict[str, dict[str, Any]]:
    """Grid number → event, for the work log's references (titles left unfilled)."""
    return dict(numbered_events(plan_events(profile)))


def _responsible(staffing: Staffing, refs: list[str], needs_psychologist: bool) -> str:
    """One entry per person, in the order of first appearance (D3)."""
    keys = catalog.role_keys()
    entries: dict[str, list[Hold]] = {}  # person (or «org:key», «plural:role») → holds
    for ref in refs:
        if ref not in keys:
            entries.setdefault(ref, []).append(Hold("", ref, False, None, None))
            continue
        info = catalog.role(ref)
        org = staffing.outsourced(ref)
        if org and (needs_psychologist or staffing.person_key(ref) is None):
            entries.setdefault(f"org:{org}", [])
            continue
        holds = [h for h in staffing.holds[ref] if h.staff]
        if info.multiple and not any(h.delegated for h in holds) and len(holds) != 1:
            entries.setdefault(f"plural:{ref}", [])
            continue
        for h in holds:
            entries.setdefault(h.staff or "", []).append(h)
    parts = []
    for who, holds in entries.items():
        if who.startswith("org:"):
            parts.append(staffing.organisation_label(who[4:]))
        elif who.startswith("plural:"):
            parts.append(catalog.role(who[7:]).title_plural)
        else:
            parts.append(_plan_label(staffing, who, holds))
    return "; ".join(parts)


def _plan_label(staffing: Staffing, staff_key: str, holds: list[Hold]) -> str:
    """«зам. директора по УВР А.Ф. Ёлкина (функции социального педагога)»: the person's own
    post (a deputy's in its short form), never the title of a post she does not hold."""
    person = named(staffing.staff[staff_key])
    own = [h for h in holds if not h.delegated and h.role]
    post = _short_post(person.position)
    label = catalog.role(own[0].role).plan_title if own else post
    delegated = [catalog.role(h.role).plan_genitive for h in holds if h.delegated]
    note = f" (функции {join_and(delegated)})" if delegated else ""
    return f"{label} {person.short}{note}"


def _short_post(post: str) -> str:
    """A post that is a single role's title prints as the plan names that role."""
    for info in catalog.roles().roles:
        if not info.multiple and info.default_position == post and info.key != "coordinator":
            return info.plan_title
    return post


def _plan_notes(staffing: Staffing, order_ref: str) -> list[str]:
    """Under the plan: whose functions who performs and on what basis, outside workers."""
    notes = []
    parts = []
    for key in staffing.people():
        delegated = [h for h in staffing.roles_of(key) if h.delegated]
        if not delegated:
            continue
        ctx = named(staffing.staff[key])
        titles = join_and([catalog.role(h.role).genitive for h in delegated])
        bases = "; ".join(dict.fromkeys(staffing.basis_text(h, order_ref) for h in delegated))
        parts.append(f"{ctx.position} {ctx.short} — функции {titles} ({bases})")
    if parts:
        notes.append("Функции, возложенные на работников: " + "; ".join(parts) + ".")
    for key in staffing.people():
        person = staffing.staff[key]
        if person.employer:
            org = staffing.organisation(person.employer)
            ctx = named(person)
            roles = [catalog.role(h.role).title_singular for h in staffing.roles_of(key)]
            notes.append(
                f"{_sentence(', '.join(roles))} — {ctx.position} "
                f"{ctx.short}, {org.short_name or org.name} "
                f"({org.agreement})."
            )
    seen = set()
    for role_key in catalog.role_keys():
        org_key = staffing.outsourced(role_key)
        if not org_key or org_key in seen:
            continue
        seen.add(org_key)
        org = staffing.organisation(org_key)
        functions = staffing.functions_of(org_key) or f"функции {catalog.role(role_key).genitive}"
        notes.append(
            f"{_sentence(functions)} — специалисты {org.short_name or org.name} ({org.agreement})."
        )
    return notes


_ABBREVIATIONS = (
    (
        "зам. директора по УВР",
        "зам. директора по УВР — заместитель директора по учебно-воспитательной работе",
    ),
    (
        "зам. директора по ВР",
        "зам. директора по ВР — заместитель директора по воспитательной работе",
    ),
    ("доп. образования", "педагог доп. образования — педагог дополнительного образования"),
)


def _done_marks(valid: ValidProfile) -> dict[str, str]:
    """Grid number → «выполнено 12.10.2026» by the latest work-log entry that names it."""
    latest: dict[str, Any] = {}
    for entry in valid.work_log:
        if entry.event is not None and (
            entry.event not in latest or entry.date > latest[entry.event]
        ):
            latest[entry.event] = entry.date
    return {n: f"выполнено {dates.date_numeric(d)}" for n, d in latest.items()}


def _plan_ctx(
    profile: Profile, staffing: Staffing, texts: _Texts, order_ref: str, done: dict[str, str]
) -> PlanCtx:
    defaults = catalog.plan_defaults()
    activities = {a.key: a.title for a in defaults.activities}
    events = plan_events(profile, texts)
    numbered = _partners_ctx(profile, [n for e in events for n in e["partner_names"]]).numbered
    number_of = {p.name: p.number for p in numbered}
    start = profile.start_year
    directions = []
    total = 0
    used_text: list[str] = []
    numbered = numbered_events(events)
    for number, direction in enumerate(defaults.directions, start=1):
        ctx_events = []
        for grid_number, e in numbered:
            if e["direction"] != direction.key:
                continue
            responsible = _responsible(staffing, e["responsible"], e["needs_psychologist"])
            used_text.append(responsible)
            ctx_events.append(
                EventCtx(
                    number=grid_number,
                    done=done.get(grid_number, ""),
                    title=e["title"],
                    activity=activities.get(e["activity"], e["activity"]),
                    classes=format_classes(e["classes"]),
                    when=_when(e["months"], e["when"]),
                    marks=[MARK if m in e["months"] else "" for m in PLAN_MONTHS],
                    hours=str(e["hours"]) if e["hours"] and e["classes"] else "—",
                    responsible=responsible,
                    partners=_numbers([number_of[n] for n in e["partner_names"]]),
                )
            )
        total += len(ctx_events)
        directions.append(DirectionCtx(number=number, title=direction.title, events=ctx_events))
    last_direction = next(d for d in reversed(directions) if d.events)
    last_event = last_direction.events[-1]
    directions = [
        d if d is not last_direction else d.model_copy(update={"events": d.events[:-1]})
        for d in directions
    ]
    months = [
        MonthCtx(
            name=dates.month_name(m).capitalize(),
            abbr=dates.MONTHS_ABBR[m],
            year=start if m >= 9 else start + 1,
        )
        for m in PLAN_MONTHS
    ]
    grades = profile.profminimum_grades or profile.school_grades.grades
    hours = hours_by_grade(((e["classes"], e["hours"]) for e in events), grades)
    approval = profile.acts.plan_approval_date or profile.acts.order.date
    joined = "\n".join(used_text)
    abbreviations = [text for needle, text in _ABBREVIATIONS if needle in joined]
    level = defaults.levels[profile.profminimum.level]
    return PlanCtx(
        months=months,
        directions=directions,
        last_event=last_event,
        events_total=total,
        approver=person_ctx(staffing.person(staffing.approver_role)),
        approval_date=date_ctx(approval),
        hours_by_grade=[GradeHoursCtx(grade=g, hours=h) for g, h in hours.items()],
        hours_line="; ".join(f"{g} класс — {h}" for g, h in hours.items()),
        hours_minimum=level.hours if profile.profminimum_grades else None,
        notes=_plan_notes(staffing, order_ref),
        abbreviations=("Сокращения: " + "; ".join(abbreviations) + ".") if abbreviations else "",
    )


# ---------------------------------------------------------------------------- people, order


def _rank(staffing: Staffing, key: str) -> tuple[int, str]:
    roles = {h.role for h in staffing.roles_of(key)}
    rank = min((RANK.index(r) for r in roles if r in RANK), default=len(RANK))
    surname = staffing.staff[key].name.surname.lower().replace("ё", "е")
    return rank, surname


def _roles_text(staffing: Staffing, key: str, order_ref: str) -> str:
    """«координатор по профессиональной ориентации; классный руководитель; функции
    педагога-психолога (приказ от 28.08.2026 № 118-о)»."""
    holds = staffing.roles_of(key)
    own = [catalog.role(h.role).title_singular for h in holds if not h.delegated]
    delegated = [h for h in holds if h.delegated]
    parts = list(dict.fromkeys(own))
    if delegated:
        titles = join_and([catalog.role(h.role).genitive for h in delegated])
        bases = list(dict.fromkeys(staffing.basis_text(h, order_ref) for h in delegated))
        parts.append(f"функции {titles} ({'; '.join(bases)})")
    return "; ".join(parts)


def _row(staffing: Staffing, number: int, key: str, order_ref: str) -> AcquaintanceRowCtx:
    person = staffing.staff[key]
    position = named(person).position
    if person.employer:
        org = staffing.organisation(person.employer)
        position = (
            f"{position} {staffing.employer_genitive(person)} ({short_agreement(org.agreement)})"
        )
    return AcquaintanceRowCtx(
        number=str(number),
        name=named(person).surname_first,
        position=position,
        roles=_roles_text(staffing, key, order_ref),
    )


def _acquaintance_ctx(profile: Profile, staffing: Staffing, order_ref: str) -> AcquaintanceCtx:
    director = staffing.person_key("director")
    people = [k for k in staffing.people() if k != director]
    people.sort(key=lambda k: _rank(staffing, k))
    rows = [_row(staffing, i, k, order_ref) for i, k in enumerate(people, start=1)]
    order_people = [
        staffing.person_key("coordinator"),
        staffing.person_key(staffing.supervisor_role),
    ]
    if staffing.approver_role != "director":
        order_people.append(staffing.person_key(staffing.approver_role))
    order_people += [h.staff for h in staffing.order_assigned()]
    order_rows = _order_acquaintance_rows(
        staffing, order_people, lambda k: _roles_text(staffing, k, order_ref)
    )
    start = len(rows) + 1
    blank = list(range(start, start + profile.acts.acquaintance_blank_rows))
    return AcquaintanceCtx(rows=rows, blank_rows=blank, order_rows=order_rows)


def _order_acquaintance_rows(
    staffing: Staffing,
    people: list[str | None],
    roles: Callable[[str], str] = lambda _key: "",
) -> list[AcquaintanceRowCtx]:
    """An order's familiarisation sheet: everyone it names, once each, in the order named,
    without the director who signs it (both orders share it)."""
    director = staffing.person_key("director")
    keys = [k for k in dict.fromkeys(people) if k and k != director]
    return [
        AcquaintanceRowCtx(
            number=str(i),
            name=named(staffing.staff[k]).surname_first,
            position=named(staffing.staff[k]).position,
            roles=roles(k),
        )
        for i, k in enumerate(keys, start=1)
    ]


ASSIGNMENT_ITEM = 4  # items 1–3 (appoint, approve, supervise) are always there (D4)


def _order_ctx(profile: Profile, staffing: Staffing) -> OrderCtx:
    order = profile.acts.order
    inside = f"пункт {ASSIGNMENT_ITEM} настоящего приказа"
    supervisor = staffing.person_key(staffing.supervisor_role) or ""
    supervisor_holds = [
        h for h in staffing.roles_of(supervisor) if h.role == staffing.supervisor_role
    ]
    by_person: dict[str, list[Hold]] = {}
    for h in staffing.order_assigned():
        by_person.setdefault(h.staff or "", []).append(h)
    assignments = []
    for i, (key, holds) in enumerate(by_person.items(), start=1):
        ctx = person_ctx(staffing.staff[key])
        assignments.append(
            AssignmentCtx(
                roles_genitive=join_and([catalog.role(h.role).genitive for h in holds]),
                holder_accusative=f"на {ctx.position.accusative} {ctx.short.accusative}",
                last=i == len(by_person),
            )
        )
    outsourcings = []
    seen: dict[str, list[str]] = {}
    for role_key in catalog.role_keys():
        org_key = staffing.outsourced(role_key)
        if org_key:
            seen.setdefault(org_key, []).append(role_key)
    for org_key, roles in seen.items():
        org = staffing.organisation(org_key)
        outsourcings.append(
            OutsourcingCtx(
                roles_genitive=join_and([catalog.role(r).genitive for r in roles]),
                functions=typeset(staffing.functions_of(org_key) or ""),  # skipped later
                organisation_genitive=org.short_name or org.name,
                agreement_instrumental=decline_phrase(
                    " ".join(org.agreement.split()), "instrumental"
                ),
            )
        )
    sup_ctx = person_ctx(staffing.staff[supervisor])
    supervisor_text = staffing.describe(supervisor, supervisor_holds, "accusative", inside)
    return OrderCtx(
        number=order.number,
        date=date_ctx(order.date),
        effective_date=date_ctx(order.effective_date),
        supervisor_accusative=f"на {supervisor_text}",
        assignments=assignments,
        outsourcings=outsourcings,
        assignment_item=ASSIGNMENT_ITEM if assignments else None,
        familiarise_by=_sentence(f"{sup_ctx.position.dative} {sup_ctx.short.dative}"),
    )


# ---------------------------------------------------------------------------- journal


def _journal_ctx(valid: ValidProfile, staffing: Staffing, pseudonymize: bool) -> JournalCtx:
    order = sorted(range(len(valid.consultations)), key=lambda i: valid.consultations[i].date)
    entries = [valid.consultations[i] for i in order]
    codes = pseudonyms(entries) if pseudonymize else {}
    if pseudonymize:
        entries, leftovers = scrub(entries, codes)
        if leftovers:
            raise ProfileInvalid([_leftover(valid, order[x.entry], x.field) for x in leftovers])
    rows = []
    for n, e in enumerate(entries, start=1):
        person = e.person if not codes or is_group(e) else codes[person_key(e)]
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
    journal = valid.profile.journal
    people = []
    for role in ("coordinator", staffing.supervisor_role, "director"):
        key = staffing.person_key(role)
        if key and key not in [p for p, _ in people]:
            people.append((key, role))
    access = []
    for key, role in people:
        ctx = person_ctx(staffing.staff[key])
        title = catalog.role(role).title_singular
        extra = (
            ", осуществляющий контроль за деятельностью координатора"
            if role == staffing.supervisor_role
            else ""
        )
        if extra and ctx.gender == "female":
            extra = extra.replace("осуществляющий", "осуществляющая")
        access.append(f"{title} {ctx.short.nominative}{extra}")
    # a participial phrase closes with a comma before «и»: «…, осуществляющий контроль …, и»
    last_joint = ", и " if len(access) > 1 and "осуществляющ" in access[-2] else " и "
    access_text = ", ".join(access[:-1]) + last_joint + access[-1] if len(access) > 1 else access[0]
    return JournalCtx(
        entries=rows,
        blank_rows=list(range(len(rows) + 1, len(rows) + 1 + journal.blank_rows)),
        pseudonymized=pseudonymize,
        blank=not rows,
        access=access_text,
        retention=plural(journal.retention_years, "год", "года", "лет"),
    )


_LEFTOVER = (
    "в тексте записи осталось имя консультируемого — с --pseudonymize его нельзя надёжно "
    "заменить кодом. Перепишите запись без имени или впишите код консультируемого."
)


def _leftover(valid: ValidProfile, index: int, field: str) -> Diagnostic:
    origin = valid.origins[index] if index < len(valid.origins) else None
    if origin is None:
        return Diagnostic.at(str(valid.path), 0, 0, ("journal",), _sentence(_LEFTOVER))
    file, line, column, path = origin
    if path:  # an entry of the profile
        return Diagnostic.at(file, line, column, (*path, field), _sentence(_LEFTOVER))
    return Diagnostic.at(file, line, column, (f"столбец {field}",), _sentence(_LEFTOVER))


# ---------------------------------------------------------------------------- records (07, 08)

HAND_FILL = "________ (заполняется вручную: {source})"


def _work_log_ctx(valid: ValidProfile, staffing: Staffing) -> WorkLogCtx:
    forms = catalog.work_forms()
    log = valid.profile.work_log
    rows = []
    for n, e in enumerate(sorted(valid.work_log, key=lambda e: e.date), start=1):
        grades = parse_classes(e.grades or "—")
        count = f"{e.participants}\u00a0чел."
        if e.participants_ovz:
            count += f", в т.\u00a0ч. с ОВЗ\u00a0— {e.participants_ovz}"
        rows.append(
            WorkLogRowCtx(
                number=n,
                date=dates.date_numeric(e.date),
                title=f"{e.title} (п. {e.event} плана)" if e.event else e.title,
                participants=f"{format_classes(grades)} кл.; {count}" if grades else count,
                form=forms.form(e.form).title,
                responsible=person_ctx(staffing.staff[e.responsible]).short.nominative,
                partner=e.partner or "—",
                result=e.result,
            )
        )
    blank = log.blank_rows if log is not None else WorkLog().blank_rows
    return WorkLogCtx(entries=rows, blank_rows=list(range(len(rows) + 1, len(rows) + blank + 1)))


def _figure(value: int | bool | None, source: str, missing: list[str], title: str) -> str:
    if value is None:
        gap = "участники с ОВЗ" if title.startswith("из них") else title
        if gap not in missing:
            missing.append(gap)
        return HAND_FILL.format(source=source)
    if isinstance(value, bool):
        return "назначен" if value else "не назначен"
    return str(value)


def _note_ctx(valid: ValidProfile, ind: SchoolIndicators) -> NoteCtx:
    wording = catalog.indicators()
    directions = {d.key: d.title for d in catalog.plan_defaults().directions}
    missing: list[str] = []
    criteria = []
    for number, (key, title) in enumerate(wording.criteria.items(), start=1):
        lines = []
        for item in wording.indicators:
            if item.criterion != key or item.key == "hours":
                continue
            value = getattr(ind, item.key)
            lines.append(
                NoteLineCtx(
                    title=item.title,
                    value=_figure(value, item.source, missing, item.title),
                    counting=_sentence(item.counting) + ".",
                )
            )
            if item.key == "plan_events_held":
                for d in ind.directions:
                    if not d.planned:
                        continue
                    held = (
                        HAND_FILL.format(source="журнал учёта выполненной работы")
                        if d.held is None
                        else str(d.held)
                    )
                    lines.append(
                        NoteLineCtx(
                            title=f"Направление «{directions[d.key]}»",  # starts its own line
                            value=f"по плану {d.planned}, выполнено {held}",
                            counting="",
                        )
                    )
        criteria.append(NoteCriterionCtx(number=number, title=title, lines=lines))
    hours = []
    for h in ind.hours:
        delivered = (
            str(h.delivered)
            if h.delivered is not None
            else HAND_FILL.format(source="часы записей журнала выполненной работы")
        )
        done = h.delivered if h.delivered is not None else None
        verdict = "" if done is None else ("выполнен" if done >= h.minimum else "не выполнен")
        line = f"{h.grade} класс — по плану {h.planned}, проведено {delivered}"
        line += f", минимум {verdict}." if verdict else "."
        hours.append(
            NoteHoursCtx(
                line=line,
                grade=h.grade,
                planned=str(h.planned),
                delivered=delivered,
                minimum=str(h.minimum),
                verdict=verdict,
            )
        )
    if ind.hours and any(h.delivered is None for h in ind.hours):
        missing.append("часы Единой модели, проведённые по классам")
    comparison = []
    previous = valid.profile.monitoring.previous_year
    if previous is not None:
        for key, last in previous.model_dump().items():
            now = getattr(ind, key)
            if last is None or now is None:
                continue
            delta = now - last
            sign = f"+{delta}" if delta > 0 else ("без изменений" if delta == 0 else f"−{-delta}")
            comparison.append(
                f"{_sentence(wording.indicator(key).title)}: {now} (в прошлом году — {last}; "
                f"{sign})"
            )
    level = catalog.plan_defaults().levels[ind.profminimum_level]
    return NoteCtx(
        criteria=criteria,
        hours=hours,
        hours_applies=bool(ind.hours),
        level=ind.profminimum_level,
        level_genitive=level.genitive,
        hours_intro=f"Уровень модели — {ind.profminimum_level}: не менее "
        f"{plural(level.hours, 'час', 'часа', 'часов')} в год в каждом классе. По классам "
        "(по плану / проведено по журналу):",
        comparison=comparison,
        missing=missing,
    )


# ---------------------------------------------------------------------------- the context


def _self_report(ind: SchoolIndicators) -> SelfReportCtx:
    """Document 10 from the same figures as the analytic note (generator.indicators)."""
    from .self_report import self_report_ctx

    return self_report_ctx(ind, catalog.indicators().indicators)


def build_context(valid: ValidProfile, *, pseudonymize: bool = False) -> DocumentContext:
    from .indicators import school_indicators  # it imports this module's plan helpers

    profile = valid.profile
    indicators = school_indicators(valid)  # once: the note (08) and the self-report (10)
    staffing = Staffing(profile)
    school = _school_ctx(profile)
    order = profile.acts.order
    acts = profile.acts
    order_ref = f"приказ от {dates.date_numeric(order.date)} № {order.number}"
    texts = _Texts(
        profile.school_grades,
        school.short_name,
        school.education_authority.genitive,
        staffing,
    )

    def protocol(p: Any) -> ProtocolCtx | None:
        return None if p is None else ProtocolCtx(number=p.number, date=date_ctx(p.date))

    first, last = dates.academic_year_bounds(profile.start_year)
    governance = _governance_ctx(staffing, school.short_name)
    plan = _plan_ctx(profile, staffing, texts, order_ref, _done_marks(valid))
    context = DocumentContext(
        school=school,
        region=_region_ctx(profile),
        year=YearCtx(
            label=dates.academic_year_label(profile.start_year),
            start=profile.start_year,
            end=profile.start_year + 1,
            first_day=date_ctx(first),
            last_day=date_ctx(last),
        ),
        director=person_ctx(staffing.person("director")),
        coordinator=person_ctx(staffing.person("coordinator")),
        governance=governance,
        roles=_roles_ctx(texts),
        acquaintance=_acquaintance_ctx(profile, staffing, order_ref),
        acts=ActsCtx(
            order=_order_ctx(profile, staffing),
            pedagogical_council=protocol(acts.pedagogical_council),  # type: ignore[arg-type]
            student_council=protocol(acts.student_council),
            parent_council=protocol(acts.parent_council),
            approval=(
                f"приказом директора {school.short_name} "
                f"от {dates.date_numeric(order.date)} № {order.number}"
            ),
        ),
        legal=_legal_ctx(profile, school.short_name),
        profminimum=_profminimum_ctx(profile),
        partners=_partners_ctx(profile, [n for e in profile.plan.events or () for n in e.partners]),
        plan=plan,
        journal=_journal_ctx(valid, staffing, pseudonymize),
        work_log=_work_log_ctx(valid, staffing),
        note=_note_ctx(valid, indicators),
        profminimum_order=_profminimum_order_ctx(
            profile, staffing, school.short_name, plan, governance
        ),
        self_report=_self_report(indicators),
    )
    # One pass of typography over every string: quotes, no-break spaces (russian.typography).
    return DocumentContext.model_validate(typeset_tree(context.model_dump(), _NOT_TEXT))
