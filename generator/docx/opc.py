"""Package-level edits of a template's parts: a part taken out, custom properties put in.

A DOCX is an OPC package: a part exists for Word only together with its relationship
(`*.rels`) and its content type (`[Content_Types].xml`), so each edit here changes all
three. The edits run once per compiled template, on the entries every school's document
is assembled from, so they cost nothing per document.
"""

from __future__ import annotations

import re
import zipfile
from collections.abc import Mapping

from lxml import etree

Entries = tuple[tuple[zipfile.ZipInfo, bytes], ...]

CONTENT_TYPES = "[Content_Types].xml"
ROOT_RELS = "_rels/.rels"
CUSTOM = "docProps/custom.xml"
# python-docx's default template carries Word 2010's copy of the styles; the templates'
# styles.xml was rewritten and the copy was not, and Word «repairs» a document whose two
# copies disagree. Optional (Word 2013+ neither writes nor needs it): never copied.
STYLES_WITH_EFFECTS = "word/stylesWithEffects.xml"

_CUSTOM_NS = "http://schemas.openxmlformats.org/officeDocument/2006/custom-properties"
_VT_NS = "http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes"
_CUSTOM_TYPE = "application/vnd.openxmlformats-officedocument.custom-properties+xml"
_CUSTOM_REL = (
    "http://schemas.openxmlformats.org/officeDocument/2006/relationships/custom-properties"
)
_FMTID = "{D5CDD505-2E9C-101B-9397-08002B2CF9AE}"  # the one fmtid of user-defined properties
_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, remove_blank_text=False)


def _rels_of(part: str) -> str:
    folder, _, name = part.rpartition("/")
    return f"{folder}/_rels/{name}.rels" if folder else f"_rels/{name}.rels"


def without_part(entries: Entries, part: str) -> Entries:
    """The package without `part`, its relationships and its content type override."""
    if all(info.filename != part for info, _ in entries):
        return entries
    folder, _, name = part.rpartition("/")
    target = re.compile(
        rb"<Relationship\b[^>]*\bTarget\s*=\s*[\"'](?:/"
        + re.escape(part.encode())
        + rb"|"
        + re.escape(name.encode())
        + rb")[\"'][^>]*/>"
    )
    override = re.compile(
        rb"<Override\b[^>]*\bPartName\s*=\s*[\"']/" + re.escape(part.encode()) + rb"[\"'][^>]*/>"
    )
    owner_rels = _rels_of(f"{folder}/document.xml") if folder else ROOT_RELS
    out = []
    for info, data in entries:
        if info.filename in (part, _rels_of(part)):
            continue
        if info.filename == CONTENT_TYPES:
            data = override.sub(b"", data)
        elif info.filename == owner_rels or info.filename == ROOT_RELS:
            data = target.sub(b"", data)
        out.append((info, data))
    return tuple(out)


def read_custom_properties(data: bytes) -> dict[str, str]:
    """Name → text of each custom property (any value type, as its text)."""
    root = etree.fromstring(data, _PARSER)
    out: dict[str, str] = {}
    for prop in root:
        if not isinstance(prop.tag, str):
            continue
        value = next((v for v in prop if isinstance(v.tag, str)), None)
        out[prop.get("name") or ""] = (value.text or "") if value is not None else ""
    return out


def with_custom_properties(entries: Entries, props: Mapping[str, str]) -> Entries:
    """The package with `props` as text custom properties; the template's others are kept.

    LibreOffice adds an empty custom.xml on every save, and a methodologist may have set
    properties of her own: those stay, only ours are replaced.
    """
    old = next((data for info, data in entries if info.filename == CUSTOM), None)
    custom = _custom_xml(props, old)
    out = []
    for info, data in entries:
        if info.filename == CUSTOM:
            data = custom
        elif info.filename == CONTENT_TYPES and b"/docProps/custom.xml" not in data:
            data = data.replace(
                b"</Types>",
                f'<Override PartName="/{CUSTOM}" ContentType="{_CUSTOM_TYPE}"/></Types>'.encode(),
            )
        elif info.filename == ROOT_RELS and _CUSTOM_REL.encode() not in data:
            data = data.replace(
                b"</Relationships>",
                f'<Relationship Id="{_free_id(data)}" Type="{_CUSTOM_REL}" '
                f'Target="{CUSTOM}"/></Relationships>'.encode(),
            )
        out.append((info, data))
    if old is None:
        out.append((zipfile.ZipInfo(CUSTOM), custom))
    return tuple(out)


def _free_id(rels: bytes) -> str:
    taken = set(re.findall(rb'\bId\s*=\s*["\']([^"\']+)', rels))
    n = 1
    while f"rIdCustom{n}".encode() in taken:
        n += 1
    return f"rIdCustom{n}"


def _custom_xml(props: Mapping[str, str], old: bytes | None) -> bytes:
    """custom.xml: the old part's other properties, then `props`; pids renumbered from 2."""
    if old:
        root = etree.fromstring(old, _PARSER)
        for prop in list(root):
            if not isinstance(prop.tag, str) or prop.get("name") in props:
                root.remove(prop)
    else:
        root = etree.Element(f"{{{_CUSTOM_NS}}}Properties", nsmap={None: _CUSTOM_NS, "vt": _VT_NS})
    for name, value in props.items():
        prop = etree.SubElement(root, f"{{{_CUSTOM_NS}}}property", fmtid=_FMTID, name=name)
        etree.SubElement(prop, f"{{{_VT_NS}}}lpwstr").text = value
    for pid, prop in enumerate(root, start=2):
        prop.set("pid", str(pid))
    xml = etree.tostring(root, encoding="unicode")
    return ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n' + xml).encode()
