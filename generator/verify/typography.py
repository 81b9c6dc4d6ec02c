"""No-break spaces in a rendered document: what Russian typography binds stays bound.

The context typesets every value and `profdocs check` the templates' own text; this looks
at the document as rendered, where a value meets the text around it («№ » + «124-о»), so a
line can never break inside «М.П. Иванова» or after «№» in a document that is written.
"""

from __future__ import annotations

from ..diagnostics import Finding
from ..docx.text import DocText
from ..russian.typography import is_typeset, nbsp_problems


def typography_findings(doc: DocText, file_name: str) -> list[Finding]:
    """One finding per block where a rule of russian.typography would bind a space.

    Block by block, not doc.raw() (it turns no-break spaces into spaces): a template's own
    paragraphs repeat in every school, and is_typeset() remembers them."""
    out: list[Finding] = []
    for block in doc.blocks:
        text = block.text
        if not text or is_typeset(text):
            continue
        problems = nbsp_problems(text)
        if not problems:
            continue
        from .document import snip

        p = problems[0]
        out.append(
            Finding(
                "error",
                file_name,
                f"Нужен неразрывный пробел {p.rule.what}: иначе строка может разорваться "
                f"в «{p.text.strip()}». Если текст из шаблона, замените пробел неразрывным "
                "(Ctrl+Shift+Пробел в Word); если из профиля — сообщите разработчикам.",
                block.part,
                block.location,
                snip(text, p.start),
                requirement="typography.nbsp",
            )
        )
    return out
