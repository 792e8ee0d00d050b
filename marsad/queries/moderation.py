"""Officials' moderation within their scope: citizens' comments waiting for review, and proposed centers."""

from __future__ import annotations

from sqlalchemy import Engine, text

from marsad.db.transactions import scoped
from marsad.jurisdiction import Scope

COMMENT_STATUSES = ("approved", "hidden")


SCORE_BANDS = {"low": (1, 2), "middle": (3, 3), "high": (4, 5)}  # the moderation page's score filter


def _pending_where(scope: Scope, sector: str | None, band: str | None) -> tuple[str, dict]:
    ssql, params = scope.clause_on("c", center="id")
    parts = ["x.comment_status = 'pending'", ssql]
    if sector is not None:
        parts.append("c.sector_code = :sector")
        params["sector"] = sector
    if band is not None:
        parts.append("x.overall BETWEEN :lo AND :hi")
        params["lo"], params["hi"] = SCORE_BANDS[band]
    return " AND ".join(parts), params


def pending_comments(
    engine: Engine, *, scope: Scope, limit: int = 50, sector: str | None = None, band: str | None = None
) -> list[dict]:
    """Comments waiting for moderation in scope (of a sector, in a score band), oldest first."""
    where, params = _pending_where(scope, sector, band)
    with scoped(engine, scope) as conn:
        return [
            dict(r)
            for r in conn.execute(
                text(
                    f"SELECT x.id, x.submitted_at, x.overall, x.comment, x.lang, x.service_code, c.id AS center_id, "
                    f"c.name_ar AS center_name_ar, c.name_en AS center_name_en, c.sector_code "
                    f"FROM rating x JOIN service_center c ON c.id = x.center_id "
                    f"WHERE {where} ORDER BY x.submitted_at, x.id LIMIT :limit"
                ),
                {**params, "limit": limit},
            ).mappings()
        ]


def pending_count(engine: Engine, *, scope: Scope, sector: str | None = None, band: str | None = None) -> int:
    where, params = _pending_where(scope, sector, band)
    with scoped(engine, scope) as conn:
        return conn.execute(
            text(f"SELECT count(*) FROM rating x JOIN service_center c ON c.id = x.center_id WHERE {where}"), params
        ).scalar_one()


def set_comment_status(engine: Engine, *, scope: Scope, rating_id: int, status: str) -> bool:
    """Approve or hide one comment in scope; False when there is no such comment in scope."""
    return bool(set_comments_status(engine, scope=scope, ids=[rating_id], status=status, was=None))


def set_comments_status(
    engine: Engine, *, scope: Scope, ids: list[int], status: str, was: str | None = "pending"
) -> list[int]:
    """Set the status of these comments in scope (those whose status is `was`, any for None): the ids changed.
    "pending" puts decided ones back (an undo)."""
    if status not in (*COMMENT_STATUSES, "pending"):
        raise ValueError(f"unknown status {status!r}")
    with scoped(engine, scope) as conn:
        return list(
            conn.execute(
                text(
                    "UPDATE rating SET comment_status = :s WHERE id = ANY(:ids) AND comment IS NOT NULL "
                    "AND (CAST(:was AS text) IS NULL OR comment_status = :was) RETURNING id"
                ),
                {"s": status, "ids": ids, "was": was},
            ).scalars()
        )


def proposals(engine: Engine, *, scope: Scope, status: str = "pending", limit: int = 100) -> list[dict]:
    with scoped(engine, scope) as conn:
        return [
            dict(r)
            for r in conn.execute(
                text(
                    "SELECT id, name, sector_code, service_codes, ST_Y(geom) AS lat, ST_X(geom) AS lon, region_code, "
                    "governorate_code, locality_code, status, created_at, center_id FROM center_proposal "
                    "WHERE status = :status ORDER BY created_at, id LIMIT :limit"
                ),
                {"status": status, "limit": limit},
            ).mappings()
        ]


def decide_proposal(engine: Engine, *, scope: Scope, proposal_id: int, approve: bool, decided_by: str) -> dict | None:
    """Approve (the center becomes active, with the proposed services) or reject a pending proposal in scope.
    None when there is no pending proposal with this id in scope."""
    with scoped(engine, scope) as conn:
        p = (
            conn.execute(
                text("SELECT * FROM center_proposal WHERE id = :id AND status = 'pending' FOR UPDATE"),
                {"id": proposal_id},
            )
            .mappings()
            .first()
        )
        if p is None:
            return None
        center_id = None
        if approve:
            center_id = conn.execute(
                text(
                    "INSERT INTO service_center (code, name_ar, name_en, sector_code, geom, region_code, governorate_code, "
                    "locality_code, status) VALUES (:code, :name, :name, :sector, :geom, :r, :g, :l, 'active') RETURNING id"
                ),
                {
                    "code": f"P-{p['id']}",
                    "name": p["name"],
                    "sector": p["sector_code"],
                    "geom": p["geom"],
                    "r": p["region_code"],
                    "g": p["governorate_code"],
                    "l": p["locality_code"],
                },
            ).scalar()
            for code in p["service_codes"]:
                conn.execute(
                    text("INSERT INTO center_service (center_id, service_code) VALUES (:c, :s) ON CONFLICT DO NOTHING"),
                    {"c": center_id, "s": code},
                )
        conn.execute(
            text(
                "UPDATE center_proposal SET status = :s, decided_by = :by, decided_at = now(), "
                "center_id = :c WHERE id = :id"
            ),
            {"s": "approved" if approve else "rejected", "by": decided_by, "c": center_id, "id": proposal_id},
        )
        return {"id": proposal_id, "status": "approved" if approve else "rejected", "center_id": center_id}
