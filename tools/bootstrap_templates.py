"""Build the first versions of the six DOCX templates in templates/docx/.

Run once: after that the committed DOCX files are the source of truth, and methodologists
edit them in Word or LibreOffice. The script therefore refuses to overwrite an existing
template unless ``--force`` is given.

    python tools/bootstrap_templates.py            # build the missing templates
    python tools/bootstrap_templates.py --force    # rebuild all six (edits are lost!)
    python tools/bootstrap_templates.py 05 06      # only the listed ones

Layout follows ГОСТ Р 7.0.97: A4, margins 30/10/20/20 mm, page numbers from page 2 in
the top margin, requisite blocks at most 8 cm wide. Formatting lives in named Word styles
(«Пункт», «Подпункт», «Список маркированный», table styles …) and the clause numbers come
from a multilevel Word list linked to those styles, so no number is typed in the text.

Every Jinja tag is written in one run; ``{%p …%}``/``{%tr …%}`` tags stand alone in their
paragraph or row. Templates use only the variable paths declared in
generator/context_model.py.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from collections.abc import Callable, Iterable
from pathlib import Path

from docx import Document
from docx.document import Document as DocxDocument
from docx.enum.section import WD_ORIENT
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.table import WD_ALIGN_VERTICAL, WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Cm, Mm, Pt, RGBColor, Twips
from docx.table import Table, _Cell, _Row
from docx.text.paragraph import Paragraph

ROOT = Path(__file__).resolve().parents[1]
TEMPLATES_DIR = ROOT / "templates" / "docx"

FONT = "Times New Roman"
FIRST_LINE = Cm(1.25)
FIRST_LINE_TWIPS = 709  # 1.25 cm

# --- style names (what a methodologist sees in Word's style gallery) -------------------
S_NORMAL = "Normal"
S_HEADING = "Heading 1"  # раздел: «1. Общие положения»
S_TITLE = "Title"  # вид документа: ПОЛОЖЕНИЕ, ПРИКАЗ …
S_CLAUSE = "Пункт"  # 1.1.
S_SUBCLAUSE = "Подпункт"  # 1.1.1.
S_BULLET = "Список маркированный"  # – …
S_ORDER_ITEM = "Пункт приказа"  # 1.
S_ORDER_SUBITEM = "Подпункт приказа"  # 1.1.
S_ORG = "Наименование организации"
S_DOC_HEADING = "Заголовок к тексту"
S_CENTER = "По центру"
S_PLAIN = "Без отступа"
S_REQ = "Реквизит"  # грифы, отметки, подписи
S_NOTE = "Примечание"
S_CELL = "Текст таблицы"
S_CELL_CENTER = "Текст таблицы по центру"
S_CELL_HEAD = "Заголовок таблицы"
S_CELL_BULLET = "Список маркированный в таблице"  # appendix tables of 01 and 02
S_CELL_NUMBER = "Список нумерованный в таблице"  # restarts at 1 in every cell
S_CELL_CRITERION = "Критерий в таблице"  # numbered through the whole column
T_GRID = "Таблица с сеткой"
T_PLAIN = "Таблица без границ"

NUM_CLAUSES = "Нумерация разделов и пунктов"
NUM_ORDER = "Нумерация пунктов приказа"
NUM_BULLET = "Маркированный список (тире)"
NUM_CELL_BULLET = "Маркированный список в таблице (тире)"
NUM_CELL_NUMBER = "Нумерованный список в таблице"
NUM_CELL_CRITERION = "Нумерация критериев в таблице"

FIXED_DATE = dt.datetime(2026, 1, 1, 9, 0, 0)


# ======================================================================================
# Low-level XML helpers
# ======================================================================================


def _el(tag: str, **attrs: object) -> OxmlElement:
    element = OxmlElement(f"w:{tag}")
    for key, value in attrs.items():
        element.set(qn(f"w:{key}"), str(value))
    return element


def _set_fonts(rpr, name: str = FONT) -> None:
    """Explicit font for all four scripts (ascii, hAnsi, cs, eastAsia), no theme fonts."""
    rfonts = rpr.get_or_add_rFonts()
    for attr in list(rfonts.attrib):
        del rfonts.attrib[attr]
    for key in ("ascii", "hAnsi", "cs", "eastAsia"):
        rfonts.set(qn(f"w:{key}"), name)


def _strip_theme_fonts(styles_element) -> None:
    for rfonts in styles_element.iter(qn("w:rFonts")):
        for attr in list(rfonts.attrib):
            if "theme" in attr.lower():  # asciiTheme, cstheme …
                del rfonts.attrib[attr]
        if not rfonts.attrib:
            rfonts.getparent().remove(rfonts)


def _twips(length) -> int:
    return round(length / 635)


# ======================================================================================
# Styles and numbering
# ======================================================================================


def _numbering_xml(abstract_id: int, nsid: str, name: str, levels: list[dict]) -> str:
    lvls = []
    for i, lvl in enumerate(levels):
        pstyle = f'<w:pStyle w:val="{lvl["style"]}"/>' if lvl.get("style") else ""
        fmt = lvl.get("fmt", "decimal")
        rpr = f'<w:rPr><w:rFonts w:ascii="{FONT}" w:hAnsi="{FONT}" w:cs="{FONT}"/></w:rPr>'
        if "hanging" in lvl:  # lists in narrow table cells: marker in the margin, then a tab
            suff = "tab"
            ind = f'<w:ind w:left="{lvl["hanging"]}" w:hanging="{lvl["hanging"]}"/>'
        else:
            suff = "space"
            ind = f'<w:ind w:left="0" w:firstLine="{lvl["first"]}"/>'
        lvls.append(
            f'<w:lvl w:ilvl="{i}"><w:start w:val="1"/><w:numFmt w:val="{fmt}"/>'
            f'{pstyle}<w:suff w:val="{suff}"/><w:lvlText w:val="{lvl["text"]}"/>'
            f'<w:lvlJc w:val="left"/><w:pPr>{ind}</w:pPr>{rpr}</w:lvl>'
        )
    kind = "multilevel" if len(levels) > 1 else "singleLevel"
    return (
        f'<w:abstractNum {nsdecls("w")} w:abstractNumId="{abstract_id}">'
        f'<w:nsid w:val="{nsid}"/><w:multiLevelType w:val="{kind}"/>'
        f'<w:name w:val="{name}"/>{"".join(lvls)}</w:abstractNum>'
    )


def _add_numbering(doc: DocxDocument, nsid: str, name: str, levels: list[dict]) -> int:
    """Add an abstractNum + num to numbering.xml; return the numId."""
    numbering = doc.part.numbering_part.element
    abstract_ids = [
        int(a.get(qn("w:abstractNumId"))) for a in numbering.findall(qn("w:abstractNum"))
    ]
    num_ids = [int(n.get(qn("w:numId"))) for n in numbering.findall(qn("w:num"))]
    abstract_id = max(abstract_ids, default=-1) + 1
    num_id = max(num_ids, default=0) + 1
    abstract = parse_xml(_numbering_xml(abstract_id, nsid, name, levels))
    first_num = numbering.find(qn("w:num"))
    if first_num is not None:
        first_num.addprevious(abstract)
    else:
        numbering.append(abstract)
    num = parse_xml(
        f'<w:num {nsdecls("w")} w:numId="{num_id}"><w:abstractNumId w:val="{abstract_id}"/></w:num>'
    )
    numbering.append(num)
    return num_id


def _link_numbering(style, num_id: int, ilvl: int) -> None:
    numpr = style.element.get_or_add_pPr().get_or_add_numPr()
    numpr.get_or_add_ilvl().val = ilvl
    numpr.get_or_add_numId().val = num_id


def _reset_style(style) -> None:
    """Drop a built-in style's own formatting (theme fonts, colours, borders)."""
    for child in (style.element.pPr, style.element.rPr):
        if child is not None:
            style.element.remove(child)


def _paragraph_style(
    doc: DocxDocument,
    name: str,
    style_id: str,
    *,
    base: str = S_NORMAL,
    align=None,
    first_line=None,
    size: float | None = None,
    bold: bool | None = None,
    space_before: float | None = None,
    space_after: float | None = None,
    keep_with_next: bool | None = None,
):
    styles = doc.styles
    style = styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
    style.style_id = style_id
    style.base_style = styles[base]
    style.quick_style = True
    fmt = style.paragraph_format
    if align is not None:
        fmt.alignment = align
    if first_line is not None:
        fmt.first_line_indent = first_line
        fmt.left_indent = 0
    if space_before is not None:
        fmt.space_before = Pt(space_before)
    if space_after is not None:
        fmt.space_after = Pt(space_after)
    if keep_with_next is not None:
        fmt.keep_with_next = keep_with_next
    if size is not None:
        style.font.size = Pt(size)
    if bold is not None:
        style.font.bold = bold
    return style


def _table_style(doc: DocxDocument, name: str, style_id: str, *, borders: bool, size: int):
    border = (
        '<w:{side} w:val="single" w:sz="4" w:space="0" w:color="000000"/>'
        if borders
        else '<w:{side} w:val="nil"/>'
    )
    sides = "".join(
        border.format(side=s) for s in ("top", "left", "bottom", "right", "insideH", "insideV")
    )
    mar = 57 if borders else 0  # 1 mm of padding in grids, none in requisite tables
    xml = (
        f'<w:style {nsdecls("w")} w:type="table" w:customStyle="1" w:styleId="{style_id}">'
        f'<w:name w:val="{name}"/><w:basedOn w:val="TableNormal"/><w:uiPriority w:val="59"/>'
        f"<w:qFormat/>"
        f'<w:pPr><w:spacing w:after="0" w:line="240" w:lineRule="auto"/>'
        f'<w:ind w:firstLine="0"/></w:pPr>'
        f'<w:rPr><w:sz w:val="{size * 2}"/><w:szCs w:val="{size * 2}"/></w:rPr>'
        f"<w:tblPr><w:tblBorders>{sides}</w:tblBorders>"
        f'<w:tblCellMar><w:top w:w="0" w:type="dxa"/><w:left w:w="{mar}" w:type="dxa"/>'
        f'<w:bottom w:w="0" w:type="dxa"/><w:right w:w="{mar}" w:type="dxa"/></w:tblCellMar>'
        f"</w:tblPr></w:style>"
    )
    doc.styles.element.append(parse_xml(xml))


