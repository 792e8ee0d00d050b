"""Alerts through the API (part of the /api/v1 blueprint): the jurisdiction's alerts, and acknowledging (with a
note) or resolving one."""

from __future__ import annotations

from flask import jsonify, request

from marsad import context, params
from marsad.api.citizens import body_of
from marsad.api.jsonable import jsonable
from marsad.api.routes import _error, api
from marsad.audit_trail import record
from marsad.queries import alerts
from marsad.schemas import AlertUpdate


@api.get("/alerts")
def list_alerts():
    """Alerts in the jurisdiction, newest first: status=open (default: not resolved), new, acknowledged, resolved."""
    ctx = context.current()
    status = params.parse_choice(request.args, "status", ("open", *alerts.STATUSES)) or "open"
    area = params.parse_area(request.args, "area", ctx.ref.area_index())
    ctx.area_in_scope(area["code"] if area else None)
    center = params.parse_int(request.args, "center", default=None, lo=1, hi=2**31 - 1)
    limit = params.parse_int(request.args, "limit", default=200, lo=1, hi=1000)
    rows = alerts.listed(ctx.engine, scope=ctx.scope, status=status, center_id=center, area=area, limit=limit)
    record(ctx, "api", "alerts", request.args.to_dict(flat=True))
    return jsonify({"items": [jsonable(r) for r in rows]})


@api.post("/alerts/<int:alert_id>")
def handle_alert(alert_id: int):
    """{"status": "acknowledged" | "resolved", "note": "..."}"""
    ctx = context.current()
    body = body_of(AlertUpdate)
    assert ctx.official is not None
    done = alerts.handle(
        ctx.engine, scope=ctx.scope, alert_id=alert_id, status=body.status, note=body.note, by=ctx.official.username
    )
    if done is None:
        return _error(404, f"no alert {alert_id} in your jurisdiction")
    record(ctx, "alert", body.status, {"id": alert_id})
    return jsonify(done)
