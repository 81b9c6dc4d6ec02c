"""One error channel: every failure a user can act on is a `ProfdocsError` with its exit code.

The CLI and the batch map an exception to an exit code by its type alone; the message (and
the diagnostics it carries) is Russian and says what to fix and where.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

if TYPE_CHECKING:
    from .diagnostics import Diagnostic

EXIT_OK, EXIT_FAILED, EXIT_INVALID = 0, 1, 2


class ProfdocsError(Exception):
    """A failure the user can fix; `diagnostics` locate every problem found."""

    exit_code: ClassVar[int] = EXIT_FAILED

    def __init__(self, message: str, diagnostics: list[Diagnostic] | None = None) -> None:
        super().__init__(message)
        self.diagnostics: list[Diagnostic] = list(diagnostics or ())

    @property
    def details(self) -> list[str]:
        """Every message, formatted, for a report about one school."""
        return [d.format() for d in self.diagnostics] or [str(self)]


class BuildError(ProfdocsError):
    """A build step failed for a reason the user can fix (a template, a disk, LibreOffice)."""


class ProfileInvalid(ProfdocsError):
    """A profile that cannot be used; carries every problem found in it."""

    exit_code = EXIT_INVALID

    def __init__(self, errors: list[Diagnostic]) -> None:
        first = errors[0]
        where = f" (строка {first.line})" if first.line else ""
        super().__init__(f"ошибки в профиле ({len(errors)}): {first.message}{where}", errors)

    @property
    def errors(self) -> list[Diagnostic]:
        return self.diagnostics


class TemplateInvalid(BuildError):
    """A template that cannot be compiled or is refused as unsafe: nothing of it is used."""


class VerificationFailed(BuildError):
    """A rendered document failed verification: nothing of the package is written."""

    def __init__(self, findings: list[Diagnostic]) -> None:
        first = findings[0]
        super().__init__(
            f"Документ {first.file} не прошёл проверку ({len(findings)} замечаний), "
            f"первое: {first.message}",
            findings,
        )

    @property
    def findings(self) -> list[Diagnostic]:
        return self.diagnostics


class CatalogError(ProfdocsError):
    """A data file people maintain (generator/catalog/*.yaml) is malformed."""
