"""Verify one school's package as a whole: the documents agree with each other.

An order that appoints one coordinator while the duties are signed by another, a stamp
citing an order number the order does not have, a record the regulations require but no
document keeps: each is an error that stops the build.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from ..diagnostics import Finding
from ..documents import BY_ID, PERSONAL_DOCUMENTS, file_of
from ..docx.text import Block, DocText, normalize
from ..rules import requirements as rq
from ..rules.requirements import Requirement
from ..write import PackedDocument
from .document import phrase, snip, text_of
from .facts import PackageFacts, inside, spans_of
from .names import attributed, doc_mentions


def verify_package(
    docs: Mapping[str, bytes | PackedDocument], expected: PackageFacts
) -> list[Finding]:
    """Cross-document consistency of one school's package (docs keyed by document id)."""
    texts = {doc_id: text_of(data) for doc_id, data in docs.items()}
    out: list[Finding] = []
    out += _check_dates(expected)
    out += _check_order(texts, expected)
    out += _check_stamps(texts, expected)
    out += _check_people(texts, expected)
    out += _check_records(texts)
    out += _check_org_name(texts, expected)
    return out


def _check_dates(f: PackageFacts) -> list[Finding]:
    out: list[Finding] = []
    order_file = file_of("appointment_order")
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


_CITATION = re.compile(r"от\s+(\d{2}\.\d{2}\.\d{4}|\d{1,2}\s+[а-я]+\s+\d{4}(?:\s*г\.)?)\s*№\s*")
_CITED_NUMBER = re.compile(r"[^\s,;)\"]*")


def _citations(text: str, number: str) -> list[tuple[str, str]]:
    """(date, number) of every «от <date> № <number>» in `text`. Where the text cites the
    order's own `number` (normalised) it is taken whole, spaces and all («124 о»);
    otherwise the number ends at a space or a punctuation mark."""
    text = normalize(text)
    out = []
    for m in _CITATION.finditer(text):
        rest = text[m.end() :]
        if number and rest.startswith(number) and _ends(rest, len(number)):
            cited = number
        else:
            cited = _CITED_NUMBER.match(rest).group(0).rstrip(".")  # type: ignore[union-attr]
        out.append((m.group(1).strip(), cited))
    return out


def _ends(text: str, at: int) -> bool:
    """Does a number end at `at`: the end, a space or a mark that cannot be part of it?"""
    return at == len(text) or not (text[at].isalnum() or text[at] in "-/")


def _date_ok(cited: str, f: PackageFacts) -> bool:
    cited = normalize(cited).removesuffix("г.").strip()
    forms = {f.order_date_numeric, normalize(f.order_date_words).removesuffix("г.").strip()}
    return cited in forms


def _check_order(texts: dict[str, DocText], f: PackageFacts) -> list[Finding]:
    doc = texts.get("appointment_order")
    if doc is None:
        return []
    req = _req("appointment_order", "ORD.registration")
    block = req.find(doc) if req else None
    text = normalize(_row_text(doc, block)) if block is not None else ""
    number_ok = _numbered(text, normalize(f.order_number))
    date_ok = f.order_date_numeric in text or (
        f.order_date_words and normalize(f.order_date_words) in text
    )
    if number_ok and date_ok:
        return []
    return [
        Finding(
            "error",
            file_of("appointment_order"),
            f"В приказе не указаны его дата и номер из профиля (от {f.order_date_numeric} "
            f"№ {f.order_number}). Проверьте реквизиты приказа в шаблоне и профиле.",
            block.part if block else "body",
            block.location if block else "",
            snip(_row_text(doc, block)) if block else "",
            "ORD.registration",
        )
    ]


def _numbered(text: str, number: str) -> bool:
    """re.search(r"№\\s*" + re.escape(number) + r"(?!\\S)", text), without compiling a
    pattern for every school's order number (the compile was most of the check)."""
    if not number or number[0].isspace():  # never from a profile; the regex decides
        return re.search(r"№\s*" + re.escape(number) + r"(?!\S)", text) is not None
    pos = text.find("№")
    while pos >= 0:
        start = pos + 1
        while start < len(text) and text[start].isspace():
            start += 1
        end = start + len(number)
        if text.startswith(number, start) and (end == len(text) or text[end].isspace()):
            return True
        pos = text.find("№", pos + 1)
    return False


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
        number = normalize(f.order_number)
        cites = _citations(block.text, number)
        bad = [(d, n) for d, n in cites if not (_date_ok(d, f) and n == number)]
        if cites and not bad:
            continue
        shown = "; ".join(f"от {d} № {n}" for d, n in bad) if bad else "без даты и номера"
        out.append(
            Finding(
                "error",
                file_of(doc_id),
                f"Гриф утверждения ссылается на приказ {shown}, а приказ о назначении "
                f"координатора — от {f.order_date_numeric} № {f.order_number}. Гриф должен "
                "называть этот приказ: исправьте шаблон или профиль.",
                block.part,
                block.location,
                snip(block.text),
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


def _check_people(texts: dict[str, DocText], f: PackageFacts) -> list[Finding]:
    out: list[Finding] = []
    must_name = rq.load().people
    people = {role: person for role in must_name if (person := f.person(role)) is not None}
    words = f.role_words()
    for doc_id, doc in texts.items():
        # a name inside the school's own text is compared with no one; a name the school's
        # text shares with a role holder («М.П. Иванова» as a locality) still counts as his
        own = spans_of(doc.raw().text, f.own_texts) if f.own_texts else []
        mentions = doc_mentions(doc)
        for word, m, block in attributed(doc):
            role = words.get(word, "")
            person = people.get(role)
            if person is None or person.matches(m) or (own and inside(m.start, own)):
                continue
            called = "иначе" if doc_id in PERSONAL_DOCUMENTS else f"«{m.text}»"
            out.append(
                Finding(
                    "error",
                    file_of(doc_id),
                    f"Здесь {person.role} назван {called}, а в пакете это {person.shown} "
                    "(приказ о назначении). Один и тот же человек должен быть назван одинаково "
                    "во всех документах: проверьте шаблон и профиль школы.",
                    block.part,
                    block.location,
                    snip(block.text),
                    f"PKG.person.{role}",
                )
            )
        for role, person in people.items():
            if doc_id not in must_name.get(role, ()) or any(person.matches(m) for m in mentions):
                continue
            strangers = [
                m.text
                for m in mentions
                if not any(p.matches(m) for p in people.values()) and not inside(m.start, own)
            ]
            if doc_id in PERSONAL_DOCUMENTS:
                strangers = []  # the journal names minors: never repeat them in a message
            named = (
                f" В документе названы: {', '.join(dict.fromkeys(strangers))}." if strangers else ""
            )
            out.append(
                Finding(
                    "error",
                    file_of(doc_id),
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
                        file_of(doc_id),
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
                    file_of("appointment_order"),
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
    name = phrase(f.school_full_name)
    out: list[Finding] = []
    for doc_id, doc in texts.items():
        if name.search(doc.joined().text) < 0:
            out.append(
                Finding(
                    "error",
                    file_of(doc_id),
                    f"В документе нет полного наименования школы «{f.school_full_name}». "
                    "Проверьте реквизит «наименование организации» в шаблоне.",
                    requirement="REQ.org_name",
                )
            )
    return out
