"""Tables as files: CSV (UTF-8 with a byte-order mark, so that Excel reads Arabic correctly) and Excel (.xlsx, with a
metadata sheet, right-to-left sheets and Arabic sheet names in Arabic). Pure: rows in, bytes out.

Every cell is written as a value, never as a formula: text that starts with =, +, - or @ (a comment, an imported
name) is prefixed with an apostrophe in CSV and stored as a string in Excel, so that no spreadsheet runs it.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Font

FORMATS = ("csv", "xlsx")
MEDIA = {"csv": "text/csv; charset=utf-8", "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}
SHEETS = {"ar": ("البيانات", "معلومات التصدير"), "en": ("Data", "About this export")}
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


@dataclass(frozen=True)
class Table:
    columns: Sequence[str]
    rows: Sequence[Sequence[Any]]
    meta: Sequence[tuple[str, str]]  # (label, value): filters, period, jurisdiction, time of export, rows


def _text(value: Any) -> Any:
    """A cell as a plain value: lists joined, text that a spreadsheet would read as a formula defused."""
    if isinstance(value, list | tuple):
        value = ", ".join(str(v) for v in value)
    if isinstance(value, dict):
        value = "; ".join(f"{k}={v}" for k, v in value.items())
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def to_csv(table: Table) -> bytes:
    """The metadata as '# label: value' lines (read with pandas.read_csv(..., comment='#')), then the table."""
    out = io.StringIO()
    for label, value in table.meta:
        out.write(f"# {label}: {value}\n")
    writer = csv.writer(out)
    writer.writerow(table.columns)
    writer.writerows([_text(v) for v in row] for row in table.rows)
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def to_xlsx(table: Table, *, lang: str) -> bytes:
    data_name, meta_name = SHEETS["ar" if lang == "ar" else "en"]
    book = Workbook()
    data = book.active
    assert data is not None
    data.title = data_name
    data.append(list(table.columns))
    for row in table.rows:
        data.append([_text(v) for v in row])
    about = book.create_sheet(meta_name)
    for label, value in table.meta:
        about.append([label, _text(value)])
    for sheet in (data, about):
        sheet.sheet_view.rightToLeft = lang == "ar"
    for cell in data[1]:
        cell.font = Font(bold=True)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def to_xlsx_book(sheets: Sequence[tuple[str, Table]], *, meta: Sequence[tuple[str, str]], lang: str) -> bytes:
    """Several tables, a sheet each (names as given: Arabic ones in Arabic), then the 'about this export' sheet."""
    book = Workbook()
    first = book.active
    assert first is not None
    book.remove(first)
    for name, table in sheets:
        sheet = book.create_sheet(name[:31])
        sheet.append(list(table.columns))
        for row in table.rows:
            sheet.append([_text(v) for v in row])
        for cell in sheet[1]:
            cell.font = Font(bold=True)
    about = book.create_sheet(SHEETS["ar" if lang == "ar" else "en"][1])
    for label, value in meta:
        about.append([label, _text(value)])
    for sheet in book.worksheets:
        sheet.sheet_view.rightToLeft = lang == "ar"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def render(table: Table, fmt: str, *, lang: str) -> bytes:
    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r}")
    return to_csv(table) if fmt == "csv" else to_xlsx(table, lang=lang)