def setup_styles(doc: DocxDocument) -> None:
    styles = doc.styles
    root = styles.element

    # Drop the colourful built-in table styles of python-docx's default template.
    for style in list(root.findall(qn("w:style"))):
        if style.get(qn("w:type")) == "table" and style.get(qn("w:styleId")) not in (
            "TableNormal",
            "TableGrid",
        ):
            root.remove(style)
    _strip_theme_fonts(root)

    # Document defaults: Times New Roman 14, Russian.
    rpr_default = root.find(qn("w:docDefaults")).find(qn("w:rPrDefault")).find(qn("w:rPr"))
    _set_fonts(rpr_default)
    for tag in ("sz", "szCs", "lang"):
        for old in rpr_default.findall(qn(f"w:{tag}")):
            rpr_default.remove(old)
    rpr_default.append(_el("sz", val=28))
    rpr_default.append(_el("szCs", val=28))
    rpr_default.append(_el("lang", val="ru-RU", eastAsia="ru-RU", bidi="ar-SA"))
    ppr_default = root.find(qn("w:docDefaults")).find(qn("w:pPrDefault"))
    if ppr_default is not None:
        root.find(qn("w:docDefaults")).remove(ppr_default)
    root.find(qn("w:docDefaults")).append(
        parse_xml(
            f"<w:pPrDefault {nsdecls('w')}><w:pPr>"
            f'<w:spacing w:after="0" w:line="240" w:lineRule="auto"/></w:pPr></w:pPrDefault>'
        )
    )

    normal = styles[S_NORMAL]
    _reset_style(normal)
    _set_fonts(normal.element.get_or_add_rPr())
    normal.font.size = Pt(14)
    fmt = normal.paragraph_format
    fmt.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
    fmt.first_line_indent = FIRST_LINE
    fmt.left_indent = 0
    fmt.right_indent = 0
    fmt.space_before = Pt(0)
    fmt.space_after = Pt(0)
    fmt.line_spacing = 1.0
    fmt.widow_control = True

    heading = styles[S_HEADING]
    _reset_style(heading)
    heading.base_style = normal
    heading.next_paragraph_style = None
    heading.font.size = Pt(14)
    heading.font.bold = True
    heading.font.color.rgb = RGBColor(0, 0, 0)
    hf = heading.paragraph_format
    hf.alignment = WD_ALIGN_PARAGRAPH.CENTER
    hf.first_line_indent = 0
    hf.left_indent = 0
    hf.space_before = Pt(12)
    hf.space_after = Pt(6)
    hf.keep_with_next = True
    hf.keep_together = True
    heading.element.get_or_add_pPr().get_or_add_outlineLvl().val = 0

    title = styles[S_TITLE]
    _reset_style(title)
    title.base_style = normal
    title.font.size = Pt(14)
    title.font.bold = True
    title.font.all_caps = True
    title.font.color.rgb = RGBColor(0, 0, 0)
    tf = title.paragraph_format
    tf.alignment = WD_ALIGN_PARAGRAPH.CENTER
    tf.first_line_indent = 0
    tf.left_indent = 0
    tf.space_before = Pt(12)
    tf.space_after = Pt(0)
    tf.keep_with_next = True

    header = styles["Header"]
    _reset_style(header)
    header.base_style = normal
    header.font.size = Pt(12)
    header.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
    header.paragraph_format.first_line_indent = 0

    # Linked character styles of the rebuilt built-ins must not bring back theme looks.
    for char_name, caps in (("Heading 1 Char", False), ("Title Char", True)):
        char = styles[char_name]
        _reset_style(char)
        char.font.bold = True
        char.font.all_caps = caps
        char.font.size = Pt(14)
        char.font.color.rgb = RGBColor(0, 0, 0)

    clause = _paragraph_style(doc, S_CLAUSE, "Punkt", first_line=FIRST_LINE)
    subclause = _paragraph_style(doc, S_SUBCLAUSE, "Podpunkt", first_line=FIRST_LINE)
    bullet = _paragraph_style(doc, S_BULLET, "SpisokMarkirovannyj", first_line=FIRST_LINE)
    order_item = _paragraph_style(doc, S_ORDER_ITEM, "PunktPrikaza", first_line=FIRST_LINE)
    order_sub = _paragraph_style(doc, S_ORDER_SUBITEM, "PodpunktPrikaza", first_line=FIRST_LINE)
    for style in (clause, subclause, bullet, order_item, order_sub):
        style.next_paragraph_style = style
    heading.next_paragraph_style = clause

    center = WD_ALIGN_PARAGRAPH.CENTER
    left = WD_ALIGN_PARAGRAPH.LEFT
    _paragraph_style(doc, S_ORG, "NaimenovanieOrganizacii", align=center, first_line=0)
    _paragraph_style(
        doc, S_DOC_HEADING, "ZagolovokKTekstu", align=center, first_line=0, bold=True,
        keep_with_next=True,
    )  # fmt: skip
    _paragraph_style(doc, S_CENTER, "PoCentru", align=center, first_line=0)
    _paragraph_style(doc, S_PLAIN, "BezOtstupa", align=left, first_line=0)
    _paragraph_style(doc, S_REQ, "Rekvizit", align=left, first_line=0, size=12)
    _paragraph_style(doc, S_NOTE, "Primechanie", size=12)
    _paragraph_style(doc, S_CELL, "TekstTablicy", align=left, first_line=0, size=10)
    _paragraph_style(
        doc, S_CELL_CENTER, "TekstTablicyPoCentru", base=S_CELL, align=center, first_line=0
    )
    _paragraph_style(
        doc, S_CELL_HEAD, "ZagolovokTablicy", base=S_CELL, align=center, first_line=0, bold=True
    )

    _table_style(doc, T_GRID, "TablicaSSetkoj", borders=True, size=10)
    _table_style(doc, T_PLAIN, "TablicaBezGranic", borders=False, size=12)

    # Multilevel list linked to the styles: 1. / 1.1. / 1.1.1. — Word renumbers by itself.
    levels = [
        {"text": "%1.", "style": "Heading1", "first": 0},
        {"text": "%1.%2.", "style": "Punkt", "first": FIRST_LINE_TWIPS},
        {"text": "%1.%2.%3.", "style": "Podpunkt", "first": FIRST_LINE_TWIPS},
    ]
    deeper = "%1.%2.%3."
    for depth in range(4, 10):
        deeper += f"%{depth}."
        levels.append({"text": deeper, "first": FIRST_LINE_TWIPS})
    clauses_id = _add_numbering(doc, "5A1E0001", NUM_CLAUSES, levels)
    _link_numbering(heading, clauses_id, 0)
    _link_numbering(clause, clauses_id, 1)
    _link_numbering(subclause, clauses_id, 2)

    order_levels = [
        {"text": "%1.", "style": "PunktPrikaza", "first": FIRST_LINE_TWIPS},
        {"text": "%1.%2.", "style": "PodpunktPrikaza", "first": FIRST_LINE_TWIPS},
    ]
    order_id = _add_numbering(doc, "5A1E0002", NUM_ORDER, order_levels)
    _link_numbering(order_item, order_id, 0)
    _link_numbering(order_sub, order_id, 1)

    bullet_id = _add_numbering(
        doc,
        "5A1E0003",
        NUM_BULLET,
        [{"text": "–", "fmt": "bullet", "style": "SpisokMarkirovannyj", "first": FIRST_LINE_TWIPS}],
    )
    _link_numbering(bullet, bullet_id, 0)


# ======================================================================================
# Page setup
# ======================================================================================


def _add_page_field(paragraph: Paragraph) -> None:
    """PAGE field as a complex field (begin / instrText / separate / result / end)."""

    def run_with(child) -> None:
        run = paragraph.add_run()
        run._r.append(child)

    run_with(_el("fldChar", fldCharType="begin"))
    instr = OxmlElement("w:instrText")
    instr.set(qn("xml:space"), "preserve")
    instr.text = " PAGE "
    run_with(instr)
    run_with(_el("fldChar", fldCharType="separate"))
    paragraph.add_run("2")
    run_with(_el("fldChar", fldCharType="end"))


def setup_page(section, *, landscape: bool = False) -> None:
    if landscape:
        section.orientation = WD_ORIENT.LANDSCAPE
        section.page_width, section.page_height = Mm(297), Mm(210)
    else:
        section.orientation = WD_ORIENT.PORTRAIT
        section.page_width, section.page_height = Mm(210), Mm(297)
    section.left_margin = Mm(30)
    section.right_margin = Mm(10)
    section.top_margin = Mm(20)
    section.bottom_margin = Mm(20)
    section.header_distance = Mm(10)
    section.footer_distance = Mm(10)
    section.gutter = 0


def setup_headers(section) -> None:
    """Page number centred in the top margin from page 2; empty first-page header."""
    section.different_first_page_header_footer = True
    header = section.header
    header.is_linked_to_previous = False
    paragraph = header.paragraphs[0]
    paragraph.style = "Header"
    _add_page_field(paragraph)
    first = section.first_page_header
    first.is_linked_to_previous = False
    first.paragraphs[0].style = "Header"


def new_document(title: str, *, landscape: bool = False) -> DocxDocument:
    doc = Document()
    setup_styles(doc)
    section = doc.sections[0]
    setup_page(section, landscape=landscape)
    setup_headers(section)
    lang = doc.settings.element.find(qn("w:themeFontLang"))
    if lang is not None:
        lang.attrib.clear()
        lang.set(qn("w:val"), "ru-RU")
    cp = doc.core_properties
    cp.title = title
    cp.author = ""
    cp.last_modified_by = ""
    cp.subject = ""
    cp.keywords = ""
    cp.comments = ""
    cp.category = ""
    cp.language = "ru-RU"
    cp.revision = 1
    cp.created = FIXED_DATE
    cp.modified = FIXED_DATE
    # python-docx's default package carries a thumbnail of its own blank page; every school's
    # document would show it in the file manager. Word makes a fresh one when it saves.
    package = doc.part.package
    for rel_id, rel in list(package.rels.items()):
        if rel.reltype.endswith("/thumbnail"):
            del package.rels[rel_id]
    return doc


# ======================================================================================
# Content helpers
# ======================================================================================


def para(container, text: str = "", style: str = S_NORMAL, *, bold: bool = False) -> Paragraph:
    """A paragraph with the whole text (and so every Jinja tag in it) in one run."""
    paragraph = container.add_paragraph(style=style)
    if text:
        run = paragraph.add_run(text)
        if bold:
            run.bold = True
    return paragraph


def cell_paragraph(cell: _Cell, text: str, style: str, *, first: bool = False) -> Paragraph:
    paragraph = cell.paragraphs[0] if first else cell.add_paragraph()
    paragraph.style = style
    if text:
        paragraph.add_run(text)
    return paragraph


def fill_cell(cell: _Cell, lines: Iterable[str], style: str) -> None:
    for i, line in enumerate(lines):
        cell_paragraph(cell, line, style, first=i == 0)


def make_table(
    doc: DocxDocument, widths_mm: list[float], style: str, rows: int = 1, *, align=None
) -> Table:
    table = doc.add_table(rows=rows, cols=len(widths_mm))
    table.style = doc.styles[style]
    table.autofit = False
    if align is not None:
        table.alignment = align
    tblpr = table._tbl.tblPr
    tblw = tblpr.find(qn("w:tblW"))
    if tblw is None:
        tblw = _el("tblW")
        tblpr.append(tblw)
    tblw.set(qn("w:w"), str(sum(_twips(Mm(w)) for w in widths_mm)))
    tblw.set(qn("w:type"), "dxa")
    for col, width in zip(table.columns, widths_mm, strict=True):
        col.width = Mm(width)
        for cell in col.cells:
            cell.width = Mm(width)
    return table


