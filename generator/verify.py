"""Verify a rendered document (and the whole package) before it is written.

`profdocs build` must never write an incomplete act: a section lost from a template, a
leftover `{{ tag }}`, an approval stamp with an empty number, or an order that appoints
one coordinator while the duties are signed by another. These checks run for every
document of every school, so each document is parsed once with lxml and normalised once,
and every check is one pass over that text: about 2 ms per document, half of it lxml's
parse and the walk into text blocks (benchmarks/bench_verify.py, benchmarks/README.md).
"""

from __future__ import annotations

import bisect
import datetime as dt
import functools
import io
import re
import struct
import zipfile
import zlib
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, NamedTuple

from . import legal
from . import requirements as rq
from .documents import BY_ID
from .findings import Finding
from .requirements import Block, DocText, Phrase, Requirement

if TYPE_CHECKING:
    from .context_model import DocumentContext, PersonCtx


@dataclass(frozen=True, slots=True)
class PackageFacts:
    """What every document of one school's package must agree on."""

    coordinator_short: str  # «М.П. Иванова»
    coordinator_full: str  # «Иванова Мария Петровна»
    deputy_uvr_short: str  # «С.С. Петрова»
    order_number: str  # «124-о»
    order_date_numeric: str  # «28.08.2026»
    order_date: dt.date
    protocol_date: dt.date  # педагогический совет
    effective_date: dt.date  # назначение вступает в силу
    school_full_name: str = ""
    order_date_words: str = ""  # «28 августа 2026 г.»
    # Declined forms («Ивановой Марии Петровне», «М.П. Ивановой» …); without them a name
    # is compared by initials and surname stem.
    coordinator_forms: tuple[str, ...] = ()
    deputy_uvr_forms: tuple[str, ...] = ()
    # Profile values that themselves look like Jinja («… {{ 7*7 }} …»): printed as text,
    # they are not leftover tags.
    literal_values: tuple[str, ...] = ()

    @classmethod
    def from_context(
        cls, ctx: DocumentContext, dumped: dict[str, Any] | None = None
    ) -> PackageFacts:
        """The facts as the templates see them (one context serves the whole package).

        `dumped`: ctx.model_dump(), if the caller has made it already (it renders with it).
        """
        order = ctx.acts.order
        return cls(
            coordinator_short=ctx.coordinator.short.nominative,
            coordinator_full=ctx.coordinator.name.nominative,
            deputy_uvr_short=ctx.deputy_uvr.short.nominative,
            order_number=order.number,
            order_date_numeric=order.date.numeric,
            order_date=dt.date.fromisoformat(order.date.iso),
            protocol_date=dt.date.fromisoformat(ctx.acts.pedagogical_council.date.iso),
            effective_date=dt.date.fromisoformat(order.effective_date.iso),
            school_full_name=ctx.school.full_name,
            order_date_words=order.date.words,
            coordinator_forms=_person_forms(ctx.coordinator),
            deputy_uvr_forms=_person_forms(ctx.deputy_uvr),
            literal_values=tuple(dict.fromkeys(_tag_like(dumped or ctx.model_dump()))),
        )

    def person(self, role: str) -> _Person | None:
        """The person a role word points at; None if the name can't be parsed."""
        if role == "coordinator":
            forms = (self.coordinator_full, *self.coordinator_forms)
            return _Person.of("координатор", self.coordinator_short, forms)
        return _Person.of(
            "заместитель директора по УВР", self.deputy_uvr_short, self.deputy_uvr_forms
        )


def _tag_like(value: object) -> list[str]:
    """Every string in the context that looks like a Jinja tag, depth first."""
    found: list[str] = []

    def check(text: str) -> None:
        # every tag mark has a brace: most values skip the regex
        if ("{" in text or "}" in text) and _LEFTOVER.search(text):
            found.append(text)

    def visit(container: dict | list | tuple) -> None:
        # a call per container, not per value: a school's context holds ~1500 strings
        for item in container.values() if isinstance(container, dict) else container:
            if isinstance(item, str):
                check(item)
            elif isinstance(item, dict | list | tuple):
                visit(item)

    if isinstance(value, str):
        check(value)
    elif isinstance(value, dict | list | tuple):
        visit(value)
    return found


def _spans_of(text: str, values: Iterable[str]) -> list[tuple[int, int]]:
    spans = []
    for v in values:
        pos = text.find(v)
        while pos >= 0:
            spans.append((pos, pos + len(v)))
            pos = text.find(v, pos + 1)
    return spans


def _inside(pos: int, spans: list[tuple[int, int]]) -> bool:
    return any(s <= pos < e for s, e in spans)


