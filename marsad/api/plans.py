"""Improvement plans through the API (part of the /api/v1 blueprint), within the official's jurisdiction: the plans
(open, closed, overdue), one plan with its actions and notes; governors, governorate officials, agency heads and
analysts open, note and close plans; the center's manager adds and ticks off its actions."""

from __future__ import annotations

from flask import jsonify, request
from sqlalchemy.exc import IntegrityError

from marsad import context, params
from marsad.analytics import plans
from marsad.api.citizens import body_of
from marsad.api.jsonable import jsonable
from marsad.api.routes import _error, api
from marsad.audit_trail import record
from marsad.context import Context, OutOfScope
from marsad.queries import plans as plan_queries
from marsad.schemas import ActionIn, ActionUpdate, NoteIn, PlanIn


def _opener(ctx: Context) -> str:
    if not ctx.oversees():
        raise OutOfScope("plans are opened, noted and closed by governors, agency heads and analysts")
    assert ctx.official is not None
    return ctx.official.username


def _manager_of(ctx: Context, plan_id: int) -> str:
    """The signed-in center manager of the plan's center (whose actions they are)."""
    plan = plan_queries.one(ctx.engine, scope=ctx.scope, plan_id=plan_id, today=params.today_riyadh())
    if plan is None:
        raise LookupError
    if not ctx.manages(plan["center_id"]):
        raise OutOfScope("a plan's actions are kept by its center's manager")
    assert ctx.official is not None
    return ctx.official.username


@api.get("/plans")
def list_plans():
    """status=open (default), closed, overdue or all."""
    ctx = context.current()
    status = params.parse_choice(request.args, "status", ("open", "closed", "overdue", "all")) or "open"
    rows = plan_queries.listed(
        ctx.engine, scope=ctx.scope, status=None if status == "all" else status, today=params.today_riyadh()
    )
    record(ctx, "api", "plans", {"status": status})
    return jsonify({"items": jsonable(rows)})


@api.post("/plans")
def open_plan():
    ctx = context.current()
    by = _opener(ctx)
    body = body_of(PlanIn)
    try:
        made = plans.open_plan(ctx, center_id=body.center_id, cycle_id=body.cycle_id, axis=body.axis, days=body.days)
    except IntegrityError:
        return _error(409, f"center {body.center_id} has an open plan for this already")
    if made is None:
        return _error(404, f"no active center {body.center_id} in your jurisdiction")
    record(ctx, "plan", "open", {"id": made, "center": body.center_id, "axis": body.axis, "by": by})
    return jsonify({"id": made}), 201


@api.get("/plans/<int:plan_id>")
def get_plan(plan_id: int):
    ctx = context.current()
    plan = plan_queries.one(ctx.engine, scope=ctx.scope, plan_id=plan_id, today=params.today_riyadh())
    if plan is None:
        return _error(404, f"no plan {plan_id} in your jurisdiction")
    record(ctx, "api", "plan", {"id": plan_id})
    return jsonify(jsonable(plan))


@api.post("/plans/<int:plan_id>/actions")
def add_action(plan_id: int):
    ctx = context.current()
    try:
        by = _manager_of(ctx, plan_id)
    except LookupError:
        return _error(404, f"no plan {plan_id} in your jurisdiction")
    body = body_of(ActionIn)
    made = plan_queries.add_action(
        ctx.engine, scope=ctx.scope, plan_id=plan_id, action=body.action, owner=body.owner, due=body.due, by=by
    )
    if made is None:
        return _error(409, f"plan {plan_id} is closed")
    record(ctx, "plan", "action", {"plan": plan_id, "id": made})
    return jsonify({"id": made}), 201


@api.post("/plans/<int:plan_id>/actions/<int:action_id>")
def tick_action(plan_id: int, action_id: int):
    ctx = context.current()
    try:
        by = _manager_of(ctx, plan_id)
    except LookupError:
        return _error(404, f"no plan {plan_id} in your jurisdiction")
    body = body_of(ActionUpdate)
    if not plan_queries.set_done(
        ctx.engine, scope=ctx.scope, plan_id=plan_id, action_id=action_id, done=body.done, by=by
    ):
        return _error(404, f"no action {action_id} of an open plan {plan_id}")
    record(ctx, "plan", "action_done" if body.done else "action_undone", {"plan": plan_id, "id": action_id})
    return jsonify({"id": action_id, "done": body.done})


@api.post("/plans/<int:plan_id>/notes")
def add_note(plan_id: int):
    ctx = context.current()
    by = _opener(ctx)
    body = body_of(NoteIn)
    made = plan_queries.add_note(ctx.engine, scope=ctx.scope, plan_id=plan_id, body=body.body, by=by)
    if made is None:
        return _error(404, f"no plan {plan_id} in your jurisdiction")
    record(ctx, "plan", "note", {"plan": plan_id, "id": made})
    return jsonify({"id": made}), 201


@api.post("/plans/<int:plan_id>/close")
def close_plan(plan_id: int):
    """Close an open plan: its before and after, with a 95 % interval and whether the change is more than noise."""
    ctx = context.current()
    _opener(ctx)
    result = plans.close_plan(ctx, plan_id)
    if result is None:
        return _error(404, f"no open plan {plan_id} in your jurisdiction")
    record(ctx, "plan", "close", {"plan": plan_id, "verdict": result["verdict"]})
    return jsonify(result)
