"""The appendices' requirements as data, and the DOCX text they are matched against.

`requirements.yaml` says what every document must contain; this module loads it once,
reads a DOCX's text straight from the zip with lxml (fast enough to run for every
generated document) as located blocks — body paragraphs and table cells, per part — and
finds a requirement in them. Both `check` (templates) and `verify` (rendered documents)
use it, so a template and its output are judged by the same rules.
"""

from __future__ import annotations

import bisect
import functools
import heapq
import io
import itertools
import re
import weakref
import zipfile
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

import yaml
from lxml import etree

from .dates import MONTHS_NOMINATIVE

REQUIREMENTS_PATH = Path(__file__).with_name("requirements.yaml")

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
W = f"{{{W_NS}}}"
W_P, W_R, W_T, W_TBL, W_TR, W_TC = (W + t for t in ("p", "r", "t", "tbl", "tr", "tc"))
W_TAB, W_BR, W_CR, W_NBH = (W + t for t in ("tab", "br", "cr", "noBreakHyphen"))
W_SDT, W_SDT_CONTENT, W_CUSTOM_XML = W + "sdt", W + "sdtContent", W + "customXml"
W_VAL = W + "val"
W_PPR, W_PSTYLE, W_OUTLINE = W + "pPr", W + "pStyle", W + "outlineLvl"
W_TCPR, W_GRID_SPAN = W + "tcPr", W + "gridSpan"

# Parts that carry document text, as docxtpl (and generator.render) template them.
TEXT_PART = re.compile(r"^word/(document|header\d*|footer\d*|footnotes|endnotes)\.xml$")

_PARSER = etree.XMLParser(resolve_entities=False, huge_tree=True, remove_blank_text=False)


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
# look up every character (several times slower on Cyrillic text). Spaces likewise: a
# regex that visits every ordinary space costs ten times more than these scans.
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
_TAG = re.compile(r"\{([{%#])([-+]?)([^\x00]*?)([-+]?)([}%#])\}")
_DOCXTPL_PREFIX = re.compile(r"^(?:tr|tc|p|r)\s+")


def canonical_tag(tag: str) -> str:
    """«{%p for r in roles -%}» → «{% for r in roles %}»; «{{school.short_name}}» → «{{ … }}»."""
    m = _TAG.fullmatch(tag)
    if not m:
        return tag
    opener, _, inner, _, _ = m.groups()
    inner = " ".join(inner.split())
    if opener != "{":
        inner = _DOCXTPL_PREFIX.sub("", inner)
    inner = inner.replace("“", '"').replace("”", '"').replace("‘", "'").replace("’", "'")
    close = {"{": "}", "%": "%", "#": "#"}[opener]
    return f"{{{opener} {inner} {close}}}"


def canonical_tags(text: str) -> str:
    return _TAG.sub(lambda m: canonical_tag(m.group(0)), text) if "{" in text else text


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


def part_label(zip_name: str) -> str:
    """word/document.xml → body, word/header2.xml → header2."""
    stem = zip_name.rsplit("/", 1)[-1].removesuffix(".xml")
    return "body" if stem == "document" else stem


@dataclass(slots=True)
class Styles:
    names: dict[str, str]
    headings: set[str]
    default: str

    @classmethod
    def parse(cls, data: bytes | None) -> Styles:
        if not data:
            return cls({}, set(), "")
        root = etree.fromstring(data, _PARSER)
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
        self._norm: dict[str, _Joined] = {}
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

    def joined(self, template: bool = False) -> _Joined:
        """Normalised text of all blocks joined by «\\n\\n»; template=True canonicalises tags."""
        key = "template" if template else "text"
        j = self._norm.get(key)
        if j is None:
            if template:
                text = _squeeze(_special(canonical_tags(self._source()).lower()))
                j = _Joined.build(self.blocks, text)
            else:
                # normalize() = _squeeze() then lower case and the quote/dash mapping, which
                # change no space, break or separator: the raw text mapped character by
                # character, same offsets, unless a character vanishes or lower() lengthens
                # one («İ»); then the long way.
                raw = self.raw()
                text = _special(raw.text.lower())
                if len(text) == len(raw.text) and not any(ch in raw.text for ch in _DROPPED):
                    j = _Joined(text, raw.starts, raw.ends, self.blocks)
                else:
                    j = _Joined.build(self.blocks, _lower_special(_squeeze(self._source())))
            self._norm[key] = j
        return j

    def raw(self) -> _Joined:
        """Like joined(), but in the original case (names), whitespace collapsed only."""
        j = self._norm.get("raw")
        if j is None:
            spans = _squeeze_blocks(self._source()) if self.blocks else ("", [], [])
            j = self._norm["raw"] = _Joined(*spans, self.blocks)
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


