"""A school's full name in an oblique case, from school_name_forms.yaml when it can be.

«Муниципальное автономное общеобразовательное учреждение «…»» declines by a small table of
the organisational forms' nouns and adjectives; a name the table does not cover goes to
pymorphy3 (`phrases`), which costs its dictionaries' load once per process.
"""

from __future__ import annotations

import functools

from .cases import CASES, Case
from .phrases import bracketed, decline_phrase, restyle


@functools.cache
def _table() -> dict[str, tuple[tuple[str, ...], dict[str, tuple[str, ...]]]]:
    """Head noun (ё→е) → its oblique forms and those of the adjectives agreeing with it."""
    from .. import catalog

    table = {}
    for noun, entry in catalog.school_name_forms().nouns.items():
        adjectives = {_yo_key(a): tuple(forms) for a, forms in entry.adjectives.items()}
        table[_yo_key(noun)] = (tuple(entry.forms), adjectives)
    return table


def _yo_key(word: str) -> str:
    return word.lower().replace("ё", "е")


def table_form(full_name: str, case: Case) -> str | None:
    """The name in the case from the table, without loading pymorphy3; None if the head
    noun is not in it, or the head phrase has a word pymorphy3 should judge."""
    written = " ".join(full_name.split()).split(" ")
    shells = [bracketed(w) for w in written]  # «(сменное)» agrees like the other adjectives
    words = [core for _, core, _ in shells]
    table = _table()
    nouns = [i for i, word in enumerate(words) if _yo_key(word) in table]
    if not nouns:
        return None
    index = nouns[0]
    for word in words[: index + 1]:
        if not word[:1].isalpha() or (word.isupper() and len(word) > 1):
            return None  # pymorphy3 stops here: let it decide what the head is
    noun_forms, adjectives = table[_yo_key(words[index])]
    if not all(_yo_key(w) in adjectives for w in words[:index]):
        return None
    slot = CASES.index(case) - 1
    keep_yo = "ё" in full_name.lower()
    head = [restyle(w, adjectives[_yo_key(w)][slot], keep_yo) for w in words[:index]]
    head.append(restyle(words[index], noun_forms[slot], keep_yo))
    head = [o + form + c for (o, _, c), form in zip(shells[: index + 1], head, strict=True)]
    return " ".join([*head, *written[index + 1 :]])


def decline_school_name(full_name: str, case: Case) -> str:
    """The school's full name in an oblique case: the data table first, then pymorphy3."""
    return table_form(full_name, case) or decline_phrase(full_name, case)


@functools.cache
def _form_words() -> frozenset[str]:
    """Every form of every word of the organisational forms (ё→е), to tell «Муниципальное»
    (a common word, lower case mid-sentence) from a proper name («Томский»)."""
    words = set()
    for noun, (forms, adjectives) in _table().items():
        words.add(noun)
        words.update(_yo_key(f) for f in forms)
        for adjective, adjective_forms in adjectives.items():
            words.add(adjective)
            words.update(_yo_key(f) for f in adjective_forms)
    return frozenset(words)


def lower_org_form(name: str) -> str:
    """«Муниципальном автономном …» → «муниципальном автономном …»: mid-sentence, the
    organisational form is a common phrase; a name that starts otherwise is kept."""
    first, sep, rest = name.partition(" ")
    _, core, _ = bracketed(first)
    if _yo_key(core) in _form_words() and first[:1].isupper():
        return first[:1].lower() + first[1:] + sep + rest
    return name


def mid_sentence(full_name: str, case: Case) -> str:
    """The full name as a sentence prints it: declined, the organisational form lower-case."""
    form = full_name if case == "nominative" else decline_school_name(full_name, case)
    return lower_org_form(form)
