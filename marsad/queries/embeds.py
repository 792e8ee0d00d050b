"""Embeds: created, found by id when a signed link is used, listed and revoked."""

from __future__ import annotations

import json

from sqlalchemy import Engine, text

COLUMNS = (
    "e.id, e.official_id, o.username AS issuer, e.view, e.title, e.area_code, e.sector_code, e.filters, "
    "e.created_at, e.expires_at, e.revoked_at, e.revoked_by, (e.expires_at <= now()) AS expired"
)
FROM = "FROM embed e JOIN official o ON o.id = e.official_id"


def create(
    engine: Engine,
    *,
    official_id: int,
    view: str,
    title: str,
    area_code: str | None,
    sector_code: str | None,
    filters: dict,
    days: int,
) -> dict:
    with engine.begin() as conn:
        new_id = conn.execute(
            text(
                "INSERT INTO embed (official_id, view, title, area_code, sector_code, filters, expires_at) "
                "VALUES (:o, :v, :t, :a, :s, CAST(:f AS jsonb), now() + make_interval(days => :d)) RETURNING id"
            ),
            {
                "o": official_id,
                "v": view,
                "t": title,
                "a": area_code,
                "s": sector_code,
                "f": json.dumps(filters, sort_keys=True),
                "d": days,
            },
        ).scalar_one()
        return dict(conn.execute(text(f"SELECT {COLUMNS} {FROM} WHERE e.id = :id"), {"id": new_id}).mappings().one())


def by_id(engine: Engine, embed_id: int) -> dict | None:
    with engine.connect() as conn:
        row = conn.execute(text(f"SELECT {COLUMNS} {FROM} WHERE e.id = :id"), {"id": embed_id}).mappings().first()
    return dict(row) if row else None


def listed(engine: Engine, *, official_id: int | None, limit: int = 500) -> list[dict]:
    """Newest first: one official's embeds, or everyone's (official_id None: for national analysts)."""
    with engine.connect() as conn:
        rows = conn.execute(
            text(
                f"SELECT {COLUMNS} {FROM} WHERE (CAST(:o AS integer) IS NULL OR e.official_id = :o) "
                "ORDER BY e.id DESC LIMIT :n"
            ),
            {"o": official_id, "n": limit},
        ).mappings()
        return [dict(r) for r in rows]


def revoke(engine: Engine, *, embed_id: int, official_id: int | None, by: str) -> bool:
    """Revoke an embed (of `official_id`, or anyone's when None); False when there is no such active embed."""
    with engine.begin() as conn:
        return (
            conn.execute(
                text(
                    "UPDATE embed SET revoked_at = now(), revoked_by = :by WHERE id = :id AND revoked_at IS NULL "
                    "AND (CAST(:o AS integer) IS NULL OR official_id = :o)"
                ),
                {"id": embed_id, "o": official_id, "by": by},
            ).rowcount
            == 1
        )
