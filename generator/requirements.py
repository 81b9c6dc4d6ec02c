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
import io
import re
import zipfile
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

import yaml
from lxml import etree

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
# look up every character (several times slower on Cyrillic text).
_SPECIAL_ITEMS = tuple(_MAP.items())
_SPACES = re.compile("[ " + _SPACE_CHARS + "]+")
_EDGE_SPACES = re.compile(r" ?([\n\x00]) ?")


def _special(text: str) -> str:
    for old, new in _SPECIAL_ITEMS:
        if old in text:
            text = text.replace(old, new)
    return text


def _squeeze(text: str) -> str:
    """Single spaces, none around line breaks and block separators (\\x00)."""
    return _EDGE_SPACES.sub(r"\1", _SPACES.sub(" ", text)).strip(" ")


def normalize(text: str) -> str:
    """Lower case, ё≡е, one kind of quote and dash, single spaces; line breaks are kept."""
    return _squeeze(_special(text.lower())).strip()


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


@dataclass(slots=True, eq=False)
class Para:
    """One w:p, wherever it stands; `cell` is set for paragraphs inside a table cell."""

    part: str
    element: Any  # lxml element of the w:p
    text: str
    style: str  # style name as Word shows it
    heading: bool
    index: int  # 1-based among the part's top-level paragraphs; 0 inside tables
    cell: Block | None = None

    @property
    def location(self) -> str:
        if self.cell is None:
            return f"абзац {self.index}"
        paras = self.cell.paragraphs
        if len(paras) > 1:
            return f"{self.cell.location}, абзац {paras.index(self) + 1}"
        return self.cell.location


@dataclass(slots=True, eq=False)
class Block:
    """A unit requirements are matched in: a top-level paragraph, or one table cell."""

    part: str
    kind: BlockKind
    location: str
    paragraphs: list[Para]
    element: Any  # w:p or w:tc
    table: int = 0  # 1-based table number in the part (nested tables counted too)
    row: int = 0
    cell: int = 0
    grid_col: int = 0  # first grid column of the cell (accounts for gridSpan)
    row_element: Any = None
    table_element: Any = None

    @property
    def text(self) -> str:
        return "\n".join(p.text for p in self.paragraphs)

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


class DocText:
    """All text of a DOCX as blocks, with the normalised text built once for matching."""

    def __init__(self, paragraphs: list[Para], blocks: list[Block]) -> None:
        self.paragraphs = paragraphs
        self.blocks = blocks
        self._norm: dict[str, _Joined] = {}

    def joined(self, template: bool = False) -> _Joined:
        """Normalised text of all blocks joined by «\\n\\n»; template=True canonicalises tags."""
        key = "template" if template else "text"
        j = self._norm.get(key)
        if j is None:
            j = self._norm[key] = _Joined.build(self.blocks, key)
        return j

    def raw(self) -> _Joined:
        """Like joined(), but in the original case (names), whitespace collapsed only."""
        j = self._norm.get("raw")
        if j is None:
            j = self._norm["raw"] = _Joined.build(self.blocks, "raw")
        return j

    def parts(self) -> list[str]:
        return list(dict.fromkeys(p.part for p in self.paragraphs))


@dataclass(slots=True)
class _Joined:
    text: str
    starts: list[int]
    ends: list[int]
    row_span: list[tuple[int, int]]  # per block: the span of its table row (or itself)

    @classmethod
    def build(cls, blocks: list[Block], mode: str) -> _Joined:
        # One pass over the whole document instead of one per block: blocks are joined by
        # \x00 (untouched by normalisation), processed, then split again.
        raw = "\x00".join(b.text.replace("\x00", "") for b in blocks)
        if mode == "raw":
            text = _squeeze(raw)
        else:
            if mode == "template":
                raw = canonical_tags(raw)
            text = _squeeze(_special(raw.lower()))
        chunks = [c.strip("\n") for c in text.split("\x00")] if blocks else []
        assert len(chunks) == len(blocks)
        starts: list[int] = []
        ends: list[int] = []
        pos = 0
        for t in chunks:
            starts.append(pos)
            ends.append(pos + len(t))
            pos += len(t) + 2
        row_span: list[tuple[int, int]] = []
        by_row: dict[int, tuple[int, int]] = {}
        for i, b in enumerate(blocks):
            if b.row_element is not None:
                key = id(b.row_element)
                s, e = by_row.get(key, (starts[i], ends[i]))
                by_row[key] = (min(s, starts[i]), max(e, ends[i]))
        for i, b in enumerate(blocks):
            span = by_row.get(id(b.row_element)) if b.row_element is not None else None
            row_span.append(span or (starts[i], ends[i]))
        return cls("\n\n".join(chunks), starts, ends, row_span)

    def block_at(self, pos: int) -> int:
        return bisect.bisect_right(self.starts, pos) - 1


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


