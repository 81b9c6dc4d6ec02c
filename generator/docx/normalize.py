"""A part's XML as Word writes it, whichever editor saved it last.

The methodologist keeps the templates in Word or LibreOffice. Both write valid
WordprocessingML, but not the same way, and docxtpl reads raw XML text, not the XML
document: what LibreOffice writes differently either breaks a tag or changes the output.

- `canonical_references`: LibreOffice escapes every ' and " in text as &apos; / &quot;,
  so Jinja sees «{{ &apos;, &apos; if … }}» and fails («unexpected char '&'»).
- `detach_section_breaks`: LibreOffice moves a section break (w:sectPr) from its own empty
  paragraph into the section's last paragraph. When that is a {%p …%} paragraph, docxtpl
  replaces it, section break and all, and the journal's portrait title page turns
  landscape. It also writes w:sectPr first in w:pPr, where the schema wants it last.
- `on_off_only`: LibreOffice writes w:val="true" on elements whose schema type allows only
  "on"/"off"; Word accepts it, schema validators (and the «Word will repair» prediction of
  openxml-audit) do not.

Each function returns its input unchanged when there is nothing to do, and never changes
what an XML parser reads of the text.
"""

from __future__ import annotations

import re
import zipfile

# Markup (a tag with attribute values that may hold «>», a comment, CDATA, a processing
# instruction or a declaration) is skipped; a character or entity reference in text is
# the match.
_TOKEN = re.compile(
    r"""(?P<markup><!--.*?-->|<!\[CDATA\[.*?\]\]>|<\?.*?\?>|<!.*?>"""
    r"""|<(?:[^>"']|"[^"]*"|'[^']*')*>)"""
    r"""|&(?P<ref>amp|lt|gt|quot|apos|#[0-9]{1,7}|#x[0-9a-fA-F]{1,6});""",
    re.DOTALL,
)
_NAMED = {"quot": '"', "apos": "'"}
_KEEP_ESCAPED = {"&": "&amp;", "<": "&lt;", ">": "&gt;"}


def _decode(ref: str) -> str | None:
    """The text a reference stands for, or None to keep the reference as written."""
    if ref in _NAMED:
        return _NAMED[ref]
    if ref in ("amp", "lt", "gt"):
        return None
    code = int(ref[2:], 16) if ref[1] in "xX" else int(ref[1:])
    if code in (0x9, 0xA, 0xD) or not (0x20 <= code <= 0xD7FF or 0xE000 <= code <= 0x10FFFF):
        return None  # a tab or line break as a reference is whitespace that must stay
    ch = chr(code)
    return _KEEP_ESCAPED.get(ch, ch)


def canonical_references(xml: str) -> str:
    """Character references in text become the characters; &amp; &lt; &gt; stay.

    Only text content changes, never markup, comments or CDATA: the result is the same
    XML infoset, written the way Word and python-docx write it.
    """
    if "&" not in xml:
        return xml

    def repl(m: re.Match[str]) -> str:
        if m.group("markup") is not None:
            return m.group(0)
        decoded = _decode(m.group("ref"))
        return m.group(0) if decoded is None else decoded

    return _TOKEN.sub(repl, xml)


# ------------------------------------------------------------------ section breaks
_SECT = re.compile(r"<w:sectPr(?:\s[^>]*)?/>|<w:sectPr(?:\s[^>]*)?>.*?</w:sectPr>", re.DOTALL)
_PARA_START = re.compile(r"<w:p[ >]")
_TEXT = re.compile(r"<w:t(?: [^>]*)?>([^<]*)</w:t>")
_P_TAG = re.compile(r"\{%-?p\s+(\w+)")
# A section break kept before the paragraph of a block opener and after any other tag
# stays outside the block either way. In a branch (else, elif) it cannot be placed:
# `profdocs check` reports it.
OPENERS = frozenset({"if", "for", "with", "macro", "call", "filter", "raw", "autoescape"})
BRANCHES = frozenset({"else", "elif"})


def p_tag_keyword(paragraph_xml: str) -> str | None:
    """«if» for a paragraph whose text holds «{%p if … %}»; None without a {%p%} tag."""
    text = "".join(_TEXT.findall(paragraph_xml))
    m = _P_TAG.search(text)
    return m.group(1) if m else None


