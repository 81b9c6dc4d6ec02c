"""What editors write differently is read as Word writes it (generator/docx/normalize.py,
generator/docx/tag_quotes.py), and shared by build and check through render.patch_xml."""

from __future__ import annotations

import zipfile
from pathlib import Path
from xml.sax.saxutils import escape

import pytest
from hypothesis import given
from hypothesis import strategies as st
from lxml import etree

from generator.docx import normalize, tag_quotes
from generator.docx.parts import TEXT_PART, split_part
from generator.render import make_env, patch_xml

ROOT = Path(__file__).resolve().parent.parent
TEMPLATES = ROOT / "templates" / "docx"
NS = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'


def _c14n(fragment: str) -> bytes:
    return etree.tostring(etree.fromstring(f"<root {NS}>{fragment}</root>"), method="c14n")


@pytest.mark.parametrize(
    "xml",
    [
        "<w:t>{{ &apos;, &apos; if not loop.last else &apos;&apos; }}</w:t>",
        '<w:t>{{ &quot;a&quot; }} &amp; &lt;b&gt;</w:t><w:x w:val="&quot;&gt;&apos;"/>',
        "<w:t>&#39;&#x27;&#8217;&#38;&#60;&#62;&#x9;&#10;</w:t>",
        '<w:p a=">&quot;"><w:t>&quot;</w:t><!-- &quot; --></w:p>',
        "<w:t><![CDATA[&apos;]]>&apos;</w:t>",
    ],
)
def test_references_decode_to_the_same_xml(xml: str) -> None:
    assert _c14n(normalize.canonical_references(xml)) == _c14n(xml)


def test_references_in_text_become_characters_markup_is_kept() -> None:
    xml = '<w:t a="&quot;">{{ &apos;, &apos; }} &amp; &lt;&#39;&#x9;<!-- &apos; --></w:t>'
    assert normalize.canonical_references(xml) == (
        "<w:t a=\"&quot;\">{{ ', ' }} &amp; &lt;'&#x9;<!-- &apos; --></w:t>"
    )


@given(st.text(alphabet="ab'\"&<> «»’\n\t", max_size=30))
def test_any_text_as_libreoffice_escapes_it_reads_the_same(text: str) -> None:
    lo = escape(text, {"'": "&apos;", '"': "&quot;"})
    numeric = escape(text, {"'": "&#39;", '"': "&#x22;"})
    for written in (lo, numeric):
        fragment = f"<w:t>{written}</w:t>"
        out = normalize.canonical_references(fragment)
        assert _c14n(out) == _c14n(fragment)
        assert "&apos;" not in out and "&quot;" not in out and "&#" not in out


def test_text_without_references_is_returned_as_is() -> None:
    xml = "<w:t>{{ ', ' }}</w:t>"
    assert normalize.canonical_references(xml) is xml


LO_JOURNAL = (
    '<w:p><w:pPr><w:pStyle w:val="A"/></w:pPr><w:r><w:t>{%p if x %}</w:t></w:r></w:p>'
    "<w:p><w:r><w:t>title</w:t></w:r></w:p>"
    '<w:p><w:pPr><w:sectPr><w:pgSz w:w="11906"/><w:titlePg/></w:sectPr>'
    '<w:pStyle w:val="A"/></w:pPr><w:r><w:t>{%p endif %}</w:t></w:r></w:p>'
    '<w:p><w:r><w:t>landscape</w:t></w:r></w:p><w:sectPr><w:pgSz w:orient="landscape"/></w:sectPr>'
)


def test_section_break_leaves_a_closing_p_tag_after_it() -> None:
    out = normalize.detach_section_breaks(LO_JOURNAL)
    assert (
        '<w:r><w:t>{%p endif %}</w:t></w:r></w:p><w:p><w:pPr><w:sectPr><w:pgSz w:w="11906"/>'
        "<w:titlePg/></w:sectPr></w:pPr></w:p>" in out
    )
    assert out.count("<w:sectPr") == 2  # the body's own one stays where it is


