"""Make templates 09 (the order on the Единая модель, from the order 04) and 10 (the
self-report, from the journal 06).

Run once when the wording changes; the DOCX is the file methodologists edit afterwards.
It keeps 04's styles, header, margins, signature block and familiarisation table, so the
two orders of the package look alike.
"""

from __future__ import annotations

import copy
import sys
from pathlib import Path

import docx
from docx.text.paragraph import Paragraph

ROOT = Path(__file__).resolve().parents[1]
SRC = ROOT / "templates" / "docx" / "04_appointment_order.docx"
DST = ROOT / "templates" / "docx" / "09_profminimum_order.docx"
NBSP = "\u00a0"


def set_text(p: Paragraph, text: str) -> None:
    runs = p.runs
    runs[0].text = text
    for r in runs[1:]:
        r.element.getparent().remove(r.element)


def main() -> int:
    d = docx.Document(str(SRC))
    paras = d.paragraphs
    by_text = {p.text: p for p in paras}
    heading = next(p for p in paras if p.style.name == "Заголовок к тексту")
    basis = next(p for p in paras if "legal.order_basis" in p.text)
    item = next(p for p in paras if p.text.startswith("Назначить"))
    sub = next(p for p in paras if p.style.name == "Подпункт приказа")
    tag = next(p for p in paras if p.text.startswith("{%p if acts.order.assignments"))
    control = by_text["Контроль за исполнением настоящего приказа оставляю за собой."]
    set_text(
        heading,
        "О реализации Единой модели профессиональной ориентации обучающихся "
        "в {{ year.label }} учебном году",
    )
    set_text(basis, "{{ profminimum_order.basis }}")
    templates = {
        "item": copy.deepcopy(item._p),
        "sub": copy.deepcopy(sub._p),
        "tag": copy.deepcopy(tag._p),
    }
    # drop everything between «ПРИКАЗЫВАЮ:» and «Контроль …»
    body = list(d.element.body.iterchildren())
    start = body.index(by_text["ПРИКАЗЫВАЮ:"]._p) + 1
    end = body.index(control._p)
    for el in body[start:end]:
        el.getparent().remove(el)

    def add(kind: str, text: str) -> None:
        el = copy.deepcopy(templates[kind])
        control._p.addprevious(el)
        set_text(Paragraph(el, control._parent), text)

    add(
        "item",
        "Реализовать в {{ year.label }} учебном году Единую модель профессиональной "
        "ориентации обучающихся (профориентационный минимум) на "
        "{{ profminimum.level_prepositional }} уровне в объёме не менее "
        "{{ profminimum.hours_words }} в учебный год для обучающихся "
        "{{ profminimum.grades }}\u00a0классов.",
    )
    add(
        "item",
        "Назначить ответственным за реализацию Единой модели профессиональной "
        "ориентации обучающихся {{ profminimum_order.responsible_accusative }}.",
    )
    add("item", "Назначить педагогами-навигаторами:")
    add("tag", "{%p for n in profminimum_order.navigators %}")
    add("sub", "{{ n.text }}{{ '.' if n.last else ';' }}")
    add("tag", "{%p endfor %}")
    add(
        "item",
        "Организовать в {{ profminimum.grades }}\u00a0классах курс внеурочной "
        "деятельности {{ profminimum.course }} ({{ profminimum.course_hours_words }} в "
        f"учебный год, 1{NBSP}час в неделю) и поручить его проведение:",
    )
    add("tag", "{%p for c in profminimum_order.course %}")
    add("sub", "{{ c.text }}{{ '.' if c.last else ';' }}")
    add("tag", "{%p endfor %}")
    add("tag", "{%p if profminimum_order.bilet_v_budushchee %}")
    add(
        "item",
        "Обеспечить участие обучающихся {{ profminimum.grades }}\u00a0классов в проекте "
        "«Билет в будущее».",
    )
    add("tag", "{%p endif %}")
    add("item", "{{ profminimum_order.plan_item }}")
    add(
        "item",
        "Ответственному за реализацию Единой модели "
        "{{ profminimum_order.responsible_dative }} вести учёт часов Единой модели, "
        "проведённых в каждом классе, и ознакомить работников, названных в настоящем "
        "приказе, с приказом под подпись.",
    )

    tables = d.tables
    date_row = tables[0].rows[0].cells
    set_text(date_row[0].paragraphs[0], "{{ profminimum_order.date }}")
    set_text(date_row[-1].paragraphs[0], f"№{NBSP}{{{{ profminimum_order.number }}}}")
    sheet = tables[-1]
    for row in sheet.rows:
        for cell in row.cells:
            for p in cell.paragraphs:
                if "acquaintance.order_rows" in p.text:
                    set_text(p, p.text.replace("acquaintance.order_rows", "profminimum_order.rows"))
    # blank rows for those written in by hand: the same three rows, another loop
    rows = [r._tr for r in sheet.rows]
    for tr in rows:
        new = copy.deepcopy(tr)
        rows[-1].getparent().append(new)
    added = sheet.rows[len(rows) :]
    for cell in added[0].cells:
        set_text(cell.paragraphs[0], "{%tr for n in profminimum_order.blank_rows %}")
    set_text(added[1].cells[0].paragraphs[0], "____________________")
    d.core_properties.title = "Приказ о реализации Единой модели профессиональной ориентации"
    d.save(str(DST))
    print(DST)
    make_self_report()
    return 0


