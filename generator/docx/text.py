"""A DOCX's text as located blocks: body paragraphs and table cells, per part.

Read straight from the XML with lxml, fast enough to run for every generated document, and
normalised once for matching (case, «ё», quotes, dashes, spaces). `check` (templates) and
`verify` (rendered documents) both read documents through this module, so a template and
its output are judged on the same text.
"""

from __future__ import annotations

import bisect
import itertools
import re
import weakref
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from lxml import etree

from .parts import (
    BODY,
    STYLES,
    TEXT_PART,
    W_BR,
    W_CR,
    W_CUSTOM_XML,
    W_GRID_SPAN,
    W_NBH,
    W_OUTLINE,
    W_P,
    W_PPR,
    W_PSTYLE,
    W_SDT,
    W_SDT_CONTENT,
    W_SHY,
    W_T,
    W_TAB,
    W_TBL,
    W_TC,
    W_TCPR,
    W_TR,
    W_VAL,
    W,
    part_label,
    part_order,
    read_parts,
)
from .tag_quotes import straighten

PARSER = etree.XMLParser(resolve_entities=False, huge_tree=True, remove_blank_text=False)

# --------------------------------------------------------------------------------------
# Text normalisation
# --------------------------------------------------------------------------------------

_SPACE_CHARS = "\u00a0\u202f\u2007\u2009\u200a\u2002\u2003\u2004\u2005\u2006\u3000\t\r\f\v"
_MAP = {
    "ё": "е",
    **dict.fromkeys('«»„“”‟"″', '"'),
    **dict.fromkeys("‘’‚‛′", "'"),
    **dict.fromkeys("‐‑‒–—―−", "-"),
    **dict.fromkeys("\u00ad\u200b\u200c\u200d\u2060\ufeff", ""),
}
# str.replace per special character is a fast C scan; str.translate with a dict would
# look up every character of Cyrillic text in Python. Spaces likewise: a regex that
# visits every ordinary space does far more work than these scans.
_SPECIAL_ITEMS = tuple((k, v) for k, v in _MAP.items() if k != v)
_DROPPED = tuple(k for k, v in _MAP.items() if not v)
_EDGES = ((" \n", "\n"), ("\n ", "\n"), (" \x00", "\x00"), ("\x00 ", "\x00"))


def _special(text: str) -> str:
    for old, new in _SPECIAL_ITEMS:
        if old in text:
            text = text.replace(old, new)
    return text


def _squeeze(text: str) -> str:
    """Single spaces, none around line breaks and block separators (\\x00)."""
    for ch in _SPACE_CHARS:
        if ch in text:
            text = text.replace(ch, " ")
    while "  " in text:
        text = text.replace("  ", " ")
    # Spaces are single now, so one space at most stands on either side of a break.
    for old, new in _EDGES:
        if old in text:
            text = text.replace(old, new)
    return text.strip(" ")


def normalize(text: str) -> str:
    """Lower case, ё≡е, one kind of quote and dash, single spaces; line breaks are kept."""
    return _squeeze(_special(text.lower())).strip()


def _lower_special(squeezed: str) -> str:
    """normalize() without the final strip, for text that is already _squeeze()d.

    lower() and the quote/dash mapping never touch spaces, line breaks or separators, so
    squeezing commutes with them; only characters mapped to nothing (soft hyphens,
    zero-width spaces) can bring two spaces together, and then it is squeezed again.
    """
    text = _special(squeezed.lower())
    if any(ch in squeezed for ch in _DROPPED):
        text = _squeeze(text)
    return text


# Jinja tags as written in a template → one canonical spelling, so that template_match
# phrases do not depend on docxtpl prefixes, trim markers or spacing.
TAG = re.compile(r"\{([{%#])([-+]?)([^\x00]*?)([-+]?)([}%#])\}")
_DOCXTPL_PREFIX = re.compile(r"^(?:tr|tc|p|r)\s+")


def canonical_tag(tag: str) -> str:
    """«{%p for r in roles -%}» → «{% for r in roles %}»; «{{school.short_name}}» → «{{ … }}»."""
    m = TAG.fullmatch(tag)
    if not m:
        return tag
    opener, _, inner, _, _ = m.groups()
    inner = " ".join(inner.split())
    if opener != "{":
        inner = _DOCXTPL_PREFIX.sub("", inner)
    inner = straighten(inner)  # as render.patch_xml hands the tag to Jinja
    close = {"{": "}", "%": "%", "#": "#"}[opener]
    return f"{{{opener} {inner} {close}}}"