class _Joined:
    """The processed text of all blocks joined by «\\n\\n», with each block's span."""

    __slots__ = ("_blocks", "_rows", "ends", "starts", "text")

    def __init__(self, text: str, starts: list[int], ends: list[int], blocks: list[Block]):
        self.text = text
        self.starts = starts
        self.ends = ends
        self._blocks = blocks
        self._rows: dict[Any, tuple[int, int]] | None = None

    @classmethod
    def build(cls, blocks: list[Block], processed: str) -> _Joined:
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


def read_parts(source: bytes | Path | zipfile.ZipFile) -> dict[str, bytes]:
    """The zip entries text extraction and checks need, read in one pass."""
    if isinstance(source, zipfile.ZipFile):
        zf = source
        return _read(zf)
    if isinstance(source, bytes):
        with zipfile.ZipFile(io.BytesIO(source)) as zf:
            return _read(zf)
    with zipfile.ZipFile(source) as zf:
        return _read(zf)


_WANTED = re.compile(
    r"^(word/(document|header\d*|footer\d*|footnotes|endnotes|styles|comments)\.xml"
    r"|docProps/core\.xml)$"
)


def _read(zf: zipfile.ZipFile) -> dict[str, bytes]:
    return {n: zf.read(n) for n in zf.namelist() if _WANTED.match(n)}


def _part_order(name: str) -> tuple[int, str]:
    return (0 if name == "word/document.xml" else 1, name)


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
        styles = Styles.parse(parts.get("word/styles.xml"))
    paragraphs: list[Para | Block] = []
    blocks: list[Block] = []
    names = {*parts, *known} if known else parts
    for name in sorted((n for n in names if TEXT_PART.match(n)), key=_part_order):
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
    root = etree.fromstring(data, _PARSER)
    if roots is not None:
        roots[name] = root
    container = root.find(W + "body") if name == "word/document.xml" else root
    if container is None:
        return [], []
    return _walk(part_label(name), container, styles)


def extract_docx(source: bytes | Path) -> DocText:
    return extract(read_parts(source))


_TEXT_TAGS = (W_T, W_TAB, W_BR, W_CR, W_NBH)
_TEXT_CHAR = {W_TAB: "\t", W_NBH: "-", W_BR: "\n", W_CR: "\n"}
_WALK_TAGS = (W_P, W_TBL, W_TR, W_TC, W_GRID_SPAN, *_TEXT_TAGS)


def paragraph_text(p: Any) -> str:
    out: list[str] = []
    for el in p.iter(_TEXT_TAGS):
        tag = el.tag
        if tag == W_T:
            if el.text:
                out.append(el.text)
        elif tag == W_TAB:
            out.append("\t")
        elif tag == W_NBH:
            out.append("-")
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


# --------------------------------------------------------------------------------------
# Requirements
# --------------------------------------------------------------------------------------


def _is_word(ch: str) -> bool:
    return ch.isalnum() or ch == "_"


