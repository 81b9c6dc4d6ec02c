"""A corpus of the ways Word breaks a Jinja tag, each planted into 04_appointment_order.docx.

Every `Case` rewrites word/document.xml (as text) so that one tag is saved the way Word
saves it after spell-check, several editing sessions, a bookmark, AutoCorrect or a field,
and says what `check` and `build` must do about it (tests/test_editors.py).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

TEMPLATE = "04_appointment_order.docx"
RPR = '<w:rPr><w:lang w:val="ru-RU"/></w:rPr>'
QUOTED = "{{ '.' if a.last else ';' }}"


def _run_of(xml: str, tag: str) -> re.Match[str]:
    """The first run whose text holds `tag`; groups «before» and «after» hold the rest."""
    m = re.search(
        r"<w:r>(?:<w:rPr>(?:(?!</w:r>).)*?</w:rPr>)?<w:t(?: [^>]*)?>(?P<before>[^<]*?)"
        + re.escape(tag)
        + r"(?P<after>[^<]*)</w:t></w:r>",
        xml,
    )
    if m is None:
        raise ValueError(f"no run holds {tag!r}")
    return m


def runs(
    pieces: list[str],
    between: list[str] | None = None,
    attrs: list[str] | None = None,
    rpr: list[str] | None = None,
) -> str:
    """One run per piece, `between[i]` after the i-th."""
    out = []
    for i, piece in enumerate(pieces):
        if not piece:
            continue
        a = attrs[i] if attrs else ""
        r = rpr[i] if rpr else RPR
        out.append(f'<w:r{a}>{r}<w:t xml:space="preserve">{piece}</w:t></w:r>')
        if between and i < len(between):
            out.append(between[i])
    return "".join(out)


def _splice(xml: str, tag: str, make: Callable[[str], str]) -> str:
    """The run holding `tag` becomes: the text before it, make(run of the tag), the rest."""
    m = _run_of(xml, tag)
    return (
        xml[: m.start()]
        + runs([m.group("before")])
        + make(runs([tag]))
        + runs([m.group("after")])
        + xml[m.end() :]
    )


def _replace_run(xml: str, tag: str, new: str) -> str:
    return _splice(xml, tag, lambda _run: new)


def proof_err(xml: str) -> str:
    """Spell-check marks around an «unknown word» inside the tag."""
    return _replace_run(
        xml,
        "{{ coordinator.name.accusative }}",
        runs(
            ["{{ coordinator.", "name.accusative", " }}"],
            ['<w:proofErr w:type="spellStart"/>', '<w:proofErr w:type="spellEnd"/>'],
        ),
    )


def proof_err_across(xml: str) -> str:
    """A grammar mark that starts inside the tag and ends after it."""
    new = runs(["{{ coordinator.name.", "accusative }}"], ['<w:proofErr w:type="gramStart"/>'])
    return _replace_run(
        xml, "{{ coordinator.name.accusative }}", new + '<w:proofErr w:type="gramEnd"/>'
    )


def rsid_split(xml: str) -> str:
    """One tag typed in four editing sessions: four runs with rsid attributes, one format."""
    return _replace_run(
        xml,
        "№\u00a0{{ acts.order.number }}",
        runs(
            ["№\u00a0{", "{ acts.or", "der.number }", "}"],
            attrs=[f' w:rsidR="00A{i}1B2C" w:rsidRPr="00A{i}1B2C"' for i in range(4)],
        ),
    )


def rsid_split_format(xml: str) -> str:
    """The same split with one piece bold: docxtpl keeps the first piece's format only."""
    bold = '<w:rPr><w:b/><w:lang w:val="ru-RU"/></w:rPr>'
    return _replace_run(
        xml,
        "№\u00a0{{ acts.order.number }}",
        runs(["№\u00a0{{ acts.", "order.number }}"], rpr=[RPR, bold]),
    )


def bookmark_goback(xml: str) -> str:
    """Word's _GoBack bookmark (the last edit position), empty, in the middle of a tag."""
    mark = '<w:bookmarkStart w:id="0" w:name="_GoBack"/><w:bookmarkEnd w:id="0"/>'
    return _replace_run(xml, "{{ school.locality }}", runs(["{{ school.", "locality }}"], [mark]))


