"""The append-only audit log: who viewed or exported what, with which parameters and scope."""

from __future__ import annotations

import json
from datetime import datetime

from sqlalchemy import Engine, text

from marsad.db.transactions import scoped
from marsad.jurisdiction import Scope


def scope_json(scope: Scope) -> dict:
    def part(v):
        return None if v is None else sorted(v)

    return {"areas": part(scope.areas), "sectors": part(scope.sectors), "centers": part(scope.centers)}


def append(
    engine: Engine, *, official_id: int | None, username: str, action: str, target: str, params: dict, scope: Scope
) -> None:
    with engine.begin() as conn:
        conn.execute(
            text(
                "INSERT INTO audit_log (official_id, username, action, target, params, scope) "
                "VALUES (:official_id, :username, :action, :target, CAST(:params AS jsonb), CAST(:scope AS jsonb))"
            ),
            {
                "official_id": official_id,
                "username": username,
                "action": action,
                "target": target,
                "params": json.dumps(params, default=str),
                "scope": json.dumps(scope_json(scope)),
            },
        )


def recent(
    engine: Engine,
    *,
    scope: Scope,
    before_id: int | None = None,
    username: str | None = None,
    since: datetime | None = None,
    limit: int = 100,
) -> list[dict]:
    """Newest first, paged by id (keyset). The application role reads the log only through a function that requires
    a signed national scope (migration 0017)."""
    with scoped(engine, scope) as conn:
        rows = conn.execute(
            text("SELECT * FROM marsad_audit_recent(:before, :who, :since, :n)"),
            {"before": before_id, "who": username, "since": since, "n": min(max(limit, 1), 500)},
        ).mappings()
        return [dict(r) for r in rows]