def row_props(row: _Row, *, header: bool = False, cant_split: bool = False, min_height=None):
    trpr = row._tr.get_or_add_trPr()
    if cant_split:
        trpr.insert(0, _el("cantSplit"))
    if min_height is not None:
        trpr.append(_el("trHeight", val=_twips(min_height), hRule="atLeast"))
    if header:
        trpr.append(_el("tblHeader"))


def tag_row(table: Table, tag: str) -> None:
    """A row holding only a docxtpl ``{%tr …%}`` tag, in one cell spanning the table."""
    row = table.add_row()
    merged = row.cells[0].merge(row.cells[-1]) if len(row.cells) > 1 else row.cells[0]
    for paragraph in merged.paragraphs[1:]:
        paragraph._p.getparent().remove(paragraph._p)
    merged.paragraphs[0].style = S_CELL
    merged.paragraphs[0].add_run(tag)


def cell_margin(cell: _Cell, **sides_mm: float) -> None:
    tcpr = cell._tc.get_or_add_tcPr()
    mar = _el("tcMar")
    for side, value in sides_mm.items():
        mar.append(_el(side, w=_twips(Mm(value)), type="dxa"))
    tcpr.append(mar)


def _style_num_id(doc: DocxDocument, style_name: str) -> int:
    return doc.styles[style_name].element.pPr.numPr.numId.val


def restart_numbering(doc: DocxDocument, style_name: str) -> int:
    """A new w:num for the style's list that starts again at 1 (Word's «Начать заново»)."""
    numbering = doc.part.numbering_part.element
    base = _style_num_id(doc, style_name)
    num = next(n for n in numbering.findall(qn("w:num")) if int(n.get(qn("w:numId"))) == base)
    abstract_id = num.find(qn("w:abstractNumId")).get(qn("w:val"))
    num_id = max(int(n.get(qn("w:numId"))) for n in numbering.findall(qn("w:num"))) + 1
    numbering.append(
        parse_xml(
            f'<w:num {nsdecls("w")} w:numId="{num_id}"><w:abstractNumId w:val="{abstract_id}"/>'
            f'<w:lvlOverride w:ilvl="0"><w:startOverride w:val="1"/></w:lvlOverride></w:num>'
        )
    )
    return num_id


def use_numbering(paragraph: Paragraph, num_id: int) -> None:
    numpr = paragraph._p.get_or_add_pPr().get_or_add_numPr()
    numpr.get_or_add_ilvl().val = 0
    numpr.get_or_add_numId().val = num_id


def setup_appendix_table_styles(doc: DocxDocument) -> None:
    """Styles of the regulations' appendix tables (01, 02): 12 pt text and in-cell lists.

    A regulation has no other grid table, so its «Текст таблицы» is 12 pt (the plan and
    the journal keep 10 pt for their wide landscape grids). Lists inside cells hang their
    marker in a 4–6 mm margin so that the text of every item lines up.
    """
    doc.styles[S_CELL].font.size = Pt(12)
    specs = (
        (S_CELL_BULLET, "SpisokMarkirovannyjVTablice", NUM_CELL_BULLET, "5A1E0004", "–",
         "bullet", 227),
        (S_CELL_NUMBER, "SpisokNumerovannyjVTablice", NUM_CELL_NUMBER, "5A1E0005", "%1.",
         "decimal", 340),
        (S_CELL_CRITERION, "KriterijVTablice", NUM_CELL_CRITERION, "5A1E0006", "%1.",
         "decimal", 340),
    )  # fmt: skip
    for name, style_id, num_name, nsid, text, fmt, hanging in specs:
        style = _paragraph_style(doc, name, style_id, base=S_CELL)
        style.next_paragraph_style = style
        style.paragraph_format.left_indent = Twips(hanging)
        style.paragraph_format.first_line_indent = Twips(-hanging)
        level = {"text": text, "fmt": fmt, "style": style_id, "hanging": hanging}
        _link_numbering(style, _add_numbering(doc, nsid, num_name, [level]), 0)


# ======================================================================================
# Shared document parts
# ======================================================================================

PORTRAIT_TEXT_MM = 170  # 210 − 30 − 10
LANDSCAPE_TEXT_MM = 257  # 297 − 30 − 10


def approval_stamps(doc: DocxDocument, appendix: int, participle: str) -> None:
    """Adoption/opinion marks top left, approval stamp top right (each block ≤ 8 cm)."""
    table = make_table(doc, [90, 80], T_PLAIN)
    left, right = table.rows[0].cells
    cell_margin(left, right=10)  # the left block is 80 mm of text too
    ped = "acts.pedagogical_council"
    left_lines = [
        (S_REQ, "ПРИНЯТО"),
        (S_REQ, "на заседании педагогического совета {{ school.short_name }}"),
        (S_REQ, f"(протокол от {{{{ {ped}.date.numeric }}}} № {{{{ {ped}.number }}}})"),
    ]
    for key, council in (("student_council", "обучающихся"), ("parent_council", "родителей")):
        var = f"acts.{key}"
        left_lines += [
            (S_REQ, f"{{%p if {var} %}}"),
            ("space", "УЧТЕНО МНЕНИЕ"),
            (S_REQ, f"совета {council}"),
            (S_REQ, f"(протокол от {{{{ {var}.date.numeric }}}} № {{{{ {var}.number }}}})"),
            (S_REQ, "{%p endif %}"),
        ]
    for i, (style, text) in enumerate(left_lines):
        paragraph = cell_paragraph(left, text, S_REQ, first=i == 0)
        if style == "space":
            paragraph.paragraph_format.space_before = Pt(12)

    right_lines = [
        f"Приложение {appendix}",
        "к приказу от {{ acts.order.date.numeric }} № {{ acts.order.number }}",
        participle,
        "{{ acts.approval }}",
    ]
    for i, text in enumerate(right_lines):
        paragraph = cell_paragraph(right, text, S_REQ, first=i == 0)
        if i == 2:
            paragraph.paragraph_format.space_before = Pt(12)


def document_title(doc: DocxDocument, kind: str, heading: str) -> None:
    first = para(doc, "{{ school.name_with_short }}", S_ORG)
    first.paragraph_format.space_before = Pt(18)
    para(doc, kind, S_TITLE).paragraph_format.space_before = Pt(18)
    para(doc, heading, S_DOC_HEADING)
    place = para(doc, "{{ school.locality }}", S_CENTER)
    place.paragraph_format.space_before = Pt(6)
    place.paragraph_format.space_after = Pt(12)


def appendix_heading(doc: DocxDocument, mark: str, title: str) -> None:
    """A new page with the appendix mark at the right (an 8 cm block) and the title."""
    mark_paragraph = para(doc, mark, S_REQ)
    mark_paragraph.paragraph_format.page_break_before = True
    mark_paragraph.paragraph_format.left_indent = Mm(PORTRAIT_TEXT_MM - 80)
    heading = para(doc, title, S_DOC_HEADING)
    heading.paragraph_format.space_before = Pt(18)
    heading.paragraph_format.space_after = Pt(12)


def appendix_table(doc: DocxDocument, widths_mm: list[float], columns: list[str]) -> Table:
    """A grid table whose header row repeats on every page."""
    table = make_table(doc, widths_mm, T_GRID)
    head = table.rows[0]
    row_props(head, header=True, cant_split=True)
    for cell, text in zip(head.cells, columns, strict=True):
        cell_paragraph(cell, text, S_CELL_HEAD, first=True)
        cell.vertical_alignment = WD_ALIGN_VERTICAL.CENTER
    return table


Block = tuple[str, str]


def write_blocks(doc: DocxDocument, blocks: list[Block]) -> None:
    styles = {
        "h": S_HEADING,
        "c": S_CLAUSE,
        "s": S_SUBCLAUSE,
        "b": S_BULLET,
        "p": S_NORMAL,
        "tag": S_PLAIN,
    }
    for kind, text in blocks:
        para(doc, text, styles[kind])


def bullets(items: list[str]) -> list[Block]:
    """Bullet blocks; «;» after each item and «.» after the last one."""
    out: list[Block] = []
    for i, item in enumerate(items):
        item = item.rstrip(";,")
        last = i == len(items) - 1
        # «и др.;» keeps the abbreviation's point; no second point at the very end
        end = ("" if item.endswith(".") else ".") if last else ";"
        out.append(("b", item + end))
    return out


# ======================================================================================
# 01 — Положение о работе по профессиональной ориентации обучающихся (Приложение 1)
# ======================================================================================

SCHOOL_FIRST = "{{ school.full_name_forms.prepositional }} (далее — {{ school.short_name }})"
SHORT = "{{ school.short_name }}"

WORK_HEADINGS = [
    "Общие положения",
    "Цели и задачи профориентационной работы",
    "Принципы профориентационной работы",
    "Основные направления профориентационной работы",
    "Виды деятельности координатора по профессиональной ориентации",
    "Организация работы по профориентации обучающихся",
    "Организация и контроль деятельности координатора по профессиональной ориентации",
    "Содействие организации работы по профориентации обучающихся",
]


