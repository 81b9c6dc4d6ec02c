"""Who holds which role in one school, and how each kind of document names them.

Part of stage 3 (context). The normative acts name roles only; the order, the plan, the
journal and the familiarisation sheets name people, and a person is always named by the post
she holds: a teacher given a psychologist's functions is «учитель русского языка и
литературы Т.С. Белых (функции педагога-психолога, приказ от … № …)», never «педагог-психолог
Т.С. Белых». Every such wording is made here, so it has one source.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from . import catalog
from .context_model import Forms, PersonCtx
from .errors import BuildError
from .model import Organisation, Person, Profile, RoleAssignment
from .russian import CASES, acquainted_word, decline_phrase, decline_position
from .russian.posts import mid_sentence

# The order in which a person's roles rank them on a familiarisation sheet.
RANK = (
    "deputy_uvr",
    "deputy_vr",
    "coordinator",
    "psychologist",
    "social_pedagogue",
    "librarian",
    "medical_worker",
    "additional_education_teacher",
    "class_teacher",
    "subject_teacher",
)
DEFAULT_PPMS_FUNCTIONS = (
    "психологическая диагностика и психологическое консультирование обучающихся"
)


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


@dataclass(frozen=True, slots=True)
class Named:
    """A person in the nominative only: what lists and plan cells print. Declining every
    name of a large staff in six cases for a list would be most of a school's context."""

    short: str  # «М.П. Иванова»
    surname_first: str  # «Иванова М.П.»
    position: str  # «учитель географии»


@functools.lru_cache(maxsize=1024)
def named(person: Person) -> Named:
    overrides = _overrides(person)
    surname = (overrides.get("nominative") or str(person.name)).split(" ")[0]
    letters = person.name.initials
    return Named(
        f"{letters} {surname}",
        f"{surname} {letters}",
        decline_position(mid_sentence(person.position), "nominative"),
    )


@functools.cache
def role_forms(key: str) -> Forms:
    """A role's title in the six cases («заместителю директора по воспитательной работе»)."""
    title = catalog.role(key).title_singular
    return Forms(**{c: decline_position(title, c) for c in CASES})


def join_and(items: list[str]) -> str:
    """«a», «a и b», «a, b и c»."""
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " и " + items[-1]


_AGREEMENT = re.compile(r"^(\S+).*?\s(от\s+\d{2}\.\d{2}\.\d{4}\s*№\s*\S+)\s*$")


def short_agreement(agreement: str) -> str:
    """«договор об организации … от 01.09.2026 № 15» → «договор от 01.09.2026 № 15»."""
    m = _AGREEMENT.match(" ".join(agreement.split()))
    return f"{m.group(1)} {m.group(2)}" if m else agreement


@dataclass(frozen=True, slots=True)
class Hold:
    """One person's (or organisation's) hold on one role."""

    role: str
    staff: str | None  # staff key; None when only an organisation performs it
    delegated: bool
    basis: str | None  # the profile's basis; None for a delegation the order itself makes
    organisation: str | None  # outsourced_to: the organisation doing (part of) it


