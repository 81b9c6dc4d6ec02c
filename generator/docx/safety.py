"""A template package read without trusting it: what is hostile or broken is refused.

The templates travel by e-mail from the regional institute to hundreds of schools, and a
build copies every part of a template into every school's document. So before anything of
a package is used, `read_package` inflates it with bounded sizes and looks at every part:

- relationships to anything outside the package (TargetMode="External": an attached
  template on a web server, a linked picture on a UNC share, a file:/// link), which Word
  follows when the document is opened;
- content Word runs or imports: macros (vbaProject.bin), OLE objects, ActiveX controls,
  altChunk (a foreign HTML/RTF document imported on open), and fields that reach outside
  (DDE, DDEAUTO, INCLUDETEXT, INCLUDEPICTURE, LINK, IMPORT);
- a DOCTYPE or entity declaration in any XML part (entity expansion, external entities);
- a zip bomb: a part or the whole package inflating past 50 MB, a part of more than 1 MB
  compressed more than 200 times (the templates: at most 32; a journal with 3000 rows: 143),
  more than 1000 parts, encrypted parts, unsafe or repeated names.

Sizes are measured while inflating, never taken from the zip's headers. Each problem is a
Finding naming the file and the part, in Russian, with what to do; `check` reports them and
`build` refuses the template before any of its parts reaches an output.
"""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass
from typing import Any

from lxml import etree

from ..diagnostics import Finding

MAX_PART = 50 * 1024 * 1024
MAX_TOTAL = 50 * 1024 * 1024
MAX_PARTS = 1000
RATIO_FLOOR = 1024 * 1024  # parts smaller than this are not judged by their ratio
MAX_RATIO = 200
_CHUNK = 1 << 16

# Entities are never expanded, no DTD or network is read, and libxml2's size limits stay.
_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)

EntryList = tuple[tuple[zipfile.ZipInfo, bytes], ...]

_RESAVE = (
    "Откройте шаблон в Word или LibreOffice и сохраните его заново как «Документ Word (*.docx)»."
)
_REMOVE = "Удалите этот объект и сохраните шаблон заново."
_REL_KINDS = {
    "attachedTemplate": "прикреплённый шаблон",
    "image": "рисунок по ссылке",
    "oleObject": "связанный объект OLE",
    "hyperlink": "гиперссылка",
    "frame": "фрейм",
    "subDocument": "вложенный документ",
    "aFChunk": "внешний фрагмент (altChunk)",
    "externalLinkPath": "связь с внешним файлом",
}
_REL_TYPES = {
    "aFChunk": "фрагмент altChunk (чужой документ HTML/RTF, который Word вставит при открытии)",
    "vbaProject": "макросы VBA",
    "wordVbaData": "макросы VBA",
    "oleObject": "объект OLE",
    "package": "внедрённый документ (объект OLE)",
    "control": "элемент ActiveX",
    "activeXControlBinary": "элемент ActiveX",
}
_PART_NAMES = (
    (re.compile(r"(^|/)vbaProject\.bin$|(^|/)vbaData\.xml$", re.I), "макросы VBA"),
    (re.compile(r"^word/embeddings/", re.I), "внедрённый объект OLE"),
    (re.compile(r"^word/activeX/", re.I), "элемент ActiveX"),
)
_ELEMENTS = {
    "altChunk": "фрагмент altChunk (чужой документ, который Word вставит при открытии)",
    "object": "объект OLE",
    "OLEObject": "объект OLE",
    "control": "элемент ActiveX",
}
_WATCHED = tuple(f"{{*}}{local}" for local in (*_ELEMENTS, "fldSimple", "fldChar", "instrText"))
_OUTSIDE_FIELDS = frozenset({"DDE", "DDEAUTO", "INCLUDETEXT", "INCLUDEPICTURE", "LINK", "IMPORT"})
_MACRO_TYPE = re.compile(r"macroEnabled|vbaProject|vbaData", re.I)
_UTF8 = ("UTF-8", "US-ASCII", "ASCII")


@dataclass(frozen=True)
class ReadPackage:
    """Every part of a package as inflated (within the limits), and what is refused."""

    entries: EntryList
    refusals: list[Finding]


def read_package(raw: bytes, file: str) -> ReadPackage:
    """The package's parts, each inflated once; `refusals` empty when it is safe to use."""
    refusals: list[Finding] = []

    def refuse(part: str, what: str, fix: str = _RESAVE) -> None:
        refusals.append(Finding("error", file, f"{what}. {fix}", part))

    if file.lower().endswith((".docm", ".dotm")):
        refuse("", "файл с макросами (.docm)", "Сохраните шаблон как «Документ Word (*.docx)».")
    try:
        zf = zipfile.ZipFile(io.BytesIO(raw))
    except zipfile.BadZipFile:
        refuse("", "файл повреждён или это не DOCX", _RESAVE)
        return ReadPackage((), refusals)
    with zf:
        infos = zf.infolist()
        if len(infos) > MAX_PARTS:
            refuse("", f"в архиве {len(infos)} частей (допустимо не больше {MAX_PARTS})")
            return ReadPackage((), refusals)
        entries: list[tuple[zipfile.ZipInfo, bytes]] = []
        seen: set[str] = set()
        total = 0
        for info in infos:
            name = info.filename
            if _unsafe_name(name) or name in seen:
                refuse(name, "недопустимое или повторяющееся имя части архива")
                continue
            seen.add(name)
            if info.flag_bits & 0x1:
                refuse(name, "часть зашифрована", "Снимите защиту паролем и сохраните заново.")
                continue
            for pattern, what in _PART_NAMES:
                if pattern.search(name):
                    refuse(name, f"в шаблоне есть {what}", _REMOVE)
            try:
                data = _read_bounded(zf, info, min(MAX_PART, MAX_TOTAL - total))
            except (zipfile.BadZipFile, OSError, EOFError, NotImplementedError, RuntimeError):
                refuse(name, "часть архива не читается")
                continue
            total += len(data)
            if len(data) > MAX_PART or total > MAX_TOTAL:
                refuse(
                    name,
                    f"архив распаковывается больше чем в {MAX_TOTAL // 2**20} МБ: так устроены "
                    "«zip-бомбы», настоящему шаблону столько не нужно",
                )
                return ReadPackage((), refusals)
            if len(data) > RATIO_FLOOR and len(data) > MAX_RATIO * max(1, info.compress_size):
                ratio = len(data) // max(1, info.compress_size)
                refuse(
                    name,
                    f"часть сжата в {ratio} раз: так сжимаются только искусственно созданные "
                    "файлы («zip-бомбы»)",
                )
                continue
            entries.append((info, data))
            if name.endswith((".xml", ".rels")):
                _scan_xml(name, data, refuse)
    return ReadPackage(tuple(entries), refusals)


