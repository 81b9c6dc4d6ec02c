"""Build the templates of the coordinator's records (07 work log, 08 analytic note) from the
consultation journal (06), so they share its styles, page, header and signature block.

Run once when the look of 06 changes: `.venv/bin/python tools/make_record_templates.py`;
methodologists then edit the results in Word like any other template.
"""

from __future__ import annotations

import copy
from pathlib import Path

from docx import Document
from docx.oxml.ns import qn
from docx.table import Table
from docx.text.paragraph import Paragraph

ROOT = Path(__file__).resolve().parent.parent
TEMPLATES = ROOT / "templates" / "docx"
NB = "\u00a0"


def _set_text(p: Paragraph, text: str) -> None:
    """Keep the paragraph's first run (its formatting), drop the rest; no-break spaces
    where the typography check wants them."""
    for old, new in (
        (" —", NB + "—"),
        ("п. ", "п." + NB),
        ("№ ", "№" + NB),
        ("т. ч.", "т." + NB + "ч."),
    ):
        text = text.replace(old, new)
    runs = p.runs
    if not runs:
        p.add_run(text)
        return
    runs[0].text = text
    for r in runs[1:]:
        r._r.getparent().remove(r._r)


def _body(doc):  # type: ignore[no-untyped-def]
    items = []
    for el in doc.element.body:
        tag = el.tag.split("}")[1]
        items.append(
            (el, Paragraph(el, doc) if tag == "p" else Table(el, doc) if tag == "tbl" else None)
        )
    return items


def _drop_last_column(table: Table) -> None:
    grid = table._tbl.tblGrid
    cols = grid.findall(qn("w:gridCol"))
    last = cols[-1]
    width = int(last.get(qn("w:w")))
    grid.remove(last)
    third = cols[2]
    third.set(qn("w:w"), str(int(third.get(qn("w:w"))) + width))
    for tr in table._tbl.findall(qn("w:tr")):
        tcs = tr.findall(qn("w:tc"))
        span = tcs[0].find(qn("w:tcPr") + "/" + qn("w:gridSpan")) if len(tcs) == 1 else None
        if span is not None:
            span.set(qn("w:val"), str(int(span.get(qn("w:val"))) - 1))
            continue
        tr.remove(tcs[-1])
        tcw = tcs[2].find(qn("w:tcPr") + "/" + qn("w:tcW"))
        if tcw is not None:
            tcw.set(qn("w:w"), str(int(tcw.get(qn("w:w"))) + width))


WORK_LOG_WIDTHS = (600, 1134, 3100, 1900, 1500, 1700, 2000, 2636)  # twips, 06's total


def _set_widths(table: Table, widths: tuple[int, ...]) -> None:
    for col, width in zip(table._tbl.tblGrid.findall(qn("w:gridCol")), widths, strict=True):
        col.set(qn("w:w"), str(width))
    for tr in table._tbl.findall(qn("w:tr")):
        tcs = tr.findall(qn("w:tc"))
        if len(tcs) != len(widths):
            continue
        for tc, width in zip(tcs, widths, strict=True):
            tcw = tc.find(qn("w:tcPr") + "/" + qn("w:tcW"))
            if tcw is not None:
                tcw.set(qn("w:w"), str(width))


def _no_direct_spacing(p: Paragraph) -> None:
    ppr = p._p.pPr
    if ppr is not None:
        for sp in ppr.findall(qn("w:spacing")):
            ppr.remove(sp)


def _replace_in(table: Table, old: str, new: str) -> None:
    for row in table.rows:
        for cell in row.cells:
            for p in cell.paragraphs:
                if old in p.text:
                    _set_text(p, p.text.replace(old, new))