def _person_forms(p: PersonCtx) -> tuple[str, ...]:
    forms = [*p.name.model_dump().values(), *p.short.model_dump().values(), p.surname_first]
    return tuple(dict.fromkeys(forms))


# --------------------------------------------------------------------------------------
# One document
# --------------------------------------------------------------------------------------

_LEFTOVER = re.compile(r"\{\{|\{%|\}\}|%\}|\{#|#\}")
# Searched in the normalised text of the whole document (blocks joined by "\n\n"), so
# the patterns never cross a line: " ?" rather than "\s*". Each is searched alone: one
# that starts with a literal lets the engine jump from one occurrence of it to the next,
# where their alternation would try every position (twice as slow over a package). They
# start with different characters, so per block the first hit is the alternation's
# (tests/test_verify.py).
_EMPTY_PATTERNS = (
    r"от(?<!\wот) ?(?:№|(?=$|[,;)\n]))",  # date: «от» followed by «№» or nothing
    r"№ ?(?=$|[,;.)\"\n]|от\b)",  # number: «№» followed by nothing
    r'" ?"',  # quotes
    r"\( ?\)",  # parens
)
_EMPTY_BRANCHES = tuple(re.compile(p) for p in _EMPTY_PATTERNS)
_EMPTY_WHAT = {
    "о": "после «от» нет даты",
    "№": "после «№» нет номера",
    '"': "пустые кавычки",
    "(": "пустые скобки",
}


def verify_document(
    doc_id: str,
    docx_bytes: bytes,
    file_name: str,
    facts: PackageFacts | None = None,
    *,
    rendered: Mapping[str, bytes] | None = None,
) -> list[Finding]:
    """The document's requirements, no leftover Jinja, no empty required field.

    `rendered`: the XML parts the archive was just built from, by name. A part whose size
    and CRC-32 match the archive's entry is read from there instead of being inflated
    again; any other is inflated from the archive, so what is checked is what is written.
    """
    doc = _doc_text(docx_bytes, rendered)
    out: list[Finding] = []
    for req in rq.requirements_for(doc_id):
        groups = req.match
        if req.fact:
            value = getattr(facts, req.fact, "") if facts is not None else ""
            if not value:
                continue
            groups = ((_phrase(value),),)
        if not groups:
            continue
        found = req.find(doc) if groups is req.match else req.find(doc, groups=groups)
        if found is None:
            out.append(_missing(req, doc, file_name, groups))
    raw = doc.raw()
    # One search over the whole text; only a document with a tag in it is gone through
    # block by block (the squeezed text keeps every «{{», «%}» … of the blocks).
    text = raw.text
    if ("{" in text or "}" in text) and _LEFTOVER.search(text):  # every mark has a brace
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
                _snip(joined.text[joined.starts[i] : joined.ends[i]], m.start() - joined.starts[i]),
            )
        )
    out.extend(legal.findings(_legal_text(raw), file_name))
    return out


def _leftovers(doc: DocText, file_name: str, facts: PackageFacts | None) -> Iterator[Finding]:
    literals = facts.literal_values if facts is not None else ()
    for block in doc.blocks:
        text = block.text
        if not text:
            continue
        m = _LEFTOVER.search(text)
        if m and literals:
            spans = _spans_of(text, literals)
            m = next((x for x in _LEFTOVER.finditer(text) if not _inside(x.start(), spans)), None)
        if m:
            yield Finding(
                "error",
                file_name,
                f"В документе остался тег шаблона «{m.group(0)}»: шаблон содержит тег, "
                "который не был обработан. Проверьте шаблон командой «profdocs check».",
                block.part,
                block.location,
                _snip(text, m.start()),
            )


@functools.lru_cache(maxsize=64)
def _phrase(value: str) -> Phrase:
    return Phrase.parse(value)


# One school's six documents: verify_document parses each, verify_package reads the same
# bytes again. Larger would only keep parsed trees of schools already written.
_RECENT: dict[bytes, DocText] = {}
_RECENT_SIZE = 6


def clear_cache() -> None:
    """Forget parsed documents and parts (benchmarks and tests that time parsing)."""
    _RECENT.clear()
    _PARTS.clear()


def _doc_text(data: bytes, rendered: Mapping[str, bytes] | None = None) -> DocText:
    """Parsed once per document even when verify_document and verify_package both read it."""
    doc = _RECENT.get(data)  # bytes keep their hash: a dictionary lookup, not a rehash
    if doc is None:
        doc = _parse(data, rendered)
        if len(_RECENT) >= _RECENT_SIZE:
            del _RECENT[next(iter(_RECENT))]
        _RECENT[data] = doc
    return doc