def extract(
    parts: Mapping[str, bytes],
    roots: dict[str, Any] | None = None,
    styles: Styles | None = None,
) -> DocText:
    """Located text of every text part: body first, then headers, footers, notes.

    `roots`, if given, receives each part's parsed root (so a caller can inspect the same
    tree without parsing it again); `styles` saves re-parsing a known styles.xml.
    """
    if styles is None:
        styles = Styles.parse(parts.get("word/styles.xml"))
    paragraphs: list[Para] = []
    blocks: list[Block] = []
    for name in sorted((n for n in parts if TEXT_PART.match(n)), key=_part_order):
        root = etree.fromstring(parts[name], _PARSER)
        if roots is not None:
            roots[name] = root
        container = root.find(W + "body") if name == "word/document.xml" else root
        if container is None:
            continue
        _Walker(part_label(name), styles, paragraphs, blocks).walk(container)
    return DocText(paragraphs, blocks)


def extract_docx(source: bytes | Path) -> DocText:
    return extract(read_parts(source))


_TEXT_TAGS = (W_T, W_TAB, W_BR, W_CR, W_NBH)


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


@dataclass(slots=True)
class _Walker:
    part: str
    styles: Styles
    paragraphs: list[Para]
    blocks: list[Block]
    top_index: int = 0
    table_count: int = 0
    _outer: list[str] = field(default_factory=list)  # locations of enclosing cells

    def walk(self, container: Any, cell: Block | None = None) -> None:
        for child in container:
            tag = child.tag
            if tag == W_P:
                para = self._para(child, cell)
                if cell is None:
                    self.blocks.append(Block(self.part, "paragraph", para.location, [para], child))
                else:
                    cell.paragraphs.append(para)
            elif tag == W_TBL:
                self._table(child)
            elif tag == W_SDT:
                content = child.find(W_SDT_CONTENT)
                if content is not None:
                    self.walk(content, cell)
            elif tag == W_CUSTOM_XML:
                self.walk(child, cell)

    def _para(self, p: Any, cell: Block | None) -> Para:
        sid = ""
        outline = False
        # pPr is the first child when present; plain child loops beat lxml's find() here.
        if len(p) and p[0].tag == W_PPR:
            for prop in p[0]:
                if prop.tag == W_PSTYLE:
                    sid = prop.get(W_VAL) or ""
                elif prop.tag == W_OUTLINE:
                    outline = (prop.get(W_VAL) or "9") < "9"
        sid = sid or self.styles.default
        index = 0
        if cell is None:
            self.top_index += 1
            index = self.top_index
        para = Para(
            self.part,
            p,
            paragraph_text(p),
            self.styles.names.get(sid, sid),
            outline or sid in self.styles.headings,
            index,
            cell,
        )
        self.paragraphs.append(para)
        return para

    def _table(self, tbl: Any) -> None:
        self.table_count += 1
        number = self.table_count
        prefix = " / ".join([*self._outer, "вложенная таблица"]) if self._outer else "таблица"
        for r, tr in enumerate(_children(tbl, W_TR), start=1):
            grid = 0
            for c, tc in enumerate(_children(tr, W_TC), start=1):
                location = f"{prefix} {number}, строка {r}, ячейка {c}"
                block = Block(self.part, "cell", location, [], tc, number, r, c, grid, tr, tbl)
                grid += _grid_span(tc)
                self.blocks.append(block)
                self._outer.append(location)
                try:
                    self.walk(tc, block)
                finally:
                    self._outer.pop()


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

    def checks_output(self) -> bool:
        return bool(self.match)

    def find(
        self,
        doc: DocText,
        *,
        template: bool = False,
        groups: tuple[Group, ...] | None = None,
        constraints: bool = True,
    ) -> Block | None:
        """The first block where the requirement is met, or None."""
        for i in self._hits(doc, template, groups, constraints):
            return doc.blocks[i]
        return None

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
        positions = sorted({p for ph in first for p in ph.positions(s)})
        for pos in positions:
            i = j.block_at(pos)
            block = doc.blocks[i]
            if constraints and not self._block_ok(block):
                continue
            if self.scope == "document":
                lo, hi = 0, len(s)
            elif self.scope == "row":
                lo, hi = j.row_span[i]
            else:
                lo, hi = j.starts[i], j.ends[i]
            if all(any(ph.search(s, lo, hi) >= 0 for ph in g) for g in rest):
                if (
                    constraints
                    and self.month
                    and not template
                    and not _month_marked(doc, block, self.month)
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


_MONTHS = {
    1: ("январь", "янв"),
    2: ("февраль", "фев"),
    3: ("март", "мар"),
    4: ("апрель", "апр"),
    5: ("май", "май"),
    6: ("июнь", "июн"),
    7: ("июль", "июл"),
    8: ("август", "авг"),
    9: ("сентябрь", "сен"),
    10: ("октябрь", "окт"),
    11: ("ноябрь", "ноя"),
    12: ("декабрь", "дек"),
}


def _month_marked(doc: DocText, block: Block, month: int) -> bool:
    """Does the table row of `block` carry a mark in the column headed by `month`?"""
    if block.table_element is None:
        return False
    names = _MONTHS[month]
    j = doc.joined()
    cols = {
        b.grid_col
        for i, b in enumerate(doc.blocks)
        if b.table_element is block.table_element
        and j.text[j.starts[i] : j.ends[i]].rstrip(".") in names
    }
    return any(
        b.row_element is block.row_element and b.grid_col in cols and b.text.strip()
        for b in doc.blocks
    )


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
