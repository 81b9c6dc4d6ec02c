"""Noun phrases in the six cases with pymorphy3: unknown post titles, school names.

The head phrase (adjectives up to the first noun) declines, agreeing with the noun; the
tail («по учебно-воспитательной работе», «„Школа № 5“») stays as written. pymorphy3 loads
its dictionaries on first use, which most builds never need.
"""

from __future__ import annotations

from functools import cache, lru_cache
from typing import TYPE_CHECKING

from .cases import Case, check_case, match_casing

if TYPE_CHECKING:
    from pymorphy3 import MorphAnalyzer
    from pymorphy3.analyzer import Parse

_PYMORPHY_CASE: dict[Case, str] = {
    "nominative": "nomn",
    "genitive": "gent",
    "dative": "datv",
    "accusative": "accs",
    "instrumental": "ablt",
    "prepositional": "loct",
}
_STOP_POS = frozenset({"PREP", "CONJ", "PRCL", "NUMR", "ADVB"})


@cache
def _morph() -> MorphAnalyzer:
    """pymorphy3 takes a noticeable time to load its dictionaries: only when needed."""
    import pymorphy3

    return pymorphy3.MorphAnalyzer()


# A region's school names and titles share most words («средняя», «школа», «имени»):
# each is parsed once per process. Parses are immutable, the dictionaries fixed.
@lru_cache(maxsize=4096)
def _parses(word: str) -> tuple[Parse, ...]:
    return tuple(_morph().parse(word))


@lru_cache(maxsize=4096)
def _noun_parse(word: str) -> Parse | None:
    """Singular nominative noun reading, animate preferred (posts are people: accs = gent)."""
    candidates = [
        p for p in _parses(word) if {"NOUN", "nomn", "sing"} in p.tag and "Abbr" not in p.tag
    ]
    animate = [p for p in candidates if "anim" in p.tag]
    return (animate or candidates or [None])[0]


@lru_cache(maxsize=4096)
def _adjective_parse(word: str) -> Parse | None:
    for p in _parses(word):
        if p.tag.POS in ("ADJF", "PRTF") and {"nomn", "sing"} in p.tag:
            return p
    return None


def _continues_phrase(next_word: str | None) -> bool:
    if next_word is None or not next_word[:1].isalpha():
        return False
    last = next_word.split("-")[-1].lower()
    return _noun_parse(last) is not None or _adjective_parse(last) is not None


def _word_kind(word: str, next_word: str | None) -> str | None:
    """«noun», «adj» or None (stop): the head phrase is adjectives up to the first noun."""
    if not word[:1].isalpha() or (word.isupper() and len(word) > 1):
        return None  # punctuation, brackets, abbreviations: part of the tail
    last = word.split("-")[-1].lower()
    if not last or _parses(last)[0].tag.POS in _STOP_POS:
        return None
    noun = _noun_parse(last)
    adjective = _adjective_parse(last)
    # «старший воспитатель», «частное общеобразовательное учреждение»: a word that reads both
    # ways is an adjective when the phrase goes on with another nominative noun or adjective.
    if adjective is not None and (noun is None or _continues_phrase(next_word)):
        return "adj"
    if noun is not None:
        return "noun"
    return None


def restyle(source: str, form: str, keep_yo: bool) -> str:
    """Keep the user's spelling: ё only if their title uses ё at all, and their letter case."""
    if not keep_yo:
        form = form.replace("ё", "е")
    return match_casing(source, form)


def _inflect_noun(word: str, case: Case, keep_yo: bool) -> str:
    """Every noun piece of a compound declines: «педагог-психолог» → «педагогу-психологу»."""
    pieces = []
    for piece in word.split("-"):
        parse = _noun_parse(piece.lower()) if piece else None
        form = parse.inflect({_PYMORPHY_CASE[case]}) if parse is not None else None
        pieces.append(restyle(piece, form.word, keep_yo) if form is not None else piece)
    return "-".join(pieces)


def _inflect_adjective(
    word: str, case: Case, gender: str | None, animate: bool, keep_yo: bool
) -> str:
    """Only the last piece of «научно-методический» declines; it agrees with the head noun."""
    *head, last = word.split("-")
    parse = _adjective_parse(last.lower())
    if parse is None:
        return word
    grammemes = {_PYMORPHY_CASE[case], "sing", gender or parse.tag.gender or "masc"}
    form = parse.inflect(grammemes | {"anim" if animate else "inan"}) or parse.inflect(grammemes)
    if form is None:
        return word
    return "-".join([*head, restyle(last, form.word, keep_yo)])


def decline_phrase(phrase: str, case: Case) -> str:
    """Decline a noun phrase such as a school's full name: head words change, the tail stays.

    «муниципальное автономное общеобразовательное учреждение «Школа № 5»» → genitive
    «муниципального автономного общеобразовательного учреждения «Школа № 5»». Uses pymorphy3.
    """
    check_case(case)
    return decline_phrase_clean(" ".join(phrase.split()), case)


def bracketed(word: str) -> tuple[str, str, str]:
    """«(сменное)» → («(», «сменное», «)»): a word in brackets agrees like any other
    («вечернего (сменного) общеобразовательного учреждения»); other words → ("", word, "")."""
    if len(word) > 2 and word[0] == "(" and word[-1] == ")" and word[1:-1].isalpha():
        return "(", word[1:-1], ")"
    return "", word, ""


def decline_phrase_clean(phrase: str, case: Case) -> str:
    """Decline the leading adjectives and head noun; the rest is a tail that does not change."""
    if case == "nominative":
        return phrase
    shells = [bracketed(w) for w in phrase.split(" ")]
    words = [core for _, core, _ in shells]
    plan: list[tuple[int, str]] = []
    for index, word in enumerate(words):
        next_word = words[index + 1] if index + 1 < len(words) else None
        kind = _word_kind(word, next_word)
        if kind is None:
            break
        plan.append((index, kind))
        if kind == "noun":
            break
    gender: str | None = None
    animate = True  # a post names a person
    nouns = [index for index, kind in plan if kind == "noun"]
    if nouns:
        head = _noun_parse(words[nouns[0]].split("-")[-1].lower())
        if head is not None:
            gender = head.tag.gender if head.tag.gender in ("masc", "femn", "neut") else "masc"
            animate = "anim" in head.tag
    keep_yo = "ё" in phrase.lower()
    result = [open_ + core + close for open_, core, close in shells]
    for index, kind in plan:
        if kind == "noun":
            form = _inflect_noun(words[index], case, keep_yo)
        else:
            form = _inflect_adjective(words[index], case, gender, animate, keep_yo)
        result[index] = shells[index][0] + form + shells[index][2]
    return " ".join(result)
