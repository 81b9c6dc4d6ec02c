"""Verify one rendered document before it is written.

`profdocs build` must never write an incomplete act: a section lost from a template, a
leftover `{{ tag }}`, an approval stamp with an empty number. Each document is parsed once
and normalised once (`docx.read`), and every check is one pass over that text.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator, Mapping

from ..diagnostics import Finding
from ..docx.read import doc_text, packed_text
from ..docx.text import DocText, normalize
from ..rules import legal
from ..rules import requirements as rq
from ..rules.requirements import Phrase, Requirement
from ..write import PackedDocument
from .facts import LEFTOVER, PackageFacts, inside, spans_of
from .typography import typography_findings

# Searched in the normalised text of the whole document (blocks joined by "\n\n"), so
# the patterns never cross a line: " ?" rather than "\s*". Each is searched alone: one
# that starts with a literal lets the engine jump from one occurrence of it to the next,
# where their alternation would try every position. They
# start with different characters, so per block the first hit is the alternation's
# (tests/test_verify.py).
_EMPTY_PATTERNS = (
    r"от(?<!\wот) ?(?:№|(?=$|[,;)\n]))",  # date: «от» followed by «№» or nothing
    r"№ ?(?=$|[,;.)\"\n]|от\b)",  # number: «№» followed by nothing
    r"\( ?\)",  # parens
)
_EMPTY_BRANCHES = tuple(re.compile(p) for p in _EMPTY_PATTERNS)
# Empty quotes are looked for in the text as written: normalised, «Школа „Радуга“» would
# read «"Школа "Радуга""» and look empty. An opening quote right before a closing one.
_EMPTY_QUOTES = re.compile(r'«\s?»|„\s?“|"\s?"(?![\w«„])')
_EMPTY_WHAT = {
    "о": "после «от» нет даты",
    "№": "после «№» нет номера",
    "(": "пустые скобки",
}


def empty_field(text: str, *, normalized: bool = False) -> str | None:
    """What the empty-requisite check would report in `text` on its own: validation asks
    it of every profile value, so that no value is refused only after rendering."""
    normal = text if normalized else normalize(text)
    first: re.Match[str] | None = None
    for branch in _EMPTY_BRANCHES:
        m = branch.search(normal)
        if m is not None and (first is None or m.start() < first.start()):
            first = m
    if first is not None:
        return _EMPTY_WHAT[first.group(0)[0]]
    if not normalized and _EMPTY_QUOTES.search(text):
        return "пустые кавычки"
    return None


def text_of(
    document: bytes | PackedDocument, rendered: Mapping[str, bytes] | None = None
) -> DocText:
    """A document's text: from the XML a packed document was made of, or from its bytes."""
    if isinstance(document, PackedDocument):
        return packed_text(document)
    return doc_text(document, rendered)


