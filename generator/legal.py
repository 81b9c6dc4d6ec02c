"""Legal-basis freshness: every act a document cites is checked against legal_basis.yaml.

A methodologist may type a citation straight into a template, and a school may paste one into
its profile. Whatever the source, a repealed act in a signed local act is an inspector's
first remark, so it is an error; an act the data file does not know is a warning to check it.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from . import data

# «Федеральный закон от 29.12.2012 № 273-ФЗ», «Закона РФ от 19.04.1991 № 1032-1»,
# «приказом Минпросвещения России от 31.05.2021 № 287», «письмо Минтруда … от … № …».
# The lookahead names every letter a match can begin with (Ф, З, П, Р, У): without it the
# engine tries the whole pattern at every character of the text, with it the first test
# fails at once — three times faster, the same matches (tests/test_verify.py).
_FIRST_LETTERS = "(?=[ФфЗзПпРрУу])"
_CITATION = re.compile(
    _FIRST_LETTERS + r"(?P<kind>(?:[Фф]едеральн\w*\s+)?(?:[Зз]акон\w*|[Пп]риказ\w*|[Пп]исьм\w*"
    r"|[Пп]остановлени\w*|[Рр]аспоряжени\w*|[Уу]каз\w*))"
    r"(?P<issuer>(?:\s+(?!от\b)[^\s№]+){0,4}?)"
    r"\s+от\s+(?P<date>\d{2}\.\d{2}\.\d{4})\s*(?:г\.\s*)?№\s*(?P<number>[\w\-/.]*\w)"
)
# A school's own orders and protocols («приказ от 31.08.2026 № 124-о», «приказом директора …»)
# are not legal acts: only citations that name a state body or are laws are checked.
_STATE_ISSUER = re.compile(r"Мин\w+|Правительств\w+|Президент\w+|РФ|Российской|Рособрнадзор\w*")


@dataclass(frozen=True, slots=True)
class Citation:
    text: str
    date: str
    number: str
    status: str  # in_force | repealed | unverified | unknown
    act_id: str | None
    replaced_by: str | None


@functools.cache
def _known() -> dict[tuple[str, str], dict]:
    out = {}
    for act in data.load("legal_basis.yaml")["acts"]:
        m = re.search(r"от\s+(\d{2}\.\d{2}\.\d{4})\s*№\s*([\w\-/.]*\w)", act["title"])
        if m:
            out[(m.group(1), m.group(2).upper())] = act
    return out


@functools.cache
def _by_name() -> list[tuple[re.Pattern[str], dict]]:
    acts = data.load("legal_basis.yaml")["acts"]
    return [(re.compile(p), act) for act in acts for p in act.get("cited_as", [])]


def scan(text: str) -> list[Citation]:
    """Citations of state acts found in a document's text, each with its status."""
    known = _known()
    found = []
    for pattern, act in _by_name():
        for m in pattern.finditer(text):
            found.append(
                Citation(m.group(0), "", "", act["status"], act["id"], act.get("replaced_by"))
            )
    for m in _CITATION.finditer(text):
        kind, issuer = m.group("kind"), m.group("issuer")
        is_law = "акон" in kind
        if not is_law and not _STATE_ISSUER.search(issuer or ""):
            continue
        act = known.get((m.group("date"), m.group("number").upper()))
        found.append(
            Citation(
                text=" ".join(m.group(0).split()),
                date=m.group("date"),
                number=m.group("number"),
                status=act["status"] if act else "unknown",
                act_id=act["id"] if act else None,
                replaced_by=act.get("replaced_by") if act else None,
            )
        )
    return found


def title_of(act_id: str) -> str:
    for act in _known().values():
        if act["id"] == act_id:
            return act["title"]
    return act_id


def findings(text: str, file: str) -> list:
    """Repealed acts are errors; unknown or unverified ones are warnings to check by hand."""
    from .findings import Finding

    out = []
    for c in scan(text):
        if c.status == "repealed":
            successor = f" Замените его на: {title_of(c.replaced_by)}." if c.replaced_by else ""
            out.append(
                Finding(
                    "error",
                    file,
                    f"Документ ссылается на утративший силу акт ({c.text})." + successor,
                    snippet=c.text,
                    requirement="legal.fresh",
                    source="generator/legal_basis.yaml",
                )
            )
        elif c.status in ("unknown", "unverified"):
            why = (
                "его нет в generator/legal_basis.yaml"
                if c.status == "unknown"
                else "его действие не подтверждено (generator/legal_basis.yaml)"
            )
            out.append(
                Finding(
                    "warning",
                    file,
                    f"Проверьте, действует ли акт «{c.text}»: {why}.",
                    snippet=c.text,
                    requirement="legal.known",
                    source="generator/legal_basis.yaml",
                )
            )
    return out
