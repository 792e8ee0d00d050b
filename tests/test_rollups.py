"""Incremental rollup maintenance gives exactly what a full rebuild gives."""

from __future__ import annotations

import pytest
from sqlalchemy import text

from marsad.geodata.demo import DemoSpec, generate
from marsad.queries import rollups
from tests.conftest import DEMO_END


def snapshot(conn) -> dict[str, list]:
    out = {}
    for r in rollups.ALL:
        cols = ", ".join([*r.dims, *rollups.MEASURES])
        out[r.table] = [
            tuple(row)
            for row in conn.execute(
                text(f"SELECT {cols} FROM {r.table} ORDER BY {', '.join(str(i) for i in range(1, len(r.dims) + 1))}")
            )
        ]
    return out


def queue_one(engine, center: int, service: str) -> None:
    """A rating of `center` for `service`, stored now and queued for the fold."""
    with engine.begin() as conn:
        conn.execute(
            text(
                "WITH r AS (INSERT INTO rating (center_id, service_code, submitted_at, overall, source) "
                "VALUES (:c, :s, now(), 4, 'survey') RETURNING id, submitted_at) "
                "INSERT INTO rating_pending SELECT id, submitted_at FROM r"
            ),
            {"c": center, "s": service},
        )


@pytest.fixture()
def engine(fresh_engine_factory):
    e = fresh_engine_factory("rollups_incremental")
    generate(e, DemoSpec(country="BH", centers=30, ratings=3000, seed=5, end=DEMO_END), progress=False)
    return e


@pytest.mark.parametrize("how", ["range", "queue"])
def test_add_ratings_equals_rebuild(engine, how):
    with engine.begin() as conn:
        before = conn.execute(text("SELECT max(id) FROM rating")).scalar()
        centers = conn.execute(
            text(
                "SELECT c.id, min(cs.service_code) FROM service_center c "
                "JOIN center_service cs ON cs.center_id = c.id GROUP BY c.id LIMIT 5"
            )
        ).all()
        rows = []
        for i, (cid, service) in enumerate(centers):
            for k, when in enumerate(
                [
                    "2026-11-22 08:00+03",
                    "2026-11-21 23:30+03",
                    "2026-11-01 00:10+03",
                    "2026-10-31 22:00+00",
                    "2025-01-15 12:00+03",
                ]
            ):
                rows.append(
                    {
                        "c": cid,
                        "s": service,
                        "t": when,
                        "o": (i + k) % 5 + 1,
                        "speed": None if k % 2 else 3,
                        "src": ("app", "survey", "mystery_shopper", "focus_group")[(i + k) % 4],
                    }
                )
        conn.execute(
            text(
                "INSERT INTO rating (center_id, service_code, submitted_at, overall, c_speed, source) "
                "VALUES (:c, :s, :t, :o, :speed, :src)"
            ),
            rows,
        )
        upto = conn.execute(text("SELECT max(id) FROM rating")).scalar()
        if how == "range":
            rollups.add_ratings(conn, after_id=before, upto_id=upto)
        else:  # as the ingest path does: queued, then folded in two goes
            conn.execute(
                text("INSERT INTO rating_pending SELECT id, submitted_at FROM rating WHERE id > :b"), {"b": before}
            )
            assert rollups.fold_pending(conn, limit=7) == 7
            assert rollups.fold_pending(conn) == len(rows) - 7
            assert rollups.fold_pending(conn) == 0
        # the centers' weeks and months take them when sealed: until then their rows wait beside them
        waiting = conn.execute(text(f"SELECT sum(n1 + n2 + n3 + n4 + n5) FROM {rollups.RECENT.table}")).scalar()
        assert waiting == len(rows)
        assert rollups.seal(conn) == conn.execute(text("SELECT count(*) FROM fold_sealed")).scalar() > 0
        assert conn.execute(text(f"SELECT count(*) FROM {rollups.RECENT.table}")).scalar() == 0
        assert rollups.seal(conn) == 0  # nothing waits
        incremental = snapshot(conn)
        rollups.rebuild(conn)
        rebuilt = snapshot(conn)
    for table in incremental:
        assert incremental[table] == rebuilt[table], table
    # and the month-edge rating given in UTC landed on the Riyadh calendar day (2026-11-01)
    with engine.connect() as conn:
        assert (
            conn.execute(text("SELECT sum(n1+n2+n3+n4+n5) FROM rollup_area_month WHERE month = '2026-11-01'")).scalar()
            == conn.execute(
                text("SELECT count(*) FROM rating WHERE (submitted_at AT TIME ZONE 'Asia/Riyadh') >= '2026-11-01'")
            ).scalar()
        )


