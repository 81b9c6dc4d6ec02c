"""One shape for every problem profdocs reports about a template or a generated document.

A finding must let a methodologist open the file in Word and go straight to the place:
which file, which part, which paragraph or table cell, and what to write there.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Literal

Severity = Literal["error", "warning"]


@dataclass(frozen=True, slots=True)
class Finding:
    severity: Severity
    file: str  # template or output file name
    message: str  # Russian: what is wrong and what to do
    part: str = ""  # body, header1, footer1 …
    location: str = ""  # «абзац 12», «таблица 2, строка 3, ячейка 4»
    snippet: str = ""  # a short piece of the text around the place
    requirement: str = ""  # requirement id, e.g. A2.principle.confidentiality
    source: str = ""  # where the requirement comes from: «Прил. 2, разд. 3, п. 3.7»

    def to_dict(self) -> dict[str, str]:
        return asdict(self)

    def format(self) -> str:
        where = ", ".join(x for x in (self.file, self.part, self.location) if x)
        label = "ошибка" if self.severity == "error" else "предупреждение"
        lines = [f"{where}: {label}: {self.message}"]
        if self.requirement:
            src = f" ({self.source})" if self.source else ""
            lines.append(f"    требование {self.requirement}{src}")
        if self.snippet:
            lines.append(f"    текст: «{self.snippet}»")
        return "\n".join(lines)