def canonical_tags(text: str) -> str:
    return TAG.sub(lambda m: canonical_tag(m.group(0)), text) if "{" in text else text


# --------------------------------------------------------------------------------------
# DOCX text as located blocks
# --------------------------------------------------------------------------------------

BlockKind = Literal["paragraph", "cell"]


class Para:
    """One w:p, wherever it stands; `cell` is set for paragraphs inside a table cell."""

    __slots__ = ("_cell", "_props", "element", "index", "part", "styles", "text")

    def __init__(
        self,
        part: str,
        element: Any,  # lxml element of the w:p
        text: str,
        index: int,  # 1-based among the part's top-level paragraphs; 0 inside tables
        cell: Block | None = None,
        styles: Styles | None = None,
    ) -> None:
        self.part = part
        self.element = element
        self.text = text
        self.index = index
        # The cell lists its paragraphs; a weak link back keeps the two out of a reference
        # cycle, so a document's objects go with it instead of waiting for the collector.
        self._cell = weakref.ref(cell) if cell is not None else None
        self.styles = styles
        self._props: tuple[str, bool] | None = None  # (style, heading), read on demand

    def __repr__(self) -> str:
        return f"Para({self.part!r}, {self.location!r}, {self.text[:40]!r})"

    @property
    def cell(self) -> Block | None:
        return self._cell() if self._cell is not None else None

    @property
    def style(self) -> str:
        """The style name as Word shows it."""
        return (self._props or self._read_props())[0]

    @property
    def heading(self) -> bool:
        return (self._props or self._read_props())[1]

    def _read_props(self) -> tuple[str, bool]:
        styles = self.styles or _NO_STYLES
        sid = ""
        outline = False
        # pPr is the first child when present; plain child loops beat lxml's find() here.
        for ppr in self.element:
            if ppr.tag == W_PPR:
                for prop in ppr:
                    tag = prop.tag
                    if tag == W_PSTYLE:
                        sid = prop.get(W_VAL) or ""
                    elif tag == W_OUTLINE:
                        outline = (prop.get(W_VAL) or "9") < "9"
            break
        sid = sid or styles.default
        props = self._props = (styles.names.get(sid, sid), outline or sid in styles.headings)
        return props

    @property
    def location(self) -> str:
        cell = self.cell
        if cell is None:
            return f"абзац {self.index}"
        paras = cell.paragraphs
        if len(paras) > 1:
            return f"{cell.location}, абзац {paras.index(self) + 1}"
        return cell.location


@dataclass(slots=True, eq=False, weakref_slot=True)
class Block:
    """A unit requirements are matched in: a top-level paragraph, or one table cell."""

    part: str
    kind: BlockKind
    _paras: list[Para] | None  # None: a cell whose Para objects are made on first use
    element: Any  # w:p or w:tc
    index: int = 0  # a top-level paragraph's 1-based number in its part
    table: int = 0  # 1-based table number in the part (nested tables counted too)
    row: int = 0
    cell: int = 0
    grid_col: int = 0  # first grid column of the cell (accounts for gridSpan)
    row_element: Any = None
    table_element: Any = None
    outer: Block | None = None  # the cell a nested table stands in
    _text: str | None = None
    # A cell read by _walk_plain: its paragraphs' w:p elements and texts, and the styles.
    # Most cells are only ever searched as text, so their Para objects wait until asked for.
    _pending: tuple[list[Any], list[str], Styles | None] | None = None

    @property
    def paragraphs(self) -> list[Para]:
        paras = self._paras
        if paras is None:
            assert self._pending is not None
            els, texts, styles = self._pending
            paras = self._paras = [
                Para(self.part, el, text, 0, self, styles)
                for el, text in zip(els, texts, strict=True)
            ]
        return paras

    @property
    def location(self) -> str:
        """«абзац 3», «таблица 1, строка 2, ячейка 1», «… / вложенная таблица 2, …».

        Built on demand: only findings need it, and most documents have none.
        """
        if self.kind == "paragraph":
            return f"абзац {self.index}"
        prefix = "таблица" if self.outer is None else f"{self.outer.location} / вложенная таблица"
        return f"{prefix} {self.table}, строка {self.row}, ячейка {self.cell}"

    @property
    def text(self) -> str:
        text = self._text
        if text is None:
            if self._paras is None and self._pending is not None:
                texts = self._pending[1]
            else:
                texts = [p.text for p in self.paragraphs]
            text = self._text = texts[0] if len(texts) == 1 else "\n".join(texts)
        return text

    @property
    def style(self) -> str:
        return self.paragraphs[0].style if self.paragraphs else ""

    @property
    def heading(self) -> bool:
        return any(p.heading for p in self.paragraphs)

    @property
    def in_table(self) -> bool:
        return self.kind == "cell"


