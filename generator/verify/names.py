"""Names of people as documents print them, and the role word that stands before each.

A name is «Фамилия Имя Отчество» (in any case), «Фамилия И.О.» or «И.О. Фамилия». The
package check compares each named coordinator or deputy with the one the order appoints.
"""

from __future__ import annotations

import bisect
import functools
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ..docx.text import Block, DocText

# A stress mark (U+0301, «Ивано́ва») is part of the word it stands in.
_UP, _LO = "А-ЯЁ", "а-яё\u0301"
# «++» (possessive): what may follow a name's letters is never a letter of its own, so
# giving letters back can never make a match; without it the engine tried every shorter
# prefix of every capitalised word (tests/test_verify.py shows the matches are the same).
_SURNAME = rf"[{_UP}][{_LO}]++(?:-[{_UP}][{_LO}]++)?"
# A first name may be double («Мария-Луиза»): its initials are then «М.-Л.».
_FIRST = rf"([{_UP}])[{_LO}]++(?:-([{_UP}])[{_LO}]++)?"
_FIRST_INITIALS = rf"([{_UP}])\.(?:-([{_UP}])\.)?"
# The patronymic is what tells a name from three capitalised words in a row: «-вич»,
# «-вна», «-ична» anywhere in the word; the short «-ич» (Ильич, Кузьмич, Лукич, Фомич,
# Никитич) only at its end, declined («Ильича», «Ильичом»), so that «Методические» is
# not one; or the father's name and a particle (generator.russian.names: «Кямал оглы»,
# «Ахмед кызы»).
_PARTICLES = "оглы|оглу|улы|уулу|кызы|гызы|кизи"
_PATRONYMIC = rf"[{_LO}]*(?:вич|вн|ичн)[{_LO}]*|[{_LO}]+ич(?:а|у|ом|е)?|[{_LO}]+\s+(?:{_PARTICLES})"
# A name is «Фамилия Имя Отчество» (any case), «Фамилия И.О.» or «И.О. Фамилия»; where
# they overlap, the full name wins, then «И.О. Фамилия». Two passes find them all:
# - the surname-first forms in one regex (both start with the surname; only the full
#   form can follow it with a word, only «И.О.» with a letter and a dot);
# - «И.О. Фамилия» from its first dot, which the regex engine finds with a plain
#   substring search: the initial before it is checked by the lookbehind.
_SURNAME_FIRST = re.compile(
    rf"({_SURNAME})(?:\s+{_FIRST}\s+([{_UP}])(?:{_PATRONYMIC})(?![{_LO}])"
    rf"|\s{_FIRST_INITIALS}\s?([{_UP}])\.(?!\s?[{_UP}][{_LO}]))"
)
_INITIALS_FIRST = re.compile(
    rf"\.(?<=(?<![{_UP}{_LO}.-])([{_UP}])\.)(?:-([{_UP}])\.)?\s?([{_UP}])\.\s?({_SURNAME})"
)
# Role words, each alternative led by its first letter (lookbehinds moved after it), so
# that the regex engine can skip to candidate letters; the group named is the role
# (a trailing digit only tells apart alternatives of one role).
_ROLE_WORDS = re.compile(
    r"по (?:(?P<deputy_uvr>учебно-воспитательной работе|увр\b)"
    r"|(?<!учебно-по )(?P<deputy_vr>воспитательной работе)|(?P<deputy_vr2>вр\b))"
    r"|к(?P<coordinator>оординатор[а-я]*)"
    r"|н(?P<coordinator2>азначить)"
    r"|д(?P<director>иректор(?<![а-я-]директор)(?:а|у|ом|е)?(?![а-я])(?!\s+по\s))"
    r"|п(?P<other>едагог[а-я-]*|сихолог[а-я]*)"
    r"|у(?P<other2>чител[а-я-]*)"
    r"|р(?P<other3>уководител[а-я]*)"
    r"|б(?P<other4>иблиотекар[а-я]*)"
    r"|м(?P<other5>едицинск[а-я]*)"
    r"|с(?P<other6>пециалист[а-я]*)"
)
_WINDOW = 120  # characters before a name in which its role word is looked for


@dataclass(frozen=True, slots=True)
class Mention:
    initials: str  # «мп»
    surname: str  # «иванову»
    start: int
    end: int
    text: str