def bookmark_across(xml: str) -> str:
    """A named bookmark that starts inside the tag and ends after it."""
    new = runs(["{{ school.", "locality }}"], ['<w:bookmarkStart w:id="7" w:name="place"/>'])
    return _replace_run(xml, "{{ school.locality }}", new + '<w:bookmarkEnd w:id="7"/>')


def bookmark_around(xml: str) -> str:
    """A bookmark around the whole tag (a cross-reference target)."""
    return _splice(
        xml,
        "{{ school.locality }}",
        lambda run: f'<w:bookmarkStart w:id="8" w:name="place"/>{run}<w:bookmarkEnd w:id="8"/>',
    )


def _quotes(xml: str, open_: str, close: str) -> str:
    typed = "{{ " + open_ + "." + close + " if a.last else " + open_ + ";" + close + " }}"
    assert QUOTED in xml
    return xml.replace(QUOTED, typed, 1)


def smart_single(xml: str) -> str:
    """AutoCorrect's «straight quotes → smart quotes» in English text: ‘…’."""
    return _quotes(xml, "\u2018", "\u2019")


def smart_double(xml: str) -> str:
    """The same for double quotes: “…”."""
    return _quotes(xml, "\u201c", "\u201d")


def guillemets(xml: str) -> str:
    """Russian AutoCorrect: " becomes «…»."""
    return _quotes(xml, "\u00ab", "\u00bb")


def apostrophes(xml: str) -> str:
    """Russian AutoCorrect: ' becomes ’ at both ends."""
    return _quotes(xml, "\u2019", "\u2019")


def inner_quotes_literal(xml: str) -> str:
    """Not a break: „…“ typed on purpose inside a literal (Russian inner quotes)."""
    tag = "{{ coordinator.position.accusative }}"
    assert tag in xml
    return xml.replace(tag, "{{ '\u201e' ~ coordinator.position.accusative ~ '\u201c' }}", 1)


def fld_simple_part(xml: str) -> str:
    """Half of a tag inside a simple field (Insert → Field, a mail-merge leftover)."""
    new = (
        runs(["{{ director."])
        + '<w:fldSimple w:instr=" MERGEFIELD short ">'
        + runs(["short.nominative }}"])
        + "</w:fldSimple>"
    )
    return _replace_run(xml, "{{ director.short.nominative }}", new)


def fld_simple_whole(xml: str) -> str:
    """The whole tag as the kept result of a MERGEFIELD."""
    return _splice(
        xml,
        "{{ director.short.nominative }}",
        lambda run: f'<w:fldSimple w:instr=" MERGEFIELD director ">{run}</w:fldSimple>',
    )


def complex_field_result(xml: str) -> str:
    """The whole tag as the result of a complex field (fldChar begin/separate/end)."""
    begin = (
        '<w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText xml:space="preserve">'
        ' MERGEFIELD director </w:instrText></w:r><w:r><w:fldChar w:fldCharType="separate"/>'
        "</w:r>"
    )
    end = '<w:r><w:fldChar w:fldCharType="end"/></w:r>'
    return _splice(xml, "{{ director.short.nominative }}", lambda run: begin + run + end)


@dataclass(frozen=True)
class Case:
    plant: Callable[[str], str]
    check: str  # "" (nothing to report), or a phrase of the one finding check reports
    severity: str = "error"  # of that finding; an error means build refuses the template
    shows: str = ""  # text the built document must show (besides being otherwise equal)


CASES: dict[str, Case] = {
    "proof_err": Case(proof_err, ""),
    "proof_err_across": Case(proof_err_across, ""),
    "rsid_split": Case(rsid_split, ""),
    "rsid_split_format": Case(rsid_split_format, "разным оформлением", "warning"),
    "bookmark_goback": Case(bookmark_goback, ""),
    "bookmark_across": Case(bookmark_across, ""),
    "bookmark_around": Case(bookmark_around, ""),
    "smart_single": Case(smart_single, ""),
    "smart_double": Case(smart_double, ""),
    "guillemets": Case(guillemets, ""),
    "apostrophes": Case(apostrophes, ""),
    "inner_quotes_literal": Case(inner_quotes_literal, "", shows="„учителя географии“"),
    "fld_simple_part": Case(fld_simple_part, "частично стоит внутри элемента Word (поле)"),
    "fld_simple_whole": Case(fld_simple_whole, "стоит внутри поля Word"),
    "complex_field_result": Case(complex_field_result, "стоит внутри поля Word"),
}