def test_one_fold_at_a_time(engine):
    """Every server process runs a folder; while one folds, another's fold takes nothing (two at once
    deadlocked on the rollup rows both update) and the queued ratings wait for the next round."""
    with engine.connect() as conn:
        center, service = conn.execute(text("SELECT center_id, service_code FROM center_service LIMIT 1")).one()
        total = conn.execute(text("SELECT sum(n4) FROM rollup_region_total_month")).scalar()

    queue_one(engine, center, service)
    with engine.connect() as other:
        tx = other.begin()
        assert rollups.fold_pending(other) == 1  # folding, until it commits
        queue_one(engine, center, service)  # arrives meanwhile: not taken by the first fold, and left to the next round
        with engine.begin() as conn:
            conn.execute(text("SET LOCAL lock_timeout = '3s'"))  # a second fold would wait on the first's rows
            assert rollups.fold_pending(conn) == 0
        tx.rollback()
    with engine.begin() as conn:
        assert conn.execute(text("SELECT count(*) FROM rating_pending")).scalar() == 2
        assert rollups.fold_pending(conn) == 2
    with engine.connect() as conn:
        assert conn.execute(text("SELECT sum(n4) FROM rollup_region_total_month")).scalar() == total + 2
        assert conn.execute(text("SELECT count(*) FROM rating_pending")).scalar() == 0


def test_the_benchmarks_check_finds_ratings_not_folded_or_counted_twice(engine):
    """queries/bench.rollups_differ, which `marsad bench --ingest` ends with: 0 after folds, and it sees a rating left
    out, a sum changed and a rating folded twice. Then the run's month is removed, partition and rollup rows."""
    from marsad.bench import ingest
    from marsad.queries import bench as bench_queries
    from marsad.queries import partitions

    start, end = ingest.MONTH
    with engine.begin() as conn:
        partitions.ensure(conn, start, end)
        pairs = conn.execute(text("SELECT center_id, service_code FROM center_service ORDER BY 1, 2 LIMIT 6")).all()

    def queue(when: str) -> None:
        with engine.begin() as conn:
            conn.execute(
                text(
                    "WITH r AS (INSERT INTO rating (center_id, service_code, submitted_at, overall, c_staff, source) "
                    "VALUES (:c, :s, :t, :o, 2, 'survey') RETURNING id, submitted_at) "
                    "INSERT INTO rating_pending SELECT id, submitted_at FROM r"
                ),
                [{"c": c, "s": s, "t": when, "o": 1 + i % 5} for i, (c, s) in enumerate(pairs)],
            )

    def differ() -> dict[str, int]:
        with engine.begin() as conn:
            return bench_queries.rollups_differ(conn, start, end)

    queue("2000-01-01 00:00:01+03")
    queue("2000-01-20 10:00+03")
    with engine.begin() as conn:
        assert rollups.fold_pending(conn) == 12
    assert set(differ().values()) == {0}

    queue("2000-01-01 00:00:02+03")  # stored, not folded: every rollup misses it
    assert all(n > 0 for n in differ().values())
    with engine.begin() as conn:
        assert rollups.fold_pending(conn) == 6
    assert set(differ().values()) == {0}

    with engine.begin() as conn:  # one region's month counted a rating more
        conn.execute(text("UPDATE rollup_region_total_month SET n1 = n1 + 1 WHERE ctid = "
                          "(SELECT min(ctid) FROM rollup_region_total_month WHERE month = '2000-01-01')"))  # fmt: skip
    assert {t for t, n in differ().items() if n} == {"rollup_region_total_month"}

    with engine.begin() as conn:  # a rating folded twice
        rating = conn.execute(
            text("SELECT id, submitted_at FROM rating WHERE submitted_at < '2000-02-01' LIMIT 1")
        ).one()
        conn.execute(text("INSERT INTO rating_pending VALUES (:i, :t)"), {"i": rating.id, "t": rating.submitted_at})
        rollups.fold_pending(conn)
    assert all(n > 0 for n in differ().values())

    queue("2000-01-02 08:00+03")  # waiting when the run ends: its queue rows go too
    with engine.begin() as conn:  # and center rows waiting to be sealed
        assert rollups.fold_pending(conn, limit=3) == 3
        assert conn.execute(text(f"SELECT count(*) FROM {rollups.RECENT.table}")).scalar() == 3
    ingest.remove(engine)
    with engine.connect() as conn:
        assert conn.execute(text(f"SELECT count(*) FROM {rollups.RECENT.table}")).scalar() == 0
        assert conn.execute(text("SELECT count(*) FROM rating_pending")).scalar() == 0
        assert partitions.name_of(start) not in {p["name"] for p in partitions.listing(conn)}
        assert conn.execute(text("SELECT count(*) FROM rating WHERE submitted_at < '2000-02-01'")).scalar() == 0
        assert conn.execute(text("SELECT count(*) FROM rating_daily WHERE day < '2000-02-01'")).scalar() == 0
    assert set(differ().values()) == {0}


