"""Officials' API keys: created, listed, revoked, and found by the prefix a request presents."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Engine, text

LISTED = "id, prefix, name, created_at, expires_at, revoked_at"


def create(engine: Engine, *, official_id: int, prefix: str, key_hash: str, name: str, days: int | None) -> dict:
    with engine.begin() as conn:
        return dict(
            conn.execute(
                text(
                    "INSERT INTO api_key (official_id, prefix, key_hash, name, expires_at) VALUES (:o, :p, :h, :n, "
                    "CASE WHEN CAST(:d AS integer) IS NULL THEN NULL "
                    f"ELSE now() + make_interval(days => CAST(:d AS integer)) END) RETURNING {LISTED}"
                ),
                {"o": official_id, "p": prefix, "h": key_hash, "n": name, "d": days},
            )
            .mappings()
            .one()
        )


def of_official(engine: Engine, official_id: int) -> list[dict]:
    with engine.connect() as conn:
        rows = conn.execute(
            text(f"SELECT {LISTED} FROM api_key WHERE official_id = :o ORDER BY id"), {"o": official_id}
        ).mappings()
        return [dict(r) for r in rows]


def revoke(engine: Engine, *, official_id: int, key_id: int) -> bool:
    """Revoke one of the official's keys; False when they have no such key (or it was revoked already)."""
    with engine.begin() as conn:
        return (
            conn.execute(
                text("UPDATE api_key SET revoked_at = now() WHERE id = :k AND official_id = :o AND revoked_at IS NULL"),
                {"k": key_id, "o": official_id},
            ).rowcount
            == 1
        )


def usable(engine: Engine, prefix: str) -> tuple[int, str, datetime | None] | None:
    """(official id, key hash, expiry) of the unrevoked, unexpired key with this prefix, or None."""
    with engine.connect() as conn:
        row = conn.execute(
            text(
                "SELECT official_id, key_hash, expires_at FROM api_key WHERE prefix = :p AND revoked_at IS NULL "
                "AND (expires_at IS NULL OR expires_at > now())"
            ),
            {"p": prefix},
        ).first()
    return (row[0], row[1], row[2]) if row else None