@dataclass(slots=True)
class Styles:
    names: dict[str, str]
    headings: set[str]
    default: str

    @classmethod
    def parse(cls, data: bytes | None) -> Styles:
        if not data:
            return cls({}, set(), "")
        root = etree.fromstring(data, PARSER)
        names: dict[str, str] = {}
        based: dict[str, str] = {}
        outline: set[str] = set()
        default = ""
        for st in root.iter(W + "style"):
            if st.get(W + "type") != "paragraph":
                continue
            sid = st.get(W + "styleId") or ""
            name_el = st.find(W + "name")
            names[sid] = name_el.get(W_VAL) if name_el is not None else sid
            base_el = st.find(W + "basedOn")
            if base_el is not None:
                based[sid] = base_el.get(W_VAL) or ""
            ppr = st.find(W + "pPr")
            if ppr is not None:
                lvl = ppr.find(W + "outlineLvl")
                if lvl is not None and (lvl.get(W_VAL) or "9") < "9":
                    outline.add(sid)
            if st.get(W + "default") in ("1", "true"):
                default = sid
        headings: set[str] = set()
        for sid in names:
            seen, cur = set(), sid
            while cur and cur not in seen:
                seen.add(cur)
                if cur in outline or _HEADING_NAME.match(names.get(cur, "")):
                    headings.add(sid)
                    break
                cur = based.get(cur, "")
        return cls(names, headings, default)


_HEADING_NAME = re.compile(r"^(heading \d|title|заголовок \d|название)$", re.IGNORECASE)
_NO_STYLES = Styles({}, set(), "")


class DocText:
    """All text of a DOCX as blocks, with the normalised text built once for matching."""

    __slots__ = ("_memo", "_norm", "_order", "_paragraphs", "blocks")

    def __init__(self, paragraphs: Sequence[Para | Block], blocks: list[Block]) -> None:
        """`paragraphs` in document order; a cell Block stands for its next paragraph."""
        self._order = paragraphs
        self._paragraphs: list[Para] | None = None
        self.blocks = blocks
        self._norm: dict[str, Joined] = {}
        # Anything derived from the text once and asked for again: found requirements,
        # the plan's month columns, verify's name mentions.
        self._memo: dict[Any, Any] = {}

    @property
    def paragraphs(self) -> list[Para]:
        """Every paragraph in document order (a cell's own ones where the cell has them)."""
        paras = self._paragraphs
        if paras is None:
            paras = []
            taken: dict[int, int] = {}  # cell → its paragraphs listed so far
            for item in self._order:
                if type(item) is Para:
                    paras.append(item)
                else:
                    k = taken.get(id(item), 0)
                    paras.append(item.paragraphs[k])  # type: ignore[union-attr]
                    taken[id(item)] = k + 1
            self._paragraphs = paras
        return paras

    def memo(self, key: Any, make: Any) -> Any:
        """make(self), computed once per document and key."""
        try:
            return self._memo[key]
        except KeyError:
            value = self._memo[key] = make(self)
            return value

    def joined(self, template: bool = False) -> Joined:
        """Normalised text of all blocks joined by «\\n\\n»; template=True canonicalises tags."""
        key = "template" if template else "text"
        j = self._norm.get(key)
        if j is None:
            if template:
                text = _squeeze(_special(canonical_tags(self._source()).lower()))
                j = Joined.build(self.blocks, text)
            else:
                # normalize() = _squeeze() then lower case and the quote/dash mapping, which
                # change no space, break or separator: the raw text mapped character by
                # character, same offsets, unless a character vanishes or lower() lengthens
                # one («İ»); then the long way.
                raw = self.raw()
                text = _special(raw.text.lower())
                if len(text) == len(raw.text) and not any(ch in raw.text for ch in _DROPPED):
                    j = Joined(text, raw.starts, raw.ends, self.blocks)
                else:
                    j = Joined.build(self.blocks, _lower_special(_squeeze(self._source())))
            self._norm[key] = j
        return j

    def raw(self) -> Joined:
        """Like joined(), but in the original case (names), whitespace collapsed only."""
        j = self._norm.get("raw")
        if j is None:
            spans = _squeeze_blocks(self._source()) if self.blocks else ("", [], [])
            j = self._norm["raw"] = Joined(*spans, self.blocks)
        return j

    def _source(self) -> str:
        # One pass over the whole document instead of one per block: block texts are
        # joined by \x00 (untouched by normalisation), processed, then split again.
        # XML text cannot hold \x00, so the check below only guards odd callers.
        texts = [b.text for b in self.blocks]
        source = "\x00".join(texts)
        if texts and source.count("\x00") != len(texts) - 1:
            source = "\x00".join(t.replace("\x00", "") for t in texts)
        return source

    def parts(self) -> list[str]:
        return list(dict.fromkeys(p.part for p in self.paragraphs))