@dataclass(frozen=True, slots=True)
class Person:
    role: str
    shown: str
    initials: str
    surnames: frozenset[str]
    stems: tuple[str, ...]

    @classmethod
    def of(cls, role: str, short: str, forms: Iterable[str]) -> Person | None:
        return person_of(role, short, tuple(forms))

    def matches(self, m: Mention) -> bool:
        if m.initials != self.initials:
            return False
        if m.surname in self.surnames:
            return True
        parts = m.surname.split("-")
        return len(parts) == len(self.stems) and all(
            p.startswith(s) and len(p) - len(s) <= 4 for p, s in zip(parts, self.stems, strict=True)
        )


@functools.lru_cache(maxsize=32)
def person_of(role: str, short: str, forms: tuple[str, ...]) -> Person | None:
    """Person.of(), once per school and role (verify_package asks for every document)."""
    keys = [m for text in (short, *forms) if text for m in mentions(text)]
    if not keys:
        return None  # not «И.О. Фамилия»: nothing to compare names with
    initials = keys[0].initials
    surnames = frozenset(m.surname for m in keys if m.initials == initials)
    stems = tuple(p[: max(3, len(p) - 2)] for p in keys[0].surname.split("-"))
    return Person(role, short, initials, surnames, stems)


def mentions(text: str) -> list[Mention]:
    full: list[Mention] = []
    short_after: list[Mention] = []  # «Фамилия И.О.»
    for m in _SURNAME_FIRST.finditer(text):
        start, end = m.span()
        g = m.groups("")
        if g[1]:
            full.append(Mention(fold(g[1] + g[2] + g[3]), fold(g[0]), start, end,
                                 m.group(0)))  # fmt: skip
        else:
            short_after.append(Mention(fold(g[4] + g[5] + g[6]), fold(g[0]),
                                        start, end, m.group(0)))  # fmt: skip
    # Overlaps are looked up among the names kept so far, sorted and never overlapping.
    found = full
    starts = [x.start for x in full]
    for m in _INITIALS_FIRST.finditer(text):
        start, end = m.start() - 1, m.end()  # the match begins at the dot after the initial
        i = bisect.bisect_left(starts, end)
        if i and found[i - 1].end > start:
            continue
        starts.insert(i, start)
        g = m.groups("")
        found.insert(i, Mention(fold(g[0] + g[1] + g[2]), fold(g[3]), start, end,
                                 text[start:end]))  # fmt: skip
    for x in short_after:
        i = bisect.bisect_left(starts, x.end)
        if i and found[i - 1].end > x.start:
            continue
        starts.insert(i, x.start)
        found.insert(i, x)
    return found


def fold(name: str) -> str:
    """rq.normalize() for a matched name: letters and «-» only, so case and ё are all."""
    return name.lower().replace("ё", "е").replace("\u0301", "")


def doc_mentions(doc: DocText) -> list[Mention]:
    return doc.memo("mentions", lambda d: mentions(d.raw().text))


def attributed(doc: DocText) -> Iterator[tuple[str, Mention, Block]]:
    """(role, mention, block) for each name whose role word stands just before it."""
    mentions = doc_mentions(doc)
    if not mentions:
        return
    raw = doc.raw()
    lower = raw.text.lower().replace("ё", "е")
    prev_end = 0
    for m in mentions:
        # The role word stands in the name's own paragraph or table row: a list's previous
        # row («… заместитель директора по УВР» | next row: «Морозова И.С.») says nothing
        # about the next person.
        i = first = raw.block_at(m.start)
        row = doc.blocks[i].row_element
        while row is not None and first > 0 and doc.blocks[first - 1].row_element is row:
            first -= 1  # the row's first cell (a row has a few cells: cheaper than a map)
        lo = max(prev_end, m.start - _WINDOW, raw.starts[first])
        prev_end = m.end
        role = ""
        for rm in _ROLE_WORDS.finditer(lower, lo, m.start):
            role = (rm.lastgroup or "").rstrip("23456")
        if role:
            yield role, m, doc.blocks[raw.block_at(m.start)]


def role_words_in(text: str) -> list[str]:
    """The roles whose words `text` holds, as verification reads them before a name: a
    profile value printed before someone's name («Директор {{ short_name }}», a post) must
    not say another role than the one that person holds."""
    lower = text.lower().replace("ё", "е")
    return [(m.lastgroup or "").rstrip("23456") for m in _ROLE_WORDS.finditer(lower)]


def is_full_name(text: str) -> bool:
    """Is `text` one «Фамилия Имя Отчество» as verification finds names in documents?"""
    found = mentions(text)
    return len(found) == 1 and found[0].start == 0 and found[0].end == len(text)