def work_log() -> None:
    doc = Document(str(TEMPLATES / "06_consultation_journal.docx"))
    items = _body(doc)
    paras = [x for _, x in items if isinstance(x, Paragraph)]
    tables = [x for _, x in items if isinstance(x, Table)]
    _set_text(paras[2], "учёта выполненной работы координатора по профессиональной ориентации")
    _set_text(
        paras[3],
        "Ответственный за ведение журнала: координатор по профессиональной ориентации, "
        "{{ coordinator.position.nominative }} {{ coordinator.name.nominative }}",
    )
    notes = [p for p in paras if p.style.name == "Примечание"]
    _set_text(
        notes[0],
        "В журнал вносится каждая проведённая работа по профессиональной ориентации (Прил. 2, "
        "п. 6.5): мероприятия плана-сетки — с номером мероприятия по плану; отметка о "
        "выполнении переносится в план-сетку.",
    )
    _set_text(
        notes[1],
        "Число участников указывается всего, в том числе обучающихся с ограниченными "
        "возможностями здоровья (ОВЗ). Форма работы — профессиональная проба, мастер-класс, "
        "практика, экскурсия, занятие и другие.",
    )
    for p in notes[2:]:
        p._p.getparent().remove(p._p)
    # The title page's section break goes into the last note, as LibreOffice would put it on
    # saving: an empty paragraph holding only the break would vanish there and shift the text.
    holder = notes[1]._p.getnext()
    sect = holder.find(qn("w:pPr") + "/" + qn("w:sectPr"))
    if sect is not None and not "".join(holder.itertext()).strip():
        notes[1]._p.get_or_add_pPr().append(sect)
        holder.getparent().remove(holder)
    grid = tables[1]
    _drop_last_column(grid)
    _set_widths(grid, WORK_LOG_WIDTHS)
    heads = [
        f"№{NB}п/п",
        "Дата",
        "Содержание работы (№ мероприятия плана)",
        "Классы, число участников (в т. ч. с ОВЗ)",
        "Форма",
        "Ответственный",
        "Партнёр",
        "Результат",
    ]
    for cell, text in zip(grid.rows[0].cells, heads, strict=True):
        _set_text(cell.paragraphs[0], text)
    row = grid.rows[2].cells
    for cell, text in zip(
        row,
        [
            "{{ r.number }}",
            "{{ r.date }}",
            "{{ r.title }}",
            "{{ r.participants }}",
            "{{ r.form }}",
            "{{ r.responsible }}",
            "{{ r.partner }}",
            "{{ r.result }}",
        ],
        strict=True,
    ):
        _set_text(cell.paragraphs[0], text)
    _replace_in(grid, "for r in journal.entries", "for r in work_log.entries")
    _replace_in(grid, "for n in journal.blank_rows", "for n in work_log.blank_rows")
    doc.save(str(TEMPLATES / "07_work_log.docx"))