@dataclass(frozen=True, slots=True)
class Phrase:
    """One phrase: plain text matched as whole words, or a regex («re:…»)."""

    text: str
    left: bool = True  # require a word boundary before
    right: bool = True  # require a word boundary after
    regex: re.Pattern[str] | None = None

    @classmethod
    def parse(cls, raw: str) -> Phrase:
        if raw.startswith("re:"):
            return cls(raw, regex=re.compile(raw[3:]))
        left = not raw.startswith("*")
        right = not raw.endswith("*")
        text = normalize(raw.strip("*"))
        if not text:
            raise ValueError(f"пустая фраза в requirements.yaml: {raw!r}")
        return cls(text, left and _is_word(text[0]), right and _is_word(text[-1]))

    def search(self, s: str, start: int = 0, end: int | None = None) -> int:
        """Position of the first match within s[start:end], or -1."""
        end = len(s) if end is None else end
        if self.regex is not None:
            m = self.regex.search(s, start, end)
            return m.start() if m else -1
        t = self.text
        pos = s.find(t, start, end)
        while pos >= 0:
            after = pos + len(t)
            if (not self.left or pos == 0 or not _is_word(s[pos - 1])) and (
                not self.right or after >= len(s) or not _is_word(s[after])
            ):
                return pos
            pos = s.find(t, pos + 1, end)
        return -1

    def positions(self, s: str) -> Iterator[int]:
        pos = self.search(s)
        while pos >= 0:
            yield pos
            pos = self.search(s, pos + 1)

    def __str__(self) -> str:
        return self.text[3:] if self.regex is not None else self.text


Group = tuple[Phrase, ...]  # alternatives: any one of them will do
Scope = Literal["block", "row", "document"]


@dataclass(frozen=True, slots=True)
class Requirement:
    id: str
    document: str
    source: str
    what: str
    place: str = ""
    match: tuple[Group, ...] = ()
    template_match: tuple[Group, ...] = ()
    style: str = ""
    in_table: bool = False
    scope: Scope = "block"
    fact: str = ""
    record: str = ""
    month: int = 0

    def groups(self, template: bool) -> tuple[Group, ...]:
        return self.template_match or self.match if template else self.match

    def find(
        self,
        doc: DocText,
        *,
        template: bool = False,
        groups: tuple[Group, ...] | None = None,
        constraints: bool = True,
    ) -> Block | None:
        """The first block where the requirement is met, or None."""
        if groups is not None:
            return next((doc.blocks[i] for i in self._hits(doc, template, groups, constraints)),
                        None)  # fmt: skip
        # verify_document and verify_package ask for the same requirement in one document
        key = ("find", id(self), template, constraints)
        memo = doc._memo
        hit = memo.get(key)
        if hit is None or hit[0] is not self:
            groups = self.groups(template)
            if len(groups) == 1 and len(groups[0]) == 1 and not (constraints and self._limited):
                # One phrase, any block (most requirements): its first occurrence decides.
                j = doc.joined(template)
                pos = groups[0][0].search(j.text)
                block = doc.blocks[j.block_at(pos)] if pos >= 0 else None
            else:
                block = next((doc.blocks[i] for i in self._hits(doc, template, None, constraints)),
                             None)  # fmt: skip
            hit = memo[key] = (self, block)
        return hit[1]

    @property
    def _limited(self) -> bool:
        """Does a block have to be more than a place where the phrase stands?"""
        return self.in_table or self.style == "heading" or bool(self.month)

    def locate(self, doc: DocText, *, template: bool = False) -> str | None:
        """«body, таблица 1, строка 1, ячейка 2» of the first match, for messages; or None."""
        block = self.find(doc, template=template)
        return f"{block.part}, {block.location}" if block is not None else None

    def find_all(
        self, doc: DocText, *, template: bool = False, constraints: bool = True
    ) -> list[Block]:
        """Every block that meets it (the mutation tests corrupt all of them)."""
        return [doc.blocks[i] for i in dict.fromkeys(self._hits(doc, template, None, constraints))]

    def _hits(
        self,
        doc: DocText,
        template: bool,
        groups: tuple[Group, ...] | None,
        constraints: bool,
    ) -> Iterator[int]:
        groups = groups if groups is not None else self.groups(template)
        if not groups:
            return
        j = doc.joined(template)
        s = j.text
        first, rest = groups[0], groups[1:]
        # Candidates in text order, produced lazily: find() usually stops at the first.
        positions = first[0].positions(s) if len(first) == 1 else _merged(first, s)
        scope = self.scope
        ok: dict[tuple[int, int], bool] = {}  # rest groups met in this span?
        for pos in positions:
            i = j.block_at(pos)
            block = doc.blocks[i]
            if constraints and not self._block_ok(block):
                continue
            if rest:
                if scope == "document":
                    span = (0, len(s))
                elif scope == "row":
                    span = j.row_span_of(i)
                else:
                    span = (j.starts[i], j.ends[i])
                met = ok.get(span)
                if met is None:
                    lo, hi = span
                    met = ok[span] = all(any(ph.search(s, lo, hi) >= 0 for ph in g) for g in rest)
                if not met:
                    continue
            if (
                constraints
                and self.month
                and not template
                and not _month_marked(doc, i, self.month)
            ):
                continue
            yield i

    def _block_ok(self, block: Block) -> bool:
        if self.in_table and not block.in_table:
            return False
        return not (self.style == "heading" and not block.heading)

    def describe_match(self, template: bool) -> str:
        """««принцип конфиденциальности»» or «любое из «a», «b»» — for messages."""
        parts = []
        for g in self.groups(template):
            alts = [f"«{ph}»" for ph in g]
            parts.append(alts[0] if len(alts) == 1 else "одно из " + ", ".join(alts))
        return " и ".join(parts)


