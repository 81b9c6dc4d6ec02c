"""A document's text for verification: read once, and what every school shares read once.

Every document of a template carries the same styles.xml and, most often, the same headers:
those are parsed once and found again by their zip entry. A document that `write.package`
has just assembled hands over its XML, so nothing is inflated again; bytes from elsewhere
are read from the zip's central directory, and `zipfile` takes over for anything else.
"""

from __future__ import annotations

import io
import zipfile
import zlib
from collections.abc import Callable, Hashable, Mapping
from typing import TYPE_CHECKING

from .parts import BODY, STYLES, TEXT_PART
from .text import DocText, PartText, Styles, extract, extract_part
from .zipio import inflate, read_entries

if TYPE_CHECKING:
    from ..write import PackedDocument

# One school's documents: verify_document parses each, verify_package reads the same
# bytes again. Larger would only keep parsed trees of schools already written.
_RECENT: dict[bytes, DocText] = {}
_RECENT_SIZE = 6
_STYLES: dict[Hashable, Styles] = {}  # styles.xml's entry → parsed (one per template)
_NO_STYLES = Styles.parse(None)
# (part name, its entry) → (the styles it was read with, its paragraphs and blocks)
_PARTS: dict[tuple[str, Hashable], tuple[Styles, PartText]] = {}


def clear_cache() -> None:
    """Forget parsed documents and parts (benchmarks and tests that time parsing)."""
    _RECENT.clear()
    _PARTS.clear()
    _STYLES.clear()


def doc_text(data: bytes, rendered: Mapping[str, bytes] | None = None) -> DocText:
    """A DOCX's text, parsed once even when several checks ask for it.

    `rendered`: XML the archive may hold, by part name; a part is taken from there only
    when its size and CRC-32 equal the archive entry's, so what is read is what is written.
    """
    doc = _RECENT.get(data)  # bytes keep their hash: a dictionary lookup, not a rehash
    if doc is None:
        doc = _parse(data, rendered)
        _remember(data, doc)
    return doc


def packed_text(packed: PackedDocument) -> DocText:
    """The text of a document `write.package` assembled, from the XML it was made of."""
    doc = _RECENT.get(packed.data)
    if doc is not None:
        return doc
    members = packed.members
    styles = _styles_of(members.get(STYLES), lambda: packed.parts.get(STYLES))
    assert styles is not None  # the XML is at hand: nothing can fail to inflate
    parts: dict[str, bytes] = {}
    known: dict[str, PartText] = {}
    for name, content in packed.parts.items():
        if name != STYLES:
            _place(name, members[name], content, styles, parts, known)
    doc = extract(parts, styles=styles, known=known)
    _remember(packed.data, doc)
    return doc


def _remember(data: bytes, doc: DocText) -> None:
    if len(_RECENT) >= _RECENT_SIZE:
        del _RECENT[next(iter(_RECENT))]
    _RECENT[data] = doc


def _wanted(name: str) -> bool:
    return name == STYLES or TEXT_PART.match(name) is not None


def _parse(data: bytes, rendered: Mapping[str, bytes] | None) -> DocText:
    read = _read_plain(data, rendered)
    if read is None:
        # Anything but a plain, sound archive: zipfile reads it, or says what is wrong.
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            parts = {n: zf.read(n) for n in zf.namelist() if TEXT_PART.match(n)}
            try:
                styles = Styles.parse(zf.read(STYLES))
            except KeyError:
                styles = Styles.parse(None)
        return extract(parts, styles=styles)
    parts, styles, known = read
    return extract(parts, styles=styles, known=known)


def _read_plain(
    data: bytes, rendered: Mapping[str, bytes] | None = None
) -> tuple[dict[str, bytes], Styles, dict[str, PartText]] | None:
    """A plain archive read without zipfile: the body's XML, the styles, and the other text
    parts already read (here, or from an earlier document with the same entry); else None."""
    entries = read_entries(data, _wanted)
    if entries is None:
        return None
    styles_entry = entries.get(STYLES)
    styles = _styles_of(styles_entry, lambda: inflate(styles_entry) if styles_entry else None)
    if styles is None:
        return None
    parts: dict[str, bytes] = {}
    known: dict[str, PartText] = {}
    for name, entry in entries.items():
        if name == STYLES:
            continue
        hit = _PARTS.get((name, entry))
        if hit is not None and hit[0] is styles:
            known[name] = hit[1]
            continue
        content = rendered.get(name) if rendered else None
        # The same bytes as the entry holds (a CRC-32 of the uncompressed data is
        # several times cheaper than inflating it); anything else: the entry itself.
        if content is None or len(content) != entry.size or zlib.crc32(content) != entry.crc:
            content = inflate(entry)
        if content is None:
            return None
        _place(name, entry, content, styles, parts, known)
    return parts, styles, known


def _place(
    name: str,
    entry: Hashable,
    content: bytes,
    styles: Styles,
    parts: dict[str, bytes],
    known: dict[str, PartText],
) -> None:
    """The body goes to `parts` (it differs in every school); any other text part is read
    now, or found again when an earlier document had the very same entry."""
    if name == BODY:
        parts[name] = content
        return
    hit = _PARTS.get((name, entry))
    if hit is not None and hit[0] is styles:
        known[name] = hit[1]
        return
    if len(_PARTS) >= 64:
        _PARTS.clear()
    part = known[name] = extract_part(name, content, styles)
    _PARTS[(name, entry)] = (styles, part)


def _styles_of(entry: Hashable | None, content: Callable[[], bytes | None]) -> Styles | None:
    """Every document of a template carries the same styles.xml: parsed once, keyed by its
    entry (compressed bytes, a short key to hash). None: it does not inflate."""
    if entry is None:
        return _NO_STYLES
    styles = _STYLES.get(entry)
    if styles is None:
        data = content()
        if data is None:
            return None
        styles = Styles.parse(data)
        if len(_STYLES) >= 16:
            _STYLES.clear()
        _STYLES[entry] = styles
    return styles
