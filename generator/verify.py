"""Verify a rendered document (and the whole package) before it is written.

`profdocs build` must never write an incomplete act: a section lost from a template, a
leftover `{{ tag }}`, an approval stamp with an empty number, or an order that appoints
one coordinator while the duties are signed by another. These checks run for every
document of every school, so each document is parsed once with lxml and normalised once
(about a millisecond or two per document).
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

from . import legal
from . import requirements as rq
from .documents import BY_ID
from .findings import Finding
from .requirements import Block, DocText, Phrase, Requirement

if TYPE_CHECKING:
    from .context_model import DocumentContext, PersonCtx


@dataclass(frozen=True, slots=True)
class PackageFacts:
    """What every document of one school's package must agree on."""

    coordinator_short: str  # «М.П. Иванова»
    coordinator_full: str  # «Иванова Мария Петровна»
    deputy_uvr_short: str  # «С.С. Петрова»
    order_number: str  # «124-о»
    order_date_numeric: str  # «28.08.2026»
    order_date: dt.date
    protocol_date: dt.date  # педагогический совет
    effective_date: dt.date  # назначение вступает в силу
    school_full_name: str = ""
    order_date_words: str = ""  # «28 августа 2026 г.»
    # Declined forms («Ивановой Марии Петровне», «М.П. Ивановой» …); without them a name
    # is compared by initials and surname stem.
    coordinator_forms: tuple[str, ...] = ()
    deputy_uvr_forms: tuple[str, ...] = ()
    # Profile values that themselves look like Jinja («… {{ 7*7 }} …»): printed as text,
    # they are not leftover tags.
    literal_values: tuple[str, ...] = ()

    @classmethod
    def from_context(cls, ctx: DocumentContext, profile: object | None = None) -> PackageFacts:
        """The facts as the templates see them (one context serves the whole package).

        `profile` is accepted for callers that have it at hand; the context already holds
        every fact in the form the documents print it.
        """
        order = ctx.acts.order
        return cls(
            coordinator_short=ctx.coordinator.short.nominative,
            coordinator_full=ctx.coordinator.name.nominative,
            deputy_uvr_short=ctx.deputy_uvr.short.nominative,
            order_number=order.number,
            order_date_numeric=order.date.numeric,
            order_date=dt.date.fromisoformat(order.date.iso),
            protocol_date=dt.date.fromisoformat(ctx.acts.pedagogical_council.date.iso),
            effective_date=dt.date.fromisoformat(order.effective_date.iso),
            school_full_name=ctx.school.full_name,
            order_date_words=order.date.words,
            coordinator_forms=_person_forms(ctx.coordinator),
            deputy_uvr_forms=_person_forms(ctx.deputy_uvr),
            literal_values=tuple(dict.fromkeys(_tag_like(ctx.model_dump()))),
        )

    def person(self, role: str) -> _Person | None:
        """The person a role word points at; None if the name can't be parsed."""
        if role == "coordinator":
            forms = (self.coordinator_full, *self.coordinator_forms)
            return _Person.of("координатор", self.coordinator_short, forms)
        return _Person.of(
            "заместитель директора по УВР", self.deputy_uvr_short, self.deputy_uvr_forms
        )


def _tag_like(value: object) -> Iterator[str]:
    if isinstance(value, str):
        if _LEFTOVER.search(value):
            yield value
    elif isinstance(value, dict):
        for v in value.values():
            yield from _tag_like(v)
    elif isinstance(value, list | tuple):
        for v in value:
            yield from _tag_like(v)


def _spans_of(text: str, values: Iterable[str]) -> list[tuple[int, int]]:
    spans = []
    for v in values:
        pos = text.find(v)
        while pos >= 0:
            spans.append((pos, pos + len(v)))
            pos = text.find(v, pos + 1)
    return spans


def _inside(pos: int, spans: list[tuple[int, int]]) -> bool:
    return any(s <= pos < e for s, e in spans)


def _person_forms(p: PersonCtx) -> tuple[str, ...]:
    forms = [*p.name.model_dump().values(), *p.short.model_dump().values(), p.surname_first]
    return tuple(dict.fromkeys(forms))


# --------------------------------------------------------------------------------------
# One document
# --------------------------------------------------------------------------------------

