"""The daily counts alert detection reads: ratings and satisfied ratings per center and day (every service and
source), from the daily rollup; and the demo's planted events."""

from __future__ import annotations

from datetime import date

from sqlalchemy import Engine, text

from marsad.queries.rollups import CRITERIA


def center_days(engine: Engine, *, date_from: date, date_to: date) -> list[tuple[int, date, int, int]]:
    """(center id, day, ratings, satisfied ratings) for every center-day with ratings in [from, to]."""
    with engine.connect() as conn:
        rows = conn.execute(
            text(
                "SELECT center_id, day, sum(n1 + n2 + n3 + n4 + n5)::int, sum(n4 + n5)::int FROM rating_daily "
                "WHERE day BETWEEN :a AND :b GROUP BY center_id, day"
            ),
            {"a": date_from, "b": date_to},
        )
        return [(r[0], r[1], r[2], r[3]) for r in rows]


def criteria_means(engine: Engine, *, date_from: date, date_to: date, min_n: int) -> list[dict]:
    """Per center and criterion with at least `min_n` answers in [from, to]: the criterion's mean and n."""
    parts = " UNION ALL ".join(
        f"SELECT center_id, '{c}' AS axis, sum(c_{c}_n)::int AS n, sum(c_{c}_sum)::float8 / nullif(sum(c_{c}_n), 0) "
        f"AS mean FROM rating_daily WHERE day BETWEEN :a AND :b GROUP BY center_id"
        for c in CRITERIA
    )
    with engine.connect() as conn:
        rows = conn.execute(
            text(f"SELECT * FROM ({parts}) x WHERE n >= :m"), {"a": date_from, "b": date_to, "m": min_n}
        )
        return [dict(r) for r in rows.mappings()]


def active_centers(engine: Engine) -> list[int]:
    with engine.connect() as conn:
        return list(conn.execute(text("SELECT id FROM service_center WHERE status = 'active' ORDER BY id")).scalars())


def planted(engine: Engine) -> list[dict]:
    with engine.connect() as conn:
        return [dict(r) for r in conn.execute(text("SELECT * FROM demo_event ORDER BY starts")).mappings()]