def _parse(data: bytes, rendered: Mapping[str, bytes] | None) -> DocText:
    read = _read_plain(data, rendered)
    if read is None:
        # Anything but a plain, sound archive: zipfile reads it, or says what is wrong.
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            parts = {n: zf.read(n) for n in zf.namelist() if rq.TEXT_PART.match(n)}
            try:
                styles = rq.Styles.parse(zf.read(_STYLES_XML))
            except KeyError:
                styles = rq.Styles.parse(None)
        return rq.extract(parts, styles=styles)
    parts, styles, known = read
    return rq.extract(parts, styles=styles, known=known)


def _read_plain(
    data: bytes, rendered: Mapping[str, bytes] | None = None
) -> tuple[dict[str, bytes], rq.Styles, dict[str, rq.PartText]] | None:
    """A plain archive read without zipfile: the body's XML, the styles, and the other text
    parts already read (here, or from an earlier document with the same entry); else None."""
    entries = _entries(data)
    if entries is None:
        return None
    styles = _styles(entries.get(_STYLES_XML))
    if styles is None:
        return None
    parts: dict[str, bytes] = {}
    known: dict[str, rq.PartText] = {}
    for name, entry in entries.items():
        if name == _STYLES_XML:
            continue
        # Headers and footers are the template's own in every school: read once, found
        # again by the entry as it stands in this archive (compressed bytes, CRC, size).
        hit = _PARTS.get((name, entry))
        if hit is not None and hit[0] is styles:
            known[name] = hit[1]
            continue
        content = rendered.get(name) if rendered else None
        # The same bytes as the entry holds (a CRC-32 of the uncompressed data is
        # several times cheaper than inflating it); anything else: the entry itself.
        if content is None or len(content) != entry.size or zlib.crc32(content) != entry.crc:
            content = _inflate(entry)
        if content is None:
            return None
        if name == _BODY_XML:  # different in every school: not worth keeping
            parts[name] = content
            continue
        if len(_PARTS) >= 64:
            _PARTS.clear()
        part = known[name] = rq.extract_part(name, content, styles)
        _PARTS[(name, entry)] = (styles, part)
    return parts, styles, known


def _styles(entry: _Entry | None) -> rq.Styles | None:
    """Every document of a template carries the same styles.xml: parsed once, keyed by its
    compressed bytes (no inflating, a short key to hash). None: it does not inflate."""
    if entry is None:
        return _NO_STYLES
    styles = _STYLES.get(entry)
    if styles is None:
        content = _inflate(entry)
        if content is None:
            return None
        styles = rq.Styles.parse(content)
        if len(_STYLES) >= 16:
            _STYLES.clear()
        _STYLES[entry] = styles
    return styles


_BODY_XML = "word/document.xml"
_STYLES_XML = "word/styles.xml"
_STYLES: dict[_Entry, rq.Styles] = {}  # compressed styles.xml → parsed (one per template)
_NO_STYLES = rq.Styles.parse(None)
# (part name, its entry) → (the styles it was read with, its paragraphs and blocks)
_PARTS: dict[tuple[str, _Entry], tuple[rq.Styles, rq.PartText]] = {}


def _entries(data: bytes) -> dict[str, _Entry] | None:
    """The text parts and styles.xml of a DOCX, still compressed, from its central directory.

    zipfile builds an object per entry and a file object per read, several times the cost
    of inflating the three parts verification needs. This reads the directory directly;
    anything it does not expect of a plain archive (ZIP64, several disks, data before the
    archive, encryption, another compression, a local header that disagrees) gives None,
    and zipfile takes over.
    """
    eocd = data.rfind(b"PK\x05\x06", max(0, len(data) - 65_557))
    if eocd < 0 or len(data) != eocd + 22 + int.from_bytes(data[eocd + 20 : eocd + 22], "little"):
        return None  # not found, or a comment that does not end the file
    disk, cd_disk, n_disk, n_total, cd_size, cd_offset = struct.unpack_from("<4H2L", data, eocd + 4)
    if disk or cd_disk or n_disk != n_total or cd_offset + cd_size != eocd:
        return None  # several disks, ZIP64 (0xFFFF… markers), or bytes before the archive
    out: dict[str, _Entry] = {}
    pos = cd_offset
    for _ in range(n_total):
        if data[pos : pos + 4] != b"PK\x01\x02":
            return None
        flags, method, _t, _d, crc, csize, usize, nlen, xlen, clen = struct.unpack_from(
            "<4H3L3H", data, pos + 8
        )
        (offset,) = struct.unpack_from("<L", data, pos + 42)
        raw_name = data[pos + 46 : pos + 46 + nlen]
        pos += 46 + nlen + xlen + clen
        if b"\x00" in raw_name:
            return None  # zipfile cuts such a name short
        name = raw_name.decode("utf-8" if flags & 0x800 else "cp437")
        if not (rq.TEXT_PART.match(name) or name == _STYLES_XML):
            continue
        if flags & 0x1 or method not in (0, 8) or csize == 0xFFFFFFFF or usize == 0xFFFFFFFF:
            return None
        local = data[offset : offset + 30]
        if len(local) < 30 or local[:4] != b"PK\x03\x04":
            return None
        lnlen, lxlen = struct.unpack_from("<2H", local, 26)
        if data[offset + 30 : offset + 30 + lnlen] != raw_name:
            return None
        start = offset + 30 + lnlen + lxlen
        raw = data[start : start + csize]
        if len(raw) != csize:
            return None
        out[name] = _Entry(method, crc, usize, raw)
    return out