class Joined:
    """The processed text of all blocks joined by «\\n\\n», with each block's span."""

    __slots__ = ("_blocks", "_rows", "ends", "starts", "text")

    def __init__(self, text: str, starts: list[int], ends: list[int], blocks: list[Block]):
        self.text = text
        self.starts = starts
        self.ends = ends
        self._blocks = blocks
        self._rows: dict[Any, tuple[int, int]] | None = None

    @classmethod
    def build(cls, blocks: list[Block], processed: str) -> Joined:
        """`processed`: the block texts joined by \\x00 and normalised in one go."""
        chunks = processed.split("\x00") if blocks else []
        return cls(*_spans(chunks), blocks)

    def row_span_of(self, i: int) -> tuple[int, int]:
        """The span of block i's table row: from its first cell's start to its last's end."""
        rows = self._rows
        if rows is None:
            # Blocks are in document order, so a row's first cell starts it and its last
            # cell (nested tables' cells in between belong to other rows) ends it.
            rows = self._rows = {}
            for b, start, end in zip(self._blocks, self.starts, self.ends, strict=True):
                row = b.row_element
                if row is not None:
                    span = rows.get(row)
                    if span is None:
                        rows[row] = (start, end)
                    else:
                        rows[row] = (span[0], end)
        row = self._blocks[i].row_element
        return rows[row] if row is not None else (self.starts[i], self.ends[i])

    def block_at(self, pos: int) -> int:
        return bisect.bisect_right(self.starts, pos) - 1


def _spans(chunks: list[str]) -> tuple[str, list[int], list[int]]:
    """Chunks (one per block) → their text joined by «\\n\\n», each one's start and end."""
    chunks = [c.strip("\n") for c in chunks]
    lengths = [len(c) for c in chunks]
    starts = list(itertools.accumulate((n + 2 for n in lengths), initial=0))
    starts.pop()
    ends = [s + n for s, n in zip(starts, lengths, strict=True)]
    return "\n\n".join(chunks), starts, ends


def _squeeze_blocks(source: str) -> tuple[str, list[int], list[int]]:
    """_spans(_squeeze(source).split("\\x00")), with less scanning of the whole text.

    _squeeze() drops the spaces next to every separator; with spaces single, those are
    the ones at the ends of each block, which strip() removes once the text is split.
    Only line breaks inside blocks, rare, need a search of the text.
    """
    text = source
    for ch in _SPACE_CHARS:
        if ch in text:
            text = text.replace(ch, " ")
    while "  " in text:
        text = text.replace("  ", " ")
    if "\n" in text:
        for old, new in _EDGES[:2]:
            if old in text:
                text = text.replace(old, new)
    return _spans([c.strip(" ") for c in text.split("\x00")])


PartText = tuple[Sequence[Para | Block], list[Block]]


def extract(
    parts: Mapping[str, bytes],
    roots: dict[str, Any] | None = None,
    styles: Styles | None = None,
    known: Mapping[str, PartText] | None = None,
) -> DocText:
    """Located text of every text part: body first, then headers, footers, notes.

    `roots`, if given, receives each part's parsed root (so a caller can inspect the same
    tree without parsing it again); `styles` saves re-parsing a known styles.xml; `known`
    holds parts already read with these styles (a template's unchanged header).
    """
    if styles is None:
        styles = Styles.parse(parts.get(STYLES))
    paragraphs: list[Para | Block] = []
    blocks: list[Block] = []
    names = {*parts, *known} if known else parts
    for name in sorted((n for n in names if TEXT_PART.match(n)), key=part_order):
        if known and name in known:
            paras, found = known[name]
        else:
            paras, found = extract_part(name, parts[name], styles, roots)
        paragraphs += paras
        blocks += found
    return DocText(paragraphs, blocks)