# How a plan's month column may be headed: the name (dates.MONTHS_NOMINATIVE) or its first
# three letters («сен», «май»).
_MONTHS = {m: (name, name[:3]) for m, name in enumerate(MONTHS_NOMINATIVE) if name}


_MONTH_NAMES = frozenset(n for names in _MONTHS.values() for n in names)


def _month_marked(doc: DocText, i: int, month: int) -> bool:
    """Does the table row of block i carry a mark in the column headed by `month`?"""
    block = doc.blocks[i]
    if block.table_element is None:
        return False
    header = doc.memo("months", _month_headers).get(id(block.table_element), {})
    cols = {c for name in _MONTHS[month] for c in header.get(name, ())}
    if not cols:
        return False
    # The row's cells lie between its first cell's start and its last cell's end (cells
    # of a table nested in one of them too: those belong to other rows).
    j = doc.joined()
    lo, hi = j.row_span_of(i)
    row = block.row_element
    return any(
        b.row_element is row and b.grid_col in cols and b.text.strip()
        for b in doc.blocks[j.block_at(lo) : j.block_at(hi) + 1]
    )


_LONGEST_MONTH = max(len(n) for n in _MONTH_NAMES)  # «сентябрь»


def _month_headers(doc: DocText) -> dict[int, dict[str, set[int]]]:
    """Per table: month header → its grid columns."""
    j = doc.joined()
    text, starts, ends = j.text, j.starts, j.ends
    headers: dict[int, dict[str, set[int]]] = {}
    for i, b in enumerate(doc.blocks):
        if b.table_element is None:
            continue
        end = ends[i]
        if end - starts[i] > _LONGEST_MONTH and text[end - 1] != ".":
            continue  # too long for a month name, and no dots to strip
        name = text[starts[i] : ends[i]].rstrip(".")
        if name in _MONTH_NAMES:
            headers.setdefault(id(b.table_element), {}).setdefault(name, set()).add(b.grid_col)
    return headers


def _merged(alternatives: Group, s: str) -> Iterator[int]:
    """Positions of any of the phrases, ascending, each once."""
    last = -1
    for pos in heapq.merge(*(ph.positions(s) for ph in alternatives)):
        if pos != last:
            last = pos
            yield pos


@dataclass(frozen=True, slots=True)
class Record:
    key: str
    what: str
    match: tuple[Group, ...]
    produced_by: str | None


