"""Post titles in the six cases, and whether a post is pedagogical.

Titles come from positions.yaml (the 2022 nomenclature of posts); a title the table does not
know is declined by its head noun with pymorphy3 (`phrases`).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache, lru_cache

from .cases import OBLIQUE_CASES, Case, MorphologyError, check_case
from .phrases import decline_phrase_clean


@dataclass(frozen=True, slots=True)
class _Position:
    title: str
    forms: Mapping[Case, str]
    pedagogical: bool | None
    kind: str


@dataclass(frozen=True, slots=True)
class _PositionTable:
    exact: Mapping[str, _Position]
    # Canonical titles as word lists, longest first: «учитель физики» matches «учитель».
    prefixes: tuple[tuple[tuple[str, ...], _Position], ...]


_DOT_BEFORE_LETTER = re.compile(r"\.(?=[^\W\d_])")


def clean_title(title: str) -> str:
    """«зам.директора  по УВР» → «зам. директора по УВР»: one spelling per title."""
    return " ".join(_DOT_BEFORE_LETTER.sub(". ", title).split())


def _title_key(clean: str) -> str:
    return clean.lower().replace("ё", "е")


@cache
def _positions() -> _PositionTable:
    """The maintained table of posts (positions.yaml), indexed by every spelling."""
    from .. import catalog
    from ..errors import CatalogError
    from ..paths import catalog_file, shown

    exact: dict[str, _Position] = {}
    prefixes: list[tuple[tuple[str, ...], _Position]] = []
    for entry in catalog.positions().positions:
        title = clean_title(entry.title)
        forms: dict[Case, str] = {"nominative": title}
        for case in OBLIQUE_CASES:
            forms[case] = " ".join(getattr(entry.forms, case).split())
        position = _Position(title, forms, entry.pedagogical, entry.kind)
        for spelling in (title, *entry.aliases):
            key = _title_key(clean_title(spelling))
            if key in exact:
                raise CatalogError(
                    f"Файл данных {shown(catalog_file('positions.yaml'))}, «{title}»: "
                    f"«{spelling}» уже встречается в справочнике."
                )
            exact[key] = position
        prefixes.append((tuple(_title_key(title).split(" ")), position))
    prefixes.sort(key=lambda item: len(item[0]), reverse=True)
    return _PositionTable(exact, tuple(prefixes))


def _find_position(clean: str) -> tuple[_Position, str] | None:
    """Table entry and the tail that stays as written («учитель» + «физики»)."""
    table = _positions()
    key = _title_key(clean)
    if key in table.exact:
        return table.exact[key], ""
    key_words = key.split(" ")
    for prefix, position in table.prefixes:
        if len(key_words) > len(prefix) and tuple(key_words[: len(prefix)]) == prefix:
            return position, " ".join(clean.split(" ")[len(prefix) :])
    return None


def _match_title_casing(source: str, result: str) -> str:
    """Capitalised input («Учитель физики») gives a capitalised result; «ПДО» does not."""
    capitalised = source[:1].isupper() and not source[1:2].isupper()
    if capitalised and result:
        return result[0].upper() + result[1:]
    return result


def mid_sentence(title: str) -> str:
    """«Учитель технологии» as documents print it inside a sentence: «учитель технологии».
    Only a capitalised first word is lowered; «ПДО» and «МАОУ» stay as written."""
    if title[:1].isupper() and not title[1:2].isupper():
        return title[:1].lower() + title[1:]
    return title


@lru_cache(maxsize=1024)  # a region repeats the same few dozen titles in every school
def decline_position(title: str, case: Case) -> str:
    """Post title in the case: positions table first, then pymorphy3 for unknown titles."""
    check_case(case)
    clean = clean_title(title)
    if not clean:
        raise MorphologyError("Пустое наименование должности.")
    found = _find_position(clean)
    if found is None:
        return decline_phrase_clean(clean, case)
    position, tail = found
    head = position.forms[case]
    return _match_title_casing(clean, f"{head} {tail}" if tail else head)


def is_pedagogical(title: str) -> bool | None:
    """Per the 2022 nomenclature; None for unknown titles and for functions (not posts)."""
    found = _find_position(clean_title(title))
    return found[0].pedagogical if found is not None else None