def work_regulation_blocks() -> list[Block]:
    h = WORK_HEADINGS
    b: list[Block] = []
    b.append(("h", h[0]))
    b.append(
        (
            "c",
            "Настоящее Положение о работе по профессиональной ориентации обучающихся "
            "(далее — Положение) определяет цель, задачи, принципы, основные направления "
            f"работы по профессиональной ориентации обучающихся в {SCHOOL_FIRST}, "
            "регулирует порядок ее проведения и показатели эффективности.",
        )
    )
    b.append(
        (
            "c",
            f"{SHORT} осуществляет профориентационную работу с обучающимися в начальной, "
            "основной школе и старших классах.",
        )
    )
    b.append(
        (
            "c",
            "При организации работы по профессиональной ориентации соблюдаются права и "
            "законные интересы обучающихся, обеспечиваются государственные гарантии, "
            "установленные {% for a in legal.work_regulation %}{{ a.instrumental }}"
            "{{ ', ' if not loop.last else '' }}{% endfor %}, настоящим Положением.",
        )
    )
    b.append(("c", "В настоящем Положении используются следующие понятия:"))
    b += bullets(
        [
            "профессиональная ориентация — специально организованная научно-практическая "
            "деятельность общественных институтов, направленная на решение комплекса задач по "
            "оптимизации процесса трудоустройства различных групп населения в соответствии с "
            "желаниями, склонностями, сформировавшимися способностями и с учетом потребности "
            "в специалистах народного хозяйства и общества в целом",
            "профессиональное самоопределение — процесс формирования отношения личности к себе "
            "как к субъекту профессиональной деятельности, владеющему комплексом знаний, "
            "умений и навыков (компетенций), качеств личности, обеспечивающих возможность "
            "профессионального роста, что позволяет подготовить обучающегося к адаптации к "
            "рынкам образовательных услуг и труда в меняющихся социально-экономических "
            "условиях",
            "организационно-педагогическое сопровождение профессионального самоопределения — "
            "система управленческих действий, направленных на создание условий для "
            "эффективной реализации задач психолого-педагогического сопровождения "
            "профессионального самоопределения обучающихся в образовательных организациях "
            "различного уровня и типа",
            "психолого-педагогическое сопровождение профессионального самоопределения — "
            "создание условий и возможностей для продуктивного решения задач "
            "профессионального развития и саморазвития личности, профессионального "
            "самоопределения и самореализации, оказание психологической поддержки и помощи "
            "человеку в преодолении деструктивных тенденций личностного и профессионального "
            "развития",
            "профессиональное воспитание обучающихся общеобразовательной организации — "
            "развитие способностей, склонностей, трудолюбия, работоспособности обучающихся, "
            "формирование у них осознания необходимости трудовой деятельности, получения "
            "профессионального образования, специальных навыков в сфере профориентации",
            "профориентационное сопровождение выпускников — организация специальной помощи "
            "после выпуска обучающимся, находящимся в трудной жизненной ситуации, социально "
            "опасном положении, при поступлении их в профессиональные образовательные "
            "организации с целью дальнейшей учебно-профессиональной адаптации, формирования у "
            "них позитивного отношения к выбранной профессии и трудовой деятельности в "
            "современных условиях, профилактики асоциального поведения",
            "координатор по профессиональной ориентации — педагогический работник "
            "образовательной организации, обеспечивающий организационно-педагогическое "
            "сопровождение профессионального самоопределения обучающимся за счет координации "
            "деятельности педагогических работников, представителей родительской "
            "общественности, работодателей, осуществляющий взаимодействие в сфере "
            "профориентации со специалистами муниципальных органов управления образованием и "
            "их подведомственными организациями, ответственных за профориентационную работу, "
            "специалистами центра занятости населения, социальной защиты населения, "
            "предприятиями различных форм собственности",
        ]
    )

    b.append(("h", h[1]))
    b.append(
        (
            "c",
            "Целью профориентационной работы является формирование у обучающихся осознанного "
            "выбора профессии, профессиональной образовательной организации, иных форм "
            "профессиональной подготовки, а также содействие их трудоустройству и "
            "социально-профессиональной адаптации.",
        )
    )
    b.append(("c", "Основные задачи профориентационной работы:"))
    b += bullets(
        [
            "обеспечение прав и социальных гарантий обучающихся в сфере профориентации",
            "создание условий для обеспечения организационно-педагогического сопровождения "
            "профессионального самоопределения обучающихся через систему работы педагогических "
            "работников, сотрудничество с базовыми предприятиями, профессиональными "
            "образовательными организациями, центрами профориентационной работы, совместную "
            "деятельность с родителями (законными представителями)",
            "развитие познавательных и профессиональных интересов обучающихся, компетенций, "
            "составляющих основу дальнейшего профессионального образования и ориентации в мире "
            "профессий, обеспечивающих успешность в будущей профессиональной деятельности",
            "профессиональное воспитание, формирование культуры профессионального "
            "самоопределения обучающихся",
            "оказание дополнительной помощи и поддержки в решении проблем профессионального "
            "самоопределения обучающихся, испытывающих трудности в освоении основных "
            "общеобразовательных программ, развитии и социальной адаптации, находящихся в "
            "социально опасном положении",
        ]
    )

    b.append(("h", h[2]))
    b += [
        (
            "c",
            "Принцип гуманизации образования может рассматриваться как его ориентация на "
            "личностную направленность, как процесс и результат развития и самоутверждения "
            "личности, как средство ее социальной защиты и устойчивости.",
        ),
        (
            "c",
            "Принцип комплексности, означающий интеграцию различных специалистов в решении "
            "задач сопровождения: классных руководителей, учителей-предметников, "
            "педагога-психолога, социального педагога и т. д.",
        ),
        (
            "c",
            "Принцип непрерывности выступает как характеристика включенности личности в "
            "образовательный процесс на всех этапах обучения. Реализуется путем "
            "целенаправленного формирования установки на самообразование и "
            "самосовершенствование через всю жизнь, которое развивается в неразрывном "
            "единстве с профессиональной деятельностью.",
        ),
        (
            "c",
            "Принцип активности, предполагающий активную позицию обучающегося в реализации "
            "потребности саморазвития и самопознания, готовности непрерывно изменяться как "
            "личностно, так и профессионально, не требуя при этом изменения от других. "
            "Субъекты системы сопровождения при реализации данного принципа, с одной "
            "стороны, прививают умение обучающимся решать проблемы самостоятельно, с другой — "
            "создают условия для реализации способности к саморазвитию.",
        ),
        (
            "c",
            "Принцип доступности и равных возможностей получения профориентационных услуг, "
            "профессиональной и иной информации, необходимой для выбора или перемены "
            "профессии, формы обучения и трудоустройства, независимо от возраста, пола, "
            "национальности и религиозного мировоззрения.",
        ),
    ]

    b.append(("h", h[3]))
    b.append(("c", "Межведомственное и социальное партнерство:"))
    b += bullets(
        [
            "создание максимально возможных условий для занятий обучающихся по программам "
            "дополнительного образования и внеурочной деятельности (организация презентаций, "
            "отчетных и тематических мероприятий, показательных выступлений, участие в "
            "волонтерской и проектной деятельности и т. д.)",
            "проведение занятий по ознакомлению обучающихся с миром профессий, требованиями "
            "профессии к человеку, возможностями профессиональной карьеры, потребностями "
            "региона в квалифицированных кадрах, содержанием и перспективами развития рынка "
            "труда, льготами и социальными гарантиями для обучающихся через разные формы: "
            "беседы, классные часы, диспуты, лекции профориентационной тематики; экскурсии "
            "(на предприятия, в организации, учреждения, профессиональные образовательные "
            "организации и др.); ролевые и деловые игры; встречи с руководителями "
            "предприятий, передовиками производства, молодыми специалистами и др.",
            "участие обучающихся в конкурсах и научно-практических конференциях по вопросам "
            "профориентации на разных уровнях, в выставках, проектах, акциях "
            "профориентационного характера",
            "проведение мастер-классов",
            "проведение практик (социальных, производственных) и другое",
            "организация мероприятий (проектов) профессиональной направленности при участии "
            "государственных (муниципальных) и бизнес-организаций",
        ]
    )
    b.append(
        (
            "c",
            "Создание инфраструктуры, обеспечивающей профессиональное самоопределение обучающихся:",
        )
    )
    b += bullets(
        [
            "назначение координатора по профессиональной ориентации в образовательной "
            "организации и определение его функциональных обязанностей",
            "включение в функциональные обязанности работников образования положений, "
            "регламентирующих деятельность по сопровождению профессионального "
            "самоопределения обучающихся",
            "разработка программы по профессиональной ориентации",
            "разработка плана работы на текущий год",
            "проведение профессиональной диагностики (тестирования) обучающихся",
            "обработка и анализ результатов диагностики (тестирования)",
            "организация психолого-педагогического сопровождения обучающихся",
            "проведение группового профконсультирования и карьерного консультирования для "
            "обучающихся",
            "проведение профконсультирования для родителей (законных представителей) обучающихся",
            "проведение дополнительных индивидуальных занятий с обучающимися, испытывающими "
            "трудности в освоении образовательных программ, развитии и социальной адаптации, "
            "находящимися в трудной жизненной ситуации, социально опасном положении",
            "организация конкурсов (проектов) профессиональной направленности на уровне "
            "образовательной организации и участие в конкурсах различного уровня",
        ]
    )
    b.append(("c", "Научно-методическое обеспечение профориентационной работы:"))
    b += bullets(
        [
            "проведение консультирования для учителей по темам профориентационной работы с "
            "обучающимися",
            "организация и проведение методических мероприятий (педсоветы, семинары, "
            "совещания, форумы и т. д.), включающих вопросы преемственности и "
            "профессиональной ориентации обучающихся",
            "организация инновационной, стажировочной или экспериментальной деятельности "
            "профориентационной направленности",
            "публикации о мероприятиях профессиональной направленности",
            "участие координатора по профессиональной ориентации в структурах, "
            "способствующих совершенствованию работы в данном направлении (ассоциации, "
            "координационные, межведомственные советы и т. д.)",
            "сдача самоотчетов образовательной организации по показателям результативности "
            "сопровождения профессионального самоопределения обучающихся",
        ]
    )
    b.append(("c", "Кадровое обеспечение:"))
    b += bullets(
        [
            "обобщение и тиражирование положительного опыта координатора по профессиональной "
            "ориентации через выступления на научно-практических конференциях разных уровней, "
            "семинарах, круглых столах, участие в работе методических объединений, "
            "педсоветах и др.",
            "организация повышения квалификации или переподготовки работников образования по "
            "вопросам профессиональной ориентации и сопровождения профессионального "
            "самоопределения школьников",
            "стимулирование работников образования, показывающих высокие результаты работы "
            "по профессиональной ориентации обучающихся",
        ]
    )
    b.append(
        (
            "c",
            "Системное проведение мониторинга профессионального самоопределения обучающихся, "
            f"результативности работы {SHORT} по профессиональной ориентации выпускников.",
        )
    )

    b.append(("h", h[4]))
    b.append(
        (
            "c",
            "Информирование о рынке труда, рынке образовательных услуг, возможностях "
            "построения профессиональной карьеры через СМИ, Интернет. Обновление раздела "
            f"официального сайта {SHORT} по вопросам профориентации.",
        )
    )
    b.append(("c", "Организация и проведение:"))
    b += [
        (
            "s",
            "Профориентационных мероприятий для обучающихся (выставки, фестивали, конкурсы, "
            "олимпиады и др.).",
        ),
        (
            "s",
            "Мероприятий для родителей по формированию правильного профессионального выбора "
            "обучающихся.",
        ),
        (
            "s",
            "Конференций, семинаров, круглых столов, тематических консультаций, "
            "мастер-классов и других методических мероприятий для педагогов по вопросам "
            "организации профориентационной работы с обучающимися.",
        ),
        (
            "s",
            "Работа по привлечению работодателей к профориентированию обучающихся в форме "
            "экскурсий, стажировок на предприятиях, встреч, круглых столов, профессиональных "
            "конкурсов и других мероприятий.",
        ),
        (
            "s",
            "Осуществление мониторинга профессиональных предпочтений обучающихся, анализ "
            "результатов трудоустройства выпускников прошедшего учебного года и их "
            "профессиональной, производственной и социальной адаптации.",
        ),
        (
            "s",
            "Индивидуальное и групповое тестирование и консультирование обучающихся, их "
            "родителей (законных представителей).",
        ),
        (
            "s",
            "Взаимодействие в сфере профориентации со специалистами муниципальных органов "
            "управления образованием, их подведомственными организациями, специалистами "
            "центра занятости населения, социальной защиты населения, предприятиями "
            "различных форм собственности и другими субъектами профориентации.",
        ),
        (
            "s",
            "Планирование и координация деятельности педагогического коллектива в области "
            "профориентации.",
        ),
    ]

    b.append(("h", h[5]))
    b.append(
        (
            "c",
            f"Работа по профориентации обучающихся в {SHORT} осуществляется директором и "
            "работниками, в должностных инструкциях которых указываются компетенции "
            "(трудовые функции), реализуемые ими в части осуществления профориентации "
            "обучающихся:",
        )
    )
    b.append(("tag", "{%p for r in roles %}"))
    b.append(
        (
            "b",
            "{{ r.title }}{{ ' (' + r.holders + ')' if r.holders else '' }} — "
            "{{ r.functions }}{{ ';' if not loop.last else '.' }}",
        )
    )
    b.append(("tag", "{%p endfor %}"))
    # The rest of п. 7.1 (an unnumbered paragraph, so the source's clause numbers hold).
    b.append(
        (
            "p",
            "Направления работы каждого субъекта приведены в приложении к настоящему "
            "Положению и включаются в должностные инструкции работников.",
        )
    )
    b.append(
        (
            "c",
            "Работа по профориентации обучающихся осуществляется на межведомственной основе "
            "во взаимодействии с родителями (законными представителями) обучающихся, "
            "педагогическими работниками общеобразовательных и профессиональных "
            "образовательных организаций, со специалистами муниципальных органов управления "
            "образования, с работниками психолого-педагогических и медико-социальных центров, "
            "центров занятости населения, с работниками предприятий и организаций.",
        )
    )
    b.append(
        (
            "c",
            f"Работа по профессиональной ориентации обучающихся в {SHORT} может осуществляться:",
        )
    )
    b += bullets(
        [
            "советом по профориентации (при необходимости) — координационная функция, "
            "общественный контроль",
            "методическими объединениями — обеспечение профориентационной направленности "
            "учебных и воспитательных программ, участие в повышении квалификации "
            "педагогических работников по вопросам профориентации обучающихся, участие в "
            "разработке программно-методического обеспечения профориентационной работы",
            "проблемными группами (при необходимости) — аналитическая и "
            "научно-исследовательская работа в сфере профориентации обучающихся, разработка "
            "программно-методического обеспечения деятельности по профориентации",
            "родительскими комитетами — участие в профессиональном просвещении, "
            "профессиональном консультировании и профессиональном воспитании обучающихся",
            "органами детского самоуправления — участие в профессиональном просвещении, "
            "профессиональном воспитании обучающихся",
        ]
    )
    b.append(
        (
            "c",
            f"{SHORT} разрабатывает и принимает положение о работе по профессиональной "
            "ориентации обучающихся, план работы и иные локальные нормативные акты по "
            "данному направлению деятельности.",
        )
    )
    b.append(
        (
            "c",
            f"{SHORT} разрабатывает программу профессиональной ориентации обучающихся по "
            "формированию готовности к выбору направления своей профессиональной "
            "деятельности в соответствии с личными интересами, индивидуальными особенностями "
            "и способностями с учетом потребностей рынка труда. Программа должна определять "
            "методы и формы массовой, индивидуальной и групповой организации "
            "профессиональной ориентации обучающихся по каждому из направлений («ярмарки "
            "профессий», дни открытых дверей, экскурсии, предметные недели, олимпиады, "
            "конкурсы и др.).",
        )
    )
    b.append(
        (
            "c",
            "Профориентационная работа с обучающимися {{ profminimum.grades }} классов "
            "ведётся в рамках Единой модели профессиональной ориентации (профминимума) "
            "{{ profminimum.level_genitive }} уровня в объёме не менее "
            "{{ profminimum.hours }} часов в учебный год, в том числе через курс внеурочной "
            "деятельности {{ profminimum.course }} ({{ profminimum.basis }}).",
        )
    )

    b.append(("h", h[6]))
    b += [
        (
            "c",
            f"Координатор по профессиональной ориентации назначается приказом директора {SHORT}.",
        ),
        (
            "c",
            "Непосредственное руководство и контроль за деятельностью координатора по "
            f"профессиональной ориентации в {SHORT} возлагаются на "
            "{{ deputy_uvr.position.accusative }}.",
        ),
        (
            "c",
            "Координатор по профессиональной ориентации осуществляет свою деятельность на "
            "основании плана профориентационной работы, утвержденного "
            "{{ deputy_uvr.position.instrumental }}.",
        ),
        (
            "c",
            "Координатор по профессиональной ориентации осуществляет свою деятельность "
            "совместно с учителями-предметниками, социальными педагогами, "
            "педагогами-психологами, педагогами дополнительного образования и другими "
            "субъектами профориентации.",
        ),
        (
            "c",
            "Координатор по профессиональной ориентации ведет и заполняет следующую документацию:",
        ),
    ]
    b += bullets(
        [
            "план-сетка",
            "журнал индивидуальных и групповых консультаций",
            "журнал учета выполненной работы",
            "информационно-аналитические справки и результаты проведенных диагностик и "
            "мониторингов",
        ]
    )

    b.append(("h", h[7]))
    b.append(
        (
            "c",
            "{{ region.institute_full }} ({{ region.institute_short }}) оказывает содействие "
            "осуществлению работы по профессиональной ориентации обучающихся в "
            "общеобразовательных организациях {{ region.name.genitive }}, проводя:",
        )
    )
    b += bullets(
        [
            "учебно-методическую работу (курсы повышения квалификации, семинары, вебинары, "
            "тематические консультации для координаторов по профессиональной ориентации, иных "
            "педагогических и руководящих работников)",
            "организационно-методическую работу (проведение конкурсов, форумов, круглых "
            "столов и др.)",
            "научно-методическую работу (проведение научно-практических конференций, "
            "разработка методических рекомендаций, работа инновационных, экспериментальных и "
            "стажировочных площадок)",
        ]
    )
    return b


