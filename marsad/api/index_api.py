"""The combined index through the API (part of the /api/v1 blueprint), as GeoJSON like /areas: the child areas of
`parent` (or the regions) in the jurisdiction over a quarter (`quarter=2026Q3`, default the latest complete one) or a
month (`month=2026-10`), each with its index, band and components (each instrument's value, n and weight)."""

from __future__ import annotations

import re

from flask import jsonify, request

from marsad import context, params
from marsad.analytics import index
from marsad.api.routes import api
from marsad.audit_trail import record
from marsad.reports import periods

_QUARTER = re.compile(r"^(\d{4})-?Q([1-4])$", re.IGNORECASE)
_MONTH = re.compile(r"^(\d{4})-(\d{2})$")


def _period() -> periods.ReportPeriod:
    quarter, month = params.parse_text(request.args, "quarter"), params.parse_text(request.args, "month")
    if quarter and month:
        raise params.BadRequest("give a quarter or a month, not both")
    try:
        if quarter:
            m = _QUARTER.match(quarter)
            if not m:
                raise params.BadRequest(f"quarter must look like 2026Q3, got {quarter!r}")
            return periods.parse(f"quarter:{m.group(1)}-Q{m.group(2)}")
        if month:
            if not _MONTH.match(month):
                raise params.BadRequest(f"month must look like 2026-10, got {month!r}")
            return periods.parse(f"month:{month}")
    except periods.BadPeriod as exc:
        raise params.BadRequest(str(exc)) from None
    return periods.latest_complete("quarter", params.today_riyadh())


@api.get("/index")
def combined_index():
    ctx = context.current()
    req = params.parse_area_request(request.args, ctx.ref.area_index())
    ctx.area_in_scope(req.parent["code"] if req.parent else None)
    sector = params.parse_text(request.args, "sector")
    if sector is not None and sector not in {s["code"] for s in ctx.ref.catalog()["sectors"]}:
        raise params.BadRequest(f"unknown sector {sector!r}")
    period = _period()
    found = index.child_areas(ctx, parent=req.parent, date_from=period.date_from, date_to=period.date_to, sector=sector)
    record(ctx, "api", "index", request.args.to_dict(flat=True))
    shapes = ctx.ref.area_shapes()
    features = [
        {"type": "Feature", "id": a["code"], "geometry": shapes.get(a["code"]), "properties": a} for a in found["areas"]
    ]
    meta = {
        "level": req.level,
        "parent": req.parent["code"] if req.parent else None,
        "sector": sector,
        "period": period.key,
        "from": period.date_from.isoformat(),
        "to": period.date_to.isoformat(),
        "method": found["method"],
    }
    return jsonify({"type": "FeatureCollection", "features": features, "meta": meta})
