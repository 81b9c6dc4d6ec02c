"""Legal-basis freshness: every act a document cites is checked against legal_basis.yaml.

A methodologist may type a citation straight into a template, and a school may paste one into
its profile. Whatever the source, a repealed act in a signed local act is an inspector's
first remark, so it is an error; an act the data file does not know is a warning to check it.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from .. import catalog
from ..diagnostics import Finding
from ..paths import catalog_file, shown

if TYPE_CHECKING:
    from ..docx.text import Joined

_SOURCE = shown(catalog_file("legal_basis.yaml"))

# «Федеральный закон от 29.12.2012 № 273-ФЗ», «Закона РФ от 19.04.1991 № 1032-1»,
# «приказом Минпросвещения России от 31.05.2021 № 287», «письмо Минтруда … от … № …».
# The lookahead names every letter a match can begin with (Ф, З, П, Р, У): without it the
# engine tries the whole pattern at every character of the text, with it the first test
# fails at once: the same matches (tests/test_verify.py), far fewer attempts.
_FIRST_LETTERS = "(?=[ФфЗзПпРрУу])"
_KIND_WORDS = 2  # «Федеральный закон»: what the kind group can span
_ISSUER_WORDS = 4  # «Минпросвещения России», «Правительства Российской Федерации»
_TAIL_WORDS = 3  # after the date: «г.», «№», the number
_CITATION = re.compile(
    _FIRST_LETTERS + r"(?P<kind>(?:[Фф]едеральн\w*\s+)?(?:[Зз]акон\w*|[Пп]риказ\w*|[Пп]исьм\w*"
    r"|[Пп]остановлени\w*|[Рр]аспоряжени\w*|[Уу]каз\w*))"
    rf"(?P<issuer>(?:\s+(?!от\b)[^\s№]+){{0,{_ISSUER_WORDS}}}?)"
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
def _known() -> dict[tuple[str, str], catalog.Act]:
    out = {}
    for act in catalog.legal_basis().acts:
        m = re.search(r"от\s+(\d{2}\.\d{2}\.\d{4})\s*№\s*([\w\-/.]*\w)", act.title)
        if m:
            out[(m.group(1), m.group(2).upper())] = act
    return out


@functools.cache
def _by_name() -> list[tuple[re.Pattern[str], catalog.Act]]:
    acts = catalog.legal_basis().acts
    return [(re.compile(p), act) for act in acts for p in act.cited_as]


def scan(text: str) -> list[Citation]:
    """Citations of state acts found in a document's text, each with its status."""
    known = _known()
    found = []
    for pattern, act in _by_name():
        for m in pattern.finditer(text):
            found.append(Citation(m.group(0), "", "", act.status, act.id, act.replaced_by))
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
                status=act.status if act else "unknown",
                act_id=act.id if act else None,
                replaced_by=act.replaced_by if act else None,
            )
        )
    return found


def cites_repealed(text: str) -> bool:
    """Does a profile value cite a repealed act? Most values cite nothing: a citation needs
    «от <date>» or a name from cited_as, and those look for their own first word."""
    if _LEGAL_ANCHOR.search(text) is None and not any(p.search(text) for p, _ in _by_name()):
        return False
    return any(c.status == "repealed" for c in scan(text))


def title_of(act_id: str) -> str:
    for act in _known().values():
        if act.id == act_id:
            return act.title
    return act_id


def findings(text: str, file: str) -> list[Finding]:
    """Repealed acts are errors; unknown or unverified ones are warnings to check by hand."""
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
                    source=_SOURCE,
                )
            )
        elif c.status in ("unknown", "unverified"):
            why = (
                f"его нет в {_SOURCE}"
                if c.status == "unknown"
                else f"его действие не подтверждено ({_SOURCE})"
            )
            out.append(
                Finding(
                    "warning",
                    file,
                    f"Проверьте, действует ли акт «{c.text}»: {why}.",
                    snippet=c.text,
                    requirement="legal.known",
                    source=_SOURCE,
                )
            )
    return out


# findings() looks for citations with _CITATION, a regex Python's engine tries
# at every character of the text: on a long regulation, more than all the other checks
# of a document together. What it finds always holds «от dd.mm.yyyy», no
# more than six words before that «от» begin it («Федеральный закон» + four words of the
# issuer) and no more than three words after the date end it («г.», «№», the number). So
# findings() is given only the blocks around each such date, with a margin, every
# run of them cut off from the next by «№» on a line of its own, which no part of that
# regex can step over: the same citations, in the same order, for a tenth of the text.
# The word counts come from the same constants the regex is built with (_prefilter_holds).
_LEGAL_ANCHOR = re.compile(r"от\s+\d{2}\.\d{2}\.\d{4}")
_WORDS_BEFORE = 10  # margins for the words _CITATION can span: see _prefilter_holds()
_WORDS_AFTER = 8
_BARRIER = "\n\n№\n\n"


def _prefilter_holds() -> bool:
    """Do the margins cover every word a citation can span before and after its date?"""
    return _WORDS_BEFORE >= _KIND_WORDS + _ISSUER_WORDS and _WORDS_AFTER >= _TAIL_WORDS


def scan_text(raw: Joined) -> str:
    """The text legal.findings() needs: the blocks around «от <date>», or all of it."""
    text = raw.text
    if not _prefilter_holds():
        return text
    by_name = [rx for rx, _ in _by_name()]
    if any(rx.search(text) for rx in by_name):
        return text  # a repealed act cited by name: rare, and then the document fails
    starts, ends = raw.starts, raw.ends
    last = len(starts) - 1
    runs: list[list[int]] = []
    # Only whether a margin is reached matters, so words are counted up to it: a count
    # capped at the margin + 1 decides every comparison below as the full count would,
    # and rsplit/split stop early instead of cutting a long paragraph into all its words.
    before, after = _WORDS_BEFORE, _WORDS_AFTER
    for m in _LEGAL_ANCHOR.finditer(text):
        lo = raw.block_at(m.start())
        words = len(text[starts[lo] : m.start()].rsplit(maxsplit=before))
        while words < before and lo > 0:
            lo -= 1
            words += len(text[starts[lo] : ends[lo]].rsplit(maxsplit=before))
        hi = raw.block_at(m.end() - 1)
        words = len(text[m.end() : ends[hi]].split(maxsplit=after))
        while words < after and hi < last:
            hi += 1
            words += len(text[starts[hi] : ends[hi]].split(maxsplit=after))
        if runs and lo <= runs[-1][1] + 1:
            runs[-1][1] = max(runs[-1][1], hi)
        else:
            runs.append([lo, hi])
    reduced = _BARRIER.join(text[starts[lo] : ends[hi]] for lo, hi in runs)
    if any(rx.search(reduced) for rx in by_name):
        return text
    return reduced