SRC_TABLE = ROOT / "templates" / "docx" / "06_consultation_journal.docx"
DST_REPORT = ROOT / "templates" / "docx" / "10_self_report.docx"
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
REPORT_COLUMNS = (  # header, cell, width in twips (17 cm of text in all)
    ("№\u00a0показателя", "{{ r.number }}", 964),
    ("Показатель", "{{ r.title }}", 4536),
    ("Значение", "{{ r.value }}", 1474),
    ("Источник", "{{ r.source }}", 2665),
)


def make_self_report() -> None:
    """Document 10 from the journal (06): the same title block, grid table and signature."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Twips

    d = docx.Document(str(SRC_TABLE))
    paras = d.paragraphs
    set_text(paras[1], "САМООТЧЁТ")
    set_text(
        paras[2],
        "общеобразовательной организации по показателям мониторинга "
        "профориентационной работы (Приложение 4)",
    )
    set_text(paras[3], "{{ year.label }} учебный год")
    set_text(
        paras[5],
        "Показатели Приложения 4, которые относятся к одной общеобразовательной "
        "организации. Значения рассчитаны по данным профиля школы: журналу консультаций, "
        "журналу учёта выполненной работы и сведениям мониторинга. Ячейка со строкой "
        "«заполняется вручную» заполняется от руки: в профиле нет этих данных.",
    )
    body = d.element.body
    blank_line = copy.deepcopy(paras[13]._p)
    # one section and no title page: the journal's cover spacing and its section break go
    for p, before, after in ((paras[1], 240, None), (paras[2], None, 120), (paras[5], 240, None)):
        spacing = p._p.pPr.find(f"{W}spacing")
        if spacing is not None:
            p._p.pPr.remove(spacing)
        p.paragraph_format.space_before = Twips(before) if before is not None else None
        p.paragraph_format.space_after = Twips(after) if after is not None else None
    breaks = [
        p._p for p in paras[6:] if p._p.pPr is not None and p._p.pPr.find(f"{W}sectPr") is not None
    ]
    drop = [paras[4]._p, d.tables[0]._tbl, *(p._p for p in paras[6:12]), paras[13]._p]
    drop += [b for b in breaks if b not in drop]
    for el in drop:
        body.remove(el)
    table = d.tables[0]
    rows = table._tbl.findall(f"{W}tr")
    for tr in rows[4:]:
        table._tbl.remove(tr)
    grid = table._tbl.find(f"{W}tblGrid")
    cols = grid.findall(f"{W}gridCol")
    for col in cols[len(REPORT_COLUMNS) :]:
        grid.remove(col)
    for col, (_, _, width) in zip(grid.findall(f"{W}gridCol"), REPORT_COLUMNS, strict=True):
        col.set(f"{W}w", str(width))
    for i, tr in enumerate(table._tbl.findall(f"{W}tr")):
        tcs = tr.findall(f"{W}tc")
        span = tcs[0].find(f"{W}tcPr/{W}gridSpan")
        if span is not None:  # a loop row: one cell across the table
            span.set(f"{W}val", str(len(REPORT_COLUMNS)))
            p = tcs[0].find(f"{W}p")
            text = "".join(t.text or "" for t in p.iter(f"{W}t"))
            for t in p.iter(f"{W}t"):
                t.text = ""
            next(p.iter(f"{W}t")).text = text.replace("journal.entries", "self_report.rows")
            continue
        for tc in tcs[len(REPORT_COLUMNS) :]:
            tr.remove(tc)
        for tc, (head, cell, width) in zip(tr.findall(f"{W}tc"), REPORT_COLUMNS, strict=True):
            from docx.table import _Cell

            c = _Cell(tc, table)
            c.width = Twips(width)
            set_text(c.paragraphs[0], head if i == 0 else cell)
            if i and head in ("Показатель", "Источник"):  # text reads from the left
                c.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.LEFT
    for row in table.rows:
        for cell in row.cells:
            for p in cell.paragraphs:
                if "journal.entries" in p.text:
                    set_text(p, p.text.replace("journal.entries", "self_report.rows"))
    gap = blank_line  # «Без отступа»: a blank line above the signature
    for r in gap.findall(f"{W}r"):
        gap.remove(r)
    d.tables[-1]._tbl.addprevious(gap)
    d.core_properties.title = "Самоотчёт по показателям мониторинга профориентационной работы"
    d.save(str(DST_REPORT))
    print(DST_REPORT)


if __name__ == "__main__":
    sys.exit(main())