def verify_document(
    doc_id: str,
    document: bytes | PackedDocument,
    file_name: str,
    facts: PackageFacts | None = None,
    *,
    rendered: Mapping[str, bytes] | None = None,
) -> list[Finding]:
    """The document's requirements, no leftover Jinja, no empty required field.

    `document`: as `write.package` packed it (its XML is read as it was zipped), or DOCX
    bytes from anywhere. With bytes, `rendered` may give the XML parts the archive was
    built from: a part whose size and CRC-32 match the archive's entry is read from there
    instead of being inflated again, so what is checked is what is written.
    """
    doc = text_of(document, rendered)
    out: list[Finding] = []
    for req in rq.requirements_for(doc_id):
        groups = req.match
        if req.fact:
            value = getattr(facts, req.fact, "") if facts is not None else ""
            if not value:
                continue
            groups = ((phrase(value),),)
        if not groups:
            continue
        found = req.find(doc) if groups is req.match else req.find(doc, groups=groups)
        if found is None:
            out.append(_missing(req, doc, file_name, groups))
    raw = doc.raw()
    # One search over the whole text; only a document with a tag in it is gone through
    # block by block (the squeezed text keeps every «{{», «%}» … of the blocks).
    text = raw.text
    if ("{" in text or "}" in text) and LEFTOVER.search(text):  # every mark has a brace
        out.extend(_leftovers(doc, file_name, facts))
    joined = doc.joined()
    first: dict[int, re.Match[str]] = {}  # block → its first empty field
    for branch in _EMPTY_BRANCHES:
        for m in branch.finditer(joined.text):
            i = joined.block_at(m.start())
            if i not in first or m.start() < first[i].start():
                first[i] = m
    for i, m in sorted(first.items()):
        block = doc.blocks[i]
        out.append(
            Finding(
                "error",
                file_name,
                f"Незаполненный реквизит: {_EMPTY_WHAT[m.group(0)[0]]}. Заполните "
                "соответствующее поле профиля школы (даты и номера приказа и протоколов).",
                block.part,
                block.location,
                snip(joined.text[joined.starts[i] : joined.ends[i]], m.start() - joined.starts[i]),
            )
        )
    for m in _EMPTY_QUOTES.finditer(raw.text):
        block = doc.blocks[raw.block_at(m.start())]
        out.append(
            Finding(
                "error",
                file_name,
                "Пустые кавычки: в значении профиля ничего не написано между кавычками. "
                "Заполните его в профиле школы.",
                block.part,
                block.location,
                snip(block.text, block.text.find(m.group(0))),
            )
        )
    out.extend(legal.findings(legal.scan_text(raw), file_name))
    out.extend(typography_findings(doc, file_name))
    return out


def _leftovers(doc: DocText, file_name: str, facts: PackageFacts | None) -> Iterator[Finding]:
    # compared in lower case: a template may print a value capitalised («|capitalize»)
    literals = tuple(v.lower() for v in facts.literal_values) if facts is not None else ()
    for block in doc.blocks:
        text = block.text
        if not text:
            continue
        m = LEFTOVER.search(text)
        if m and literals:
            lower = text.lower()
            spans = spans_of(lower, literals)
            m = next((x for x in LEFTOVER.finditer(lower) if not inside(x.start(), spans)), None)
        if m:
            yield Finding(
                "error",
                file_name,
                f"В документе остался тег шаблона «{m.group(0)}»: шаблон содержит тег, "
                "который не был обработан. Проверьте шаблон командой «profdocs check».",
                block.part,
                block.location,
                snip(text, m.start()),
            )


@functools.lru_cache(maxsize=64)
def phrase(value: str) -> Phrase:
    return Phrase.parse(value)


def _missing(
    req: Requirement, doc: DocText, file_name: str, groups: tuple[rq.Group, ...]
) -> Finding:
    near = req.find(doc, groups=groups, constraints=False)
    if near is not None and req.style == "heading" and not near.heading:
        msg = (
            f"{cap(req.what)} ({req.source}) есть, но оформлен не как заголовок "
            f"(стиль «{near.style}»): проверьте стиль в шаблоне."
        )
        return Finding("error", file_name, msg, near.part, near.location, snip(near.text),
                       req.id, req.source)  # fmt: skip
    if near is not None and req.month:
        msg = (
            f"{cap(req.what)} ({req.source}): мероприятие есть, но в колонке месяца нет "
            "отметки. Проверьте сроки мероприятия в профиле или в plan_defaults.yaml."
        )
        return Finding("error", file_name, msg, near.part, near.location, snip(near.text),
                       req.id, req.source)  # fmt: skip
    what = req.what
    looked = " и ".join("«" + str(g[0]) + "»" for g in groups)
    msg = (
        f"В документе нет: {what} ({req.source}). Документ неполон и не будет записан; "
        f"проверьте шаблон («profdocs check») и профиль школы. Искали текст {looked}."
    )
    return Finding("error", file_name, msg, "body", "", "", req.id, req.source)


def cap(text: str) -> str:
    return text[:1].upper() + text[1:]


def snip(text: str, at: int = 0, width: int = 70) -> str:
    start = max(0, at - width // 3)
    piece = " ".join(text[start : start + width].split())
    return ("…" if start else "") + piece + ("…" if start + width < len(text) else "")
