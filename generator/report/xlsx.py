"""OUT/report.xlsx: «Школы» one row per school, «Итоги» the municipal totals, «Показатели»
what each column counts and from which field.

openpyxl (already a dependency for reading work logs): real number cells, a frozen header,
filters and column widths, so the file opens ready in Excel and LibreOffice Calc.
"""

from __future__ import annotations

import io
from typing import TYPE_CHECKING

from .. import catalog
from .table import Column, Total

if TYPE_CHECKING:
    from .rows import SchoolRow

SCHOOLS, TOTALS, LEGEND = "Школы", "Итоги", "Показатели"


def _plain(value: object) -> object:
    """Text with ordinary spaces: «№ 53» typed into Excel's filter has no no-break space."""
    return value.replace("\u00a0", " ") if isinstance(value, str) else value


def workbook_bytes(rows: list[SchoolRow], cols: list[Column], totals: list[Total]) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    wb = Workbook()
    bold = Font(bold=True)
    head_fill = PatternFill("solid", fgColor="DDE6F0")
    wrap = Alignment(wrap_text=True, vertical="top")

    ws = wb.active
    ws.title = SCHOOLS
    ws.append([c.title for c in cols])
    for cell in ws[1]:
        cell.font, cell.fill, cell.alignment = bold, head_fill, wrap
    for row in rows:
        ws.append([_plain(c.cell(row)) for c in cols])
    for i, col in enumerate(cols, start=1):
        letter = get_column_letter(i)
        ws.column_dimensions[letter].width = col.width
        if col.kind == "score":
            for (cell,) in ws.iter_rows(min_row=2, min_col=i, max_col=i):
                cell.number_format = "0.0"
    ws.row_dimensions[1].height = 60
    ws.freeze_panes = "C2"  # the header and the school's id and name stay in view
    ws.auto_filter.ref = f"A1:{get_column_letter(len(cols))}{len(rows) + 1}"

    wt = wb.create_sheet(TOTALS)
    wt.append(["Показатель", "Значение", "Школ с данными", "Как посчитано"])
    for cell in wt[1]:
        cell.font, cell.fill = bold, head_fill
    for t in totals:
        wt.append([t.title, t.value, t.schools, t.note or None])
    for letter, width in zip("ABCD", (60, 12, 14, 30), strict=True):
        wt.column_dimensions[letter].width = width
    wt.freeze_panes = "A2"

    wl = wb.create_sheet(LEGEND)
    wl.append(["Столбец", "Пункт Прил. 4", "Что считает", "Откуда взято", "Как считается"])
    for cell in wl[1]:
        cell.font, cell.fill = bold, head_fill
    for col in cols:
        wl.append([col.title, col.number or None, col.what, col.source, col.counting or None])
    wl.append([])
    wl.append(["Значения столбца «Состояние пакета»", None, "Что означает"])
    wl.cell(wl.max_row, 1).font = bold
    for status in catalog.report_columns().statuses.values():
        wl.append([status.title, None, status.meaning])
    for letter, width in zip("ABCDE", (34, 10, 60, 40, 50), strict=True):
        wl.column_dimensions[letter].width = width
    for line in wl.iter_rows(min_row=2):
        for cell in line:
            cell.alignment = wrap
    wl.freeze_panes = "A2"

    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()
