"""Improvement plans, their actions and notes, read and written within the official's jurisdiction (row policies
and the scope clause), and the visit scores a plan is judged on."""

from __future__ import annotations

from datetime import date

from sqlalchemy import Engine, text

from marsad.db.transactions import scoped
from marsad.jurisdiction import Scope

PLAN = (
    "p.id, p.center_id, c.code, c.name_ar, c.name_en, p.sector_code, p.region_code, p.governorate_code, "
    "p.locality_code, p.cycle_id, "
    "p.axis_code, p.reason, p.baseline, p.opened_on, p.deadline, p.status, p.closed_on, p.outcome, p.opened_by"
)


def scores(
    engine: Engine, *, scope: Scope, center_id: int, axis: str | None, cycle_id: int | None = None,
    since: date | None = None, until: date | None = None,
) -> list[float]:  # fmt: skip
    """The center's visit scores (or its axis scores) in a cycle, or between two days."""
    value = "a.score" if axis else "v.score"
    join = "JOIN visit_axis a ON a.visit_id = v.id AND a.axis_code = :axis" if axis else ""
    with scoped(engine, scope) as conn:
        rows = conn.execute(
            text(
                f"SELECT {value} FROM shopper_visit v {join} WHERE v.center_id = :c "
                "AND (CAST(:cycle AS integer) IS NULL OR v.cycle_id = :cycle) "
                "AND (CAST(:since AS date) IS NULL OR v.visited_on >= :since) "
                "AND (CAST(:until AS date) IS NULL OR v.visited_on <= :until)"
            ),
            {"c": center_id, "axis": axis, "cycle": cycle_id, "since": since, "until": until},
        ).scalars()
        return [float(x) for x in rows]


def open_plan(
    engine: Engine, *, scope: Scope, center_id: int, cycle_id: int | None, axis: str | None, baseline: float | None,
    opened_on: date, deadline: date, by: str,
) -> int | None:  # fmt: skip
    """A new open plan for a center in the jurisdiction (None when it is not); IntegrityError when the center has one
    open already (for that axis)."""
    with scoped(engine, scope) as conn:
        return conn.execute(
            text(
                "INSERT INTO improvement_plan (center_id, sector_code, region_code, governorate_code, locality_code, "
                "cycle_id, axis_code, reason, baseline, opened_on, deadline, opened_by) SELECT id, sector_code, "
                "region_code, governorate_code, locality_code, :cycle, :axis, CASE WHEN CAST(:axis AS text) IS NULL "
                "THEN 'weak' ELSE 'axis' END, :baseline, :opened, :deadline, :by FROM service_center "
                "WHERE id = :c AND status = 'active' RETURNING id"
            ),
            {
                "c": center_id,
                "cycle": cycle_id,
                "axis": axis,
                "baseline": baseline,
                "opened": opened_on,
                "deadline": deadline,
                "by": by,
            },
        ).scalar()


def listed(engine: Engine, *, scope: Scope, status: str | None, today: date, limit: int = 500) -> list[dict]:
    """Plans in the jurisdiction (`status`: open, closed, overdue = open past its deadline, or None), with their
    actions' counts, deadline first."""
    where, params = scope.clause_on("p")
    status_sql = {
        None: "TRUE",
        "open": "p.status = 'open'",
        "closed": "p.status = 'closed'",
        "overdue": "p.status = 'open' AND p.deadline < :today",
    }[status]
    with scoped(engine, scope) as conn:
        rows = conn.execute(
            text(
                f"SELECT {PLAN}, (p.status = 'open' AND p.deadline < :today) AS overdue, "
                "(SELECT count(*) FROM plan_action a WHERE a.plan_id = p.id) AS actions, "
                "(SELECT count(*) FROM plan_action a WHERE a.plan_id = p.id AND a.done) AS done "
                f"FROM improvement_plan p JOIN service_center c ON c.id = p.center_id WHERE {where} AND {status_sql} "
                "ORDER BY p.deadline, p.id LIMIT :n"
            ),
            {**params, "today": today, "n": limit},
        ).mappings()
        return [dict(r) for r in rows]


def one(engine: Engine, *, scope: Scope, plan_id: int, today: date) -> dict | None:
    """A plan in the jurisdiction with its actions and notes."""
    where, params = scope.clause_on("p")
    with scoped(engine, scope) as conn:
        plan = (
            conn.execute(
                text(
                    f"SELECT {PLAN}, (p.status = 'open' AND p.deadline < :today) AS overdue FROM improvement_plan p "
                    f"JOIN service_center c ON c.id = p.center_id WHERE p.id = :id AND {where}"
                ),
                {**params, "id": plan_id, "today": today},
            )
            .mappings()
            .first()
        )
        if plan is None:
            return None
        actions = conn.execute(
            text("SELECT id, action, owner, due, done, updated_by, updated_at FROM plan_action WHERE plan_id = :p "
                 "ORDER BY due, id"), {"p": plan_id}).mappings()  # fmt: skip
        action_rows = [dict(a) for a in actions]
        notes = conn.execute(
            text("SELECT id, author, body, created_at FROM plan_note WHERE plan_id = :p ORDER BY id"), {"p": plan_id}
        ).mappings()
        return {**dict(plan), "actions": action_rows, "notes": [dict(n) for n in notes]}


def add_action(
    engine: Engine, *, scope: Scope, plan_id: int, action: str, owner: str, due: date, by: str
) -> int | None:
    with scoped(engine, scope) as conn:
        return conn.execute(
            text(
                "INSERT INTO plan_action (plan_id, action, owner, due, updated_by) SELECT id, :a, :o, :d, :by "
                "FROM improvement_plan WHERE id = :p AND status = 'open' RETURNING id"
            ),
            {"p": plan_id, "a": action, "o": owner, "d": due, "by": by},
        ).scalar()


def set_done(engine: Engine, *, scope: Scope, plan_id: int, action_id: int, done: bool, by: str) -> bool:
    with scoped(engine, scope) as conn:
        return bool(
            conn.execute(
                text(
                    "UPDATE plan_action SET done = :d, updated_by = :by, updated_at = now() WHERE id = :a "
                    "AND plan_id = :p AND plan_id IN (SELECT id FROM improvement_plan WHERE status = 'open')"
                ),
                {"a": action_id, "p": plan_id, "d": done, "by": by},
            ).rowcount
        )


def add_note(engine: Engine, *, scope: Scope, plan_id: int, body: str, by: str) -> int | None:
    with scoped(engine, scope) as conn:
        return conn.execute(
            text(
                "INSERT INTO plan_note (plan_id, author, body) SELECT id, :by, :b FROM improvement_plan WHERE id = :p "
                "RETURNING id"
            ),
            {"p": plan_id, "b": body, "by": by},
        ).scalar()


def close(engine: Engine, *, scope: Scope, plan_id: int, closed_on: date, outcome: str) -> bool:
    """Close an open plan in the jurisdiction with its outcome (JSON text)."""
    with scoped(engine, scope) as conn:
        return bool(
            conn.execute(
                text(
                    "UPDATE improvement_plan SET status = 'closed', closed_on = :d, outcome = CAST(:o AS jsonb) "
                    "WHERE id = :p AND status = 'open'"
                ),
                {"p": plan_id, "d": closed_on, "o": outcome},
            ).rowcount
        )