def test_the_benchmarks_queue_watcher_finds_each_batch_once_it_is_folded(engine):
    """`marsad bench --ingest` times each batch from its answer to the first look at the queue that finds it folded:
    from two index look-ups (the queue's lowest id, each batch's last id), whatever the queue's length."""
    import threading
    import time
    from types import SimpleNamespace

    from marsad.bench import ingest
    from marsad.queries import bench as bench_queries
    from marsad.queries import partitions

    bench_queries.vacuum_rollups(engine)  # as a run starts (outside a transaction: VACUUM refuses one)
    with engine.begin() as conn:
        partitions.ensure(conn, *ingest.MONTH)
        bench_queries.index_run_partition(conn, ingest.MONTH[0])
        pairs = conn.execute(text("SELECT center_id, service_code FROM center_service ORDER BY 1, 2 LIMIT 6")).all()
    first, second = "2000-01-01T00:00:00.001+03:00", "2000-01-01T00:00:00.002+03:00"
    for instant in (first, second):  # two batches of six, stored one after the other
        with engine.begin() as conn:
            conn.execute(
                text(
                    "WITH r AS (INSERT INTO rating (center_id, service_code, submitted_at, overall, source) "
                    "VALUES (:c, :s, :t, 3, 'survey') RETURNING id, submitted_at) "
                    "INSERT INTO rating_pending SELECT id, submitted_at FROM r"
                ),
                [{"c": c, "s": s, "t": instant} for c, s in pairs],
            )
    upload = SimpleNamespace(lock=threading.Lock(), accepted={first: time.monotonic(), second: time.monotonic()})

    def look() -> set[str]:
        queue = ingest.Queue(engine, upload)  # type: ignore[arg-type]
        watcher = threading.Thread(target=queue.watch)
        watcher.start()
        time.sleep(3 * ingest.POLL)
        queue.halt.set()
        watcher.join()
        return set(queue.folded)

    try:
        assert look() == set()  # both waiting
        with engine.begin() as conn:
            assert rollups.fold_pending(conn, limit=8) == 8  # the first batch and part of the second
        assert look() == {first}
        with engine.begin() as conn:
            assert rollups.fold_pending(conn) == 4
        assert look() == {first, second}
    finally:
        ingest.remove(engine)


def test_every_rollup_leaves_room_on_its_pages_for_the_folds_updates(engine):
    """Migration 0038: folds update the same rows again and again; with room on the page the update touches no
    index (HOT). A rollup added later must be given the same room."""
    with engine.connect() as conn:
        options = dict(
            conn.execute(
                text("SELECT relname, reloptions FROM pg_class WHERE relname = ANY (:t) AND relkind = 'r'"),
                {"t": [r.table for r in rollups.ALL]},
            ).all()
        )
    assert {t: options.get(t) for t in options} == {r.table: ["fillfactor=70"] for r in rollups.ALL}


def test_a_question_reads_the_cheapest_rollups_that_hold_it():
    """Totals where nothing is split, the source rollups (with weeks) for a source alone, the detailed ones for a
    service; the next finer grain where a grain has none (a governorate's services are read from localities)."""

    def tables(grain, *needs):
        return tuple(r and r.table for r in rollups.for_reading(grain, needs=frozenset(needs)))

    assert tables("region") == ("rollup_region_total_month", None, "rollup_region_total_day")
    assert tables("region", "source") == (
        "rollup_region_source_month", "rollup_region_source_week", "rollup_region_source_day",
    )  # fmt: skip
    assert tables("governorate", "service_code") == ("rollup_area_month", None, "rollup_area_day")
    assert tables("locality") == ("rollup_locality_total_month", None, "rollup_locality_total_day")
    assert tables("locality", "source") == ("rollup_area_month", None, "rollup_area_day")
    assert tables("center") == ("rollup_center_total_month", "rollup_center_total_week", "rating_daily")
    assert tables("center", "source", "service_code") == ("rollup_center_month", None, "rating_daily")
    with pytest.raises(ValueError):
        rollups.for_reading("region", needs=frozenset({"sector_code"}))