def work_regulation_appendix(doc: DocxDocument) -> None:
    """Таблица 4 of the source: one row per role of п. 7.1, duties as an in-cell list.

    Roles, holders and duties are data (generator/roles.yaml and the school's profile);
    the template only lays them out.
    """
    appendix_heading(
        doc,
        "Приложение к Положению о работе по профессиональной ориентации обучающихся",
        "Направления работы субъектов сопровождения профессионального самоопределения обучающихся",
    )
    table = appendix_table(
        doc, [50, 120], ["Субъект сопровождения (исполнитель)", "Направления работы"]
    )
    tag_row(table, "{%tr for r in roles %}")
    row = table.add_row()
    who, duties = row.cells
    title = cell_paragraph(who, "", S_CELL, first=True)
    title.add_run("{{ r.title|capitalize }}").bold = True
    cell_paragraph(who, "{{ r.holders }}", S_CELL)
    cell_paragraph(duties, "{%p for d in r.duties %}", S_CELL, first=True)
    cell_paragraph(duties, "{{ d }}{{ ';' if not loop.last else '.' }}", S_CELL_BULLET)
    cell_paragraph(duties, "{%p endfor %}", S_CELL)
    tag_row(table, "{%tr endfor %}")


def build_work_regulation() -> DocxDocument:
    doc = new_document("Положение о работе по профессиональной ориентации обучающихся")
    setup_appendix_table_styles(doc)
    approval_stamps(doc, 1, "УТВЕРЖДЕНО")
    document_title(doc, "ПОЛОЖЕНИЕ", "о работе по профессиональной ориентации обучающихся")
    write_blocks(doc, work_regulation_blocks())
    work_regulation_appendix(doc)
    return doc


# ======================================================================================
# 02 — Положение о деятельности координатора (Приложение 2)
# ======================================================================================

COORDINATOR_HEADINGS = [
    "Общие положения",
    "Цели и задачи деятельности координатора по профессиональной ориентации",
    "Принципы деятельности координатора по профессиональной ориентации",
    "Основные направления деятельности координатора по профессиональной ориентации",
    "Виды деятельности координатора по профессиональной ориентации",
    "Организация и контроль за деятельностью координатора по профессиональной ориентации",
]

COORDINATOR = "Координатор по профессиональной ориентации"