def analytic_note() -> None:
    doc = Document(str(TEMPLATES / "06_consultation_journal.docx"))
    items = _body(doc)
    paras = [x for _, x in items if isinstance(x, Paragraph)]
    tables = [x for _, x in items if isinstance(x, Table)]
    _set_text(paras[1], "ИНФОРМАЦИОННО-АНАЛИТИЧЕСКАЯ СПРАВКА")
    for p in paras[1:4]:  # a note has no title page: the journal's spacing goes
        _no_direct_spacing(p)
    _set_text(
        paras[2],
        "о результатах работы по профессиональной ориентации обучающихся "
        "за {{ year.label }} учебный год",
    )
    _set_text(
        paras[3],
        "Подготовлена координатором по профессиональной ориентации "
        "{{ coordinator.name.instrumental }} по данным плана-сетки, журнала консультаций "
        "и журнала учёта выполненной работы",
    )
    paras[4]._p.getparent().remove(paras[4]._p)
    tables[0]._tbl.getparent().remove(tables[0]._tbl)  # «Начат / Окончен»
    notes = [p for p in paras if p.style.name == "Примечание"]
    texts = [
        "Показатели — по критериям результативности работы координатора (Таблица 3 "
        "методических рекомендаций) и показателям мониторинга (Приложение 4). Каждый "
        "показатель вычислен по данным профиля школы; как он считается, сказано под ним. "
        "Консультации считаются так: по индивидуальным консультациям каждый человек "
        "учитывается один раз, сколько бы раз он ни приходил; по групповым — число участников.",
        "Строки «заполняется вручную» оставлены там, где данных нет: их заполняет координатор.",
    ]
    for p, text in zip(notes, texts, strict=False):
        _set_text(p, text)
    for p in notes[len(texts) :]:
        p._p.getparent().remove(p._p)
    for p in notes:
        _no_direct_spacing(p)
    anchor = notes[len(texts) - 1]._p
    body_style = "Без отступа"

    def para(text: str, style: str = body_style) -> None:
        nonlocal anchor
        new = copy.deepcopy(notes[0]._p)
        anchor.addnext(new)
        anchor = new
        p = Paragraph(new, doc)
        p.style = doc.styles[style]
        _set_text(p, text)

    para("{%p for c in note.criteria %}")
    para("{{ c.number }}. Критерий «{{ c.title }}»", "Заголовок к тексту")
    _spaced(anchor)
    para("{%p for line in c.lines %}")
    para("{{ line.title }}: {{ line.value }}.")
    para("{%p if line.counting %}")
    para("{{ line.counting }}", "Примечание")
    para("{%p endif %}")
    para("{%p endfor %}")
    para("{%p endfor %}")
    para("{%p if note.hours_applies %}")
    para("Часы Единой модели профессиональной ориентации", "Заголовок к тексту")
    _spaced(anchor)
    para("{{ note.hours_intro }}")
    para("{%p for h in note.hours %}")
    para("{{ h.line }}")
    para("{%p endfor %}")
    para("{%p endif %}")
    para("{%p if note.comparison %}")
    para("Сравнение с прошлым учебным годом", "Заголовок к тексту")
    _spaced(anchor)
    para("{%p for line in note.comparison %}")
    para("{{ line }}.")
    para("{%p endfor %}")
    para("{%p endif %}")
    para("")
    _spaced(anchor)
    return _finish_note(doc, tables, paras)


def _spaced(p: object) -> None:
    """Space above a heading of the note (12 pt), as the other acts' headings have."""
    ppr = p.get_or_add_pPr()  # type: ignore[attr-defined]
    spacing = ppr.find(qn("w:spacing"))
    if spacing is None:
        spacing = ppr.makeelement(qn("w:spacing"), {})
        ppr.append(spacing)
    spacing.set(qn("w:before"), "240")


def _finish_note(doc, tables, paras) -> None:  # type: ignore[no-untyped-def]
    # the journal's table and its «пронумеровано» line are not the note's
    grid = tables[1]
    grid._tbl.getparent().remove(grid._tbl)
    for p in paras:
        if "пронумеровано" in p.text:
            p._p.getparent().remove(p._p)
    # one portrait section: the journal's title-page section, without its landscape table part
    body = doc.element.body
    first_sect = next(
        p for p in body.findall(qn("w:p")) if p.find(qn("w:pPr") + "/" + qn("w:sectPr")) is not None
    )
    portrait = first_sect.find(qn("w:pPr") + "/" + qn("w:sectPr"))
    body.remove(body.findall(qn("w:sectPr"))[-1])
    body.append(portrait)
    body.remove(first_sect)
    size = portrait.find(qn("w:pgSz"))
    margins = portrait.find(qn("w:pgMar"))
    text_width = (
        int(size.get(qn("w:w"))) - int(margins.get(qn("w:left"))) - int(margins.get(qn("w:right")))
    )
    sign = tables[-1]
    left, gap = text_width * 55 // 100, text_width * 10 // 100
    _set_widths(sign, (left, gap, text_width - left - gap))
    sign._tbl.tblPr.find(qn("w:tblW")).set(qn("w:w"), str(text_width))
    _set_text(sign.rows[0].cells[0].paragraphs[0], "Координатор по профессиональной ориентации")
    _set_text(sign.rows[0].cells[2].paragraphs[0], "{{ coordinator.short.nominative }}")
    doc.save(str(TEMPLATES / "08_analytic_note.docx"))


if __name__ == "__main__":
    work_log()
    analytic_note()
