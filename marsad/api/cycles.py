"""Evaluation cycles through the API (part of the /api/v1 blueprint): the cycles, and one cycle's overview in the
official's jurisdiction."""

from __future__ import annotations

from flask import jsonify

from marsad import context
from marsad.analytics import cycles
from marsad.api.jsonable import jsonable
from marsad.api.routes import _error, api
from marsad.audit_trail import record


@api.get("/cycles")
def list_cycles():
    """Every evaluation cycle, oldest first, with its visits and places visited in the jurisdiction."""
    ctx = context.current()
    items = cycles.listed(ctx)
    record(ctx, "api", "cycles", {})
    return jsonify({"items": [jsonable({k: v for k, v in c.items() if k != "guide_id"}) for c in items]})


@api.get("/cycles/<int:cycle_id>")
def cycle_overview(cycle_id: int):
    """A cycle's overview in the jurisdiction: visits by channel, places by grade, weak by channel, grades moved
    since the previous cycle, the weakest axes and every place at or below the follow-up threshold on an axis."""
    ctx = context.current()
    found = cycles.overview(ctx, cycle_id)
    if found is None:
        return _error(404, f"no cycle {cycle_id}")
    record(ctx, "api", "cycle", {"id": cycle_id})
    return jsonify(jsonable(found))