class Staffing:
    """The roles of one profile, read once: holders, delegates, organisations, governance."""

    def __init__(self, profile: Profile) -> None:
        self.profile = profile
        self.staff = profile.staff
        self.holds: dict[str, list[Hold]] = {}
        for key in catalog.role_keys():
            value: RoleAssignment | None = getattr(profile.roles, key)
            if value is None:
                raise BuildError(f"Роль «{key}» не назначена.")  # validate() refuses it
            holds = [Hold(key, ref, False, None, None) for ref in value.holders]
            if value.delegated_to:
                holds.append(Hold(key, value.delegated_to, True, value.basis, value.outsourced_to))
            elif value.outsourced_to:
                holds.append(Hold(key, None, False, None, value.outsourced_to))
            self.holds[key] = holds
        self.supervisor_role = supervisor_role(profile)
        self.approver_role = (
            "director" if profile.governance.plan_approver == "director" else self.supervisor_role
        )

    # ------------------------------------------------------------------ who
    def person_key(self, role: str) -> str | None:
        """The one staff key of a single-holder role (holder or delegate), if any."""
        return next((h.staff for h in self.holds[role] if h.staff), None)

    def person(self, role: str) -> Person:
        key = self.person_key(role)
        if key is None:
            raise BuildError(f"Роль «{role}» не исполняет ни один сотрудник школы.")
        return self.staff[key]

    def organisation(self, key: str) -> Organisation:
        return self.profile.organisations[key]

    def outsourced(self, role: str) -> str | None:
        return next((h.organisation for h in self.holds[role] if h.organisation), None)

    def roles_of(self, staff_key: str) -> list[Hold]:
        """Every hold of one person, in the order of roles.yaml."""
        return [h for key in catalog.role_keys() for h in self.holds[key] if h.staff == staff_key]

    def people(self) -> list[str]:
        """Every staff key that holds a role, in the order of roles.yaml."""
        return list(dict.fromkeys(h.staff for hs in self.holds.values() for h in hs if h.staff))

    def order_assigned(self) -> list[Hold]:
        """Delegations the profile gives no basis for: the appointment order makes them."""
        return [h for hs in self.holds.values() for h in hs if h.delegated and not h.basis]

    # ------------------------------------------------------------------ naming
    def basis_text(self, hold: Hold, order_ref: str) -> str:
        """«приказ от 28.08.2026 № 118-о», or the appointment order («пункт 4 …» inside it)."""
        return hold.basis or order_ref

    def employer_genitive(self, person: Person) -> str:
        """«Новоникольского ФАП ОГБУЗ «Асиновская РБ»» for a worker of another organisation."""
        if not person.employer:
            return ""
        org = self.organisation(person.employer)
        return decline_phrase(org.short_name or org.name, "genitive")

    def post(self, staff_key: str, case: str = "nominative") -> str:
        """The person's own post, with the employer for a worker of another organisation."""
        person = self.staff[staff_key]
        post = getattr(person_ctx(person).position, case)
        employer = self.employer_genitive(person)
        return f"{post} {employer}" if employer else post

    def describe(self, staff_key: str, roles: list[Hold], case: str, order_ref: str) -> str:
        """The full form: post, name, and in brackets what the person does beyond the post.

        «учитель русского языка и литературы Т.С. Белых (функции педагога-психолога, приказ
        от 28.08.2026 № 118-о)»; a coordinator gets «(координатор по профессиональной
        ориентации)»; a worker of another organisation — her agreement."""
        person = self.staff[staff_key]
        ctx = person_ctx(person)
        head = f"{self.post(staff_key, case)} {getattr(ctx.short, case)}"
        extra = self._functions_note(roles, order_ref, full=True)
        if person.employer:
            agreement = short_agreement(self.organisation(person.employer).agreement)
            extra = f"{extra}; {agreement}" if extra else agreement
        if any(h.role == "coordinator" for h in roles):
            extra = (
                f"координатор по профессиональной ориентации; {extra}"
                if extra
                else "координатор по профессиональной ориентации"
            )
        return f"{head} ({extra})" if extra else head

    def _functions_note(self, roles: list[Hold], order_ref: str, *, full: bool) -> str:
        """«функции педагога-психолога, приказ от …» for the delegated roles of one person."""
        delegated = [h for h in roles if h.delegated]
        if not delegated:
            return ""
        own = any(not h.delegated for h in roles)
        word = "также функции" if own and full else "функции"
        genitive = "genitive" if full else "plan_genitive"
        titles = [getattr(catalog.role(h.role), genitive) for h in delegated]
        if not full:
            return f"{word} {join_and(titles)}"
        bases = [self.basis_text(h, order_ref) for h in delegated]
        if len(set(bases)) == 1:
            return f"{word} {join_and(titles)}, {bases[0]}"
        parts = [f"{t} — {b}" for t, b in zip(titles, bases, strict=True)]
        return f"{word} " + "; ".join(parts)

    def organisation_label(self, org_key: str, case: str = "nominative") -> str:
        org = self.organisation(org_key)
        name = org.short_name or org.name
        word = {"nominative": "специалисты", "instrumental": "специалистами"}[case]
        return f"{word} {name}"

    def functions_of(self, org_key: str) -> str:
        org = self.organisation(org_key)
        if org.functions:
            return org.functions
        if org.kind == "ppms":
            return DEFAULT_PPMS_FUNCTIONS
        return ""


def supervisor_role(profile: Profile) -> str:
    """Who supervises the coordinator (D1): the profile's choice, else the deputy for УВР as
    Прил. 1 п. 8.2 says, unless that role is only delegated and the deputy for ВР holds the
    post."""
    chosen = profile.governance.coordinator_supervisor
    if chosen:
        return chosen
    uvr: RoleAssignment | None = profile.roles.deputy_uvr  # type: ignore[attr-defined]
    vr: RoleAssignment | None = profile.roles.deputy_vr  # type: ignore[attr-defined]
    if uvr is not None and not uvr.holders and vr is not None and vr.holders:
        return "deputy_vr"
    return "deputy_uvr"
