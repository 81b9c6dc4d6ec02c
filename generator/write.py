"""Stage 6: assemble the DOCX bytes deterministically and write them atomically.

Same profile → byte-identical files: fixed zip timestamps and entry order, and core
properties taken from the profile rather than the clock. A file is written to a temporary
name in the same folder and renamed over the old one, so a failed build never leaves half a
document and never destroys the previous good one.

Most of a DOCX (styles, theme, numbering, fonts) is the same in every school's document:
those entries are deflated once per template and process and copied as ready bytes; only
the rendered parts and core.xml are compressed per document. The packed document keeps
the XML it was made of, so verification reads the parts without opening the zip again.
"""

from __future__ import annotations

import contextlib
import functools
import itertools
import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from .docx.parts import CORE, STYLES, TEXT_PART
from .docx.zipio import Member, assemble, deflate_member

if TYPE_CHECKING:
    from .render import CompiledTemplate


def escape(text: str) -> str:
    """XML text escaping (xml.sax.saxutils.escape, without importing xml.sax at start-up)."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


@dataclass(frozen=True, slots=True)
class CoreProps:
    title: str
    creator: str  # the school's short name: the organisation is the author of its acts
    subject: str
    date_iso: str  # the order date: when the package was adopted, not when it was printed


def core_xml(props: CoreProps) -> bytes:
    stamp = f"{props.date_iso}T00:00:00Z"
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/'
        'metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" '
        'xmlns:dcterms="http://purl.org/dc/terms/" xmlns:dcmitype="http://purl.org/dc/dcmitype/" '
        'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">'
        f"<dc:title>{escape(props.title)}</dc:title>"
        f"<dc:subject>{escape(props.subject)}</dc:subject>"
        f"<dc:creator>{escape(props.creator)}</dc:creator>"
        f"<cp:lastModifiedBy>{escape(props.creator)}</cp:lastModifiedBy>"
        "<cp:revision>1</cp:revision>"
        f'<dcterms:created xsi:type="dcterms:W3CDTF">{stamp}</dcterms:created>'
        f'<dcterms:modified xsi:type="dcterms:W3CDTF">{stamp}</dcterms:modified>'
        "</cp:coreProperties>"
    ).encode()


@functools.lru_cache(maxsize=64)
def _static_members(template: CompiledTemplate) -> Mapping[str, Member]:
    """The template's entries that never change, deflated once per process."""
    dynamic = {p.name for p in template.parts} | {CORE}
    return {
        info.filename: deflate_member(info.filename, data)
        for info, data in template.entries
        if info.filename not in dynamic
    }


@dataclass(frozen=True, slots=True)
class PackedDocument:
    """A DOCX and the XML it was assembled from: verification reads `parts` as zipped.

    `members` are the archive's entries by name; an entry that is the template's own
    (styles, an unchanged header) is the same object in every school's document, so what
    was read of it once can be found again by identity.
    """

    data: bytes
    parts: Mapping[str, bytes]  # text parts and styles.xml, uncompressed
    members: Mapping[str, Member]


def _read_back(name: str) -> bool:
    return name == STYLES or TEXT_PART.match(name) is not None


def package(
    template: CompiledTemplate, parts: Mapping[str, bytes], props: CoreProps
) -> PackedDocument:
    """The template's zip with the rendered parts and fresh core properties swapped in."""
    static = _static_members(template)
    members: dict[str, Member] = {}
    texts: dict[str, bytes] = {}
    for info, data in template.entries:
        name = info.filename
        if name == CORE:
            members[name] = deflate_member(name, core_xml(props))
            continue
        content = parts.get(name)
        if content is not None:
            members[name] = deflate_member(name, content)
        elif name in static:
            members[name] = static[name]
            content = data
        else:  # a templated part the renderer left out: keep the template's text
            members[name] = deflate_member(name, data)
            content = data
        if _read_back(name):
            texts[name] = content
    return PackedDocument(assemble(members.values()), texts, members)


def _sync(fd: int) -> None:
    """Data on disk before the rename. fdatasync also flushes the size of a new file, which is
    all a reader needs; it skips the timestamps fsync would also write."""
    (getattr(os, "fdatasync", None) or os.fsync)(fd)


# A temporary file is created here or not at all (O_EXCL: never through an existing name or
# link), binary on Windows, and not inherited by LibreOffice when --pdf starts it. Its mode
# is what open() would give (0666 less the umask), so colleagues can read the documents.
_CREATE = (
    os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0) | getattr(os, "O_CLOEXEC", 0)
)
_TEMP_IDS = itertools.count()


def _create_temp(path: Path) -> tuple[int, str]:
    """A new, empty file next to `path`: its descriptor and name."""
    folder = os.path.dirname(path)
    while True:
        tmp = os.path.join(folder, f".{path.name}.{os.getpid()}-{next(_TEMP_IDS)}.tmp")
        try:
            return os.open(tmp, _CREATE, 0o666), tmp
        except FileExistsError:  # left by a crashed run that had the same process id
            continue


def _write_all(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view) :]


def write_all_atomic(files: Mapping[Path, bytes]) -> None:
    """Write several files so that either all are replaced or none is.

    Every file goes to a temporary name first and is synced; only then are all renamed.
    A school's package never ends up half old, half new when the disk fills up on the
    fourth document, and syncing after all writes lets the disk take them in one go
    rather than one flush a file.
    """
    pending: list[tuple[str, Path]] = []
    fds: list[int] = []
    try:
        for folder in dict.fromkeys(path.parent for path in files):
            folder.mkdir(parents=True, exist_ok=True)
        for path, data in files.items():
            fd, tmp = _create_temp(path)
            fds.append(fd)
            pending.append((tmp, path))
            _write_all(fd, data)
        for fd in fds:
            _sync(fd)
        while fds:  # popped first: a descriptor is never closed twice
            os.close(fds.pop())
        for tmp, path in pending:
            os.replace(tmp, path)
    except BaseException:
        while fds:
            with contextlib.suppress(OSError):
                os.close(fds.pop())
        for tmp, _ in pending:
            with contextlib.suppress(FileNotFoundError):
                os.unlink(tmp)
        raise


def write_atomic(path: Path, data: bytes) -> None:
    write_all_atomic({path: data})