_LEFTOVER = re.compile(r"\{\{|\{%|\}\}|%\}|\{#|#\}")
# Searched in the normalised text of the whole document (blocks joined by "\n\n"), so
# the patterns never cross a line: " ?" rather than "\s*".
_EMPTY_FIELDS = re.compile(
    r"(?P<date>(?<!\w)от ?(?:№|(?=$|[,;)\n])))"
    r"|(?P<number>№ ?(?=$|[,;.)\"\n]|от\b))"
    r"|(?P<quotes>\" ?\")"
    r"|(?P<parens>\( ?\))"
)
_EMPTY_WHAT = {
    "date": "после «от» нет даты",
    "number": "после «№» нет номера",
    "quotes": "пустые кавычки",
    "parens": "пустые скобки",
}


def verify_document(
    doc_id: str, docx_bytes: bytes, file_name: str, facts: PackageFacts | None = None
) -> list[Finding]:
    """The document's requirements, no leftover Jinja, no empty required field."""
    doc = _doc_text(docx_bytes)
    out: list[Finding] = []
    for req in rq.requirements_for(doc_id):
        groups = req.match
        if req.fact:
            value = getattr(facts, req.fact, "") if facts is not None else ""
            if not value:
                continue
            groups = ((_phrase(value),),)
        if not groups:
            continue
        if req.find(doc, groups=groups) is None:
            out.append(_missing(req, doc, file_name, groups))
    joined = doc.joined()
    literals = facts.literal_values if facts is not None else ()
    for block in doc.blocks:
        text = block.text
        if not text:
            continue
        m = _LEFTOVER.search(text)
        if m and literals:
            spans = _spans_of(text, literals)
            m = next((x for x in _LEFTOVER.finditer(text) if not _inside(x.start(), spans)), None)
        if m:
            out.append(
                Finding(
                    "error",
                    file_name,
                    f"В документе остался тег шаблона «{m.group(0)}»: шаблон содержит тег, "
                    "который не был обработан. Проверьте шаблон командой «profdocs check».",
                    block.part,
                    block.location,
                    _snip(text, m.start()),
                )
            )
    flagged: set[int] = set()
    for m in _EMPTY_FIELDS.finditer(joined.text):
        i = joined.block_at(m.start())
        if i in flagged:
            continue
        flagged.add(i)
        block = doc.blocks[i]
        out.append(
            Finding(
                "error",
                file_name,
                f"Незаполненный реквизит: {_EMPTY_WHAT[m.lastgroup or 'date']}. Заполните "
                "соответствующее поле профиля школы (даты и номера приказа и протоколов).",
                block.part,
                block.location,
                _snip(joined.text[joined.starts[i] : joined.ends[i]], m.start() - joined.starts[i]),
            )
        )
    out.extend(legal.findings(doc.raw().text, file_name))
    return out


@functools.lru_cache(maxsize=64)
def _phrase(value: str) -> Phrase:
    return Phrase.parse(value)


@functools.lru_cache(maxsize=16)
def _doc_text(data: bytes) -> DocText:
    """Parsed once per document even when verify_document and verify_package both read it."""
    parts = rq.read_parts(data)
    return rq.extract(parts, styles=_styles(parts.get("word/styles.xml", b"")))


@functools.lru_cache(maxsize=16)
def _styles(data: bytes) -> rq.Styles:
    return rq.Styles.parse(data)


def _missing(
    req: Requirement, doc: DocText, file_name: str, groups: tuple[rq.Group, ...]
) -> Finding:
    near = req.find(doc, groups=groups, constraints=False)
    if near is not None and req.style == "heading" and not near.heading:
        msg = (
            f"{_cap(req.what)} ({req.source}) есть, но оформлен не как заголовок "
            f"(стиль «{near.style}»): проверьте стиль в шаблоне."
        )
        return Finding("error", file_name, msg, near.part, near.location, _snip(near.text),
                       req.id, req.source)  # fmt: skip
    if near is not None and req.month:
        msg = (
            f"{_cap(req.what)} ({req.source}): мероприятие есть, но в колонке месяца нет "
            "отметки. Проверьте сроки мероприятия в профиле или в plan_defaults.yaml."
        )
        return Finding("error", file_name, msg, near.part, near.location, _snip(near.text),
                       req.id, req.source)  # fmt: skip
    what = req.what
    looked = " и ".join("«" + str(g[0]) + "»" for g in groups)
    msg = (
        f"В документе нет: {what} ({req.source}). Документ неполон и не будет записан; "
        f"проверьте шаблон («profdocs check») и профиль школы. Искали текст {looked}."
    )
    return Finding("error", file_name, msg, "body", "", "", req.id, req.source)


