"""The DOCX zip, written and read without `zipfile` on the paths that run per document.

Writing: an entry deflated once (a template's unchanged styles, theme, numbering) is copied
as ready bytes into every school's document, and the archive is laid out exactly as
`zipfile` would write it (tests/test_fastpath.py compares the bytes). Reading: the central
directory of a plain archive, to inflate only the entries asked for; anything it does not
expect of a plain archive gives None, and `zipfile` takes over.
"""

from __future__ import annotations

import struct
import zlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import NamedTuple

# The zip format cannot store dates before 1980; any fixed value makes builds reproducible.
ZIP_DATE = (1980, 1, 1, 0, 0, 0)
COMPRESS_LEVEL = 3  # fast deflate: most of level 6's ratio for much less time
_DOS_TIME = ZIP_DATE[3] << 11 | ZIP_DATE[4] << 5 | ZIP_DATE[5] // 2
_DOS_DATE = (ZIP_DATE[0] - 1980) << 9 | ZIP_DATE[1] << 5 | ZIP_DATE[2]
_VERSION = 20  # «deflate»: version needed to extract and version made by, as in zipfile
_UNIX = 3  # «made by» system: external attributes are Unix permissions
_FILE_ATTR = 0o644 << 16
_DEFLATED = 8
_UTF8_NAME = 0x800
_LOCAL = struct.Struct("<4s2B4HL2L2H")  # zipfile.structFileHeader
_CENTRAL = struct.Struct("<4s4B4HL2L5H2L")  # zipfile.structCentralDir
_END = struct.Struct("<4s4H2LH")  # zipfile.structEndArchive


@dataclass(frozen=True, slots=True)
class Member:
    """One zip entry, already deflated: its local header and data are position-independent."""

    name: bytes
    flags: int
    crc: int
    size: int
    compressed_size: int
    local: bytes  # local file header + name + deflated data


def deflate_member(name: str, data: bytes) -> Member:
    try:
        raw_name, flags = name.encode("ascii"), 0
    except UnicodeEncodeError:
        raw_name, flags = name.encode("utf-8"), _UTF8_NAME
    compressor = zlib.compressobj(COMPRESS_LEVEL, zlib.DEFLATED, -15)
    deflated = compressor.compress(data) + compressor.flush()
    crc = zlib.crc32(data)
    header = _LOCAL.pack(
        b"PK\x03\x04",
        _VERSION,
        0,
        flags,
        _DEFLATED,
        _DOS_TIME,
        _DOS_DATE,
        crc,
        len(deflated),
        len(data),
        len(raw_name),
        0,
    )
    return Member(raw_name, flags, crc, len(data), len(deflated), header + raw_name + deflated)


def assemble(members: Iterable[Member]) -> bytes:
    """A zip archive of ready members, with the central directory `zipfile` would write."""
    chunks: list[bytes] = []
    central: list[bytes] = []
    offset = 0
    count = 0
    for m in members:
        chunks.append(m.local)
        central.append(
            _CENTRAL.pack(
                b"PK\x01\x02",
                _VERSION,
                _UNIX,
                _VERSION,
                0,
                m.flags,
                _DEFLATED,
                _DOS_TIME,
                _DOS_DATE,
                m.crc,
                m.compressed_size,
                m.size,
                len(m.name),
                0,
                0,
                0,
                0,
                _FILE_ATTR,
                offset,
            )
            + m.name
        )
        offset += len(m.local)
        count += 1
    directory = b"".join(central)
    end = _END.pack(b"PK\x05\x06", 0, 0, count, count, len(directory), offset, 0)
    return b"".join((*chunks, directory, end))


class Entry(NamedTuple):
    method: int  # 0 stored, 8 deflated
    crc: int
    size: int
    raw: bytes


def read_entries(data: bytes, wanted: Callable[[str], bool]) -> dict[str, Entry] | None:
    """The `wanted` entries of a DOCX, still compressed, from its central directory.

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
    out: dict[str, Entry] = {}
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
        if not wanted(name):
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
        out[name] = Entry(method, crc, usize, raw)
    return out


def inflate(entry: Entry) -> bytes | None:
    """The entry's content if it inflates to its size and CRC (else zipfile reports it)."""
    try:
        data = zlib.decompress(entry.raw, -15) if entry.method == 8 else entry.raw
    except zlib.error:
        return None
    if len(data) != entry.size or zlib.crc32(data) != entry.crc:
        return None
    return data
