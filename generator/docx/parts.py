"""The parts of a DOCX profdocs reads and templates, and the names Word gives their XML.

One place for the namespace, the element names, which zip entries carry text (the parts
docxtpl templates), how a part is cut into the piece Jinja sees and the piece around it,
and how a part is named in a message («body», «header1»).
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Iterable
from pathlib import Path

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
W = f"{{{W_NS}}}"
W_P, W_R, W_T, W_TBL, W_TR, W_TC = (W + t for t in ("p", "r", "t", "tbl", "tr", "tc"))
W_TAB, W_BR, W_CR, W_NBH = (W + t for t in ("tab", "br", "cr", "noBreakHyphen"))
W_SHY = W + "softHyphen"  # LibreOffice writes U+00AD as this element
W_SDT, W_SDT_CONTENT, W_CUSTOM_XML = W + "sdt", W + "sdtContent", W + "customXml"
W_VAL = W + "val"
W_PPR, W_PSTYLE, W_OUTLINE = W + "pPr", W + "pStyle", W + "outlineLvl"
W_TCPR, W_GRID_SPAN = W + "tcPr", W + "gridSpan"
W_INS, W_DEL, W_MOVE_FROM, W_MOVE_TO = (W + t for t in ("ins", "del", "moveFrom", "moveTo"))
W_DEL_TEXT = W + "delText"
W_CRS, W_CRE = W + "commentRangeStart", W + "commentRangeEnd"
W_COMMENT = W + "comment"
W_ID = W + "id"

BODY = "word/document.xml"
STYLES = "word/styles.xml"
COMMENTS = "word/comments.xml"
CORE = "docProps/core.xml"

# Parts that carry document text, as docxtpl (and generator.render) template them.
TEXT_PART = re.compile(r"^word/(document|header\d*|footer\d*|footnotes|endnotes)\.xml$")
# What text extraction and `check` read of a package.
_WANTED = re.compile(
    r"^(word/(document|header\d*|footer\d*|footnotes|endnotes|styles|comments)\.xml"
    r"|docProps/core\.xml)$"
)
_BODY_SPLIT = re.compile(rb"(<w:body>)(.*)(</w:body>)", re.DOTALL)
_ROOT_SPLIT = re.compile(rb"^((?:<\?xml[^>]*\?>\s*)?<[^>]+>)(.*)(</[^>]+>\s*)$", re.DOTALL)


def part_label(zip_name: str) -> str:
    """word/document.xml → body, word/header2.xml → header2."""
    stem = zip_name.rsplit("/", 1)[-1].removesuffix(".xml")
    return "body" if stem == "document" else stem


def part_order(name: str) -> tuple[int, str]:
    """The body first, then headers, footers and notes by name."""
    return (0 if name == BODY else 1, name)


def split_part(name: str, data: bytes) -> tuple[bytes, bytes, bytes] | None:
    """(before, templated, after) of a text part: the body's content between <w:body> and
    </w:body>, a header's between its root tags. None: no such structure."""
    m = (_BODY_SPLIT if name == BODY else _ROOT_SPLIT).search(data)
    if m is None:
        return None
    return data[: m.start(2)], m.group(2), data[m.end(2) :]


def read_parts(source: bytes | Path | zipfile.ZipFile) -> dict[str, bytes]:
    """The zip entries text extraction and checks need, read in one pass."""
    if isinstance(source, zipfile.ZipFile):
        return _read(source)
    if isinstance(source, bytes):
        with zipfile.ZipFile(io.BytesIO(source)) as zf:
            return _read(zf)
    with zipfile.ZipFile(source) as zf:
        return _read(zf)


def _read(zf: zipfile.ZipFile) -> dict[str, bytes]:
    return {n: zf.read(n) for n in zf.namelist() if _WANTED.match(n)}


def wanted_parts(entries: Iterable[tuple[zipfile.ZipInfo, bytes]]) -> dict[str, bytes]:
    """The same parts as `read_parts`, from a package already read."""
    return {info.filename: data for info, data in entries if _WANTED.match(info.filename)}
