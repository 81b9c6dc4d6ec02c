"""One row a school: everything the XLSX and the page show about it, small and picklable.

A worker sends a row back to the parent; the parent ranks the rows and writes both files
from them, so the spreadsheet and the page cannot disagree.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Literal

if TYPE_CHECKING:
    from ..catalog import StatusKey

Value = int | bool | str | None  # None: the profile lacks the data (an empty cell, never 0)


@dataclass(frozen=True, slots=True)
class Hours:
    """The Единая модель's hours of one grade, as generator.indicators gives them."""

    grade: int
    planned: int
    delivered: int | None
    minimum: int


@dataclass(frozen=True, slots=True)
class SchoolRow:
    school_id: str
    status: StatusKey
    detail: str = ""  # the first reason, located; or the edition of an outdated package
    errors: int = 0  # validation errors of the profile
    warnings: int | None = None  # None: the profile was not valid, nothing was checked
    school: str | None = None  # the short name (a school's name, never a person's)
    municipality: str | None = None
    edition: str | None = None  # of the package in the output folder, if there is one
    indicators: dict[str, Value] = field(default_factory=dict)  # key → value (indicators.yaml)
    hours: tuple[Hours, ...] = ()
    score: float | None = None  # set by the rating, in the parent
    rank: int | None = None

    @property
    def ok(self) -> bool:
        """For the progress line: «ОШИБКА» for a school whose package cannot be built."""
        return self.status not in _BROKEN

    @property
    def valid(self) -> bool:
        return self.status != "invalid" and not self.errors

    def ranked(self, score: float | None, rank: int | None) -> SchoolRow:
        return replace(self, score=score, rank=rank)


_BROKEN: frozenset[Literal["refused", "repealed", "invalid"]] = frozenset(
    {"refused", "repealed", "invalid"}
)
