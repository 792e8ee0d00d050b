"""What alert detection reads from the daily rollup (every service and source): ratings and satisfied ratings per
center and day (the evaluation), the same summed over the tests' windows with the criteria's last days (the job,
in one pass); and the demo's planted events."""

from __future__ import annotations

from datetime import date

from sqlalchemy import Engine, text

from marsad.queries.rollups import CRITERIA
from marsad.queries.windows import window_filters


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


def center_windows(
    engine: Engine, *, today: date, windows: tuple[int, ...], baseline: int, criteria_days: int = 0
) -> list[tuple]:
    """Per center with ratings in the last max(windows) + baseline days (one pass over them): for each window, its
    ratings and satisfied ratings, then the baseline's (n_r, n_b, s_r, s_b per window, in `windows` order); then,
    with `criteria_days`, each criterion's answers and their sum over that many last days (CRITERIA order)."""
    sums = ", ".join(
        f"{window_filters('n1 + n2 + n3 + n4 + n5', windows=(w,), baseline=baseline)}, "
        f"{window_filters('n4 + n5', windows=(w,), baseline=baseline)}"
        for w in windows
    )
    if criteria_days:
        recent = f"FILTER (WHERE day > :t - {criteria_days})"
        sums += ", " + ", ".join(
            f"coalesce(sum(c_{c}_n) {recent}, 0)::int, coalesce(sum(c_{c}_sum) {recent}, 0)::float8" for c in CRITERIA
        )
    span = max(windows) + baseline
    with engine.connect() as conn:
        rows = conn.execute(
            text(f"SELECT center_id, {sums} FROM rating_daily WHERE day > :t - :span AND day <= :t GROUP BY center_id"),
            {"t": today, "span": max(span, criteria_days)},
        )
        return [tuple(r) for r in rows]


def active_centers(engine: Engine) -> list[int]:
    with engine.connect() as conn:
        return list(conn.execute(text("SELECT id FROM service_center WHERE status = 'active' ORDER BY id")).scalars())


def planted(engine: Engine) -> list[dict]:
    with engine.connect() as conn:
        return [dict(r) for r in conn.execute(text("SELECT * FROM demo_event ORDER BY starts")).mappings()]
