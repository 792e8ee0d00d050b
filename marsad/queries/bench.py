"""The benchmark's own reads and writes (marsad.bench): the dataset's size, sample points and pairs, the queue,
and taking its uploaded ratings out again. Run as the database owner, outside any jurisdiction."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from sqlalchemy import Connection, Engine, text

from marsad.queries import load, partitions, rollups


def dataset(conn: Connection) -> tuple[date | None, int, int]:
    """The last day with ratings, and how many ratings and centers there are."""
    last = conn.execute(text("SELECT max(day) FROM rating_daily")).scalar()
    n_ratings = conn.execute(text("SELECT count(*) FROM rating")).scalar() or 0
    n_centers = conn.execute(text("SELECT count(*) FROM service_center")).scalar() or 0
    return last, n_ratings, n_centers


def active_points(conn: Connection, n: int) -> list[tuple[float, float]]:
    """(lat, lon) of n active centers in a fixed pseudo-random order."""
    rows = conn.execute(
        text(
            "SELECT ST_Y(geom), ST_X(geom) FROM service_center WHERE status = 'active' ORDER BY md5(id::text) LIMIT :n"
        ),
        {"n": n},
    ).all()
    return [(lat, lon) for lat, lon in rows]


def center_services(conn: Connection, n: int) -> list[tuple[int, str]]:
    """(center id, service code) of n services offered by active centers, in a fixed pseudo-random order."""
    rows = conn.execute(
        text(
            "SELECT cs.center_id, cs.service_code FROM center_service cs JOIN service_center c "
            "ON c.id = cs.center_id WHERE c.status = 'active' ORDER BY md5(cs.center_id::text "
            "|| cs.service_code) LIMIT :n"
        ),
        {"n": n},
    ).all()
    return [(c, s) for c, s in rows]


def anything_pending(conn: Connection) -> bool:
    """Whether stored ratings wait to be folded into the rollups."""
    return bool(conn.execute(text("SELECT EXISTS (SELECT 1 FROM rating_pending)")).scalar())


def remove_dated(conn: Connection, start: date, end: date) -> None:
    """Remove the ratings submitted in [start, end) (Riyadh time) and every rollup row of those days, and of
    the weeks and months that hold them: only for a span in which nothing but benchmark ratings lie."""
    dated = "x.submitted_at >= CAST(:start AS timestamptz) AND x.submitted_at < CAST(:end AS timestamptz)"
    span = {"start": f"{start}T00:00:00+03:00", "end": f"{end}T00:00:00+03:00"}
    # the queue by its own dates: the ratings may be gone already (their month's partition dropped)
    conn.execute(text(f"DELETE FROM rating_pending x WHERE {dated}"), span)
    conn.execute(text(f"DELETE FROM rating x WHERE {dated}"), span)
    for r in (*rollups.ALL, rollups.RECENT):  # table and column names from the rollups' own list
        conn.execute(
            text(
                f"DELETE FROM {r.table} WHERE {r.time} >= date_trunc('{r.time}', CAST(:start AS date)) "
                f"AND {r.time} < CAST(:end AS date)"
            ),
            {"start": start, "end": end},
        )


def vacuum_rollups(engine: Engine) -> None:
    """VACUUM the rollups and the queue (outside any transaction): a benchmark upload is dated on the same day each
    run, so the rows an earlier run removed lie, dead, where the next run's first folds insert the day's rows, and
    each of its conflict checks would meet them (a run right after another had all its slowest batches in its first
    17 s); a run starts from clean rollups, as a new day does."""
    load.vacuum(engine, [*(r.table for r in (*rollups.ALL, rollups.RECENT)), "rating_pending", "batch_key"])


def index_run_partition(conn: Connection, month: date) -> None:
    """An index of the benchmark's own month partition by instant, so that each uploaded batch's last rating is found
    at once (the partition is the run's and is dropped after it; the table's other partitions have no such index)."""
    name = partitions.name_of(month)
    conn.execute(text(f"CREATE INDEX IF NOT EXISTS {name}_instant_idx ON {name} (submitted_at, id)"))


def last_ids(conn: Connection, month: date, instants: list[str]) -> dict[str, int]:
    """The id of the last rating stored at each instant (an ISO text with its offset) in `month`'s partition; instants
    with no rating are left out."""
    name = partitions.name_of(month)
    rows = conn.execute(
        text(
            f"SELECT k, (SELECT max(x.id) FROM {name} x WHERE x.submitted_at = CAST(k AS timestamptz)) "
            "FROM unnest(CAST(:k AS text[])) AS k"
        ),
        {"k": instants},
    ).all()
    return {k: i for k, i in rows if i is not None}


def queue_bounds(conn: Connection) -> tuple[int, int] | None:
    """The lowest and highest id in the queue of stored ratings not yet folded (two index look-ups, whatever its
    length), or None when it is empty."""
    row = conn.execute(text("SELECT min(rating_id), max(rating_id) FROM rating_pending")).one()
    return None if row[0] is None else (row[0], row[1])


def queue_copies_of_latest(conn: Connection, n: int) -> None:
    """Store copies of the latest n ratings, dated now, and queue them for folding (inside the caller's
    transaction, which the benchmark rolls back)."""
    conn.execute(
        text("""
        WITH copied AS (
            INSERT INTO rating (center_id, service_code, submitted_at, overall, source)
            SELECT x.center_id, x.service_code, now(), x.overall, x.source
            FROM rating x WHERE x.center_id IS NOT NULL ORDER BY x.id DESC LIMIT :n RETURNING id, submitted_at)
        INSERT INTO rating_pending (rating_id, submitted_at) SELECT id, submitted_at FROM copied"""),
        {"n": n},
    )


def busiest_centers(engine, n: int) -> list[int]:
    """The `n` centers with the most ratings (the report benchmark's subjects)."""
    with engine.connect() as conn:
        return list(
            conn.execute(
                text(
                    "SELECT center_id FROM rollup_center_total_month GROUP BY center_id "
                    "ORDER BY sum(n1 + n2 + n3 + n4 + n5) DESC LIMIT :n"
                ),
                {"n": n},
            ).scalars()
        )


def rollups_differ(conn: Connection, start: date, end: date) -> dict[str, int]:
    """For each rollup, how many of its rows of the days, weeks and months of [start, end) differ from a rebuild
    of it from the ratings submitted then (Riyadh time): rows missing, extra or with other sums (0 everywhere:
    the folds added exactly the ratings, none lost or counted twice). Only for a span in which nothing but those
    ratings lie, since the weeks and months at its edges are compared whole. In the caller's transaction, which
    seals what waits to be sealed first (rollups.seal)."""
    rollups.seal(conn, wait=True)
    dated = "x.submitted_at >= CAST(:start AS timestamptz) AND x.submitted_at < CAST(:end AS timestamptz)"
    span = {"start": f"{start}T00:00:00+03:00", "end": f"{end}T00:00:00+03:00"}

    def expected(r: rollups.Rollup) -> rollups.Rollup:
        return replace(r, table=f"expect_{r.table}")

    conn.execute(
        text(f"CREATE TEMP TABLE {expected(rollups.DAILY).table} ON COMMIT DROP AS "
             f"{rollups.ratings_select(rollups.DAILY, dated)}"),
        span,
    )  # fmt: skip
    for r, source in rollups.FILLS:  # as a rebuild fills them, each from the finer one
        conn.execute(
            text(
                f"CREATE TEMP TABLE {expected(r).table} ON COMMIT DROP AS {rollups.rollup_select(r, expected(source))}"
            )
        )
    found = {}
    for r in rollups.ALL:
        cols = ", ".join((*r.dims, *rollups.MEASURES))
        mine = (
            f"SELECT {cols} FROM {r.table} WHERE {r.time} >= date_trunc('{r.time}', CAST(:start AS date)) "
            f"AND {r.time} < CAST(:end AS date)"
        )
        theirs = f"SELECT {cols} FROM {expected(r).table}"
        found[r.table] = conn.execute(
            text(f"SELECT count(*) FROM (({mine} EXCEPT ALL {theirs}) UNION ALL ({theirs} EXCEPT ALL {mine})) d"),
            {"start": start, "end": end},
        ).scalar_one()
    return found
