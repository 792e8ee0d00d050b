"""Reports through the API (part of the /api/v1 blueprint): an official's subscriptions (national analysts assign
anyone's) and their inbox of delivered reports."""

from __future__ import annotations

from flask import Response, jsonify, request

from marsad import context, params
from marsad.api.citizens import body_of
from marsad.api.jsonable import jsonable
from marsad.api.routes import _error, api
from marsad.audit_trail import record
from marsad.context import Context, OutOfScope
from marsad.queries import deliveries, officials
from marsad.reports.delivery import SUBSCRIBABLE
from marsad.schemas import SubscriptionIn


def _account(ctx: Context) -> int:
    return ctx.account_id("reports")


@api.get("/subscriptions")
def list_subscriptions():
    ctx = context.current()
    return jsonify(
        {
            "items": [
                jsonable(r) for r in deliveries.subscriptions(ctx.resources.quick_engine, official_id=_account(ctx))
            ]
        }
    )


@api.put("/subscriptions/<kind>")
def put_subscription(kind: str):
    """Subscribe to a kind of report (or `alerts`: each new alert of the jurisdiction by e-mail as it is raised),
    change it, or stop it (active: false)."""
    ctx = context.current()
    mine = _account(ctx)
    if kind not in SUBSCRIBABLE:
        return _error(404, f"no report {kind}; kinds: {', '.join(SUBSCRIBABLE)}")
    body = body_of(SubscriptionIn)
    target = mine
    if body.username and body.username != (ctx.official.username if ctx.official else None):
        if not (ctx.official and ctx.official.national and ctx.official.role == "analyst"):
            raise OutOfScope("only national analysts assign reports to other officials")
        other = officials.by_username(ctx.resources.quick_engine, body.username)
        if other is None:
            raise params.BadRequest(f"no official {body.username!r}")
        target = other.id
    row = deliveries.subscribe(
        ctx.resources.quick_engine,
        official_id=target,
        kind=kind,
        lang=body.lang,
        email=body.email,
        active=body.active,
        by=ctx.official.username if ctx.official else "-",
    )
    record(ctx, "subscription", kind, {"official_id": target, "active": body.active, "email": bool(body.email)})
    return jsonify(jsonable(row))


@api.get("/inbox")
def inbox():
    """The reports delivered to the official, newest first."""
    ctx = context.current()
    limit = params.parse_int(request.args, "limit", default=100, lo=1, hi=500)
    return jsonify(
        {
            "items": [
                jsonable(r)
                for r in deliveries.inbox(ctx.resources.quick_engine, official_id=_account(ctx), limit=limit)
            ]
        }
    )


@api.get("/inbox/<int:delivery_id>.pdf")
def inbox_pdf(delivery_id: int):
    ctx = context.current()
    found = deliveries.inbox_pdf(ctx.resources.quick_engine, official_id=_account(ctx), delivery_id=delivery_id)
    if found is None:
        return _error(404, f"no delivered report {delivery_id} in your inbox")
    row, pdf = found
    record(ctx, "report_download", row["kind"], {"delivery": delivery_id, "period": row["period_key"]})
    name = f"marsad-{row['kind']}-{row['period_key'].replace(':', '-')}.pdf"
    return Response(pdf, mimetype="application/pdf", headers={"Content-Disposition": f'attachment; filename="{name}"'})
