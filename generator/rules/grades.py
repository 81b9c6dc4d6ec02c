"""Grades: which classes a school teaches, which an event is for, which профминимум covers.

One parser for every place that reads grades («1–9» in the profile, «6–11», «9, 11» or «—»
in a plan event), so a basic school's plan, its regulation and its validation agree on what
«the school's grades» are.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# Единая модель профессиональной ориентации covers grades 6–11 (письмо № ВЖ-1399/05).
PROFMINIMUM_GRADES = frozenset(range(6, 12))
LEVELS_OF_EDUCATION = (
    (frozenset(range(1, 5)), "начального общего"),
    (frozenset(range(5, 10)), "основного общего"),
    (frozenset(range(10, 12)), "среднего общего"),
)
SCHOOL_RANGES = ("1–4", "1–9", "1–11", "5–9", "5–11", "10–11")

_DASHES = "-–—‒"
_RANGE = re.compile(rf"^\s*(\d{{1,2}})\s*[{_DASHES}]\s*(\d{{1,2}})\s*$")
_ITEM = re.compile(rf"^\s*(\d{{1,2}})(?:\s*[{_DASHES}]\s*(\d{{1,2}}))?\s*$")
NO_PUPILS = frozenset({"—", "–", "-", ""})


def parse_school_range(text: str) -> frozenset[int] | None:
    """«1–9» (hyphen, en or em dash) → {1..9}; None unless it is one of SCHOOL_RANGES."""
    m = _RANGE.match(str(text))
    if m is None:
        return None
    label = f"{int(m.group(1))}–{int(m.group(2))}"
    if label not in SCHOOL_RANGES:
        return None
    return frozenset(range(int(m.group(1)), int(m.group(2)) + 1))


def parse_classes(text: str) -> frozenset[int] | None:
    """«6–11», «8–9», «9, 11», «1–4, 9» → the grades; «—» → no pupils (empty); None if
    the text is none of these."""
    text = str(text).strip()
    if text in NO_PUPILS:
        return frozenset()
    out: set[int] = set()
    for item in text.split(","):
        m = _ITEM.match(item)
        if m is None:
            return None
        lo = int(m.group(1))
        hi = int(m.group(2)) if m.group(2) else lo
        if not 1 <= lo <= hi <= 11:
            return None
        out.update(range(lo, hi + 1))
    return frozenset(out)


def format_classes(grades: frozenset[int] | set[int]) -> str:
    """{6, 7, 8, 9} → «6–9», {9, 11} → «9, 11», {} → «—»."""
    if not grades:
        return "—"
    runs: list[list[int]] = []
    for g in sorted(grades):
        if runs and g == runs[-1][-1] + 1:
            runs[-1].append(g)
        else:
            runs.append([g])
    return ", ".join(f"{r[0]}–{r[-1]}" if len(r) > 1 else str(r[0]) for r in runs)


@dataclass(frozen=True, slots=True)
class SchoolGrades:
    grades: frozenset[int]

    @classmethod
    def parse(cls, text: str) -> SchoolGrades:
        grades = parse_school_range(text)
        if grades is None:
            raise ValueError(f"not a school's range of grades: {text!r}")
        return cls(grades)

    @property
    def first(self) -> int:
        return min(self.grades)

    @property
    def last(self) -> int:
        return max(self.grades)

    @property
    def label(self) -> str:
        return format_classes(self.grades)

    @property
    def top(self) -> int:
        """The key of text variants: 4 (primary), 9 (basic), 11 (with senior grades)."""
        return 11 if self.last >= 10 else 9 if self.last >= 5 else 4

    @property
    def has_primary(self) -> bool:
        return self.first <= 4

    @property
    def has_basic(self) -> bool:
        return bool(self.grades & frozenset(range(5, 10)))

    @property
    def has_senior(self) -> bool:
        return self.last >= 10

    @property
    def profminimum(self) -> frozenset[int]:
        """The grades профминимум covers in this school (empty for a primary school)."""
        return self.grades & PROFMINIMUM_GRADES

    def levels(self) -> list[str]:
        return [name for grades, name in LEVELS_OF_EDUCATION if grades & self.grades]

    def levels_phrase(self) -> str:
        """«на уровнях начального общего и основного общего образования»."""
        levels = self.levels()
        if len(levels) == 1:
            return f"на уровне {levels[0]} образования"
        return f"на уровнях {', '.join(levels[:-1])} и {levels[-1]} образования"

    def meets(self, wanted: frozenset[int] | None) -> bool:
        """Does the school teach any of `wanted` (None: no restriction)?"""
        return wanted is None or bool(self.grades & wanted)