def coordinator_regulation_blocks() -> list[Block]:
    h = COORDINATOR_HEADINGS
    b: list[Block] = []
    b.append(("h", h[0]))
    b.append(
        (
            "c",
            "Настоящее Положение о деятельности координатора по профессиональной ориентации "
            "в {{ school.full_name_forms.prepositional }} (далее соответственно — Положение, "
            "{{ school.short_name }}) определяет цели, задачи, принципы и основные "
            f"направления деятельности координатора по профессиональной ориентации в {SHORT}.",
        )
    )
    b.append(
        (
            "c",
            "Координатор по профессиональной ориентации — педагогический работник "
            "образовательной организации, обеспечивающий организационно-педагогическое "
            "сопровождение профессионального самоопределения обучающимся за счет координации "
            "деятельности педагогических работников, представителей родительской "
            "общественности, работодателей; осуществляющий взаимодействие в сфере "
            "профориентации со специалистами муниципальных органов управления образованием и "
            "их подведомственными организациями, ответственных за профориентационную работу, "
            "специалистами центра занятости населения, социальной защиты населения, "
            "предприятиями различных форм собственности (далее — субъекты профориентации).",
        )
    )
    b.append(
        (
            "c",
            f"{COORDINATOR} руководствуется в своей деятельности "
            "{% for a in legal.coordinator_regulation %}{{ a.instrumental }}"
            "{{ ', ' if not loop.last else '' }}{% endfor %}, уставом {{ school.short_name }}.",
        )
    )

    b.append(("h", h[1]))
    b.append(
        (
            "c",
            "Цель деятельности координатора по профессиональной ориентации — содействие "
            "своевременному и осознанному выбору обучающимися профессии, профессиональной "
            "образовательной организации, иных форм профессиональной подготовки.",
        )
    )
    b.append(("c", "Задачи деятельности координатора по профессиональной ориентации:"))
    b += bullets(
        [
            "обеспечение прав и социальных гарантий обучающихся в сфере свободного выбора "
            "профессии, формы занятости и путей самореализации обучающихся в условиях "
            "рыночных отношений",
            "создание условий для обеспечения организационно-педагогического сопровождения "
            "профессионального самоопределения обучающихся через систему работы педагогических "
            "работников, сотрудничество с базовыми предприятиями, профессиональными "
            "образовательными организациями, центрами профориентационной работы, совместную "
            "деятельность с родителями (законными представителями)",
            "развитие познавательных и профессиональных интересов обучающихся, ключевых "
            "компетенций, составляющих основу дальнейшего профессионального образования и "
            "ориентации в мире профессий, обеспечивающих успешность в будущей "
            "профессиональной деятельности",
            "профессиональное воспитание, формирование культуры профессионального "
            "самоопределения обучающихся",
            "содействие успешной профессиональной, производственной и социальной адаптации "
            "обучающихся",
            "содействие реализации индивидуального потенциала обучающихся",
            "оказание дополнительной помощи и поддержки в решении проблем профессионального "
            "самоопределения обучающихся, испытывающих трудности в освоении основных "
            "общеобразовательных программ, развитии и социальной адаптации, находящихся в "
            "социально опасном положении",
        ]
    )

    b.append(("h", h[2]))
    b += [
        (
            "c",
            "Принцип гуманизации профориентационной работы может рассматриваться как ее "
            "ориентация на личностную направленность обучающегося, процесс и результат "
            "развития и самоутверждения личности, средство ее социальной защиты и "
            "устойчивости.",
        ),
        (
            "c",
            "Принцип комплексности, означающий интеграцию различных специалистов в решении "
            "задач сопровождения: кураторов (классных руководителей), преподавателей "
            "(учителей-предметников), педагога-психолога, социального педагога и т. д.",
        ),
        (
            "c",
            "Принцип доступности и равных возможностей получения профориентационных услуг, "
            "профессиональной и иной информации, необходимой для выбора профессии, формы "
            "обучения и трудоустройства, независимо от возраста, пола, национальности и "
            "религиозного мировоззрения.",
        ),
        (
            "c",
            "Принцип непрерывности выступает как характеристика включенности личности в "
            "образовательный процесс на всех этапах обучения и реализуется путем "
            "целенаправленного формирования установки на самообразование и "
            "самосовершенствование.",
        ),
        (
            "c",
            "Принцип активности, предполагающий активную позицию обучающегося в реализации "
            "потребности саморазвития и самопознания, готовности непрерывно изменяться "
            "личностно, не требуя при этом изменения от других. Субъекты системы "
            "сопровождения при реализации данного принципа, с одной стороны, прививают умение "
            "обучающимся решать проблемы самостоятельно, с другой — создают условия для "
            "реализации способности к саморазвитию.",
        ),
        (
            "c",
            "Принцип компетентности означает, что координатор по профессиональной ориентации "
            "должен иметь необходимую специальную теоретическую и практическую подготовку, "
            "использовать приемы и методы, соответствующие его квалификации и личным "
            "возможностям, постоянно повышать свою квалификацию, знакомиться с новыми "
            "разработками в области своей профессиональной деятельности, выбирать методы "
            "адекватно конкретной ситуации консультирования.",
        ),
        (
            "c",
            "Принцип конфиденциальности означает, что информация, полученная координатором по "
            "профессиональной ориентации в процессе работы с обучающимся и его родителями "
            "(законными представителями), не подлежит разглашению (сознательному или "
            "случайному), а передача ее другим лицам возможна лишь с согласия консультируемого "
            "и если это соответствует его интересам.",
        ),
        (
            "c",
            "Принцип лояльности означает, что координатор по профессиональной ориентации "
            "уважает личность обучающегося и защищает его право на свободу в "
            "профессиональном самоопределении. Интересы обучающегося, даже не "
            "соответствующие интересам координатора по профессиональной ориентации, являются "
            "приоритетными. В общении с любым обучающимся координатор по профессиональной "
            "ориентации должен проявлять доброжелательность, тактичность, независимо от "
            "своего эмоционального и физического состояния и субъективного отношения к нему.",
        ),
        (
            "c",
            "Принцип добровольности, когда обучающийся участвует в консультации по "
            "собственному желанию и имеет право отказаться от какого-либо вида работы с "
            "координатором по профессиональной ориентации (тестирования, анкетирования и "
            "т. п.) без объяснения причин.",
        ),
    ]

    b.append(("h", h[3]))
    b.append(
        (
            "p",
            f"{COORDINATOR} осуществляет деятельность в {SHORT} по следующим основным "
            "направлениям:",
        )
    )
    b += bullets(
        [
            "организационное",
            "профориентационная диагностика",
            "профориентационное консультирование",
            "профориентационное информирование",
            "практико-ориентированное системное проведение мониторинга профессионального "
            "самоопределения обучающихся, результативности работы общеобразовательной "
            "организации по профессиональной ориентации выпускников школ",
            "повышение квалификации педагогических работников общеобразовательной "
            "организации по вопросам профориентации обучающихся",
        ]
    )

    b.append(("h", h[4]))
    b += [
        (
            "c",
            "Информирование о рынке труда, рынке образовательных услуг, возможностях "
            "построения профессиональной карьеры через СМИ, Интернет. Обновление раздела "
            f"официального сайта {SHORT} по вопросам профориентации.",
        ),
        ("c", "Организация и проведение:"),
        (
            "s",
            "Профориентационных мероприятий для обучающихся (выставки, фестивали, конкурсы, "
            "олимпиады и др.).",
        ),
        (
            "s",
            "Мероприятий для родителей по формированию правильного профессионального выбора "
            "обучающихся.",
        ),
        (
            "s",
            "Конференций, семинаров, круглых столов, тематических консультаций, "
            "мастер-классов и других методических мероприятий для педагогов по вопросам "
            "организации профориентационной работы с обучающимися.",
        ),
        (
            "c",
            "Работа по привлечению работодателей к профориентированию обучающихся в форме "
            "экскурсий, стажировок на предприятиях, встреч, круглых столов, профессиональных "
            "конкурсов и других мероприятий.",
        ),
        (
            "c",
            "Осуществление мониторинга профессиональных предпочтений обучающихся, анализ "
            "результатов трудоустройства выпускников прошедшего учебного года и их "
            "профессиональной, производственной и социальной адаптации.",
        ),
        (
            "c",
            "Индивидуальное и групповое тестирование и консультирование обучающихся, их "
            "родителей (законных представителей).",
        ),
        (
            "c",
            "Взаимодействие в сфере профориентации со специалистами муниципальных органов "
            "управления образованием, их подведомственными организациями, специалистами "
            "центра занятости населения, социальной защиты населения, предприятиями "
            "различных форм собственности и другими субъектами профориентации.",
        ),
        (
            "c",
            "Планирование и координация деятельности педагогического коллектива в области "
            "профориентации.",
        ),
    ]

    b.append(("h", h[5]))
    b += [
        ("c", f"{COORDINATOR} назначается приказом директора {SHORT}."),
        (
            "c",
            "Непосредственное руководство и контроль за деятельностью координатора по "
            "профессиональной ориентации возлагаются на {{ deputy_uvr.position.accusative }}.",
        ),
        (
            "c",
            f"{COORDINATOR} осуществляет свою деятельность на основании плана "
            "профориентационной работы, утвержденного {{ deputy_uvr.position.instrumental }}.",
        ),
        (
            "c",
            f"{COORDINATOR} осуществляет свою деятельность совместно с учителями-предметниками, "
            "социальными педагогами, педагогами-психологами, педагогами дополнительного "
            "образования и другими субъектами профориентации.",
        ),
        ("c", f"{COORDINATOR} ведет и заполняет следующую документацию:"),
    ]
    b += bullets(
        [
            "план-сетка",
            "журнал индивидуальных и групповых консультаций",
            "журнал учета выполненной работы",
            "информационно-аналитические справки и результаты проведенных диагностик и "
            "мониторингов",
        ]
    )
    b.append(("p", "Документация оформляется в соответствии с {{ legal.gost_title }}."))
    b.append(
        (
            "c",
            "Результативность работы координатора по профессиональной ориентации оценивается "
            "по критериям и показателям, приведенным в приложении к настоящему Положению.",
        )
    )
    return b


# Таблица 3 of the source, verbatim (spacing fixed). Fixed methodological content like the
# rest of the regulation, so it is template text, not data: methodologists edit it in Word.
COORDINATOR_CRITERIA: list[tuple[str, list[str]]] = [
    (
        "Организационный.",
        [
            "Наличие в образовательной организации среднесрочной профориентационной "
            "программы с ожидаемыми результатами по данному направлению.",
            "Наличие в образовательной организации ежегодного плана работы по профориентации "
            "обучающихся и их родителей (законных представителей).",
            "Анализ работы координатора по профессиональной ориентации по результатам работы "
            "за год.",
        ],
    ),
    (
        "Профориентационная диагностика.",
        [
            "Количество обучающихся, прошедших тестирование.",
            "Анализ обработки результатов профориентационного тестирования.",
        ],
    ),
    (
        "Профориентационное консультирование.",
        [
            "Количество обучающихся, прошедших профессиональное и карьерное консультирование.",
            "Количество родителей обучающихся (их законных представителей), прошедших "
            "профконсультирование.",
        ],
    ),
    (
        "Профориентационное информирование.",
        [
            "Количество проведенных занятий по ознакомлению обучающихся с миром профессий, "
            "требованиями профессии к человеку, возможностями профессиональной карьеры, "
            "потребностями региона в квалифицированных кадрах, содержанием и перспективами "
            "развития рынка труда, а также с условиями обучения, организации досуга "
            "в профессиональной образовательной организации, льготами и социальными "
            "гарантиями для обучающихся через разные формы: беседы, классные часы, диспуты, "
            "лекции, дискуссии профориентационной тематики; экскурсии (на предприятия, "
            "организации, учреждения, профессиональные образовательные организации и др.); "
            "профориентационные игры, профессиональные пробы, тренинги; встречи "
            "с руководителями предприятий, с передовиками производства, молодыми "
            "специалистами и др.",
            "Количество дополнительных индивидуальных занятий с обучающимися, испытывающими "
            "трудности в освоении программ, развитии и социальной адаптации, находящимися "
            "в трудной жизненной ситуации, социально опасном положении.",
        ],
    ),
    (
        "Практико-ориентированный.",
        [
            "Участие координатора по профессиональной ориентации в обобщении и тиражировании "
            "положительного опыта на разных уровнях через выступления на научно-практических "
            "конференциях, семинарах, круглых столах, участие в работе методических "
            "объединений, педсоветах и т. д.",
            "Количество обучающихся, принявших участие на разном уровне в следующих "
            "мероприятиях: конкурсах, научно-практических конференциях, выставках, проектах, "
            "акциях по вопросам профориентации и т. д.",
            "Количество проведенных профессиональных проб.",
            "Количество проведенных мастер-классов.",
            "Количество проведенных практик (социальных, производственных).",
        ],
    ),
]


def coordinator_regulation_appendix(doc: DocxDocument) -> None:
    """Таблица 3 of the source and its note on incentive payments."""
    appendix_heading(
        doc,
        "Приложение к Положению о деятельности координатора по профессиональной ориентации",
        "Критерии и показатели результативности работы координатора по профессиональной ориентации",
    )
    table = appendix_table(doc, [55, 115], ["Критерии", "Показатели"])
    for criterion, indicators in COORDINATOR_CRITERIA:
        row = table.add_row()
        row_props(row, cant_split=True)
        left, right = row.cells
        cell_paragraph(left, criterion, S_CELL_CRITERION, first=True)
        num_id = restart_numbering(doc, S_CELL_NUMBER)  # 1, 2 … again in every cell
        for i, indicator in enumerate(indicators):
            use_numbering(cell_paragraph(right, indicator, S_CELL_NUMBER, first=i == 0), num_id)
    note = para(
        doc,
        "В случае положительной динамики и качественных изменений, которые будут обнаружены "
        "при анализе работы по данному направлению, критерии и показатели результативности "
        "работы координатора по профессиональной ориентации могут быть использованы "
        "администрацией {{ school.short_name }} для выплат стимулирующего характера лицам, "
        "ответственным за профориентационную работу.",
    )
    note.paragraph_format.space_before = Pt(12)


