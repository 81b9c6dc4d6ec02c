"""Cases, genders and the letter-case rules every part of Russian morphology here shares."""

from __future__ import annotations

from typing import Literal

Case = Literal["nominative", "genitive", "dative", "accusative", "instrumental", "prepositional"]
CASES: tuple[Case, ...] = (
    "nominative",
    "genitive",
    "dative",
    "accusative",
    "instrumental",
    "prepositional",
)
OBLIQUE_CASES: tuple[Case, ...] = CASES[1:]
Gender = Literal["male", "female"]
GENDERS: tuple[Gender, ...] = ("male", "female")


class MorphologyError(ValueError):
    """Input that cannot be declined reliably; the message is Russian, for the school user."""


def check_case(case: str) -> Case:
    """Fail early on a typo in a case name instead of producing a wrong form."""
    if case not in CASES:
        raise MorphologyError(f"Неизвестный падеж «{case}»; допустимы: {', '.join(CASES)}.")
    return case  # type: ignore[return-value]


def check_gender(gender: str) -> Gender:
    if gender not in GENDERS:
        raise MorphologyError(f"Неизвестный пол «{gender}»; допустимы: male, female.")
    return gender  # type: ignore[return-value]


def match_casing(source: str, form: str) -> str:
    """Give a ready-made form the letter case of the word the user wrote (ИВАНОВ, Иванов)."""
    if source.isupper() and len(source) > 1:
        return form.upper()
    if source[:1].isupper():
        return form[:1].upper() + form[1:]
    return form.lower()
