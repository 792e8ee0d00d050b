"""Mystery-shopper visits from a file: each row checked against the catalogue, the jurisdiction, the criteria guide
and the cycle, scored from the guide, and loaded all together or not at all.

Columns (Arabic or English headers; criteria by code or by their name in the guide):
    center (code) or platform (code), channel (field / phone / web), date, shopper (a reference, no name), notes,
    then one column per criterion scored on the guide's scale (blank: not scored on this visit).
A visit's axis score is the weighted mean of its scored criteria on that axis as a share of the scale's top, and its
score (0-100) the weighted mean of its axes.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from marsad.comments.normalize import normalize
from marsad.jurisdiction import Scope
from marsad.measurements import rows
from marsad.measurements.rows import Catalogue, NotLoaded, Problems
from marsad.measurements.tabular import Table, parse_date

HEADERS = {  # column -> its names, compared normalised (marsad.comments.normalize)
    "center": ("center", "center code", "مركز", "المركز", "رمز المركز", "كود المركز"),
    "platform": ("platform", "platform code", "المنصه", "رمز المنصه"),
    "channel": ("channel", "القناه", "نوع الزياره"),
    "date": ("date", "visit date", "التاريخ", "تاريخ الزياره"),
    "shopper": ("shopper", "shopper reference", "المتسوق", "رمز المتسوق", "مرجع المتسوق"),
    "notes": ("notes", "ملاحظات", "الملاحظات"),
}
CHANNELS = {
    "field": "field", "ميداني": "field", "ميدانيه": "field", "زياره ميدانيه": "field",
    "phone": "phone", "هاتفي": "phone", "هاتف": "phone", "اتصال هاتفي": "phone",
    "web": "web", "الكتروني": "web", "موقع": "web", "الموقع الالكتروني": "web",
}  # fmt: skip


@dataclass(frozen=True)
class Guide:
    id: int
    scale_max: int
    axes: dict[str, float]  # code -> weight
    criteria: dict[str, tuple[str, float, str, str]]  # code -> (axis, weight, name_ar, name_en)


def columns_of(table: Table, guide: Guide) -> tuple[dict[str, str], dict[str, str], list[str]]:
    """(field -> file column, criterion -> file column, columns not understood)."""
    by_criterion = (
        {normalize(k): k for k in guide.criteria}
        | {normalize(v[2]): k for k, v in guide.criteria.items()}
        | {normalize(v[3]): k for k, v in guide.criteria.items()}
    )
    return rows.columns(table, HEADERS, by_criterion)


def scores(guide: Guide, given: dict[str, float]) -> tuple[float, dict[str, float]]:
    """A visit's 0-100 score and its axes' from its criteria's scores (those given)."""
    axes = {}
    for axis in guide.axes:
        mine = [(guide.criteria[c][1], s) for c, s in given.items() if guide.criteria[c][0] == axis]
        if mine:
            axes[axis] = 100 * sum(w * s for w, s in mine) / sum(w for w, _ in mine) / guide.scale_max
    total = sum(guide.axes[a] for a in axes)
    return sum(guide.axes[a] * v for a, v in axes.items()) / total, axes


def check(
    table: Table, *, guide: Guide, catalogue: Catalogue, scope: Scope, period: tuple[date, date] | None
) -> list[dict]:
    """The visits of `table`, each with its scores and codes; NotLoaded listing every problem otherwise.
    `period`: the cycle's days, when the cycle exists already."""
    problems = Problems()
    fields, criteria, unknown = columns_of(table, guide)
    for column in unknown:
        problems.add(1, column, "unknown column (not a field of a visit nor a criterion of the guide)")
    rows.require(fields, HEADERS, ("channel", "date", "shopper"), problems)
    if "center" not in fields and "platform" not in fields:
        problems.add(1, "center", "missing column: the center's (or the e-platform's) code")
    if not criteria:
        problems.add(1, "criteria", "no column scores a criterion of the guide")
    if problems.items:
        raise NotLoaded(problems)
    return rows.collect(
        table,
        problems,
        lambda number, cells: _row(number, cells, fields, criteria, guide, catalogue, scope, period, problems),
        key=lambda v: (v["center_id"], v["platform_code"], v["channel"], v["visited_on"], v["shopper_ref"]),
        column="shopper",
        what="visit",
    )


def _row(number, cells, fields, criteria, guide, catalogue, scope, period, problems) -> dict | None:
    before = len(problems.items)
    out: dict = {"center_id": None, "platform_code": None}
    center, platform = cells.get(fields.get("center", ""), ""), cells.get(fields.get("platform", ""), "")
    if bool(center) == bool(platform):
        problems.add(number, fields.get("center", "center"), "give a center code or a platform code (one of them)")
    elif center:
        out |= rows.center(center, fields["center"], number, catalogue, scope, problems) or {}
    else:
        sector = catalogue.platforms.get(platform)
        if sector is None:
            problems.add(number, fields["platform"], f"unknown platform code {platform!r}")
        elif scope.areas is not None or scope.centers is not None or not scope.allows_sector(sector):
            problems.add(number, fields["platform"], f"platform {platform} is outside your jurisdiction")
        else:
            out |= {"platform_code": platform, "sector_code": sector, "region_code": None,
                    "governorate_code": None, "locality_code": None}  # fmt: skip
    channel = CHANNELS.get(normalize(cells.get(fields["channel"], "")))
    if channel is None:
        problems.add(number, fields["channel"], "channel must be field, phone or web (ميداني، هاتفي، إلكتروني)")
    try:
        day = parse_date(cells.get(fields["date"], ""))
        if period is not None and not period[0] <= day <= period[1]:
            problems.add(number, fields["date"], f"{day} is outside the cycle ({period[0]} to {period[1]})")
        out["visited_on"] = day
    except ValueError as exc:
        problems.add(number, fields["date"], str(exc))
    shopper = cells.get(fields["shopper"], "")
    notes = cells.get(fields.get("notes", ""), "")
    rows.no_personal_data(shopper, fields["shopper"], number, problems, limit=64)
    if "notes" in fields:
        rows.no_personal_data(notes, fields["notes"], number, problems, limit=4000)
    if not shopper:
        problems.add(number, fields["shopper"], "the shopper's reference is missing")
    given = {}
    for code, column in criteria.items():
        score = rows.number(cells.get(column, ""), column, number, problems, lo=0, hi=guide.scale_max)
        if score is not None:
            given[code] = score
    if not given and len(problems.items) == before:
        problems.add(number, "criteria", "no criterion is scored")
    if len(problems.items) > before:
        return None
    total, axes = scores(guide, given)
    return {**out, "channel": channel, "shopper_ref": shopper, "notes": notes or None, "score": total,
            "criteria": given, "axes": axes}  # fmt: skip