def _cap(text: str) -> str:
    return text[:1].upper() + text[1:]


def _snip(text: str, at: int = 0, width: int = 70) -> str:
    start = max(0, at - width // 3)
    piece = " ".join(text[start : start + width].split())
    return ("…" if start else "") + piece + ("…" if start + width < len(text) else "")


# --------------------------------------------------------------------------------------
# The package
# --------------------------------------------------------------------------------------


def verify_package(docs: dict[str, bytes], expected: PackageFacts) -> list[Finding]:
    """Cross-document consistency of one school's package (docs keyed by document id)."""
    texts = {doc_id: _doc_text(data) for doc_id, data in docs.items()}
    out: list[Finding] = []
    out += _check_dates(expected)
    out += _check_order(texts, expected)
    out += _check_stamps(texts, expected)
    out += _check_people(texts, expected)
    out += _check_records(texts)
    out += _check_org_name(texts, expected)
    return out


def _file(doc_id: str) -> str:
    spec = BY_ID.get(doc_id)
    return f"{spec.output_stem}.docx" if spec else doc_id


def _check_dates(f: PackageFacts) -> list[Finding]:
    out: list[Finding] = []
    order_file = _file("appointment_order")
    if f.protocol_date > f.order_date:
        out.append(
            Finding(
                "error",
                order_file,
                f"Протокол педагогического совета ({f.protocol_date:%d.%m.%Y}) позже приказа "
                f"({f.order_date:%d.%m.%Y}): локальные акты утверждают после того, как совет "
                "их принял. Исправьте даты в профиле (acts).",
                requirement="PKG.dates",
                source="273-ФЗ, ст. 30",
            )
        )
    if f.order_date > f.effective_date:
        out.append(
            Finding(
                "error",
                order_file,
                f"Назначение вступает в силу ({f.effective_date:%d.%m.%Y}) раньше даты приказа "
                f"({f.order_date:%d.%m.%Y}). Исправьте даты в профиле (acts.order).",
                requirement="PKG.dates",
                source="Прил. 1, п. 8.1",
            )
        )
    return out


_CITATION = re.compile(
    r"от\s+(\d{2}\.\d{2}\.\d{4}|\d{1,2}\s+[а-я]+\s+\d{4}(?:\s*г\.)?)\s*№\s*([^\s,;)\"]+)"
)


def _citations(text: str) -> list[tuple[str, str]]:
    return [(d.strip(), n.rstrip(".")) for d, n in _CITATION.findall(rq.normalize(text))]


def _date_ok(cited: str, f: PackageFacts) -> bool:
    cited = rq.normalize(cited).removesuffix("г.").strip()
    forms = {f.order_date_numeric, rq.normalize(f.order_date_words).removesuffix("г.").strip()}
    return cited in forms


def _check_order(texts: dict[str, DocText], f: PackageFacts) -> list[Finding]:
    doc = texts.get("appointment_order")
    if doc is None:
        return []
    req = _req("appointment_order", "ORD.registration")
    block = req.find(doc) if req else None
    text = rq.normalize(_row_text(doc, block)) if block is not None else ""
    number_ok = bool(re.search(r"№\s*" + re.escape(rq.normalize(f.order_number)) + r"(?!\S)", text))
    date_ok = f.order_date_numeric in text or (
        f.order_date_words and rq.normalize(f.order_date_words) in text
    )
    if number_ok and date_ok:
        return []
    return [
        Finding(
            "error",
            _file("appointment_order"),
            f"В приказе не указаны его дата и номер из профиля (от {f.order_date_numeric} "
            f"№ {f.order_number}). Проверьте реквизиты приказа в шаблоне и профиле.",
            block.part if block else "body",
            block.location if block else "",
            _snip(_row_text(doc, block)) if block else "",
            "ORD.registration",
        )
    ]


def _check_stamps(texts: dict[str, DocText], f: PackageFacts) -> list[Finding]:
    out: list[Finding] = []
    for doc_id in ("work_regulation", "coordinator_regulation", "coordinator_duties"):
        doc = texts.get(doc_id)
        req = _req(doc_id, "REQ.approval")
        if doc is None or req is None:
            continue
        block = req.find(doc)
        if block is None:
            continue  # verify_document reports the missing stamp
        cites = _citations(block.text)
        bad = [
            (d, n) for d, n in cites if not (_date_ok(d, f) and n == rq.normalize(f.order_number))
        ]
        if cites and not bad:
            continue
        shown = "; ".join(f"от {d} № {n}" for d, n in bad) if bad else "без даты и номера"
        out.append(
            Finding(
                "error",
                _file(doc_id),
                f"Гриф утверждения ссылается на приказ {shown}, а приказ о назначении "
                f"координатора — от {f.order_date_numeric} № {f.order_number}. Гриф должен "
                "называть этот приказ: исправьте шаблон или профиль.",
                block.part,
                block.location,
                _snip(block.text),
                req.id,
                req.source,
            )
        )
    return out


def _req(doc_id: str, req_id: str) -> Requirement | None:
    return next((r for r in rq.requirements_for(doc_id) if r.id == req_id), None)


def _row_text(doc: DocText, block: Block | None) -> str:
    if block is None:
        return ""
    if block.row_element is None:
        return block.text
    return "\n".join(b.text for b in doc.blocks if b.row_element is block.row_element)


# ---------------------------------------------------------------- people

_UP, _LO = "А-ЯЁ", "а-яё"
_SURNAME = rf"[{_UP}][{_LO}]+(?:-[{_UP}][{_LO}]+)?"
_MENTIONS = (
    # Фамилия Имя Отчество (any case): the patronymic is what tells a name from other words
    re.compile(
        rf"({_SURNAME})\s+([{_UP}])[{_LO}]+\s+([{_UP}])(?:[{_LO}]*(?:вич|вн|ичн)[{_LO}]*"
        rf"|[{_LO}]+\s+(?:оглы|кызы))(?![{_LO}])"
    ),
    # И.О. Фамилия
    re.compile(rf"(?<![{_UP}{_LO}.])([{_UP}])\.\s?([{_UP}])\.\s?({_SURNAME})"),
    # Фамилия И.О.
    re.compile(rf"({_SURNAME})\s([{_UP}])\.\s?([{_UP}])\.(?!\s?[{_UP}][{_LO}])"),
)
_ROLE_WORDS = re.compile(
    r"(?P<deputy_uvr>по учебно-воспитательной работе|по увр\b)"
    r"|(?P<deputy_vr>(?<!учебно-)по воспитательной работе|по вр\b)"
    r"|(?P<coordinator>координатор[а-я]*|назначить)"
    r"|(?P<director>(?<![а-я-])директор(?:а|у|ом|е)?(?![а-я])(?!\s+по\s))"
    r"|(?P<other>педагог[а-я-]*|учител[а-я-]*|руководител[а-я]*|библиотекар[а-я]*"
    r"|медицинск[а-я]*|психолог[а-я]*|специалист[а-я]*)"
)
_WINDOW = 120  # characters before a name in which its role word is looked for


@dataclass(frozen=True, slots=True)
class _Mention:
    initials: str  # «мп»
    surname: str  # «иванову»
    start: int
    end: int
    text: str


@dataclass(frozen=True, slots=True)
class _Person:
    role: str
    shown: str
    initials: str
    surnames: frozenset[str]
    stems: tuple[str, ...]

    @classmethod
    def of(cls, role: str, short: str, forms: Iterable[str]) -> _Person | None:
        keys = [m for text in (short, *forms) if text for m in _mentions(text)]
        if not keys:
            return None  # not «И.О. Фамилия»: nothing to compare names with
        initials = keys[0].initials
        surnames = frozenset(m.surname for m in keys if m.initials == initials)
        stems = tuple(p[: max(3, len(p) - 2)] for p in keys[0].surname.split("-"))
        return cls(role, short, initials, surnames, stems)

    def matches(self, m: _Mention) -> bool:
        if m.initials != self.initials:
            return False
        if m.surname in self.surnames:
            return True
        parts = m.surname.split("-")
        return len(parts) == len(self.stems) and all(
            p.startswith(s) and len(p) - len(s) <= 4 for p, s in zip(parts, self.stems, strict=True)
        )


def _mentions(text: str) -> list[_Mention]:
    found: list[_Mention] = []
    taken: list[tuple[int, int]] = []
    for kind, rx in enumerate(_MENTIONS):
        for m in rx.finditer(text):
            if any(m.start() < e and s < m.end() for s, e in taken):
                continue
            if kind == 1:
                initials, surname = m.group(1) + m.group(2), m.group(3)
            else:
                initials, surname = m.group(2) + m.group(3), m.group(1)
            taken.append((m.start(), m.end()))
            found.append(
                _Mention(
                    rq.normalize(initials), rq.normalize(surname), m.start(), m.end(), m.group(0)
                )
            )
    found.sort(key=lambda x: x.start)
    return found


def _attributed(doc: DocText) -> Iterator[tuple[str, _Mention, Block]]:
    """(role, mention, block) for each name whose role word stands just before it."""
    raw = doc.raw()
    lower = raw.text.lower().replace("ё", "е")
    prev_end = 0
    for m in _mentions(raw.text):
        lo = max(prev_end, m.start - _WINDOW)
        prev_end = m.end
        role = ""
        for rm in _ROLE_WORDS.finditer(lower, lo, m.start):
            role = rm.lastgroup or ""
        if role:
            yield role, m, doc.blocks[raw.block_at(m.start)]


def _check_people(texts: dict[str, DocText], f: PackageFacts) -> list[Finding]:
    out: list[Finding] = []
    people = {
        role: person
        for role in ("coordinator", "deputy_uvr")
        if (person := f.person(role)) is not None
    }
    must_name = rq.load().people
    for doc_id, doc in texts.items():
        mentions = _mentions(doc.raw().text)
        for role, m, block in _attributed(doc):
            person = people.get(role)
            if person is None or person.matches(m):
                continue
            out.append(
                Finding(
                    "error",
                    _file(doc_id),
                    f"Здесь {person.role} назван «{m.text}», а в пакете это {person.shown} "
                    "(приказ о назначении). Один и тот же человек должен быть назван одинаково "
                    "во всех документах: проверьте шаблон и профиль школы.",
                    block.part,
                    block.location,
                    _snip(block.text),
                    f"PKG.person.{role}",
                )
            )
        for role, person in people.items():
            if doc_id not in must_name.get(role, ()) or any(person.matches(m) for m in mentions):
                continue
            strangers = [m.text for m in mentions if not any(p.matches(m) for p in people.values())]
            named = (
                f" В документе названы: {', '.join(dict.fromkeys(strangers))}." if strangers else ""
            )
            out.append(
                Finding(
                    "error",
                    _file(doc_id),
                    f"В документе не назван {person.role} {person.shown}.{named} Проверьте, "
                    "что шаблон выводит его имя и что в профиле указан тот же человек.",
                    "body",
                    "",
                    "",
                    f"PKG.person.{role}",
                )
            )
    return out


# ---------------------------------------------------------------- records


def _check_records(texts: dict[str, DocText]) -> list[Finding]:
    """Every record the regulations require is produced here or named in the order."""
    reqs = rq.load()
    order = texts.get("appointment_order")
    out: list[Finding] = []
    seen: set[str] = set()
    for doc_id in ("work_regulation", "coordinator_regulation"):
        doc = texts.get(doc_id)
        if doc is None:
            continue
        for req in reqs.for_document(doc_id):
            if not req.record or req.record in seen or req.find(doc) is None:
                continue
            seen.add(req.record)
            record = reqs.records[req.record]
            if record.produced_by:
                if record.produced_by in texts:
                    continue
                out.append(
                    Finding(
                        "error",
                        _file(doc_id),
                        f"Положение требует вести {record.what} ({req.source}), но в пакете "
                        f"нет документа «{BY_ID[record.produced_by].title}». Соберите пакет "
                        "целиком.",
                        requirement=req.id,
                        source=req.source,
                    )
                )
                continue
            in_order = _req("appointment_order", f"ORD.record.{req.record}")
            if order is not None and in_order is not None and in_order.find(order) is not None:
                continue
            out.append(
                Finding(
                    "error",
                    _file("appointment_order"),
                    f"Положение требует вести {record.what} ({req.source}). Пакет этот документ "
                    "не создаёт, поэтому его нужно назвать в приказе, в пункте о документации "
                    "координатора.",
                    requirement=f"ORD.record.{req.record}",
                    source=req.source,
                )
            )
    return out


def _check_org_name(texts: dict[str, DocText], f: PackageFacts) -> list[Finding]:
    if not f.school_full_name:
        return []
    phrase = _phrase(f.school_full_name)
    out: list[Finding] = []
    for doc_id, doc in texts.items():
        if phrase.search(doc.joined().text) < 0:
            out.append(
                Finding(
                    "error",
                    _file(doc_id),
                    f"В документе нет полного наименования школы «{f.school_full_name}». "
                    "Проверьте реквизит «наименование организации» в шаблоне.",
                    requirement="REQ.org_name",
                )
            )
    return out