def test_section_break_stays_outside_a_block_it_would_open() -> None:
    xml = "<w:p><w:pPr><w:sectPr/></w:pPr><w:r><w:t>{%p for a in b %}</w:t></w:r></w:p>"
    assert normalize.detach_section_breaks(xml) == (
        "<w:p><w:pPr><w:sectPr/></w:pPr></w:p>"
        "<w:p><w:pPr></w:pPr><w:r><w:t>{%p for a in b %}</w:t></w:r></w:p>"
    )


def test_section_break_in_a_branch_is_left_for_check() -> None:
    xml = LO_JOURNAL.replace("endif", "else")
    assert normalize.detach_section_breaks(xml) == xml


def test_section_break_written_first_in_ppr_goes_last() -> None:
    xml = (
        '<w:p><w:pPr><w:sectPr><w:x/></w:sectPr><w:pStyle w:val="A"/><w:rPr/>'
        "<w:pPrChange/></w:pPr><w:r><w:t>a</w:t></w:r></w:p>"
    )
    assert normalize.detach_section_breaks(xml) == (
        '<w:p><w:pPr><w:pStyle w:val="A"/><w:rPr/><w:sectPr><w:x/></w:sectPr>'
        "<w:pPrChange/></w:pPr><w:r><w:t>a</w:t></w:r></w:p>"
    )


def test_the_patched_journal_keeps_its_portrait_title_section() -> None:
    env = make_env()
    out = env.from_string(patch_xml(LO_JOURNAL)).render(x=True)
    assert out.index('<w:pgSz w:w="11906"/>') < out.index("landscape")
    without = env.from_string(_docxtpl_only(LO_JOURNAL)).render(x=True)
    assert '<w:pgSz w:w="11906"/>' not in without  # what docxtpl alone does: lost


def _docxtpl_only(xml: str) -> str:
    from docxtpl import DocxTemplate

    return DocxTemplate.patch_xml(None, xml)


def test_on_off_only_values() -> None:
    xml = (
        '<w:trPr><w:tblHeader w:val="true"/><w:cantSplit w:val="false"/>'
        '<w:hidden w:val="1"/><w:jc w:val="true"/><w:b w:val="true"/></w:trPr>'
    )
    assert normalize.on_off_only(xml) == (
        '<w:trPr><w:tblHeader/><w:cantSplit w:val="off"/><w:hidden/>'
        '<w:jc w:val="true"/><w:b w:val="true"/></w:trPr>'
    )


@pytest.mark.parametrize(
    ("typed", "read"),
    [
        ("{{ «, » if not loop.last else «» }}", '{{ ", " if not loop.last else "" }}'),
        ("{{ ‘, ’ if x else ‘’ }}", "{{ ', ' if x else '' }}"),
        ("{{ ’, ’ if x else ’’ }}", "{{ ', ' if x else '' }}"),
        ("{{ “a” }}", '{{ "a" }}'),
        ("{{ '„' ~ school.locality ~ '“' }}", "{{ '„' ~ school.locality ~ '“' }}"),
        ('{{ "«" ~ x ~ "»" }}', '{{ "«" ~ x ~ "»" }}'),
        ("{{ «it's» }}", '{{ "it\'s" }}'),
        ("<w:t>«Текст» „вложенные“ ‘a’</w:t>", "<w:t>«Текст» „вложенные“ ‘a’</w:t>"),
    ],
)
def test_quotes_in_tags_as_meant(typed: str, read: str) -> None:
    assert tag_quotes.finish(_docxtpl_only(tag_quotes.protect(typed))) == read


def test_original_templates_patch_exactly_as_docxtpl() -> None:
    """The shipped templates need none of the repairs: their documents stay byte-identical."""
    compared = 0
    for path in sorted(TEMPLATES.glob("*.docx")):
        with zipfile.ZipFile(path) as zf:
            for name in zf.namelist():
                cut = split_part(name, zf.read(name)) if TEXT_PART.match(name) else None
                if cut is None:
                    continue
                source = cut[1].decode("utf-8")
                assert patch_xml(source) == _docxtpl_only(source), (path.name, name)
                compared += 1
    assert compared >= 6