def test_answers_count_folded_ratings_once_before_and_after_a_seal(engine):
    """A question over whole months and weeks of centers counts the ratings folded but not sealed yet (they wait
    beside the centers' weeks and months), and the same after the seal: never none, never twice."""
    from datetime import date

    from marsad.jurisdiction import Scope
    from marsad.queries import stats
    from marsad.queries.filters import Filters

    # 2025-01-06 is a Monday: whole weeks of January's edge, whole months from February to November 2026
    filters = Filters(date_from=date(2025, 1, 6), date_to=date(2026, 11, 30))
    with engine.begin() as conn:
        region, centers = conn.execute(
            text("SELECT region_code, array_agg(c.id ORDER BY c.id) FROM service_center c WHERE status = 'active' "
                 "GROUP BY 1 ORDER BY count(*) DESC LIMIT 1")
        ).one()  # fmt: skip
        pairs = conn.execute(
            text("SELECT center_id, min(service_code) FROM center_service WHERE center_id = ANY(:c) GROUP BY 1"),
            {"c": centers[:3]},
        ).all()
        conn.execute(
            text(
                "WITH r AS (INSERT INTO rating (center_id, service_code, submitted_at, overall, source) "
                "VALUES (:c, :s, :t, 5, 'survey') RETURNING id, submitted_at) "
                "INSERT INTO rating_pending SELECT id, submitted_at FROM r"
            ),
            [
                {"c": c, "s": s, "t": t}
                for c, s in pairs  # in a whole month, in a whole edge week, on an edge day, outside the period
                for t in ("2026-03-15 12:00+03", "2025-01-08 09:00+03", "2025-01-30 09:00+03", "2026-12-01 09:00+03")
            ],
        )
        assert rollups.fold_pending(conn) == 4 * len(pairs)
    area = {"level": "region", "code": region}

    def answered() -> dict[int, int]:
        return {r["id"]: r["n"] for r in stats.centers(engine, scope=Scope.national(), filters=filters, area=area)}

    with engine.connect() as conn:
        expected = dict(
            conn.execute(
                text("SELECT x.center_id, count(*) FROM rating x JOIN service_center c ON c.id = x.center_id "
                     "WHERE c.region_code = :r AND c.status = 'active' AND (x.submitted_at AT TIME ZONE 'Asia/Riyadh')"
                     "::date BETWEEN :a AND :b GROUP BY 1"),
                {"r": region, "a": filters.date_from, "b": filters.date_to},
            ).all()
        )  # fmt: skip
        assert conn.execute(text(f"SELECT count(*) FROM {rollups.RECENT.table}")).scalar() > 0
    before = answered()
    assert {c: n for c, n in before.items() if n} == expected
    with engine.begin() as conn:
        assert rollups.seal(conn)
    assert answered() == before


def test_the_fold_worker_seals_once_its_interval_has_passed(engine, monkeypatch):
    from marsad import fold_worker

    with engine.connect() as conn:
        center, service = conn.execute(text("SELECT center_id, service_code FROM center_service LIMIT 1")).one()

    def waiting() -> int:
        with engine.connect() as conn:
            return conn.execute(text(f"SELECT count(*) FROM {rollups.RECENT.table}")).scalar()

    folded: list[int] = []
    worker = fold_worker.FoldWorker(engine, interval=60, on_folded=folded.append)
    queue_one(engine, center, service)
    assert worker.fold_once() == 1 and waiting() == 1  # folded; sealed only once SEAL_EVERY has passed
    monkeypatch.setattr(fold_worker, "SEAL_EVERY", 0.0)
    queue_one(engine, center, service)
    assert worker.fold_once() == 1 and waiting() == 0 and folded == [1, 1]
    with engine.connect() as conn:
        rebuilt = conn.execute(
            text("SELECT count(*) FROM rating WHERE center_id = :c AND date_trunc('month', submitted_at AT TIME ZONE "
                 "'Asia/Riyadh') = date_trunc('month', now() AT TIME ZONE 'Asia/Riyadh')"), {"c": center}
        ).scalar()  # fmt: skip
        month = conn.execute(
            text("SELECT n1 + n2 + n3 + n4 + n5 FROM rollup_center_total_month WHERE center_id = :c AND month = "
                 "date_trunc('month', now() AT TIME ZONE 'Asia/Riyadh')::date"), {"c": center}
        ).scalar()  # fmt: skip
    assert month == rebuilt