def build_coordinator_regulation() -> DocxDocument:
    doc = new_document("Положение о деятельности координатора по профессиональной ориентации")
    setup_appendix_table_styles(doc)
    approval_stamps(doc, 2, "УТВЕРЖДЕНО")
    document_title(doc, "ПОЛОЖЕНИЕ", "о деятельности координатора по профессиональной ориентации")
    write_blocks(doc, coordinator_regulation_blocks())
    coordinator_regulation_appendix(doc)
    return doc


# ======================================================================================
# 03 — Функциональные обязанности координатора (Приложение 3)
# ======================================================================================

DUTIES_HEADINGS = [
    "Общие положения",
    "Координатор по профессиональной ориентации должен знать:",
    "Координатор по профессиональной ориентации обязан:",
    "Координатор по профессиональной ориентации имеет право:",
]


def duties_blocks() -> list[Block]:
    h = DUTIES_HEADINGS
    b: list[Block] = [
        ("h", h[0]),
        ("c", f"{COORDINATOR} назначается приказом директора {SHORT}."),
        (
            "c",
            f"{COORDINATOR} подчиняется непосредственно директору {SHORT} и "
            "{{ deputy_uvr.position.dative }}.",
        ),
        ("h", h[1]),
    ]
    b += bullets(
        [
            "законы и иные нормативные правовые акты Российской Федерации в области "
            "профессиональной ориентации и психологической поддержки населения",
            "этические нормы деятельности координатора по профессиональной ориентации",
            "основы практической психологии, в том числе методы современной психодиагностики",
            "правила организации психодиагностического обследования",
            "методы оказания психологической поддержки",
            "типологию и симптоматику пограничных нервно-психических состояний",
            "основы психологии труда и управления, инженерной и социальной психологии, "
            "физиологии труда, в том числе методы изучения психологических особенностей "
            "трудовой деятельности, психофизиологического исследования человека",
            "основы профессиоведения и профессиографии, в том числе классификацию профессий и "
            "специальностей",
            "требования, предъявляемые профессией к человеку",
            "формы и методы организации профориентационной работы и особенности "
            "профориентационного сопровождения образовательного процесса, индивидуальной, "
            "групповой и массовой профориентационной работы с различными категориями "
            "населения, работодателями",
            "потребность в кадрах на региональном и муниципальном уровнях с профессиональной "
            "дифференциацией",
            "социально-демографические особенности региона, муниципалитета",
            "передовой отечественный и зарубежный опыт профориентационной работы",
            "основы законодательства о труде",
            "правила и нормы охраны труда",
            "правила внутреннего трудового распорядка",
        ]
    )
    b.append(("h", h[2]))
    b += [
        ("c", "Отвечать за работу кабинета по профориентации (уголка, стенда, сайта и т. д.)."),
        (
            "c",
            "Координировать профориентационную деятельность классных руководителей, "
            "учителей-предметников, педагога-психолога, педагогов дополнительного образования "
            f"и других категорий работников {SHORT}.",
        ),
        ("c", "Работать совместно со специалистами центра занятости."),
        (
            "c",
            "Участвовать в мероприятиях, совещаниях, семинарах, конференциях и пр. "
            "различного уровня.",
        ),
        (
            "c",
            "Участвовать в планировании и разработке профориентационных программ "
            f"образовательной деятельности {SHORT} с учетом половозрастных особенностей "
            "обучающихся.",
        ),
        ("c", "Проводить профориентационные занятия по разработанным и утвержденным программам."),
        (
            "c",
            f"Вести информационно-просветительскую работу в {SHORT}; организовывать и "
            "проводить профориентационные мероприятия.",
        ),
        (
            "c",
            "Участвовать в организации экскурсий обучающихся и педагогов на предприятия, в "
            "профессиональные образовательные организации, образовательные организации "
            "высшего образования и др.",
        ),
        (
            "c",
            "Организовать работу по социальной и психологической адаптации обучающихся в "
            "условиях образовательной организации, обучать навыкам эффективного поиска работы.",
        ),
        (
            "c",
            "Оказывать помощь обучающимся, родителям (законным представителям), "
            "педагогическому коллективу в решении конкретных проблем профессионального "
            "самоопределения обучающихся.",
        ),
        (
            "c",
            f"Вести текущую документацию и готовить отчеты по профориентационной работе в {SHORT}, "
            "систематично проводить мониторинг профессионального самоопределения обучающихся, "
            "результативности работы образовательной организации по профессиональной "
            "ориентации.",
        ),
    ]
    b.append(("h", h[3]))
    b += [
        (
            "c",
            f"Знакомиться с проектами решений администрации {SHORT}, касающимися его деятельности.",
        ),
        (
            "c",
            f"По вопросам, находящимся в его компетенции, вносить на рассмотрение администрации "
            f"{SHORT} предложения по улучшению профориентационной деятельности, "
            "совершенствованию методов работы, замечания по профориентационной деятельности "
            f"специалистов {SHORT}, предлагать варианты устранения имеющихся недостатков.",
        ),
        (
            "c",
            "Привлекать специалистов всех (отдельных) структурных подразделений к решению "
            f"задач, возложенных на него, с разрешения директора {SHORT}.",
        ),
        (
            "c",
            f"Требовать от администрации {SHORT} оказания содействия в исполнении им его "
            "функциональных обязанностей и прав.",
        ),
    ]
    return b


def build_duties() -> DocxDocument:
    doc = new_document("Функциональные обязанности координатора по профессиональной ориентации")
    approval_stamps(doc, 3, "УТВЕРЖДЕНЫ")
    document_title(doc, "ФУНКЦИОНАЛЬНЫЕ ОБЯЗАННОСТИ", "координатора по профессиональной ориентации")
    write_blocks(doc, duties_blocks())
    ack = para(doc, "С функциональными обязанностями {{ coordinator.acquainted }}:", S_PLAIN)
    ack.paragraph_format.space_before = Pt(24)
    ack.paragraph_format.keep_with_next = True
    sign = para(doc, "________________ {{ coordinator.short.nominative }}", S_PLAIN)
    sign.paragraph_format.space_before = Pt(12)
    sign.paragraph_format.keep_with_next = True
    date = para(doc, "«___» ____________ 20___ г.", S_PLAIN)
    date.paragraph_format.space_before = Pt(6)
    return doc


# ======================================================================================
# 04 — Приказ о назначении координатора
# ======================================================================================


def signature_table(doc: DocxDocument, position: str, name: str, width_mm: float) -> Table:
    """Position at the left, «И.О. Фамилия» at the right edge (ГОСТ Р 7.0.97)."""
    third = width_mm / 3
    table = make_table(doc, [width_mm - 2 * third, third, third], T_PLAIN)
    left, _, right = table.rows[0].cells
    cell_paragraph(left, position, S_PLAIN, first=True)
    paragraph = cell_paragraph(right, name, S_PLAIN, first=True)
    paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    return table


def build_order() -> DocxDocument:
    doc = new_document(
        "Приказ о назначении координатора по профессиональной ориентации "
        "и утверждении локальных актов"
    )
    para(doc, "{{ school.name_with_short }}", S_ORG)
    para(doc, "ПРИКАЗ", S_TITLE).paragraph_format.space_before = Pt(18)

    spacer = para(doc, "", S_PLAIN)
    spacer.paragraph_format.space_after = Pt(6)
    table = make_table(doc, [85, 85], T_PLAIN)
    left, right = table.rows[0].cells
    cell_paragraph(left, "{{ acts.order.date.words }}", S_PLAIN, first=True)
    number = cell_paragraph(right, "№ {{ acts.order.number }}", S_PLAIN, first=True)
    number.alignment = WD_ALIGN_PARAGRAPH.RIGHT

    place = para(doc, "{{ school.locality }}", S_CENTER)
    place.paragraph_format.space_before = Pt(6)
    heading = para(
        doc,
        "О назначении координатора по профессиональной ориентации и утверждении локальных актов",
        S_DOC_HEADING,
    )
    heading.paragraph_format.space_before = Pt(18)
    heading.paragraph_format.space_after = Pt(12)

    para(
        doc,
        "В соответствии с {% for a in legal.order %}{{ a.instrumental }}"
        "{{ ', ' if not loop.last else '' }}{% endfor %}, Положением о работе по "
        "профессиональной ориентации обучающихся {{ school.short_name }}, в целях организации "
        "работы по профессиональной ориентации обучающихся",
    )
    order_word = para(doc, "ПРИКАЗЫВАЮ:", S_PLAIN)
    order_word.paragraph_format.space_before = Pt(6)
    order_word.paragraph_format.space_after = Pt(6)

    para(
        doc,
        "Назначить {{ coordinator.name.accusative }}, {{ coordinator.position.accusative }}, "
        "координатором по профессиональной ориентации с "
        "{{ acts.order.effective_date.words }}",  # the date form ends with «г.»
        S_ORDER_ITEM,
    )
    para(doc, "Утвердить:", S_ORDER_ITEM)
    para(
        doc,
        "Положение о работе по профессиональной ориентации обучающихся (приложение 1);",
        S_ORDER_SUBITEM,
    )
    para(
        doc,
        "Положение о деятельности координатора по профессиональной ориентации (приложение 2);",
        S_ORDER_SUBITEM,
    )
    para(
        doc,
        "Функциональные обязанности координатора по профессиональной ориентации (приложение 3).",
        S_ORDER_SUBITEM,
    )
    para(
        doc,
        "Непосредственное руководство и контроль за деятельностью координатора по "
        "профессиональной ориентации возложить на {{ deputy_uvr.position.accusative }} "
        "{{ deputy_uvr.short.accusative }}.",
        S_ORDER_ITEM,
    )
    para(
        doc,
        "Координатору по профессиональной ориентации {{ coordinator.short.dative }} вести "
        "следующую документацию:",
        S_ORDER_ITEM,
    )
    for block in bullets(
        [
            "план-сетку работы по профессиональной ориентации обучающихся",
            "журнал индивидуальных и групповых консультаций",
            "журнал учёта выполненной работы",
            "информационно-аналитические справки и результаты проведённых диагностик и "
            "мониторингов",
        ]
    ):
        para(doc, block[1], S_BULLET)
    para(doc, "Контроль за исполнением настоящего приказа оставляю за собой.", S_ORDER_ITEM)

    para(doc, "", S_PLAIN).paragraph_format.space_before = Pt(24)
    signature_table(doc, "Директор", "{{ director.short.nominative }}", PORTRAIT_TEXT_MM)

    ack = para(doc, "С приказом ознакомлены:", S_PLAIN)
    ack.paragraph_format.space_before = Pt(24)
    ack.paragraph_format.space_after = Pt(6)
    ack.paragraph_format.keep_with_next = True
    table = make_table(doc, [60, 45, 65], T_PLAIN, rows=2)
    for row, who in zip(table.rows, ("coordinator", "deputy_uvr"), strict=True):
        row_props(row, cant_split=True, min_height=Cm(1))
        name, signature, date = row.cells
        cell_paragraph(name, f"{{{{ {who}.surname_first }}}}", S_PLAIN, first=True)
        cell_paragraph(signature, "______________", S_PLAIN, first=True)
        cell_paragraph(date, "«___» ___________ 20___ г.", S_PLAIN, first=True)
    return doc