def _unsafe_name(name: str) -> bool:
    parts = name.split("/")
    return not name or name.startswith("/") or "\\" in name or ".." in parts or ":" in parts[0]


def _read_bounded(zf: zipfile.ZipFile, info: zipfile.ZipInfo, budget: int) -> bytes:
    """At most `budget` + 1 bytes inflated: a header's sizes may lie."""
    out = bytearray()
    with zf.open(info) as f:
        while len(out) <= budget:
            chunk = f.read(_CHUNK)
            if not chunk:
                break
            out += chunk
    return bytes(out)


def _scan_xml(name: str, data: bytes, refuse: Any) -> None:
    try:
        root = etree.fromstring(data, _PARSER)
    except etree.XMLSyntaxError as exc:
        refuse(name, f"часть не читается как XML ({exc.msg})")
        return
    docinfo = root.getroottree().docinfo
    if docinfo.doctype or docinfo.internalDTD is not None or _has_entities(root):
        refuse(
            name,
            "XML содержит объявление DOCTYPE или ENTITY (так устроены атаки на программы, "
            "читающие XML; Word такого не пишет)",
        )
        return
    if (docinfo.encoding or "UTF-8").upper() not in _UTF8:
        refuse(name, f"часть записана в кодировке {docinfo.encoding}, а не в UTF-8")
        return
    if name.endswith(".rels"):
        _scan_relationships(name, root, refuse)
    elif name == "[Content_Types].xml":
        for el in root.iter("{*}Default", "{*}Override"):
            if _MACRO_TYPE.search(el.get("ContentType") or ""):
                refuse(
                    name,
                    "шаблон объявлен как документ с макросами",
                    "Сохраните его как «Документ Word (*.docx)».",
                )
                break
    else:
        _scan_content(name, root, refuse)


def _has_entities(root: Any) -> bool:
    return any(True for _ in root.iter(etree.Entity))


def _scan_relationships(name: str, root: Any, refuse: Any) -> None:
    for rel in root.iter("{*}Relationship"):
        kind = (rel.get("Type") or "").rsplit("/", 1)[-1]
        if (rel.get("TargetMode") or "").strip().lower() == "external":
            target = (rel.get("Target") or "")[:80]
            refuse(
                name,
                f"внешняя ссылка ({_REL_KINDS.get(kind, kind or 'связь')}) на «{target}»: Word "
                "обратится по ней при открытии документа",
                "Удалите объект со ссылкой или вставьте его в документ без связи с файлом и "
                "сохраните шаблон заново.",
            )
        elif kind in _REL_TYPES:
            refuse(name, f"в шаблоне есть {_REL_TYPES[kind]}", _REMOVE)


def _scan_content(name: str, root: Any, refuse: Any) -> None:
    reported: set[str] = set()
    fields: list[tuple[list[str], bool]] = []  # per open complex field: its code, in result?
    for el in root.iter(*_WATCHED):
        local = etree.QName(el).localname
        what = _ELEMENTS.get(local)
        if what and what not in reported:
            reported.add(what)
            refuse(name, f"в тексте есть {what}", _REMOVE)
        elif local == "fldSimple":
            _field(name, _attr(el, "instr"), refuse)
        elif local == "fldChar":
            kind = _attr(el, "fldCharType")
            if kind == "begin":
                fields.append(([], False))
            elif kind == "separate" and fields and not fields[-1][1]:
                _field(name, "".join(fields[-1][0]), refuse)
                fields[-1] = (fields[-1][0], True)
            elif kind == "end" and fields:
                code, in_result = fields.pop()
                if not in_result:
                    _field(name, "".join(code), refuse)
        elif local == "instrText" and fields and not fields[-1][1]:
            fields[-1][0].append(el.text or "")


def _attr(el: Any, local: str) -> str:
    """An attribute by its local name, whatever the namespace prefix."""
    return next((v for k, v in el.attrib.items() if etree.QName(k).localname == local), "")


def _field(name: str, code: str, refuse: Any) -> None:
    words = code.split()
    if words and words[0].upper() in _OUTSIDE_FIELDS:
        refuse(
            name,
            f"поле Word {words[0].upper()} обращается к внешним файлам или программам",
            "Удалите поле (Alt+F9 показывает коды полей) и сохраните шаблон заново.",
        )