def extract_part(
    name: str, data: bytes, styles: Styles, roots: dict[str, Any] | None = None
) -> PartText:
    """One text part's paragraphs and blocks, in document order."""
    root = etree.fromstring(data, PARSER)
    if roots is not None:
        roots[name] = root
    container = root.find(W + "body") if name == BODY else root
    if container is None:
        return [], []
    return _walk(part_label(name), container, styles)


def extract_docx(source: bytes | Path) -> DocText:
    return extract(read_parts(source))


TEXT_TAGS = (W_T, W_TAB, W_BR, W_CR, W_NBH, W_SHY)
_TEXT_CHAR = {W_TAB: "\t", W_NBH: "-", W_SHY: "\u00ad", W_BR: "\n", W_CR: "\n"}
_WALK_TAGS = (W_P, W_TBL, W_TR, W_TC, W_GRID_SPAN, *TEXT_TAGS)


def paragraph_text(p: Any) -> str:
    out: list[str] = []
    for el in p.iter(TEXT_TAGS):
        tag = el.tag
        if tag == W_T:
            if el.text:
                out.append(el.text)
        elif tag == W_TAB:
            out.append("\t")
        elif tag == W_NBH:
            out.append("-")
        elif tag == W_SHY:
            out.append("\u00ad")
        else:
            out.append("\n")
    return "".join(out)


def _walk(part: str, container: Any, styles: Styles) -> tuple[Sequence[Para | Block], list[Block]]:
    """Paragraphs (a cell Block for each of its own) and blocks of one part, in order."""
    fast = _walk_plain(part, container, styles)
    if fast is not None:
        return fast
    paragraphs: list[Para] = []
    blocks: list[Block] = []
    _Walker(part, styles, paragraphs, blocks).walk(container, None)
    return paragraphs, blocks


def _walk_plain(
    part: str, container: Any, styles: Styles
) -> tuple[list[Para | Block], list[Block]] | None:
    """_Walker's result in one filtered pass over the part, or None if it is not plain.

    This runs for every generated document, and the recursive walk spends most of its time
    creating lxml proxies for elements it only steps over (tcPr, pPr, runs) and setting up
    an iterator per paragraph. Here lxml hands over just the elements that matter, in
    document order, and each is placed by its parent: a paragraph in the body (or header)
    or in a known cell, a table there too, a row in a known table, a cell in a known row.
    Anything else — content controls, custom XML, text boxes (paragraphs in paragraphs) —
    and the part is left to _Walker, which the result here equals for plain parts.
    """
    paragraphs: list[Para | Block] = []
    blocks: list[Block] = []
    cells: dict[Any, Block] = {}
    rows: dict[Any, list[Any]] = {}  # tr → [table state, row number, cells, next grid column]
    tables: dict[Any, list[Any]] = {}  # tbl → [number, rows, enclosing cell, tbl]
    spanned: set[Block] = set()  # cells whose gridSpan has been read
    top = 0
    cur: Any = None  # the paragraph text elements are collected for
    para: Para | None = None  # the current paragraph, if it stands outside tables
    texts: list[str] | None = None  # else its cell's paragraph texts
    pieces: list[str] = []
    for el in container.iter(_WALK_TAGS):
        tag = el.tag
        if tag == W_T or tag in _TEXT_CHAR:
            # paragraph_text(p) takes every text element under p: t → r → p mostly, else
            # (hyperlinks, fields) look further up; text outside a paragraph is dropped.
            parent = el.getparent()
            if parent is None or parent.getparent() is not cur:
                owner = parent
                while owner is not None and owner.tag != W_P:
                    owner = owner.getparent()
                if owner is None or owner is not cur:
                    continue
            if tag == W_T:
                text = el.text
                if text:
                    pieces.append(text)
            else:
                pieces.append(_TEXT_CHAR[tag])
        elif tag == W_P:
            if para is not None:
                para.text = pieces[0] if len(pieces) == 1 else "".join(pieces)
            elif texts is not None:
                texts.append(pieces[0] if len(pieces) == 1 else "".join(pieces))
            parent = el.getparent()
            if parent is container:
                top += 1
                para = Para(part, el, "", top, None, styles)
                texts = None
                blocks.append(Block(part, "paragraph", [para], el, top))
                paragraphs.append(para)
            else:
                cell = cells.get(parent)
                if cell is None:
                    return None
                pending = cell._pending
                assert pending is not None
                pending[0].append(el)
                para, texts = None, pending[1]
                paragraphs.append(cell)
            cur = el
            pieces = []
        elif tag == W_TC:
            tr = el.getparent()
            row = rows.get(tr)
            if row is None:
                return None
            table = row[0]
            row[2] += 1
            block = Block(part, "cell", None, el, 0, table[0], row[1], row[2], row[3], tr,
                          table[3], table[2], None, ([], [], styles))  # fmt: skip
            row[3] += 1  # one grid column unless its gridSpan says more
            cells[el] = block
            blocks.append(block)
        elif tag == W_TR:
            table = tables.get(el.getparent())
            if table is None:
                return None
            table[1] += 1
            rows[el] = [table, table[1], 0, 0]
        elif tag == W_TBL:
            parent = el.getparent()
            outer = None
            if parent is not container:
                outer = cells.get(parent)
                if outer is None:
                    return None
            tables[el] = [len(tables) + 1, 0, outer, el]
        else:  # gridSpan: _grid_span() reads the first valid one in the cell's own tcPr
            tcpr = el.getparent()
            if tcpr is None or tcpr.tag != W_TCPR or tcpr.getprevious() is not None:
                continue
            block = cells.get(tcpr.getparent())
            val = el.get(W_VAL) or ""
            if block is None or block in spanned or not val.isdigit():
                continue
            spanned.add(block)
            rows[block.row_element][3] = block.grid_col + int(val)
    if para is not None:
        para.text = pieces[0] if len(pieces) == 1 else "".join(pieces)
    elif texts is not None:
        texts.append(pieces[0] if len(pieces) == 1 else "".join(pieces))
    return paragraphs, blocks


