"""No-break spaces in a rendered document: what Russian typography binds stays bound.

The context typesets every value and `profdocs check` the templates' own text; this looks
at the document as rendered, where a value meets the text around it («№ » + «124-о»), so a
line can never break inside «М.П. Иванова» or after «№» in a document that is written.
"""

from __future__ import annotations

import bisect

from ..diagnostics import Finding
from ..docx.text import DocText
from ..russian.typography import nbsp_problems

_SEPARATOR = "\n\n"


def typography_findings(doc: DocText, file_name: str) -> list[Finding]:
    """One finding per block where a rule of russian.typography would bind a space."""
    texts = [b.text for b in doc.blocks]
    text = _SEPARATOR.join(texts)  # not doc.raw(): it turns no-break spaces into spaces
    problems = nbsp_problems(text)
    if not problems:
        return []
    from .document import snip

    starts, pos = [], 0
    for t in texts:
        starts.append(pos)
        pos += len(t) + len(_SEPARATOR)
    out: list[Finding] = []
    seen: set[int] = set()
    for p in problems:
        i = bisect.bisect_right(starts, p.start) - 1
        if i in seen:
            continue
        seen.add(i)
        block = doc.blocks[i]
        out.append(
            Finding(
                "error",
                file_name,
                f"Нужен неразрывный пробел {p.rule.what}: иначе строка может разорваться "
                f"в «{p.text.strip()}». Если текст из шаблона, замените пробел неразрывным "
                "(Ctrl+Shift+Пробел в Word); если из профиля — сообщите разработчикам.",
                block.part,
                block.location,
                snip(block.text, p.start - starts[i]),
                requirement="typography.nbsp",
            )
        )
    return out