# ======================================================================================
# 05 — План-сетка (landscape)
# ======================================================================================

MONTHS = ["сен", "окт", "ноя", "дек", "янв", "фев", "мар", "апр", "май", "июн"]
PLAN_WIDTHS = [10, 52, 16] + [8.6] * 10 + [34, 35, 24]  # 257 mm


def build_plan() -> DocxDocument:
    doc = new_document(
        "План-сетка работы по профессиональной ориентации обучающихся", landscape=True
    )
    stamp = make_table(doc, [80], T_PLAIN, align=WD_TABLE_ALIGNMENT.RIGHT)
    fill_cell(
        stamp.rows[0].cells[0],
        [
            "УТВЕРЖДАЮ",
            "{{ plan.approver.position.nominative|capitalize }} {{ school.short_name }}",
            "________________ {{ plan.approver.short.nominative }}",
            "{{ plan.approval_date.words }}",
        ],
        S_REQ,
    )

    para(doc, "{{ school.name_with_short }}", S_ORG).paragraph_format.space_before = Pt(12)
    para(doc, "ПЛАН-СЕТКА", S_TITLE)
    para(
        doc,
        "работы по профессиональной ориентации обучающихся на {{ year.label }} учебный год",
        S_DOC_HEADING,
    )
    info = para(
        doc,
        "Единая модель профессиональной ориентации (профминимум): {{ profminimum.level }} "
        "уровень, не менее {{ profminimum.hours }} часов в год, {{ profminimum.grades }} "
        "классы; курс внеурочной деятельности {{ profminimum.course }} "
        "({{ profminimum.basis }}).",
        S_REQ,
    )
    info.paragraph_format.space_before = Pt(12)
    info.paragraph_format.space_after = Pt(6)

    table = make_table(doc, PLAN_WIDTHS, T_GRID, rows=2)
    head, months = table.rows
    for row in (head, months):
        row_props(row, header=True, cant_split=True)
    span = table.cell(0, 3).merge(table.cell(0, 12))
    cell_paragraph(span, "Сроки проведения (месяцы)", S_CELL_HEAD, first=True)
    titles = {
        0: "№ п/п",
        1: "Мероприятие",
        2: "Классы",
        13: "Ответственный",
        14: "Социальные партнеры",
        15: "Отметка о выполнении",
    }
    for col, text in titles.items():
        cell = table.cell(0, col).merge(table.cell(1, col))
        cell_paragraph(cell, text, S_CELL_HEAD, first=True)
        cell.vertical_alignment = WD_ALIGN_VERTICAL.CENTER
    for i, month in enumerate(MONTHS):
        cell = table.cell(1, 3 + i)
        cell_paragraph(cell, month, S_CELL_HEAD, first=True)
        # «июн» must fit an 8.6 mm column: no side padding in the month headers.
        cell._tc.get_or_add_tcPr().append(
            parse_xml(
                f'<w:tcMar {nsdecls("w")}><w:left w:w="0" w:type="dxa"/>'
                '<w:right w:w="0" w:type="dxa"/></w:tcMar>'
            )
        )

    tag_row(table, "{%tr for d in plan.directions %}")
    direction = table.add_row()
    row_props(direction, cant_split=True)
    merged = direction.cells[0].merge(direction.cells[-1])
    title = cell_paragraph(merged, "{{ d.number }}. {{ d.title }}", S_CELL_HEAD, first=True)
    title.alignment = WD_ALIGN_PARAGRAPH.LEFT
    title.paragraph_format.keep_with_next = True  # no direction title alone at a page foot
    tag_row(table, "{%tr for e in d.events %}")
    event = table.add_row()
    row_props(event, cant_split=True)
    texts = ["{{ e.number }}", "{{ e.title }}", "{{ e.classes }}"]
    texts += [f"{{{{ e.marks[{i}] }}}}" for i in range(10)]
    texts += ["{{ e.responsible }}", "{{ e.partners }}", ""]
    for i, (cell, text) in enumerate(zip(event.cells, texts, strict=True)):
        style = S_CELL if i in (1, 13, 14) else S_CELL_CENTER
        cell_paragraph(cell, text, style, first=True)
    tag_row(table, "{%tr endfor %}")
    tag_row(table, "{%tr endfor %}")

    legend = para(doc, "Условные обозначения: «•» — месяц проведения мероприятия.", S_REQ)
    legend.paragraph_format.space_before = Pt(6)
    para(doc, "", S_PLAIN).paragraph_format.space_before = Pt(12)
    signature_table(
        doc,
        "Координатор по профессиональной ориентации",
        "{{ coordinator.short.nominative }}",
        LANDSCAPE_TEXT_MM,
    )
    return doc


# ======================================================================================
# 06 — Журнал консультаций (title page portrait, table landscape)
# ======================================================================================

JOURNAL_COLUMNS = [
    (10, "№ п/п", "{{ r.number }}"),
    (20, "Дата", "{{ r.date }}"),
    (38, "Ф.И.О. или код", "{{ r.person }}"),
    (14, "Класс", "{{ r.grade }}"),
    (28, "Категория (обучающийся / родитель / педагог)", "{{ r.category }}"),
    (32, "Форма (индивидуальная / групповая, число участников)", "{{ r.form }}"),
    (47, "Запрос / тема", "{{ r.topic }}"),
    (46, "Рекомендации / результат", "{{ r.result }}"),
    (22, "Подпись", ""),
]


def build_journal() -> DocxDocument:
    doc = new_document("Журнал индивидуальных и групповых консультаций")
    para(doc, "{{ school.name_with_short }}", S_ORG)
    title = para(doc, "ЖУРНАЛ", S_TITLE)
    title.paragraph_format.space_before = Pt(150)
    heading = para(
        doc,
        "индивидуальных и групповых консультаций координатора по профессиональной ориентации",
        S_DOC_HEADING,
    )
    heading.paragraph_format.space_after = Pt(24)
    para(doc, "{{ coordinator.name.nominative }}", S_CENTER)
    para(doc, "{{ year.label }} учебный год", S_CENTER).paragraph_format.space_before = Pt(12)

    dates = make_table(doc, [90, 80], T_PLAIN)
    dates_cell = dates.rows[0].cells[1]
    fill_cell(
        dates_cell,
        ["Начат: «___» __________ 20___ г.", "Окончен: «___» ________ 20___ г."],
        S_PLAIN,
    )
    dates_cell.paragraphs[0].paragraph_format.space_before = Pt(48)
    dates_cell.paragraphs[1].paragraph_format.space_before = Pt(12)

    note = para(
        doc,
        "Журнал ведется с соблюдением принципа конфиденциальности (пункт 3.7 Положения о "
        "деятельности координатора по профессиональной ориентации): сведения, полученные в "
        "ходе консультирования, не подлежат разглашению, их передача другим лицам возможна "
        "лишь с согласия консультируемого и если это соответствует его интересам.",
        S_NOTE,
    )
    note.paragraph_format.space_before = Pt(96)
    para(
        doc,
        "Персональные данные обучающихся, их родителей (законных представителей) и "
        "работников обрабатываются в соответствии с Федеральным законом от 27.07.2006 "
        "№ 152-ФЗ «О персональных данных».",
        S_NOTE,
    )
    para(doc, "{%p if journal.pseudonymized %}", S_NOTE)
    para(doc, "Ф.И.О. консультируемых заменены в журнале кодами.", S_NOTE)
    para(doc, "{%p endif %}", S_NOTE)

    section = doc.add_section()
    setup_page(section, landscape=True)
    section.different_first_page_header_footer = False  # number shows on page 2 already

    widths = [w for w, _, _ in JOURNAL_COLUMNS]
    table = make_table(doc, widths, T_GRID)
    head = table.rows[0]
    row_props(head, header=True, cant_split=True)
    for cell, (_, text, _) in zip(head.cells, JOURNAL_COLUMNS, strict=True):
        cell_paragraph(cell, text, S_CELL_HEAD, first=True)
        cell.vertical_alignment = WD_ALIGN_VERTICAL.CENTER
    tag_row(table, "{%tr for r in journal.rows %}")
    row = table.add_row()
    row_props(row, cant_split=True, min_height=Cm(1))
    for i, (cell, (_, _, text)) in enumerate(zip(row.cells, JOURNAL_COLUMNS, strict=True)):
        style = S_CELL_CENTER if i in (0, 1, 3) else S_CELL
        cell_paragraph(cell, text, style, first=True)
    tag_row(table, "{%tr endfor %}")

    end = para(doc, "В журнале пронумеровано и прошнуровано ______ листов.", S_PLAIN)
    end.paragraph_format.space_before = Pt(18)
    end.paragraph_format.space_after = Pt(12)
    signature_table(doc, "Директор", "{{ director.short.nominative }}", LANDSCAPE_TEXT_MM)
    return doc


# ======================================================================================
# CLI
# ======================================================================================

TEMPLATES: dict[str, tuple[str, Callable[[], DocxDocument]]] = {
    "01": ("01_work_regulation.docx", build_work_regulation),
    "02": ("02_coordinator_regulation.docx", build_coordinator_regulation),
    "03": ("03_coordinator_duties.docx", build_duties),
    "04": ("04_appointment_order.docx", build_order),
    "05": ("05_plan_grid.docx", build_plan),
    "06": ("06_consultation_journal.docx", build_journal),
}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description="Собрать первые версии DOCX-шаблонов (templates/docx/).",
    )
    parser.add_argument(
        "only",
        nargs="*",
        metavar="NN",
        help="номера шаблонов (01–06); по умолчанию все",
    )
    parser.add_argument(
        "--force",
        action="store_true",
        help="перезаписать существующие шаблоны (правки методистов будут потеряны)",
    )
    parser.add_argument("--out-dir", type=Path, default=TEMPLATES_DIR, help="куда писать шаблоны")
    args = parser.parse_args(argv)

    unknown = [key for key in args.only if key not in TEMPLATES]
    if unknown:
        parser.error(f"неизвестные номера шаблонов: {', '.join(unknown)}")
    keys = args.only or list(TEMPLATES)

    args.out_dir.mkdir(parents=True, exist_ok=True)
    refused = 0
    for key in keys:
        filename, build = TEMPLATES[key]
        path = args.out_dir / filename
        if path.exists() and not args.force:
            print(
                f"Шаблон {path} уже существует — не перезаписываю: после первой сборки "
                "шаблоны правят в Word или LibreOffice, и они главнее этого скрипта. "
                "Чтобы собрать его заново (правки будут потеряны), запустите с --force.",
                file=sys.stderr,
            )
            refused += 1
            continue
        build().save(str(path))
        print(f"Создан шаблон {path}")
    return 1 if refused else 0


if __name__ == "__main__":
    sys.exit(main())
