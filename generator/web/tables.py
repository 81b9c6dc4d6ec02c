"""Rows for a table of records from a spreadsheet: CSV (UTF-8, `,` or `;`) or XLSX.

The first row names the columns, either by the profile's keys (date, person, topic — as
`profdocs` reads a journal CSV) or by the column titles the form shows («Дата», «Класс»).
Cell values come back in the form's notation, so an imported row is checked exactly like a
typed one.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from dataclasses import dataclass, field
from typing import Any

from .merge import show
from .spec import Group, Scalar, ScalarList

MAX_ROWS = 5000


@dataclass
class Imported:
    rows: list[dict[str, str]] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)


def _norm(text: str) -> str:
    return " ".join(str(text).replace("\ufeff", "").split()).lower().rstrip(".:")


def column_names(item: Group) -> dict[str, str]:
    """Every accepted column title → field key."""
    out: dict[str, str] = {}
    for child in item.children:
        if isinstance(child, Scalar | ScalarList):
            for title in (child.key, child.label):
                out.setdefault(_norm(title), child.key)
    return out


def _cell(node: Any, value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        value = value.date()
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(node, Scalar):
        return show(node, value) if isinstance(value, dt.date) else str(value).strip()
    if isinstance(node, ScalarList):
        text = str(value).strip()
        if node.item.kind == "text":
            return "\n".join(p.strip() for p in text.replace(";", "\n").splitlines() if p.strip())
        return text
    return str(value)


def _table(grid: list[list[Any]], item: Group, file: str) -> Imported:
    result = Imported()
    while grid and not any(str(c or "").strip() for c in grid[0]):
        grid = grid[1:]
    if not grid:
        result.errors.append(f"{file}: файл пуст.")
        return result
    names = column_names(item)
    header = [_norm(str(c or "")) for c in grid[0]]
    keys = [names.get(h) for h in header]
    unknown = [str(grid[0][i]).strip() for i, k in enumerate(keys) if k is None and header[i]]
    if unknown:
        known = ", ".join(c.key for c in item.children if isinstance(c, Scalar | ScalarList))
        result.errors.append(
            f"{file}: неизвестные столбцы: {', '.join(unknown)}. В первой строке должны быть "
            f"названия столбцов таблицы или ключи: {known}."
        )
        return result
    required = [c for c in item.children if isinstance(c, Scalar | ScalarList) and c.required]
    missing = [c.label for c in required if c.key not in keys]
    if missing:
        result.errors.append(f"{file}: не хватает столбцов: {', '.join(missing)}.")
        return result
    nodes = {c.key: c for c in item.children}
    body = grid[1:]
    if len(body) > MAX_ROWS:
        result.errors.append(f"{file}: больше {MAX_ROWS} строк; разделите файл на части.")
        return result
    for line in body:
        cells = {}
        for key, value in zip(keys, line, strict=False):
            if key is not None:
                cells[key] = _cell(nodes[key], value)
        if any(v for v in cells.values()):
            result.rows.append(cells)
    if not result.rows:
        result.errors.append(f"{file}: в файле нет строк с данными.")
    return result


def read_csv(data: bytes, item: Group, file: str) -> Imported:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        try:
            text = data.decode("cp1251")
        except UnicodeDecodeError:
            return Imported(errors=[f"{file}: не удалось прочитать: сохраните CSV в UTF-8."])
    first = text.splitlines()[0] if text else ""
    delimiter = ";" if first.count(";") > first.count(",") else ","
    grid = list(csv.reader(io.StringIO(text), delimiter=delimiter))
    return _table(grid, item, file)


def read_xlsx(data: bytes, item: Group, file: str) -> Imported:
    import zipfile

    from openpyxl import load_workbook

    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError):
        return Imported(errors=[f"{file}: это не файл Excel (XLSX)."])
    try:
        sheet = book.worksheets[0]
        grid = []
        for row in sheet.iter_rows(values_only=True):
            grid.append(list(row))
            if len(grid) > MAX_ROWS + 1:
                break
    finally:
        book.close()
    return _table(grid, item, file)


def read_upload(filename: str, data: bytes, item: Group) -> Imported:
    name = filename.rsplit("/", 1)[-1].rsplit("\\", 1)[-1] or "файл"
    if data[:2] == b"PK" or name.lower().endswith((".xlsx", ".xlsm")):
        return read_xlsx(data, item, name)
    if name.lower().endswith(".xls"):
        return Imported(
            errors=[f"{name}: старый формат XLS не читается: сохраните как XLSX или CSV."]
        )
    return read_csv(data, item, name)
