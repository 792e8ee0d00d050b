"""Idempotency keys (citizens' ratings: idempotency_key; officials' batches: batch_key), forgotten after a week:
a request sent again later than that is a new one."""

from __future__ import annotations

from sqlalchemy import Connection, text

KEEP_DAYS = 7


def forget_old(conn: Connection, keep_days: int = KEEP_DAYS) -> int:
    """Delete the keys older than `keep_days`; how many were deleted. Needs the tables' owner."""
    return sum(
        conn.execute(
            text(f"DELETE FROM {table} WHERE created_at < now() - make_interval(days => :d)"), {"d": keep_days}
        ).rowcount
        for table in ("idempotency_key", "batch_key")
    )