def _paragraph_around(xml: str, pos: int) -> tuple[int, int] | None:
    """(start, end) of the w:p holding position `pos`, or None when it is not in one."""
    start = max(xml.rfind("<w:p>", 0, pos), xml.rfind("<w:p ", 0, pos))
    if start < 0 or xml.rfind("</w:p>", start, pos) >= 0:
        return None
    end = xml.find("</w:p>", pos)
    if end < 0 or _PARA_START.search(xml, start + 4, end):
        return None  # a paragraph with a nested paragraph (a text box): left alone
    return start, end + len("</w:p>")


def detach_section_breaks(xml: str) -> str:
    """Every w:sectPr of a {%p …%} paragraph moved into an empty paragraph beside it;
    in any other paragraph, moved to the end of its w:pPr."""
    if "<w:sectPr" not in xml:
        return xml
    out: list[str] = []
    pos = 0
    for m in _SECT.finditer(xml):
        if m.start() < pos:
            continue
        around = _paragraph_around(xml, m.start())
        if around is None:
            continue  # the body's own, last sectPr
        start, end = around
        para = xml[start:end]
        sect = m.group(0)
        local = m.start() - start
        keyword = p_tag_keyword(para)
        if keyword in BRANCHES:
            continue
        rest = para[:local] + para[local + len(sect) :]
        if keyword is None:
            new = _sect_last(rest, sect)
        else:
            holder = f"<w:p><w:pPr>{sect}</w:pPr></w:p>"
            new = holder + rest if keyword in OPENERS else rest + holder
        out.append(xml[pos:start])
        out.append(new)
        pos = end
    if not out:
        return xml
    out.append(xml[pos:])
    return "".join(out)


def _sect_last(para_without: str, sect: str) -> str:
    """The section break put back at its schema place: last in w:pPr, before w:pPrChange."""
    end = para_without.find("</w:pPr>")
    if end < 0:
        return para_without.replace(">", f"><w:pPr>{sect}</w:pPr>", 1)
    change = para_without.find("<w:pPrChange", 0, end)
    at = change if change >= 0 else end
    return para_without[:at] + sect + para_without[at:]


# ------------------------------------------------------------------ on/off-only values
# The CT_OnOffOnly elements of WordprocessingML: w:val may be only "on" or "off".
ON_OFF_ONLY = (
    "autoRedefine", "bidiVisual", "cantSplit", "flatBorders", "hidden", "hideMark",
    "linkedToFile", "locked", "noBorder", "noResizeAllowed", "noWrap", "personal",
    "personalCompose", "personalReply", "qFormat", "semiHidden", "tblHeader", "tcFitText",
    "unhideWhenUsed",
)  # fmt: skip
_ON_OFF = re.compile(
    r"<w:(" + "|".join(ON_OFF_ONLY) + r')((?:\s+(?!w:val=)[^\s=/>]+="[^"]*")*)'
    r'\s+w:val="(true|false|1|0)"((?:\s+[^\s=/>]+="[^"]*")*)\s*/>'
)


_ON_OFF_BYTES = re.compile(
    rb"<w:(?:" + "|".join(ON_OFF_ONLY).encode() + rb')\b[^>]*w:val="(?:true|false|1|0)"'
)


def on_off_only(xml: str) -> str:
    """«true»/«1» on an on/off-only element becomes no value (on), «false»/«0» «off»."""
    if 'w:val="' not in xml:
        return xml

    def repl(m: re.Match[str]) -> str:
        name, before, value, after = m.groups()
        val = "" if value in ("true", "1") else ' w:val="off"'
        return f"<w:{name}{before}{val}{after}/>"

    return _ON_OFF.sub(repl, xml)


def on_off_only_entries(
    entries: tuple[tuple[zipfile.ZipInfo, bytes], ...],
) -> tuple[tuple[zipfile.ZipInfo, bytes], ...]:
    """`on_off_only` over every WordprocessingML part; untouched parts keep their bytes."""
    out = []
    for info, data in entries:
        name = info.filename
        if name.startswith("word/") and name.endswith(".xml") and _ON_OFF_BYTES.search(data):
            data = on_off_only(data.decode("utf-8")).encode("utf-8")
        out.append((info, data))
    return tuple(out)
