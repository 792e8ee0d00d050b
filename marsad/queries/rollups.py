"""The rollup tables: their shape, full rebuilds and incremental upserts of new ratings.

Every rollup holds, for its grain, the count of each score (n1..n5) and per-criterion counts and sums,
so that n, mean, satisfied share and criterion means are all sums over rows.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from sqlalchemy import Connection, text

from marsad.queries import comment_terms

CRITERIA = ("speed", "staff", "clarity", "facility", "outcome")
MEASURES = ("n1", "n2", "n3", "n4", "n5", *[f"c_{c}_{k}" for c in CRITERIA for k in ("n", "sum")])
GRAINS = ("region", "governorate", "locality", "center")  # coarse to fine
AREAS_OF = {
    "region": ("region_code",),
    "governorate": ("region_code", "governorate_code"),
    "locality": ("region_code", "governorate_code", "locality_code"),
    "center": ("region_code", "governorate_code", "locality_code"),
}
LOCAL_DAY = "(x.submitted_at AT TIME ZONE 'Asia/Riyadh')::date"
DETAIL = ("service_code", "source")  # what a rollup's rows may be split by besides time, place and sector


@dataclass(frozen=True)
class Rollup:
    table: str
    time: str  # "day", "week" (Monday) or "month"
    grain: str  # one of GRAINS
    conflict: str  # the unique constraint new rows merge on
    # which of DETAIL the rows are per: both (the detailed rollups), none (totals over them, migration 0011) or the
    # rating source alone (migration 0040)
    keeps: tuple[str, ...] = DETAIL

    @property
    def dims(self) -> tuple[str, ...]:
        return (
            self.time,
            *(("center_id",) if self.grain == "center" else ()),
            *self.keeps,
            "sector_code",
            *AREAS_OF[self.grain],
        )


DAILY = Rollup("rating_daily", "day", "center", "rating_daily_pkey")
CENTER_MONTH = Rollup("rollup_center_month", "month", "center", "rollup_center_month_key")
AREA_DAY = Rollup("rollup_area_day", "day", "locality", "rollup_area_day_key")
AREA_MONTH = Rollup("rollup_area_month", "month", "locality", "rollup_area_month_key")
REGION_DAY = Rollup("rollup_region_day", "day", "region", "rollup_region_day_key")
REGION_MONTH = Rollup("rollup_region_month", "month", "region", "rollup_region_month_key")


def _total(grain: str, time: str) -> Rollup:
    table = f"rollup_{grain}_total_{time}"
    return Rollup(table, time, grain, f"{table}_key", keeps=())


def _by_source(grain: str, time: str) -> Rollup:
    table = f"rollup_{grain}_source_{time}"
    return Rollup(table, time, grain, f"{table}_key", keeps=("source",))


CENTER_WEEK = _total("center", "week")  # migration 0012: a center's weeks, so that edge days are at most six
# each rollup and the finer one a rebuild fills it from
FILLS = (
    (CENTER_WEEK, DAILY),
    (CENTER_MONTH, DAILY),
    (AREA_DAY, DAILY),
    (AREA_MONTH, AREA_DAY),
    (REGION_DAY, AREA_DAY),
    (REGION_MONTH, AREA_MONTH),
    (_total("governorate", "day"), AREA_DAY),
    (_total("governorate", "month"), AREA_MONTH),
    (_total("region", "day"), _total("governorate", "day")),
    (_total("region", "month"), _total("governorate", "month")),
    (_total("locality", "day"), AREA_DAY),  # migration 0041
    (_total("locality", "month"), AREA_MONTH),
    (_total("center", "month"), CENTER_MONTH),
    # migration 0040: per rating source (the combined index reads the surveys' and the app's counts apart), by
    # governorate and by region, with weeks, so that the edges of a period read a few rows per area and sector
    # instead of every service's rows of every edge day
    (_by_source("governorate", "day"), AREA_DAY),
    (_by_source("governorate", "week"), _by_source("governorate", "day")),
    (_by_source("governorate", "month"), AREA_MONTH),
    (_by_source("region", "day"), _by_source("governorate", "day")),
    (_by_source("region", "week"), _by_source("governorate", "week")),
    (_by_source("region", "month"), _by_source("governorate", "month")),
)
ALL = (DAILY, *(r for r, _ in FILLS))
# migration 0043: the center rollups whose rows span weeks or months take folded ratings only when they are sealed
# (seal): until then their center rows wait in RECENT (rating_daily's shape), which readers of those rollups read
# beside them (queries/rollup_source)
SEALED = (CENTER_WEEK, CENTER_MONTH, _total("center", "month"))
RECENT = Rollup("rollup_center_recent", "day", "center", "rollup_center_recent_pkey")
_BY_KEY = {(r.grain, r.time, r.keeps): r for r in ALL}
_KEEPS = ((), ("source",), DETAIL)  # the cheapest first


def for_reading(grain: str, *, needs: frozenset[str] = frozenset()) -> tuple[Rollup, Rollup | None, Rollup]:
    """(monthly, weekly or None, daily) rollups that answer a question at `grain` that needs the columns `needs`
    (of DETAIL: a service or a source filtered on or grouped by): of the rollups that keep them, those that keep
    the fewest (totals when none is needed), of the grain or the next finer one that has them (governorates'
    services are read from localities). Weeks exist only where edge days are expensive (center totals, the
    sources'); elsewhere edge days come from the daily rollup."""
    if not needs <= set(DETAIL):
        raise ValueError(f"no rollup keeps {sorted(needs - set(DETAIL))}")

    def find(time: str, grains: tuple[str, ...], most: tuple[str, ...] = DETAIL) -> Rollup | None:
        fitting = [k for k in _KEEPS if needs <= set(k) <= set(most)]
        return next((_BY_KEY[(g, time, k)] for g in grains for k in fitting if (g, time, k) in _BY_KEY), None)

    finer = GRAINS[GRAINS.index(grain) :]
    monthly, daily = find("month", finer), find("day", finer)
    if monthly is None or daily is None:
        raise ValueError(f"no rollup holds grain {grain!r}")
    return monthly, find("week", (daily.grain,), daily.keeps), daily  # weeks no finer than the days they spare


_RAW_MEASURES = ", ".join(
    f"{expr} AS {name}"
    for expr, name in zip(
        [f"count(*) FILTER (WHERE x.overall = {s})" for s in range(1, 6)]
        + [e for c in CRITERIA for e in (f"count(x.c_{c})", f"coalesce(sum(x.c_{c}), 0)")],
        MEASURES,
    )
)
_RAW_DIMS = {
    "day": LOCAL_DAY,
    "month": f"date_trunc('month', {LOCAL_DAY})::date",
    "center_id": "x.center_id",
    "service_code": "x.service_code",
    "source": "x.source",
    "sector_code": "c.sector_code",
    "region_code": "c.region_code",
    "governorate_code": "c.governorate_code",
    "locality_code": "c.locality_code",
}


def _upsert(r: Rollup, select: str) -> str:
    updates = ", ".join(f"{m} = {r.table}.{m} + excluded.{m}" for m in MEASURES)
    return (
        f"INSERT INTO {r.table} ({', '.join(r.dims)}, {', '.join(MEASURES)}) {select} "
        f"ON CONFLICT ON CONSTRAINT {r.conflict} DO UPDATE SET {updates}"
    )


def ratings_select(r: Rollup, where: str, source: str = "rating") -> str:
    """The rows of rollup `r` (its dims, then MEASURES) for the center ratings matching `where` (a condition on
    rating x), read from `source` (the rating table, or the fold's copy of the ratings it folds)."""
    dims = ", ".join(f"{_RAW_DIMS[d]} AS {d}" for d in r.dims)
    group = ", ".join(str(i) for i in range(1, len(r.dims) + 1))
    return (
        f"SELECT {dims}, {_RAW_MEASURES} FROM {source} x JOIN service_center c ON c.id = x.center_id "
        f"WHERE x.center_id IS NOT NULL AND {where} GROUP BY {group}"
    )


def rollup_select(r: Rollup, source: Rollup) -> str:
    """The rows of rollup `r` summed from a finer rollup `source` (its table may be a temporary copy)."""
    time = f"date_trunc('{r.time}', s.{source.time})::date" if r.time != source.time else f"s.{source.time}"
    dims = ", ".join([f"{time} AS {r.time}"] + [f"s.{d}" for d in r.dims[1:]])
    sums = ", ".join(f"sum(s.{m}) AS {m}" for m in MEASURES)
    group = ", ".join(str(i) for i in range(1, len(r.dims) + 1))
    return f"SELECT {dims}, {sums} FROM {source.table} s GROUP BY {group}"


def from_ratings_sql(r: Rollup, where: str) -> str:
    """Add the center ratings matching `where` (a condition on rating x) into rollup `r`."""
    return _upsert(r, ratings_select(r, where))


def from_rollup_sql(r: Rollup, source: Rollup) -> str:
    """Fill rollup `r` by summing a finer rollup (used by full rebuilds)."""
    return _upsert(r, rollup_select(r, source))


def rebuild(conn: Connection, progress: Callable[[str], None] | None = None) -> dict[str, int]:
    """Recompute every rollup from raw ratings (bulk loads and repairs; ingest queues them for fold_pending).
    `progress` is told the name of each rollup as it is filled."""
    conn.execute(text(f"TRUNCATE {', '.join(r.table for r in ALL)}, {RECENT.table}"))
    if progress:
        progress(DAILY.table)
    conn.execute(text(from_ratings_sql(DAILY, "TRUE")))
    comment_terms.rebuild(conn)  # before the coarser rollups, which sum its areas' tables again from it
    rebuild_derived(conn, progress)
    return {r.table: conn.execute(text(f"SELECT count(*) FROM {r.table}")).scalar() or 0 for r in ALL}


def rebuild_derived(conn: Connection, progress: Callable[[str], None] | None = None) -> None:
    """Recompute the coarser rollups from rating_daily, and the areas' comment counts (after centers changed area).
    The rows waiting to be sealed go: the weeks and months are summed from every day."""
    conn.execute(text(f"TRUNCATE {', '.join(r.table for r, _ in FILLS)}, {RECENT.table}"))
    for r, source in FILLS:
        if progress:
            progress(r.table)
        conn.execute(text(from_rollup_sql(r, source)))
    comment_terms.rebuild_areas(conn)


DELTA = Rollup("fold_delta", "day", "center", "")  # new ratings summed at the finest grain (a temp table)
AREA_DELTA = Rollup("fold_delta_area", "day", "locality", "")  # the same summed over centers (a temp table)


def _fold(conn: Connection, which_sql: str, params: dict, source: str = "rating") -> None:
    """Fold the center ratings of `source` that `which_sql` (a condition on the ratings `x`) picks into every
    rollup: summed once into a temp table at the finest grain, then merged into each rollup from there (not a pass
    over raw ratings for each). The area rollups are summed from a second temp table of the first summed over
    centers: a national upload's 20,000 center rows are a few thousand locality rows, read by fifteen upserts. The
    center weeks and months are left to `seal`: their rows wait in RECENT."""
    conn.execute(text("DROP TABLE IF EXISTS fold_delta, fold_delta_area"))
    conn.execute(
        text(f"CREATE TEMP TABLE fold_delta ON COMMIT DROP AS {ratings_select(DAILY, which_sql, source)}"), params
    )
    conn.execute(text(f"CREATE TEMP TABLE fold_delta_area ON COMMIT DROP AS {rollup_select(AREA_DELTA, DELTA)}"))
    for r in (*(r for r in ALL if r not in SEALED), RECENT):
        conn.execute(text(from_rollup_sql(r, DELTA if r.grain == "center" else AREA_DELTA)))
    comment_terms.fold(conn, which_sql, params, source)
    conn.execute(text("SELECT nextval('fold_count')"))  # the alert job runs after each fold (migration 0026)


def add_ratings(conn: Connection, *, after_id: int, upto_id: int) -> None:
    """Fold the ratings with after_id < id <= upto_id into every rollup (incremental, in the caller's transaction)."""
    _fold(conn, "x.id > :after_id AND x.id <= :upto_id", {"after_id": after_id, "upto_id": upto_id})


# At most this many ratings a fold: a fold costs about 80 µs a rating whatever its size (at national scale, ratings
# spread over the centers), so larger folds gain nothing and hold the newest ratings back longer; at 50,000 a fold
# took 4-5 s and a batch that came as one began waited two of them
FOLD_BATCH = 20_000
# The queued ratings, each looked up by its key (id, submitted_at) in its month's partition, into a temp table that
# the rollups and the comment counts are then summed from. A join of the queue with the rating table (a condition on
# it) was planned as a hash join over whole partitions: a fold cost the size of the month's partition (0.3 s for
# the current month at national scale, and more as a sustained upload filled it) whatever it folded. LIMIT 1 keeps
# the lookup from being flattened into such a join; the partition is chosen at each lookup.
FOLD_ROWS = (
    "CREATE TEMP TABLE fold_rows ON COMMIT DROP AS SELECT x.* FROM fold_ids f CROSS JOIN LATERAL ("
    "SELECT r.id, r.center_id, r.service_code, r.source, r.submitted_at, r.overall, "
    + ", ".join(f"r.c_{c}" for c in CRITERIA)
    + ", r.comment_norm, r.comment_status FROM rating r "
    "WHERE r.id = f.rating_id AND r.submitted_at = f.submitted_at LIMIT 1) x"
)


FOLD_LOCK = 0x6D617273  # the advisory lock held by the one fold at work ("mars")
SEALING = Rollup("fold_sealed", "day", "center", "")  # RECENT's rows being sealed (a temp table)


def seal(conn: Connection, *, wait: bool = False) -> int | None:
    """Sum the center rows waiting in RECENT into the center weeks and months (SEALED) and remove them, in the
    caller's transaction, holding the fold lock: how many rows were sealed, or None at once when a fold or another
    seal holds it (`wait`: wait for it instead). Readers see the rows in RECENT or in the weeks and months, never in
    both or neither: the move is one transaction."""
    if wait:
        conn.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": FOLD_LOCK})
    elif not conn.execute(text("SELECT pg_try_advisory_xact_lock(:k)"), {"k": FOLD_LOCK}).scalar():
        return None
    if not conn.execute(text(f"SELECT EXISTS (SELECT FROM {RECENT.table})")).scalar():
        return 0  # nothing waits: no temporary table made (and dropped) in the catalogue every few seconds
    conn.execute(text(f"DROP TABLE IF EXISTS {SEALING.table}"))
    conn.execute(text(f"CREATE TEMP TABLE {SEALING.table} (LIKE {RECENT.table}) ON COMMIT DROP"))
    n = conn.execute(
        text(f"WITH moved AS (DELETE FROM {RECENT.table} RETURNING *) INSERT INTO {SEALING.table} SELECT * FROM moved")
    ).rowcount
    for r in SEALED:
        conn.execute(text(from_rollup_sql(r, SEALING)))
    return n


def fold_pending(conn: Connection, *, limit: int = FOLD_BATCH, wait: bool = False) -> int:
    """Fold queued new ratings (rating_pending) into every rollup and dequeue them, in the caller's
    transaction; 0 at once when another transaction is folding (every server process runs a folder). One at a
    time: two folds update the same rollup rows (a region's day) in different orders, and deadlocked when
    ratings were spread over many centers and days. `wait`: wait for the other fold to end instead."""
    if wait:
        conn.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": FOLD_LOCK})
    elif not conn.execute(text("SELECT pg_try_advisory_xact_lock(:k)"), {"k": FOLD_LOCK}).scalar():
        return 0
    conn.execute(
        text(
            "CREATE TEMP TABLE IF NOT EXISTS fold_ids (rating_id bigint PRIMARY KEY, submitted_at timestamptz NOT NULL) "
            "ON COMMIT DELETE ROWS"
        )
    )
    conn.execute(text("TRUNCATE fold_ids"))  # an earlier fold in this same transaction left its ids
    # the ids picked once, as an array: with `rating_id IN (SELECT … LIMIT … FOR UPDATE)`, a queue that its
    # statistics said was empty (as it mostly is) got a nested loop that ran the locking subquery again for each
    # row: 6.8 s to take 5,000 ratings, 16 ms now
    n = conn.execute(
        text(
            "WITH taken AS (DELETE FROM rating_pending WHERE rating_id = ANY (ARRAY(SELECT rating_id FROM rating_pending "
            "ORDER BY rating_id LIMIT :limit FOR UPDATE SKIP LOCKED)) RETURNING rating_id, submitted_at) "
            "INSERT INTO fold_ids SELECT rating_id, submitted_at FROM taken"
        ),
        {"limit": limit},
    ).rowcount
    if n:
        conn.execute(text("DROP TABLE IF EXISTS fold_rows"))
        conn.execute(text(FOLD_ROWS))
        _fold(conn, "TRUE", {}, source="fold_rows")
    return n