@dataclass(frozen=True, slots=True)
class RequirementSet:
    by_document: dict[str, tuple[Requirement, ...]]
    records: dict[str, Record]
    people: dict[str, tuple[str, ...]]  # role → documents that must name that person

    def for_document(self, doc_id: str) -> tuple[Requirement, ...]:
        return self.by_document.get(doc_id, ())

    def all(self) -> Iterator[Requirement]:
        for reqs in self.by_document.values():
            yield from reqs


_GROUP_DEFAULTS = ("place", "style", "in_table", "scope", "template_match", "match")


def _groups(raw: Any) -> tuple[Group, ...]:
    if raw is None:
        return ()
    if isinstance(raw, str):
        raw = [raw]
    out = []
    for item in raw:
        alts = [item] if isinstance(item, str) else list(item)
        out.append(tuple(Phrase.parse(str(a)) for a in alts))
    return tuple(out)


def _join_source(*parts: str | None) -> str:
    return ", ".join(p for p in parts if p)


def _build(group: dict[str, Any], item: dict[str, Any], doc_id: str, records: dict[str, Record]):
    merged = {k: group[k] for k in _GROUP_DEFAULTS if k in group}
    merged.update(item)
    record = records.get(merged.get("record", "")) if merged.get("record") else None
    if merged.get("record") and record is None:
        raise ValueError(f"{item.get('id')}: неизвестный record {merged['record']!r}")
    match = _groups(merged.get("match")) or (record.match if record else ())
    what = merged.get("what") or (record.what if record else "")
    req = Requirement(
        id=str(merged["id"]),
        document=doc_id,
        source=_join_source(
            group.get("source"), merged.get("source") if "source" in item else None
        ),
        what=str(what),
        place=str(merged.get("place", "")),
        match=match,
        template_match=_groups(merged.get("template_match")),
        style=str(merged.get("style", "")),
        in_table=bool(merged.get("in_table", False)),
        scope=merged.get("scope", "block"),
        fact=str(merged.get("fact", "")),
        record=str(merged.get("record", "")),
        month=int(merged.get("month", 0)),
    )
    if req.scope not in ("block", "row", "document"):
        raise ValueError(f"{req.id}: scope должен быть block, row или document")
    if not (req.match or req.template_match):
        raise ValueError(f"{req.id}: нет ни match, ни template_match")
    return req


@functools.cache
def load(path: Path = REQUIREMENTS_PATH) -> RequirementSet:
    """requirements.yaml, parsed and validated once per process."""
    # The C loader is the same safe loader, ten times faster than yaml.safe_load.
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    data = yaml.load(path.read_text(encoding="utf-8"), Loader=loader)
    records = {
        key: Record(key, str(r["what"]), _groups(r["match"]), r.get("produced_by"))
        for key, r in (data.get("records") or {}).items()
    }
    by_doc: dict[str, list[Requirement]] = {}
    for doc_id, groups in (data.get("documents") or {}).items():
        for group in groups:
            for item in group["items"]:
                by_doc.setdefault(doc_id, []).append(_build(group, item, doc_id, records))
    for group in data.get("shared") or ():
        for doc_id in group["documents"]:
            for item in group["items"]:
                by_doc.setdefault(doc_id, []).append(_build(group, item, doc_id, records))
    for doc_id, reqs in by_doc.items():
        ids = [r.id for r in reqs]
        dupes = {i for i in ids if ids.count(i) > 1}
        if dupes:
            raise ValueError(f"{doc_id}: повторяются id требований: {', '.join(sorted(dupes))}")
    people = {role: tuple(docs) for role, docs in (data.get("people") or {}).items()}
    return RequirementSet({k: tuple(v) for k, v in by_doc.items()}, records, people)


def requirements_for(doc_id: str) -> tuple[Requirement, ...]:
    return load().for_document(doc_id)


def all_requirements() -> Iterable[Requirement]:
    return load().all()
