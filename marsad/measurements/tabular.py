"""Reading an instrument's file as a ministry sends it: CSV (UTF-8, with or without BOM) or Excel (.xlsx), headers in
Arabic or English, digits in Arabic-Indic or Latin, dates as ISO (2026-10-05), day first (05/10/2026) or Umm
al-Qura Hijri (1448/04/13 هـ, or 13/04/1448). A year from 1343 to 1500 is Hijri, one from 1900 to 2100 Gregorian:
no date is read both ways."""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

from hijridate import Hijri

from marsad.comments.normalize import normalize

DIGITS = str.maketrans("٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹٫", "01234567890123456789.")
_DATE = re.compile(r"^(\d{1,4})[-/.](\d{1,2})[-/.](\d{1,4})$")
_HIJRI_MARK = re.compile(r"\s*(هـ|ه|AH)\.?$", re.IGNORECASE)
MAX_ROWS = 100_000


class FileError(ValueError):
    """The file cannot be read at all (format, encoding, no header, too many rows)."""


@dataclass(frozen=True)
class Table:
    columns: list[str]  # as in the file
    rows: list[tuple[int, dict[str, str]]]  # (row number in the file, column -> text), the header being row 1


def plain(value: object) -> str:
    """A cell as text: Latin digits, trimmed; empty for nothing."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, date):
        return value.isoformat()[:10]
    return str(value).translate(DIGITS).strip()


def read(path: Path, *, name: str | None = None) -> Table:
    """The file's header and data rows (blank rows skipped). `name`: the file's name when `path` is a temporary
    copy (an upload), for its extension."""
    suffix = Path(name or path.name).suffix.lower()
    if suffix == ".xlsx":
        return _xlsx(path)
    if suffix == ".csv":
        return _csv(path)
    raise FileError(f"{name or path.name}: give a .csv or .xlsx file")


def _table(lines: list[list[object]]) -> Table:
    if not lines:
        raise FileError("the file is empty: its first row must name the columns")
    columns = [plain(c) for c in lines[0]]
    if not any(columns):
        raise FileError("the first row names no column")
    if len(lines) - 1 > MAX_ROWS:
        raise FileError(f"{len(lines) - 1:,} rows: at most {MAX_ROWS:,} a file; split it")
    rows = []
    for number, line in enumerate(lines[1:], start=2):
        cells = {c: plain(v) for c, v in zip(columns, line) if c}
        if any(cells.values()):
            rows.append((number, cells))
    return Table(columns=[c for c in columns if c], rows=rows)


def _csv(path: Path) -> Table:
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise FileError("the CSV is not UTF-8: save it as 'CSV UTF-8'") from exc
    return _table([list(r) for r in csv.reader(io.StringIO(text))])


def _xlsx(path: Path) -> Table:
    from openpyxl import load_workbook

    try:  # from the bytes: an upload's temporary copy has no .xlsx name, which openpyxl would ask of a path
        book = load_workbook(io.BytesIO(path.read_bytes()), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises several kinds for a file that is not a workbook
        raise FileError(f"not an Excel workbook (.xlsx): {exc}") from exc
    try:
        sheet = book.worksheets[0]
        return _table([list(r) for r in sheet.iter_rows(values_only=True)])
    finally:
        book.close()


def parse_date(text: str) -> date:
    """A date in one of the accepted forms; ValueError saying which forms otherwise."""
    value = _HIJRI_MARK.sub("", text.translate(DIGITS).strip())
    hijri_marked = value != text.translate(DIGITS).strip()
    m = _DATE.match(value)
    if not m:
        raise ValueError(f"{text!r} is not a date: write 2026-10-05, 05/10/2026 or 1448/04/13 هـ")
    a, b, c = (int(x) for x in m.groups())
    year, month, day = (a, b, c) if len(m.group(1)) == 4 else (c, b, a) if len(m.group(3)) == 4 else (0, 0, 0)
    try:
        if 1343 <= year <= 1500:
            return Hijri(year, month, day).to_gregorian()
        if hijri_marked:
            raise ValueError("marked Hijri but the year is not between 1343 and 1500")
        if 1900 <= year <= 2100:
            return date(year, month, day)
    except (ValueError, OverflowError) as exc:
        raise ValueError(f"{text!r} is not a real day ({exc})") from exc
    raise ValueError(f"{text!r}: give a four-digit year (Gregorian 1900-2100 or Hijri 1343-1500)")


LOCAL = timezone(timedelta(hours=3))  # Riyadh, Amman and Manama keep UTC+3 all year
_TIME = re.compile(r"^(.*?)[ T](\d{1,2}):(\d{2})(?::(\d{2}))?$")
YES = {"yes", "y", "true", "1", "نعم", "تم", "صح"}
NO = {"no", "n", "false", "0", "لا", "لم يتم", "خطا"}


def parse_moment(text: str) -> datetime:
    """A date (parse_date's forms) with an optional local time (14:30, 14:30:05), as an aware datetime."""
    value = text.translate(DIGITS).strip()
    m = _TIME.match(value)
    day_text, hms = (m.group(1), (int(m.group(2)), int(m.group(3)), int(m.group(4) or 0))) if m else (value, (0, 0, 0))
    day = parse_date(day_text)
    if not (hms[0] < 24 and hms[1] < 60 and hms[2] < 60):
        raise ValueError(f"{text!r}: the time is not a real time of day")
    return datetime(day.year, day.month, day.day, *hms, tzinfo=LOCAL)


def parse_yes_no(text: str) -> bool:
    value = normalize(text.strip())
    if value in YES:
        return True
    if value in NO:
        return False
    raise ValueError(f"{text!r}: write yes or no (نعم / لا)")
