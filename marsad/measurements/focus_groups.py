"""Focus-group sessions from a file: about a center, or about a sector (in an area, or nationwide), each with the day,
how many took part, a score per axis of the criteria guide (0-100) and the findings as written.

Columns (Arabic or English headers; axes by code or by their name in the guide):
    session (a reference), center (code) or sector (code) with an optional area (a region's or governorate's code),
    date, participants, findings, then one column per axis scored 0-100.
"""

from __future__ import annotations

from datetime import date

from marsad.comments.normalize import normalize
from marsad.jurisdiction import Scope
from marsad.measurements import rows
from marsad.measurements.tabular import Table, parse_date

HEADERS = {
    "session": ("session", "session reference", "الجلسه", "رمز الجلسه", "رقم الجلسه"),
    "center": ("center", "center code", "المركز", "رمز المركز"),
    "sector": ("sector", "sector code", "القطاع", "رمز القطاع"),
    "area": ("area", "area code", "المنطقه", "رمز المنطقه"),
    "date": ("date", "held on", "التاريخ", "تاريخ الجلسه"),
    "participants": ("participants", "المشاركون", "عدد المشاركين"),
    "findings": ("findings", "النتائج", "الملاحظات"),
}


def check(
    table: Table, *, axes: list[dict], catalogue: rows.Catalogue, areas: dict[str, dict], scope: Scope
) -> list[dict]:
    """The sessions of `table` with their axis scores and codes; rows.NotLoaded listing every problem otherwise.
    `axes`: the guide's (code, name_ar, name_en); `areas`: every area by code (level, parent)."""
    problems = rows.Problems()
    names = {normalize(a[k]): a["code"] for a in axes for k in ("code", "name_ar", "name_en")}
    fields, scored, unknown = rows.columns(table, HEADERS, names)
    for column in unknown:
        problems.add(1, column, "unknown column (not a field of a session nor an axis of the guide)")
    rows.require(fields, HEADERS, ("session", "date", "participants"), problems)
    if "center" not in fields and "sector" not in fields:
        problems.add(1, "center", "missing column: the center's code, or the sector's")
    if not scored:
        problems.add(1, "axes", "no column scores an axis of the guide")
    if problems.items:
        raise rows.NotLoaded(problems)
    return rows.collect(
        table,
        problems,
        lambda number, cells: _session(number, cells, fields, scored, catalogue, areas, scope, problems),
        key=lambda s: s["session_ref"],
        column=fields["session"],
        what="session",
    )


def _session(number, cells, fields, scored, catalogue, areas, scope, problems) -> dict | None:
    get = lambda name: cells.get(fields.get(name, ""), "")  # noqa: E731
    out: dict = {"center_id": None, "region_code": None, "governorate_code": None, "locality_code": None}
    center, sector = get("center"), get("sector")
    if bool(center) == bool(sector):
        problems.add(number, fields.get("center", "center"), "give a center code or a sector code (one of them)")
    elif center:
        out |= rows.center(center, fields["center"], number, catalogue, scope, problems) or {}
    else:
        out |= _sector_place(number, sector, get("area"), fields, catalogue, areas, scope, problems) or {}
    reference = get("session")
    rows.no_personal_data(reference, fields["session"], number, problems, limit=64)
    rows.no_personal_data(get("findings"), fields.get("findings", "findings"), number, problems, limit=8000)
    try:
        day: date | None = parse_date(get("date"))
    except ValueError as exc:
        problems.add(number, fields["date"], str(exc))
        day = None
    people = rows.number(get("participants"), fields["participants"], number, problems, lo=1, hi=500)
    if people is not None and not people.is_integer():
        problems.add(number, fields["participants"], "a whole number of people")
    given = {}
    for code, column in scored.items():
        score = rows.number(cells.get(column, ""), column, number, problems, lo=0, hi=100)
        if score is not None:
            given[code] = score
    if not any(cells.get(column, "") for column in scored.values()):
        problems.add(number, "axes", "no axis is scored")
    if not reference or people is None or day is None:
        if not reference:
            problems.add(number, fields["session"], "the session's reference is missing")
        return None
    return {**out, "session_ref": reference, "held_on": day, "participants": int(people),
            "findings": get("findings") or None, "axes": given}  # fmt: skip


def _sector_place(number, sector, area, fields, catalogue, areas, scope, problems) -> dict | None:
    sectors = set(catalogue.platforms.values()) | {c["sector_code"] for c in catalogue.centers.values()}
    if sector not in sectors:
        problems.add(number, fields["sector"], f"unknown sector code {sector!r}")
        return None
    place = {"sector_code": sector}
    if area:
        found = areas.get(area)
        if found is None or found["level"] == "locality":
            problems.add(number, fields.get("area", "area"), f"unknown region or governorate code {area!r}")
            return None
        region = area if found["level"] == "region" else found["parent_code"]
        place |= {"region_code": region, "governorate_code": area if found["level"] == "governorate" else None}
    codes = [c for c in (place.get("region_code"), place.get("governorate_code")) if c]
    if not (scope.allows_sector(sector) and scope.covers(codes) and scope.centers is None):
        problems.add(number, fields["sector"], "this sector (and area) is outside your jurisdiction")
        return None
    return place