class _Entry(NamedTuple):
    method: int  # 0 stored, 8 deflated
    crc: int
    size: int
    raw: bytes


def _inflate(entry: _Entry) -> bytes | None:
    """The entry's content if it inflates to its size and CRC (else zipfile reports it)."""
    try:
        data = zlib.decompress(entry.raw, -15) if entry.method == 8 else entry.raw
    except zlib.error:
        return None
    if len(data) != entry.size or zlib.crc32(data) != entry.crc:
        return None
    return data


# ---------------------------------------------------------------- legal basis

# legal.findings() looks for citations with legal._CITATION, a regex Python's engine tries
# at every character of the text: 2.4 ms for a 34 000-character regulation, more than all
# the other checks of a document together. What it finds always holds «от dd.mm.yyyy», no
# more than six words before that «от» begin it («Федеральный закон» + four words of the
# issuer) and no more than three words after the date end it («г.», «№», the number). So
# legal.findings() is given only the blocks around each such date, with a margin, every
# run of them cut off from the next by «№» on a line of its own, which no part of that
# regex can step over: the same citations, in the same order, for a tenth of the text.
# This holds for the regex below; if legal.py changes it, the whole text is scanned again
# (and tests/test_verify.py says so).
_LEGAL_CITATION = (
    r"(?=[ФфЗзПпРрУу])(?P<kind>(?:[Фф]едеральн\w*\s+)?(?:[Зз]акон\w*|[Пп]риказ\w*|[Пп]исьм\w*|[Пп]остановлени\w*"
    r"|[Рр]аспоряжени\w*|[Уу]каз\w*))"
    r"(?P<issuer>(?:\s+(?!от\b)[^\s№]+){0,4}?)"
    r"\s+от\s+(?P<date>\d{2}\.\d{2}\.\d{4})\s*(?:г\.\s*)?№\s*(?P<number>[\w\-/.]*\w)"
)
_LEGAL_ANCHOR = re.compile(r"от\s+\d{2}\.\d{2}\.\d{4}")
_WORDS_BEFORE = 10  # ≥ 6: «Федеральный», «закон» and four words of the issuer
_WORDS_AFTER = 8  # ≥ 3: «г.», «№», the number
_BARRIER = "\n\n№\n\n"


def _legal_prefilter() -> bool:
    """Is legal.py's citation regex the one the reduction above was worked out for?"""
    rx = getattr(legal, "_CITATION", None)
    return rx is not None and rx.pattern == _LEGAL_CITATION and rx.flags == re.UNICODE


def _legal_text(raw: rq._Joined) -> str:
    """The text legal.findings() needs: the blocks around «от <date>», or all of it."""
    text = raw.text
    if not _legal_prefilter():
        return text
    by_name = [rx for rx, _ in legal._by_name()]
    if any(rx.search(text) for rx in by_name):
        return text  # a repealed act cited by name: rare, and then the document fails
    starts, ends = raw.starts, raw.ends
    last = len(starts) - 1
    runs: list[list[int]] = []
    # Only whether a margin is reached matters, so words are counted up to it: a count
    # capped at the margin + 1 decides every comparison below as the full count would,
    # and rsplit/split stop early instead of cutting a long paragraph into all its words.
    before, after = _WORDS_BEFORE, _WORDS_AFTER
    for m in _LEGAL_ANCHOR.finditer(text):
        lo = raw.block_at(m.start())
        words = len(text[starts[lo] : m.start()].rsplit(maxsplit=before))
        while words < before and lo > 0:
            lo -= 1
            words += len(text[starts[lo] : ends[lo]].rsplit(maxsplit=before))
        hi = raw.block_at(m.end() - 1)
        words = len(text[m.end() : ends[hi]].split(maxsplit=after))
        while words < after and hi < last:
            hi += 1
            words += len(text[starts[hi] : ends[hi]].split(maxsplit=after))
        if runs and lo <= runs[-1][1] + 1:
            runs[-1][1] = max(runs[-1][1], hi)
        else:
            runs.append([lo, hi])
    reduced = _BARRIER.join(text[starts[lo] : ends[hi]] for lo, hi in runs)
    if any(rx.search(reduced) for rx in by_name):
        return text
    return reduced


