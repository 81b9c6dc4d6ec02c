"""The appendices' requirements, and how one is found in a document's text.

generator/catalog/requirements.yaml says what every document must contain; this module
turns it into phrases (matched as whole words, or regexes) and finds each requirement in
a `DocText`, with its constraints (a heading, a table, a marked month of the plan). Both
`check` (templates) and `verify` (rendered documents) use it.
"""

from __future__ import annotations

import functools
import heapq
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any, Literal

from .. import catalog
from ..docx.text import Block, DocText, normalize
from ..errors import CatalogError
from ..paths import catalog_file, shown
from ..russian.dates import MONTHS_ABBR, MONTHS_NOMINATIVE


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


# How a plan's month column may be headed: the name (dates.MONTHS_NOMINATIVE), its
# standard abbreviation («сент.», «нояб.»: dates.MONTHS_ABBR) or its first three letters.
_MONTHS = {
    m: (name, name[:3], MONTHS_ABBR[m].rstrip("."))
    for m, name in enumerate(MONTHS_NOMINATIVE)
    if name
}


_MONTH_NAMES = frozenset(n for names in _MONTHS.values() for n in names)


def _month_marked(doc: DocText, i: int, month: int) -> bool:
    """Does the table row of block i carry a mark in the column headed by `month`?"""
    block = doc.blocks[i]
    if block.table_element is None:
        return False
    headers = doc.memo("months", _month_headers)
    table = block.table_element
    # The plan's last event stands in a table nested in the closing row (it keeps the
    # signature with it), on the same grid: its months are headed by the outer table.
    while id(table) not in headers and table is not None:
        table = next(table.iterancestors(table.tag), None)
    header = headers.get(id(table), {}) if table is not None else {}
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


def _invalid(message: str) -> CatalogError:
    return CatalogError(f"Файл данных {shown(catalog_file('requirements.yaml'))}: {message}")


def _build(
    group: catalog.RequirementGroup,
    item: catalog.RequirementItem,
    doc_id: str,
    records: dict[str, Record],
) -> Requirement:
    """An item with its group's defaults for what it does not say itself."""
    merged = {k: getattr(group, k) for k in _GROUP_DEFAULTS if getattr(group, k) is not None}
    merged.update(item.model_dump(exclude_none=True))
    record = records.get(merged.get("record", "")) if merged.get("record") else None
    if merged.get("record") and record is None:
        raise _invalid(f"{item.id}: неизвестный record «{merged['record']}».")
    try:
        match = _groups(merged.get("match")) or (record.match if record else ())
        template_match = _groups(merged.get("template_match"))
    except (ValueError, re.error) as exc:
        raise _invalid(f"{item.id}: {exc}.") from None
    req = Requirement(
        id=item.id,
        document=doc_id,
        source=_join_source(group.source, item.source),
        what=str(merged.get("what") or (record.what if record else "")),
        place=str(merged.get("place", "")),
        match=match,
        template_match=template_match,
        style=str(merged.get("style", "")),
        in_table=bool(merged.get("in_table", False)),
        scope=merged.get("scope", "block"),
        fact=str(merged.get("fact", "")),
        record=str(merged.get("record", "")),
        month=int(merged.get("month", 0)),
    )
    if not (req.match or req.template_match):
        raise _invalid(f"{req.id}: нет ни match, ни template_match.")
    return req


@functools.cache
def load() -> RequirementSet:
    """requirements.yaml as phrases and requirements, once per process."""
    data = catalog.requirements()
    records = {
        key: Record(key, r.what, _groups(r.match), r.produced_by) for key, r in data.records.items()
    }
    by_doc: dict[str, list[Requirement]] = {}
    for doc_id, groups in data.documents.items():
        for group in groups:
            for item in group.items:
                by_doc.setdefault(doc_id, []).append(_build(group, item, doc_id, records))
    for shared in data.shared:
        for doc_id in shared.documents:
            for item in shared.items:
                by_doc.setdefault(doc_id, []).append(_build(shared, item, doc_id, records))
    for doc_id, reqs in by_doc.items():
        ids = [r.id for r in reqs]
        dupes = {i for i in ids if ids.count(i) > 1}
        if dupes:
            raise _invalid(f"{doc_id}: повторяются id требований: {', '.join(sorted(dupes))}.")
    people = {role: tuple(docs) for role, docs in data.people.items()}
    return RequirementSet({k: tuple(v) for k, v in by_doc.items()}, records, people)


def requirements_for(doc_id: str) -> tuple[Requirement, ...]:
    return load().for_document(doc_id)


def all_requirements() -> Iterable[Requirement]:
    return load().all()
