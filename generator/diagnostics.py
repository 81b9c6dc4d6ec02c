"""One shape for every problem profdocs reports: in a profile, a template or a document.

A profile problem is located by line, column and key path («demo.yaml:14:5: roles.director»);
a template or document finding by part, paragraph or table cell, and the requirement it
breaks. Either way a user opens the file and goes straight to the place.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any, Literal

Severity = Literal["error", "warning"]
KeyPath = tuple[str | int, ...]


def format_path(path: KeyPath) -> str:
    out = ""
    for part in path:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else str(part)
    return out


@dataclass(frozen=True, slots=True)
class Diagnostic:
    severity: Severity
    file: str  # profile, template or output file name
    message: str  # Russian: what is wrong and what to do
    part: str = ""  # body, header1, footer1 …
    location: str = ""  # «абзац 12», «таблица 2, строка 3, ячейка 4»
    snippet: str = ""  # a short piece of the text around the place
    requirement: str = ""  # requirement id, e.g. A2.principle.confidentiality
    source: str = ""  # where the requirement comes from: «Прил. 2, разд. 3, п. 3.7»
    line: int = 0  # in a profile: 1-based line and column, and the key path
    column: int = 0
    path: KeyPath = ()
    in_profile: bool = False  # located by line and key path, formatted as compilers do

    @classmethod
    def at(
        cls,
        file: str,
        line: int,
        column: int,
        path: KeyPath,
        message: str,
        severity: Severity = "error",
    ) -> Diagnostic:
        """A problem at a place in a profile (or in a CSV file it names)."""
        return cls(
            severity, file, message, line=line, column=column, path=tuple(path), in_profile=True
        )

    def to_dict(self) -> dict[str, Any]:
        """The fields that locate it: line, column and key path in a profile; part,
        paragraph and requirement in a template or document."""
        out = asdict(self)
        del out["in_profile"]
        if self.in_profile:
            return {k: (list(v) if k == "path" else v) for k, v in out.items() if k in _PROFILE}
        return {k: v for k, v in out.items() if k not in _PROFILE_ONLY}

    def format(self) -> str:
        if self.in_profile:
            return self._format_profile()
        where = ", ".join(x for x in (self.file, self.part, self.location) if x)
        label = "ошибка" if self.severity == "error" else "предупреждение"
        lines = [f"{where}: {label}: {self.message}"]
        if self.requirement:
            src = f" ({self.source})" if self.source else ""
            lines.append(f"    требование {self.requirement}{src}")
        if self.snippet:
            lines.append(f"    текст: «{self.snippet}»")
        return "\n".join(lines)

    def _format_profile(self) -> str:
        where = f"{self.file}:{self.line}:{self.column}" if self.line else self.file
        key = format_path(self.path)
        message = self.message if self.severity == "error" else f"предупреждение: {self.message}"
        return f"{where}: {key}: {message}" if key else f"{where}: {message}"


_PROFILE = ("severity", "file", "line", "column", "path", "message")
_PROFILE_ONLY = ("line", "column", "path")

# The names the two kinds of problem had before they shared a shape.
Finding = Diagnostic


def ProfileError(file: str, line: int, column: int, path: KeyPath, message: str) -> Diagnostic:
    return Diagnostic.at(file, line, column, path, message)


def suggestion(word: str, options: list[str] | set[str]) -> str:
    """« Возможно, имелось в виду «…»?» for a message, or nothing when no option is close."""
    close = did_you_mean(word, options)
    return f" Возможно, имелось в виду «{close}»?" if close else ""


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
