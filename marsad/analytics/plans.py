"""Improvement plans for an official: opening one for a center of their jurisdiction (its baseline from the cycle that
found it weak), and closing one with its before and after (measurements/plans.py)."""

from __future__ import annotations

import json
from datetime import timedelta

from marsad import params
from marsad.context import Context
from marsad.measurements import plans as judged
from marsad.queries import plans as plan_queries

BEFORE_DAYS = 182  # without a cycle, the visits of the half-year before the plan are its baseline


def open_plan(ctx: Context, *, center_id: int, cycle_id: int | None, axis: str | None, days: int) -> int | None:
    """The new plan's id; None when the center is not an active one of the jurisdiction."""
    today = params.today_riyadh()
    before = (
        plan_queries.scores(ctx.engine, scope=ctx.scope, center_id=center_id, axis=axis, cycle_id=cycle_id)
        if cycle_id
        else []
    )
    assert ctx.official is not None
    return plan_queries.open_plan(
        ctx.engine,
        scope=ctx.scope,
        center_id=center_id,
        cycle_id=cycle_id,
        axis=axis,
        baseline=round(sum(before) / len(before), 1) if before else None,
        opened_on=today,
        deadline=today + timedelta(days=days),
        by=ctx.official.username,
    )


def close_plan(ctx: Context, plan_id: int) -> dict | None:
    """Close an open plan with its before and after; None when there is no such open plan in the jurisdiction."""
    today = params.today_riyadh()
    plan = plan_queries.one(ctx.engine, scope=ctx.scope, plan_id=plan_id, today=today)
    if plan is None or plan["status"] != "open":
        return None
    common = {"scope": ctx.scope, "center_id": plan["center_id"], "axis": plan["axis_code"]}
    opened = plan["opened_on"]
    before = (
        plan_queries.scores(ctx.engine, cycle_id=plan["cycle_id"], **common)
        if plan["cycle_id"]
        else plan_queries.scores(
            ctx.engine, since=opened - timedelta(days=BEFORE_DAYS), until=opened - timedelta(days=1), **common
        )
    )
    after = plan_queries.scores(ctx.engine, since=opened, until=today, **common)
    result = judged.outcome(before, after)
    if not plan_queries.close(
        ctx.engine, scope=ctx.scope, plan_id=plan_id, closed_on=today, outcome=json.dumps(result)
    ):
        return None
    return result
