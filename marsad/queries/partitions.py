"""The rating table's monthly partitions (migration 0036): made ahead of time, listed, and dropped for retention."""

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import Connection, text

AHEAD_DAYS = 100  # the months made ahead of today: three at least


def ensure(conn: Connection, from_day: date, to_day: date) -> int:
    """Make the monthly partitions of [from_day, to_day] that are missing (rows of those months that fell into the
    default partition move into them); how many were made. Needs the table's owner."""
    return int(conn.execute(text("SELECT marsad_rating_partitions(:f, :t)"), {"f": from_day, "t": to_day}).scalar_one())


def ensure_ahead(conn: Connection, today: date) -> int:
    return ensure(conn, today, today + timedelta(days=AHEAD_DAYS))


def listing(conn: Connection) -> list[dict]:
    """Each partition (the default one last) with its month's bounds and an estimate of its rows."""
    rows = conn.execute(
        text(
            "SELECT c.relname AS name, pg_get_expr(c.relpartbound, c.oid) AS bounds, c.reltuples::bigint AS rows "
            "FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid "
            "WHERE i.inhparent = 'rating'::regclass ORDER BY c.relname = 'rating_default', c.relname"
        )
    ).mappings()
    return [dict(r) for r in rows]


def drop_before(conn: Connection, month: date) -> list[str]:
    """Retention: detach and drop the monthly partitions of months before `month` (their ratings are gone; the
    rollups, which the dashboards read, keep their sums). Returns the partitions dropped."""
    first = name_of(month)
    gone = [
        p["name"] for p in listing(conn) if p["name"].startswith("rating_y") and p["name"] < first
    ]  # names sort by month
    for name in gone:
        _drop(conn, name)
    return gone


def drop_month(conn: Connection, month: date) -> bool:
    """Detach and drop the partition of `month` (its ratings are gone); whether there was one."""
    name = name_of(month)
    if name not in {p["name"] for p in listing(conn)}:
        return False
    _drop(conn, name)
    return True


def name_of(month: date) -> str:
    """The partition of `month`'s ratings (migration 0036's naming)."""
    return f"rating_y{month:%Y}m{month:%m}"


def _drop(conn: Connection, name: str) -> None:
    conn.execute(text(f'ALTER TABLE rating DETACH PARTITION "{name}"'))
    conn.execute(text(f'DROP TABLE "{name}"'))