def _missing(
    req: Requirement, doc: DocText, file_name: str, groups: tuple[rq.Group, ...]
) -> Finding:
    near = req.find(doc, groups=groups, constraints=False)
    if near is not None and req.style == "heading" and not near.heading:
        msg = (
            f"{_cap(req.what)} ({req.source}) есть, но оформлен не как заголовок "
            f"(стиль «{near.style}»): проверьте стиль в шаблоне."
        )
        return Finding("error", file_name, msg, near.part, near.location, _snip(near.text),
                       req.id, req.source)  # fmt: skip
    if near is not None and req.month:
        msg = (
            f"{_cap(req.what)} ({req.source}): мероприятие есть, но в колонке месяца нет "
            "отметки. Проверьте сроки мероприятия в профиле или в plan_defaults.yaml."
        )
        return Finding("error", file_name, msg, near.part, near.location, _snip(near.text),
                       req.id, req.source)  # fmt: skip
    what = req.what
    looked = " и ".join("«" + str(g[0]) + "»" for g in groups)
    msg = (
        f"В документе нет: {what} ({req.source}). Документ неполон и не будет записан; "
        f"проверьте шаблон («profdocs check») и профиль школы. Искали текст {looked}."
    )
    return Finding("error", file_name, msg, "body", "", "", req.id, req.source)


def _cap(text: str) -> str:
    return text[:1].upper() + text[1:]


