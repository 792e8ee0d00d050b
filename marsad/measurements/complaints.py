"""Complaints from the complaints system's export, as a measurement (not a complaints channel): each case's number
there, center, channel, when it was received and closed, its deadline, category, whether it was resolved and the
complainant's satisfaction with the answer. No complainant's personal data is kept: a row carrying any is refused.

Columns (Arabic or English headers): case, center, channel (portal / app / phone / other), received, closed
(blank while open), deadline, category, resolved (yes / no), satisfaction (1-5, blank if not given). Times are local
(UTC+3), a date alone meaning its midnight.
"""

from __future__ import annotations

from datetime import datetime

from marsad.comments.normalize import normalize
from marsad.jurisdiction import Scope
from marsad.measurements import rows
from marsad.measurements.tabular import Table, parse_moment, parse_yes_no

HEADERS = {
    "case": ("case", "case number", "رقم البلاغ", "رقم الشكوى", "رقم الحاله"),
    "center": ("center", "center code", "المركز", "رمز المركز"),
    "channel": ("channel", "القناه", "قناه الاستقبال"),
    "received": ("received", "received at", "تاريخ الاستلام", "وقت الاستلام", "تاريخ الورود"),
    "closed": ("closed", "closed at", "تاريخ الاغلاق", "وقت الاغلاق"),
    "deadline": ("deadline", "due", "الموعد النهائي", "تاريخ الاستحقاق"),
    "category": ("category", "التصنيف", "نوع الشكوى"),
    "resolved": ("resolved", "تمت المعالجه", "حلت"),
    "satisfaction": ("satisfaction", "الرضا", "رضا المشتكي", "الرضا عن الرد"),
}
CHANNELS = {
    "portal": "portal", "البوابه": "portal", "الموقع": "portal",
    "app": "app", "التطبيق": "app",
    "phone": "phone", "الهاتف": "phone", "هاتف": "phone", "مركز الاتصال": "phone",
    "other": "other", "اخري": "other", "اخرى": "other",
}  # fmt: skip


def check(table: Table, *, catalogue: rows.Catalogue, scope: Scope) -> list[dict]:
    """The cases of `table`; rows.NotLoaded listing every problem otherwise."""
    problems = rows.Problems()
    fields, _, unknown = rows.columns(table, HEADERS)
    for column in unknown:
        problems.add(1, column, "unknown column (not a field of a complaint)")
    rows.require(fields, HEADERS, ("case", "center", "channel", "received", "deadline"), problems)
    if problems.items:
        raise rows.NotLoaded(problems)
    return rows.collect(
        table,
        problems,
        lambda number, cells: _case(number, cells, fields, catalogue, scope, problems),
        key=lambda c: c["case_ref"],
        column=fields["case"],
        what="case",
    )


def _moment(cells, fields, name, number, problems, *, required: bool) -> datetime | None:
    text = cells.get(fields.get(name, ""), "")
    if not text:
        if required:
            problems.add(number, fields.get(name, name), "missing")
        return None
    try:
        return parse_moment(text)
    except ValueError as exc:
        problems.add(number, fields[name], str(exc))
        return None


def _case(number, cells, fields, catalogue, scope, problems) -> dict | None:
    get = lambda name: cells.get(fields.get(name, ""), "")  # noqa: E731
    place = rows.center(get("center"), fields["center"], number, catalogue, scope, problems)
    case = get("case")
    rows.no_personal_data(case, fields["case"], number, problems, limit=64)
    if "category" in fields:
        rows.no_personal_data(get("category"), fields["category"], number, problems, limit=120)
    channel = CHANNELS.get(normalize(get("channel")))
    if channel is None:
        problems.add(number, fields["channel"], "channel must be portal, app, phone or other (البوابة، التطبيق …)")
    received = _moment(cells, fields, "received", number, problems, required=True)
    closed = _moment(cells, fields, "closed", number, problems, required=False)
    deadline = _moment(cells, fields, "deadline", number, problems, required=True)
    if received and closed and closed < received:
        problems.add(number, fields["closed"], "closed before it was received")
    if received and deadline and deadline < received:
        problems.add(number, fields["deadline"], "the deadline is before the case was received")
    resolved = None
    if get("resolved"):
        try:
            resolved = parse_yes_no(get("resolved"))
        except ValueError as exc:
            problems.add(number, fields["resolved"], str(exc))
    satisfied = rows.number(get("satisfaction"), fields.get("satisfaction", ""), number, problems, lo=1, hi=5)
    if satisfied is not None and not satisfied.is_integer():
        problems.add(number, fields["satisfaction"], "a whole score from 1 to 5")
    if not case:
        problems.add(number, fields["case"], "the case number is missing")
    if place is None or not case or channel is None or received is None or deadline is None:
        return None
    return {**place, "case_ref": case, "channel": channel, "received_at": received, "closed_at": closed,
            "deadline": deadline, "category": get("category") or None, "resolved": resolved,
            "satisfied": int(satisfied) if satisfied is not None else None}  # fmt: skip
