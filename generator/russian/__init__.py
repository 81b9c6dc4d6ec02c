"""Russian for the documents: cases of names, posts and school names, dates in words."""

from __future__ import annotations

from .cases import CASES, GENDERS, Case, Gender, MorphologyError
from .names import (
    FullName,
    acquainted_word,
    decline_name,
    detect_gender,
    initials,
    short_name,
    split_full_name,
)
from .phrases import bracketed, decline_phrase
from .posts import decline_position, is_pedagogical
from .school_names import decline_school_name

__all__ = [
    "CASES",
    "GENDERS",
    "Case",
    "FullName",
    "Gender",
    "MorphologyError",
    "acquainted_word",
    "bracketed",
    "decline_name",
    "decline_phrase",
    "decline_position",
    "decline_school_name",
    "detect_gender",
    "initials",
    "is_pedagogical",
    "short_name",
    "split_full_name",
]
