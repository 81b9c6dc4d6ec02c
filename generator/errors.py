"""Errors a school administrator reads: where the problem is, and what to write instead."""

from __future__ import annotations

from dataclasses import dataclass


def format_path(path: tuple[str | int, ...]) -> str:
    out = ""
    for part in path:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else str(part)
    return out


@dataclass(frozen=True, slots=True)
class ProfileError:
    file: str
    line: int
    column: int
    path: tuple[str | int, ...]
    message: str

    def format(self) -> str:
        where = f"{self.file}:{self.line}:{self.column}" if self.line else self.file
        key = format_path(self.path)
        return f"{where}: {key}: {self.message}" if key else f"{where}: {self.message}"


class ProfileInvalid(Exception):
    """Raised by the pipeline when a profile cannot be used; carries every problem found."""

    def __init__(self, errors: list[ProfileError]) -> None:
        super().__init__(f"{len(errors)} ошибок в профиле")
        self.errors = errors


class BuildError(Exception):
    """A build step failed for a reason the user can fix; the message is in Russian."""


def did_you_mean(word: str, options: list[str] | set[str]) -> str | None:
    """A likely intended spelling: a prefix match first («petrova» → «petrova_vodkina»),
    then the closest by similarity («directr» → «director»)."""
    import difflib

    opts = sorted(options)
    low = word.lower()
    prefixed = [o for o in opts if o.lower().startswith(low) or low.startswith(o.lower())]
    if len(prefixed) == 1:
        return prefixed[0]
    close = difflib.get_close_matches(word, prefixed or opts, n=1, cutoff=0.6)
    return close[0] if close else None
