"""What every document of one school's package must agree on, taken from its context."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from .names import Person

if TYPE_CHECKING:
    from ..context_model import DocumentContext, PersonCtx

# Jinja's tag marks: in a rendered document they mean a tag the template left unprocessed.
LEFTOVER = re.compile(r"\{\{|\{%|\}\}|%\}|\{#|#\}")


@dataclass(frozen=True, slots=True)
class PackageFacts:
    """What every document of one school's package must agree on."""

    coordinator_short: str  # «М.П. Иванова»
    coordinator_full: str  # «Иванова Мария Петровна»
    supervisor_short: str  # «А.Н. Соколов»: who supervises the coordinator
    order_number: str  # «124-о»
    order_date_numeric: str  # «28.08.2026»
    order_date: dt.date
    protocol_date: dt.date  # педагогический совет
    effective_date: dt.date  # назначение вступает в силу
    school_full_name: str = ""
    coordinator_surname_first: str = ""  # «Иванова М.П.», as familiarisation sheets list her
    order_date_words: str = ""  # «28 августа 2026 г.»
    # Declined forms («Ивановой Марии Петровне», «М.П. Ивановой» …); without them a name
    # is compared by initials and surname stem.
    coordinator_forms: tuple[str, ...] = ()
    supervisor_forms: tuple[str, ...] = ()
    # The role word that stands before the supervisor's name («по УВР»: deputy_uvr), empty
    # when the supervisor holds the role by delegation (then her own post stands there).
    supervisor_word: str = ""
    supervisor_role: str = ""  # «заместитель директора по учебно-воспитательной работе»
    approver_short: str = ""  # who approves the plan
    approver_forms: tuple[str, ...] = ()
    approver_word: str = ""
    # Profile values that themselves look like Jinja («… {{ 7*7 }} …»): printed as text,
    # they are not leftover tags.
    literal_values: tuple[str, ...] = ()
    # The school's own words that name someone («направлена к заместителю директора по УВР
    # Морозовой Ирине Сергеевне» in a journal entry): a name there is not the template's
    # naming of a role holder, which is what the person check is for.
    own_texts: tuple[str, ...] = ()

    @classmethod
    def from_context(
        cls,
        ctx: DocumentContext,
        dumped: dict[str, Any] | None = None,
        own_texts: Iterable[str] = (),
    ) -> PackageFacts:
        """The facts as the templates see them (one context serves the whole package).

        `dumped`: ctx.model_dump(), if the caller has made it already (it renders with it).
        `own_texts`: the profile's free text (everything but the staff), as the school wrote it.
        """
        order = ctx.acts.order
        gov = ctx.governance
        return cls(
            coordinator_short=ctx.coordinator.short.nominative,
            coordinator_full=ctx.coordinator.name.nominative,
            supervisor_short=gov.supervisor.short.nominative,
            order_number=order.number,
            order_date_numeric=order.date.numeric,
            order_date=dt.date.fromisoformat(order.date.iso),
            protocol_date=dt.date.fromisoformat(ctx.acts.pedagogical_council.date.iso),
            effective_date=dt.date.fromisoformat(order.effective_date.iso),
            school_full_name=ctx.school.full_name,
            coordinator_surname_first=ctx.coordinator.surname_first,
            order_date_words=order.date.words,
            coordinator_forms=_person_forms(ctx.coordinator),
            supervisor_forms=_person_forms(gov.supervisor),
            supervisor_word=_word(
                gov.supervisor, gov.supervisor_role.nominative, gov.supervisor_key
            ),
            supervisor_role=gov.supervisor_role.nominative,
            approver_short=gov.plan_approver.short.nominative,
            approver_forms=_person_forms(gov.plan_approver),
            approver_word=(
                "director"
                if gov.plan_approver_is_director
                else _word(gov.plan_approver, gov.plan_approver_role.nominative, gov.supervisor_key)
            ),
            literal_values=tuple(dict.fromkeys(tag_like(dumped or ctx.model_dump()))),
            # the school's name in every case: «школа имени Петрова Ивана Сергеевича»
            own_texts=naming([*own_texts, *_school_names(ctx)]),
        )

    def person(self, role: str) -> Person | None:
        """The person of a role of requirements.yaml's `people` (coordinator,
        coordinator_supervisor, plan_approver); None if the name can't be parsed."""
        if role == "coordinator":
            forms = (self.coordinator_full, *self.coordinator_forms)
            return Person.of("координатор", self.coordinator_short, forms)
        if role == "coordinator_supervisor":
            return Person.of(
                f"руководитель координатора ({self.supervisor_role})",
                self.supervisor_short,
                self.supervisor_forms,
            )
        if role == "plan_approver" and self.approver_short:
            return Person.of("утверждающий план", self.approver_short, self.approver_forms)
        return None

    def role_words(self) -> dict[str, str]:
        """Role word (verify.names) → role of `people`, for names a role word stands before."""
        words = {"coordinator": "coordinator"}
        if self.supervisor_word:
            words[self.supervisor_word] = "coordinator_supervisor"
        if self.approver_word and self.approver_word not in words:
            words[self.approver_word] = "plan_approver"
        return words


def tag_like(value: object) -> list[str]:
    """Every string in the context that looks like a Jinja tag, depth first."""
    found: list[str] = []

    def check(text: str) -> None:
        # every tag mark has a brace: most values skip the regex
        if ("{" in text or "}" in text) and LEFTOVER.search(text):
            found.append(text)

    def visit(container: dict | list | tuple) -> None:
        # a call per container, not per value: a school's context holds ~1500 strings
        for item in container.values() if isinstance(container, dict) else container:
            if isinstance(item, str):
                check(item)
            elif isinstance(item, dict | list | tuple):
                visit(item)

    if isinstance(value, str):
        check(value)
    elif isinstance(value, dict | list | tuple):
        visit(value)
    return found


def _school_names(ctx: DocumentContext) -> list[str]:
    return [*ctx.school.full_name_forms.model_dump().values(), ctx.school.name_with_short]


def naming(texts: Iterable[str]) -> tuple[str, ...]:
    """The texts that name a person, as documents print them (whitespace collapsed)."""
    from .names import mentions

    out = []
    for text in texts:
        # a name has at least two capitals: most values skip the regex
        if sum(ch.isupper() for ch in text[:200]) >= 2 or len(text) > 200:
            shown = " ".join(text.split())
            if mentions(shown):
                out.append(shown)
    return tuple(dict.fromkeys(out))


def spans_of(text: str, values: Iterable[str]) -> list[tuple[int, int]]:
    spans = []
    for v in values:
        pos = text.find(v)
        while pos >= 0:
            spans.append((pos, pos + len(v)))
            pos = text.find(v, pos + 1)
    return spans


def inside(pos: int, spans: list[tuple[int, int]]) -> bool:
    return any(s <= pos < e for s, e in spans)


def _word(person: PersonCtx, role_title: str, key: str) -> str:
    """The role word before this person's name, if the person holds that post."""
    return key if person.position.nominative == role_title else ""


def _person_forms(p: PersonCtx) -> tuple[str, ...]:
    forms = [*p.name.model_dump().values(), *p.short.model_dump().values(), p.surname_first]
    return tuple(dict.fromkeys(forms))
