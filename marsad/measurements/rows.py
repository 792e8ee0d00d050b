"""What every instrument's file check shares: the problems found (row, column, what is wrong), matching the file's
columns to fields by their Arabic or English names, the center a row names (in the jurisdiction), and personal data
in a text cell."""

from __future__ import annotations

from dataclasses import dataclass, field

from marsad.comments import pii
from marsad.comments.normalize import normalize
from marsad.jurisdiction import Scope
from marsad.measurements.tabular import Table

CODES = ("sector_code", "region_code", "governorate_code", "locality_code")


@dataclass
class Problems:
    items: list[tuple[int, str, str]] = field(default_factory=list)  # (row, column, what is wrong)

    def add(self, row: int, column: str, message: str) -> None:
        self.items.append((row, column, message))

    def lines(self) -> list[str]:
        return [f"row {r}, {c}: {m}" for r, c, m in self.items]


class NotLoaded(ValueError):
    """The file has bad rows: nothing was loaded."""

    def __init__(self, problems: Problems):
        super().__init__(f"{len(problems.items)} problem(s); nothing was loaded")
        self.problems = problems


@dataclass(frozen=True)
class Catalogue:
    centers: dict[str, dict]  # code -> id, status, sector and area codes (those in the jurisdiction, for officials)
    platforms: dict[str, str]  # code -> sector


def collect(table: Table, problems: Problems, build, *, key, column: str, what: str) -> list[dict]:
    """Each data row of `table` as `build(row number, cells)` makes it (None: nothing to keep), a row repeating an
    earlier one's `key(item)` being a problem in `column`; rows.NotLoaded listing every problem found, if any."""
    out: list[dict] = []
    seen: dict = {}
    for number, cells in table.rows:
        before = len(problems.items)
        item = build(number, cells)
        if item is None:
            continue
        k = key(item)
        if k in seen:
            problems.add(number, column, f"the same {what} as row {seen[k]}")
        elif len(problems.items) == before:
            seen[k] = number
            out.append(item)
    if problems.items:
        raise NotLoaded(problems)
    return out


def columns(
    table: Table, headers: dict[str, tuple[str, ...]], more: dict[str, str] | None = None
) -> tuple[dict[str, str], dict[str, str], list[str]]:
    """(field -> file column, key of `more` -> file column, columns not understood); `headers`: each field's names,
    `more`: other names (normalised) -> their key (a guide's criteria, axes)."""
    names = {normalize(n): f for f, ns in headers.items() for n in ns}
    fields, extra, unknown = {}, {}, []
    for column in table.columns:
        key = normalize(column)
        if key in names:
            fields[names[key]] = column
        elif more and key in more:
            extra[more[key]] = column
        else:
            unknown.append(column)
    return fields, extra, unknown


def require(fields: dict[str, str], headers: dict[str, tuple[str, ...]], needed: tuple[str, ...], problems: Problems):
    for name in needed:
        if name not in fields:
            problems.add(1, name, f"missing column ({' / '.join(headers[name][:3])})")


def center(code: str, column: str, number: int, catalogue: Catalogue, scope: Scope, problems: Problems) -> dict | None:
    """The active center of `code` in the jurisdiction (its id and codes), else a problem."""
    found = catalogue.centers.get(code)
    if found is None or found["status"] != "active":
        problems.add(number, column, f"unknown center code {code!r}, or not in your jurisdiction")
    elif not scope.allows_center(found):
        problems.add(number, column, f"center {code} is outside your jurisdiction")
    else:
        return {"center_id": found["id"], **{k: found[k] for k in CODES}}
    return None


def no_personal_data(text: str, column: str, number: int, problems: Problems, *, limit: int) -> None:
    if len(text) > limit:
        problems.add(number, column, f"longer than {limit} characters")
    found = pii.redact(text)[1] if text else []
    if found:
        problems.add(number, column, f"personal data ({', '.join(sorted(set(found)))}): remove it")


def number(value: str, column: str, row: int, problems: Problems, *, lo: float, hi: float) -> float | None:
    """A number in [lo, hi] from a cell, else a problem (None for an empty cell, without one)."""
    if not value:
        return None
    try:
        x = float(value)
    except ValueError:
        problems.add(row, column, f"{value!r} is not a number")
        return None
    if not lo <= x <= hi:
        problems.add(row, column, f"{value} is off the scale ({lo:g} to {hi:g})")
        return None
    return x
