"""Batches of ratings uploaded by officials (surveys, mystery-shopper visits, focus groups), inserted in one
statement within the official's scope and queued for the rollups."""

from __future__ import annotations

from sqlalchemy import Engine, text

from marsad.queries.rollups import CRITERIA
from marsad.queries.scope import Scope
from marsad.queries.scoped import scoped

COLUMNS = ("center_id", "service_code", "submitted_at", "overall", *[f"c_{c}" for c in CRITERIA], "comment",
           "comment_norm", "comment_status", "lang", "source")
TYPES = {"center_id": "integer", "overall": "smallint", "submitted_at": "timestamptz",
         **{f"c_{c}": "smallint" for c in CRITERIA}}


def unknown_pairs(engine: Engine, *, scope: Scope, pairs: list[tuple[int, str]]) -> list[tuple[int, str]]:
    """The (center, service) pairs that are not an active center in scope offering that service."""
    centers, services = [p[0] for p in pairs], [p[1] for p in pairs]
    with scoped(engine, scope) as conn:
        return [tuple(r) for r in conn.execute(text(
            "SELECT DISTINCT p.c, p.s FROM unnest(CAST(:c AS integer[]), CAST(:s AS text[])) AS p(c, s) "
            "WHERE NOT EXISTS (SELECT 1 FROM service_center sc JOIN center_service cs ON cs.center_id = sc.id "
            "WHERE sc.id = p.c AND sc.status = 'active' AND cs.service_code = p.s) ORDER BY 1, 2"),
            {"c": centers, "s": services})]


def add_batch(engine: Engine, *, scope: Scope, rows: list[dict]) -> int:
    """Insert the rows (dicts with COLUMNS) and queue them; returns how many were stored."""
    arrays = {c: [r.get(c) for r in rows] for c in COLUMNS}
    cols = ", ".join(COLUMNS)
    unnest = ", ".join(f"CAST(:{c} AS {TYPES.get(c, 'text')}[])" for c in COLUMNS)
    with scoped(engine, scope) as conn:
        return conn.execute(text(
            f"WITH ins AS (INSERT INTO rating ({cols}) SELECT * FROM unnest({unnest}) RETURNING id) "
            f"INSERT INTO rating_pending (rating_id) SELECT id FROM ins"), arrays).rowcount
