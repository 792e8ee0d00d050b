"""The append-only audit log: who viewed or exported what, with which parameters and scope."""

from __future__ import annotations

import json
from datetime import datetime

from sqlalchemy import Engine, text

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
    before_id: int | None = None,
    username: str | None = None,
    since: datetime | None = None,
    limit: int = 100,
) -> list[dict]:
    """Newest first, paged by id (keyset)."""
    where: list[str] = ["TRUE"]
    params: dict[str, object] = {"limit": min(max(limit, 1), 500)}
    if before_id is not None:
        where.append("id < :before_id")
        params["before_id"] = before_id
    if username:
        where.append("username = :username")
        params["username"] = username
    if since:
        where.append("at >= :since")
        params["since"] = since
    with engine.connect() as conn:
        return [
            dict(r)
            for r in conn.execute(
                text(
                    f"SELECT id, at, username, action, target, params, scope FROM audit_log WHERE {' AND '.join(where)} "
                    "ORDER BY id DESC LIMIT :limit"
                ),
                params,
            ).mappings()
        ]