class _Walker:
    """Body (or header, footer, notes) → Para and Block objects, in document order.

    The general walk: through content controls and custom XML, text boxes left inside
    their paragraph. _walk_plain() gives the same result faster for plain parts.
    """

    __slots__ = ("blocks", "paragraphs", "part", "styles", "tables", "top")

    def __init__(self, part: str, styles: Styles, paragraphs: list[Para], blocks: list[Block]):
        self.part = part
        self.styles = styles
        self.paragraphs = paragraphs
        self.blocks = blocks
        self.top = 0  # top-level paragraphs so far
        self.tables = 0  # tables so far, nested ones included

    def walk(self, container: Any, cell: Block | None) -> None:
        for child in container:
            tag = child.tag
            if tag == W_P:
                if cell is None:
                    self.top += 1
                    para = Para(
                        self.part, child, paragraph_text(child), self.top, None, self.styles
                    )
                    self.blocks.append(Block(self.part, "paragraph", [para], child, self.top))
                else:
                    para = Para(self.part, child, paragraph_text(child), 0, cell, self.styles)
                    cell.paragraphs.append(para)
                self.paragraphs.append(para)
            elif tag == W_TBL:
                self._table(child, cell)
            elif tag == W_SDT:
                content = child.find(W_SDT_CONTENT)
                if content is not None:
                    self.walk(content, cell)
            elif tag == W_CUSTOM_XML:
                self.walk(child, cell)

    def _table(self, tbl: Any, outer: Block | None) -> None:
        self.tables += 1
        number = self.tables
        for r, tr in enumerate(_children(tbl, W_TR), start=1):
            grid = 0
            for c, tc in enumerate(_children(tr, W_TC), start=1):
                block = Block(self.part, "cell", [], tc, 0, number, r, c, grid, tr, tbl, outer)
                grid += _grid_span(tc)
                self.blocks.append(block)
                self.walk(tc, block)


def _children(el: Any, tag: str) -> Iterator[Any]:
    """Direct children with `tag`, looking through content controls and custom XML."""
    for child in el:
        if child.tag == tag:
            yield child
        elif child.tag == W_SDT:
            content = child.find(W_SDT_CONTENT)
            if content is not None:
                yield from _children(content, tag)
        elif child.tag == W_CUSTOM_XML:
            yield from _children(child, tag)


def _grid_span(tc: Any) -> int:
    if len(tc) and tc[0].tag == W_TCPR:
        for prop in tc[0]:
            if prop.tag == W_GRID_SPAN and (prop.get(W_VAL) or "").isdigit():
                return int(prop.get(W_VAL))
    return 1