def _snip(text: str, at: int = 0, width: int = 70) -> str:
    start = max(0, at - width // 3)
    piece = " ".join(text[start : start + width].split())
    return ("…" if start else "") + piece + ("…" if start + width < len(text) else "")


# --------------------------------------------------------------------------------------
# The package
# --------------------------------------------------------------------------------------


def verify_package(docs: dict[str, bytes], expected: PackageFacts) -> list[Finding]:
    """Cross-document consistency of one school's package (docs keyed by document id)."""
    texts = {doc_id: _doc_text(data) for doc_id, data in docs.items()}
    out: list[Finding] = []
    out += _check_dates(expected)
    out += _check_order(texts, expected)
    out += _check_stamps(texts, expected)
    out += _check_people(texts, expected)
    out += _check_records(texts)
    out += _check_org_name(texts, expected)
    return out


def _file(doc_id: str) -> str:
    spec = BY_ID.get(doc_id)
    return f"{spec.output_stem}.docx" if spec else doc_id


def _check_dates(f: PackageFacts) -> list[Finding]:
    out: list[Finding] = []
    order_file = _file("appointment_order")
    if f.protocol_date > f.order_date:
        out.append(
            Finding(
                "error",
                order_file,
                f"Протокол педагогического совета ({f.protocol_date:%d.%m.%Y}) позже приказа "
                f"({f.order_date:%d.%m.%Y}): локальные акты утверждают после того, как совет "
                "их принял. Исправьте даты в профиле (acts).",
                requirement="PKG.dates",
                source="273-ФЗ, ст. 30",
            )
        )
    if f.order_date > f.effective_date:
        out.append(
            Finding(
                "error",
                order_file,
                f"Назначение вступает в силу ({f.effective_date:%d.%m.%Y}) раньше даты приказа "
                f"({f.order_date:%d.%m.%Y}). Исправьте даты в профиле (acts.order).",
                requirement="PKG.dates",
                source="Прил. 1, п. 8.1",
            )
        )
    return out


_CITATION = re.compile(
    r"от\s+(\d{2}\.\d{2}\.\d{4}|\d{1,2}\s+[а-я]+\s+\d{4}(?:\s*г\.)?)\s*№\s*([^\s,;)\"]+)"
)


def _citations(text: str) -> list[tuple[str, str]]:
    return [(d.strip(), n.rstrip(".")) for d, n in _CITATION.findall(rq.normalize(text))]


def _date_ok(cited: str, f: PackageFacts) -> bool:
    cited = rq.normalize(cited).removesuffix("г.").strip()
    forms = {f.order_date_numeric, rq.normalize(f.order_date_words).removesuffix("г.").strip()}
    return cited in forms


def _check_order(texts: dict[str, DocText], f: PackageFacts) -> list[Finding]:
    doc = texts.get("appointment_order")
    if doc is None:
        return []
    req = _req("appointment_order", "ORD.registration")
    block = req.find(doc) if req else None
    text = rq.normalize(_row_text(doc, block)) if block is not None else ""
    number_ok = _numbered(text, rq.normalize(f.order_number))
    date_ok = f.order_date_numeric in text or (
        f.order_date_words and rq.normalize(f.order_date_words) in text
    )
    if number_ok and date_ok:
        return []
    return [
        Finding(
            "error",
            _file("appointment_order"),
            f"В приказе не указаны его дата и номер из профиля (от {f.order_date_numeric} "
            f"№ {f.order_number}). Проверьте реквизиты приказа в шаблоне и профиле.",
            block.part if block else "body",
            block.location if block else "",
            _snip(_row_text(doc, block)) if block else "",
            "ORD.registration",
        )
    ]


def _numbered(text: str, number: str) -> bool:
    """re.search(r"№\\s*" + re.escape(number) + r"(?!\\S)", text), without compiling a
    pattern for every school's order number (the compile was most of the check)."""
    if not number or number[0].isspace():  # never from a profile; the regex decides
        return re.search(r"№\s*" + re.escape(number) + r"(?!\S)", text) is not None
    pos = text.find("№")
    while pos >= 0:
        start = pos + 1
        while start < len(text) and text[start].isspace():
            start += 1
        end = start + len(number)
        if text.startswith(number, start) and (end == len(text) or text[end].isspace()):
            return True
        pos = text.find("№", pos + 1)
    return False


def _check_stamps(texts: dict[str, DocText], f: PackageFacts) -> list[Finding]:
    out: list[Finding] = []
    for doc_id in ("work_regulation", "coordinator_regulation", "coordinator_duties"):
        doc = texts.get(doc_id)
        req = _req(doc_id, "REQ.approval")
        if doc is None or req is None:
            continue
        block = req.find(doc)
        if block is None:
            continue  # verify_document reports the missing stamp
        cites = _citations(block.text)
        bad = [
            (d, n) for d, n in cites if not (_date_ok(d, f) and n == rq.normalize(f.order_number))
        ]
        if cites and not bad:
            continue
        shown = "; ".join(f"от {d} № {n}" for d, n in bad) if bad else "без даты и номера"
        out.append(
            Finding(
                "error",
                _file(doc_id),
                f"Гриф утверждения ссылается на приказ {shown}, а приказ о назначении "
                f"координатора — от {f.order_date_numeric} № {f.order_number}. Гриф должен "
                "называть этот приказ: исправьте шаблон или профиль.",
                block.part,
                block.location,
                _snip(block.text),
                req.id,
                req.source,
            )
        )
    return out


def _req(doc_id: str, req_id: str) -> Requirement | None:
    return next((r for r in rq.requirements_for(doc_id) if r.id == req_id), None)


def _row_text(doc: DocText, block: Block | None) -> str:
    if block is None:
        return ""
    if block.row_element is None:
        return block.text
    return "\n".join(b.text for b in doc.blocks if b.row_element is block.row_element)


# ---------------------------------------------------------------- people

_UP, _LO = "А-ЯЁ", "а-яё"
# «++» (possessive): what may follow a name's letters is never a letter of its own, so
# giving letters back can never make a match; without it the engine tried every shorter
# prefix of every capitalised word (a third of the search, tests/test_verify.py).
_SURNAME = rf"[{_UP}][{_LO}]++(?:-[{_UP}][{_LO}]++)?"
# The patronymic is what tells a name from three capitalised words in a row: «-вич»,
# «-вна», «-ична» anywhere in the word; the short «-ич» (Ильич, Кузьмич, Лукич, Фомич,
# Никитич) only at its end, declined («Ильича», «Ильичом»), so that «Методические» is
# not one; or the father's name and a particle (generator.morphology: «Кямал оглы»,
# «Ахмед кызы»).
_PARTICLES = "оглы|оглу|улы|уулу|кызы|гызы|кизи"
_PATRONYMIC = rf"[{_LO}]*(?:вич|вн|ичн)[{_LO}]*|[{_LO}]+ич(?:а|у|ом|е)?|[{_LO}]+\s+(?:{_PARTICLES})"
# A name is «Фамилия Имя Отчество» (any case), «Фамилия И.О.» or «И.О. Фамилия»; where
# they overlap, the full name wins, then «И.О. Фамилия». Two passes find them all:
# - the surname-first forms in one regex (both start with the surname; only the full
#   form can follow it with a word, only «И.О.» with a letter and a dot);
# - «И.О. Фамилия» from its first dot, which the regex engine finds with a plain
#   substring search: the initial before it is checked by the lookbehind.
_SURNAME_FIRST = re.compile(
    rf"({_SURNAME})(?:\s+([{_UP}])[{_LO}]++\s+([{_UP}])(?:{_PATRONYMIC})(?![{_LO}])"
    rf"|\s([{_UP}])\.\s?([{_UP}])\.(?!\s?[{_UP}][{_LO}]))"
)
_INITIALS_FIRST = re.compile(rf"\.(?<=(?<![{_UP}{_LO}.])([{_UP}])\.)\s?([{_UP}])\.\s?({_SURNAME})")
# Role words, each alternative led by its first letter (lookbehinds moved after it), so
# that the regex engine can skip to candidate letters; the group named is the role
# (a trailing digit only tells apart alternatives of one role).
_ROLE_WORDS = re.compile(
    r"по (?:(?P<deputy_uvr>учебно-воспитательной работе|увр\b)"
    r"|(?<!учебно-по )(?P<deputy_vr>воспитательной работе)|(?P<deputy_vr2>вр\b))"
    r"|к(?P<coordinator>оординатор[а-я]*)"
    r"|н(?P<coordinator2>азначить)"
    r"|д(?P<director>иректор(?<![а-я-]директор)(?:а|у|ом|е)?(?![а-я])(?!\s+по\s))"
    r"|п(?P<other>едагог[а-я-]*|сихолог[а-я]*)"
    r"|у(?P<other2>чител[а-я-]*)"
    r"|р(?P<other3>уководител[а-я]*)"
    r"|б(?P<other4>иблиотекар[а-я]*)"
    r"|м(?P<other5>едицинск[а-я]*)"
    r"|с(?P<other6>пециалист[а-я]*)"
)
_WINDOW = 120  # characters before a name in which its role word is looked for


@dataclass(frozen=True, slots=True)
class _Mention:
    initials: str  # «мп»
    surname: str  # «иванову»
    start: int
    end: int
    text: str


@dataclass(frozen=True, slots=True)
class _Person:
    role: str
    shown: str
    initials: str
    surnames: frozenset[str]
    stems: tuple[str, ...]

    @classmethod
    def of(cls, role: str, short: str, forms: Iterable[str]) -> _Person | None:
        return _person(role, short, tuple(forms))

    def matches(self, m: _Mention) -> bool:
        if m.initials != self.initials:
            return False
        if m.surname in self.surnames:
            return True
        parts = m.surname.split("-")
        return len(parts) == len(self.stems) and all(
            p.startswith(s) and len(p) - len(s) <= 4 for p, s in zip(parts, self.stems, strict=True)
        )


@functools.lru_cache(maxsize=32)
def _person(role: str, short: str, forms: tuple[str, ...]) -> _Person | None:
    """_Person.of(), once per school and role (verify_package asks for every document)."""
    keys = [m for text in (short, *forms) if text for m in _mentions(text)]
    if not keys:
        return None  # not «И.О. Фамилия»: nothing to compare names with
    initials = keys[0].initials
    surnames = frozenset(m.surname for m in keys if m.initials == initials)
    stems = tuple(p[: max(3, len(p) - 2)] for p in keys[0].surname.split("-"))
    return _Person(role, short, initials, surnames, stems)


def _mentions(text: str) -> list[_Mention]:
    full: list[_Mention] = []
    short_after: list[_Mention] = []  # «Фамилия И.О.»
    for m in _SURNAME_FIRST.finditer(text):
        start, end = m.span()
        if m.group(2) is not None:
            full.append(_Mention(_fold(m.group(2) + m.group(3)), _fold(m.group(1)), start, end,
                                 m.group(0)))  # fmt: skip
        else:
            short_after.append(_Mention(_fold(m.group(4) + m.group(5)), _fold(m.group(1)),
                                        start, end, m.group(0)))  # fmt: skip
    # Overlaps are looked up among the names kept so far, sorted and never overlapping.
    found = full
    starts = [x.start for x in full]
    for m in _INITIALS_FIRST.finditer(text):
        start, end = m.start() - 1, m.end()  # the match begins at the dot after the initial
        i = bisect.bisect_left(starts, end)
        if i and found[i - 1].end > start:
            continue
        starts.insert(i, start)
        found.insert(i, _Mention(_fold(m.group(1) + m.group(2)), _fold(m.group(3)), start, end,
                                 text[start:end]))  # fmt: skip
    for x in short_after:
        i = bisect.bisect_left(starts, x.end)
        if i and found[i - 1].end > x.start:
            continue
        starts.insert(i, x.start)
        found.insert(i, x)
    return found


def _fold(name: str) -> str:
    """rq.normalize() for a matched name: letters and «-» only, so case and ё are all."""
    return name.lower().replace("ё", "е")


def _doc_mentions(doc: DocText) -> list[_Mention]:
    return doc.memo("mentions", lambda d: _mentions(d.raw().text))


def _attributed(doc: DocText) -> Iterator[tuple[str, _Mention, Block]]:
    """(role, mention, block) for each name whose role word stands just before it."""
    mentions = _doc_mentions(doc)
    if not mentions:
        return
    raw = doc.raw()
    lower = raw.text.lower().replace("ё", "е")
    prev_end = 0
    for m in mentions:
        lo = max(prev_end, m.start - _WINDOW)
        prev_end = m.end
        role = ""
        for rm in _ROLE_WORDS.finditer(lower, lo, m.start):
            role = (rm.lastgroup or "").rstrip("23456")
        if role:
            yield role, m, doc.blocks[raw.block_at(m.start)]


# Documents that carry personal data of pupils and parents (152-ФЗ): findings about them
# locate the problem but never quote the text.
PERSONAL_DOCUMENTS = frozenset({"consultation_journal"})


def _check_people(texts: dict[str, DocText], f: PackageFacts) -> list[Finding]:
    out: list[Finding] = []
    people = {
        role: person
        for role in ("coordinator", "deputy_uvr")
        if (person := f.person(role)) is not None
    }
    must_name = rq.load().people
    for doc_id, doc in texts.items():
        mentions = _doc_mentions(doc)
        for role, m, block in _attributed(doc):
            person = people.get(role)
            if person is None or person.matches(m):
                continue
            called = "иначе" if doc_id in PERSONAL_DOCUMENTS else f"«{m.text}»"
            out.append(
                Finding(
                    "error",
                    _file(doc_id),
                    f"Здесь {person.role} назван {called}, а в пакете это {person.shown} "
                    "(приказ о назначении). Один и тот же человек должен быть назван одинаково "
                    "во всех документах: проверьте шаблон и профиль школы.",
                    block.part,
                    block.location,
                    _snip(block.text),
                    f"PKG.person.{role}",
                )
            )
        for role, person in people.items():
            if doc_id not in must_name.get(role, ()) or any(person.matches(m) for m in mentions):
                continue
            strangers = [m.text for m in mentions if not any(p.matches(m) for p in people.values())]
            if doc_id in PERSONAL_DOCUMENTS:
                strangers = []  # the journal names minors: never repeat them in a message
            named = (
                f" В документе названы: {', '.join(dict.fromkeys(strangers))}." if strangers else ""
            )
            out.append(
                Finding(
                    "error",
                    _file(doc_id),
                    f"В документе не назван {person.role} {person.shown}.{named} Проверьте, "
                    "что шаблон выводит его имя и что в профиле указан тот же человек.",
                    "body",
                    "",
                    "",
                    f"PKG.person.{role}",
                )
            )
    return out


# ---------------------------------------------------------------- records


def _check_records(texts: dict[str, DocText]) -> list[Finding]:
    """Every record the regulations require is produced here or named in the order."""
    reqs = rq.load()
    order = texts.get("appointment_order")
    out: list[Finding] = []
    seen: set[str] = set()
    for doc_id in ("work_regulation", "coordinator_regulation"):
        doc = texts.get(doc_id)
        if doc is None:
            continue
        for req in reqs.for_document(doc_id):
            if not req.record or req.record in seen or req.find(doc) is None:
                continue
            seen.add(req.record)
            record = reqs.records[req.record]
            if record.produced_by:
                if record.produced_by in texts:
                    continue
                out.append(
                    Finding(
                        "error",
                        _file(doc_id),
                        f"Положение требует вести {record.what} ({req.source}), но в пакете "
                        f"нет документа «{BY_ID[record.produced_by].title}». Соберите пакет "
                        "целиком.",
                        requirement=req.id,
                        source=req.source,
                    )
                )
                continue
            in_order = _req("appointment_order", f"ORD.record.{req.record}")
            if order is not None and in_order is not None and in_order.find(order) is not None:
                continue
            out.append(
                Finding(
                    "error",
                    _file("appointment_order"),
                    f"Положение требует вести {record.what} ({req.source}). Пакет этот документ "
                    "не создаёт, поэтому его нужно назвать в приказе, в пункте о документации "
                    "координатора.",
                    requirement=f"ORD.record.{req.record}",
                    source=req.source,
                )
            )
    return out


def _check_org_name(texts: dict[str, DocText], f: PackageFacts) -> list[Finding]:
    if not f.school_full_name:
        return []
    phrase = _phrase(f.school_full_name)
    out: list[Finding] = []
    for doc_id, doc in texts.items():
        if phrase.search(doc.joined().text) < 0:
            out.append(
                Finding(
                    "error",
                    _file(doc_id),
                    f"В документе нет полного наименования школы «{f.school_full_name}». "
                    "Проверьте реквизит «наименование организации» в шаблоне.",
                    requirement="REQ.org_name",
                )
            )
    return out
