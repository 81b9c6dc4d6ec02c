"""`--pseudonymize`: codes instead of the consulted people's names, in every column.

A journal passed outside the coordinator's office must not name the pupils (152-ФЗ ст. 3
п. 9, обезличивание). The Ф.И.О. column gets a code; a name written into a topic or a
result («рекомендована консультация с Артёмом Смолиным») is replaced by the same code, in
whatever case it stands. A bare first name («(Артём, 11Б)») cannot be told from another
Артём, so the build stops and says which entry to rewrite, without repeating the name.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .model import Consultation
from .russian import CASES, FullName, MorphologyError

_CODE_PREFIX = {"обучающийся": "О", "родитель": "Р", "педагог": "П"}


def person_key(e: Consultation) -> tuple[str, str]:
    return (e.category, " ".join(e.person.lower().split()))


def _full_name(text: str) -> FullName | None:
    words = text.split()
    if len(words) < 3 or not all(w[:1].isupper() for w in words[:2]):
        return None
    try:
        return FullName.parse(text)
    except MorphologyError:
        return None


def is_group(e: Consultation) -> bool:
    """A group consultation recorded under the group's name («9Б класс»): no one to code."""
    return e.form == "групповая" and _full_name(e.person) is None


def pseudonyms(entries: list[Consultation]) -> dict[tuple[str, str], str]:
    """Sequential codes by first appearance: stable while the journal only grows, and,
    unlike a hash of the name, impossible to reverse by trying a class list (152-ФЗ ст. 3)."""
    codes: dict[tuple[str, str], str] = {}
    counters: dict[str, int] = {}
    for e in entries:
        if is_group(e):
            continue
        key = person_key(e)
        if key not in codes:
            prefix = _CODE_PREFIX[e.category]
            counters[prefix] = counters.get(prefix, 0) + 1
            codes[key] = f"{prefix}-{counters[prefix]:03d}"
    return codes


def _yo(word: str) -> str:
    return word.replace("ё", "е").replace("Ё", "Е")


def _forms(name: FullName) -> tuple[list[str], set[str]]:
    """Every way a text may name the person, longest first; and the first-name and
    patronymic forms that must not remain once those are replaced."""
    genders = [name.gender] if name.gender else ["male", "female"]
    spellings: set[str] = set()
    leftovers: set[str] = set()
    initials = name.initials
    first_initial = initials.split(".")[0] + "."
    for gender in genders:
        for case in CASES:
            try:
                surname, first, patronymic = name.declined(case, gender).split(" ", 2)
            except (MorphologyError, ValueError):
                continue
            spellings.update(
                {
                    f"{surname} {first} {patronymic}",
                    f"{first} {patronymic} {surname}",
                    f"{surname} {first}",
                    f"{first} {surname}",
                    f"{surname} {initials}",
                    f"{surname} {first_initial}",
                    f"{initials} {surname}",
                    surname,
                }
            )
            leftovers.update({first, patronymic.split(" ")[0]})
    return sorted(spellings, key=len, reverse=True), leftovers


@dataclass(frozen=True, slots=True)
class Leftover:
    entry: int  # index in the entries given to scrub()
    field: str  # topic or result


def _word_pattern(words: list[str]) -> re.Pattern[str] | None:
    if not words:
        return None
    parts = []
    for w in words:
        piece = re.escape(_yo(w)).replace(r"\ ", r"\s+").replace(r"\.", r"\.\s?")
        parts.append(piece.replace("Е", "[ЕЁ]").replace("е", "[её]"))
    return re.compile(r"(?<![\w-])(?:" + "|".join(parts) + r")(?![\w-])")


def scrub(
    entries: list[Consultation], codes: dict[tuple[str, str], str]
) -> tuple[list[Consultation], list[Leftover]]:
    """Entries with every coded person's name in topic and result replaced by the code;
    and where a first name or patronymic of a consulted person still stands."""
    lookup: dict[str, str] = {}
    spellings: list[str] = []
    leftovers: set[str] = set()
    for e in entries:
        code = codes.get(person_key(e))
        name = _full_name(e.person)
        if code is None or name is None:
            continue
        forms, rest = _forms(name)
        for form in forms:
            key = " ".join(_yo(form).lower().replace(". ", ".").split())
            if key not in lookup:
                lookup[key] = code
                spellings.append(form)
        leftovers |= rest
    spellings.sort(key=len, reverse=True)
    names = _word_pattern(spellings)
    rest_pattern = _word_pattern(sorted(leftovers, key=len, reverse=True))

    def replace(m: re.Match[str]) -> str:
        key = " ".join(_yo(m.group(0)).lower().replace(". ", ".").split())
        return lookup.get(key, m.group(0))

    out: list[Consultation] = []
    problems: list[Leftover] = []
    for i, e in enumerate(entries):
        changed = {}
        for field in ("topic", "result"):
            text = getattr(e, field)
            new = names.sub(replace, text) if names else text
            if rest_pattern is not None and rest_pattern.search(new):
                problems.append(Leftover(i, field))
            changed[field] = new
        out.append(e.model_copy(update=changed))
    return out, problems
