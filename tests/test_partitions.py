"""Ratings partitioned by month (issue "beyond one machine", point 2): every rating in its Riyadh month's partition,
months made ahead and later ones taking their rows out of the default partition, retention as dropping whole
months (the rollups keep their sums), and the migration moving every row, both ways, without loss or duplicate."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import text

from marsad.db.schema import downgrade, migrate
from marsad.geodata.demo import DemoSpec, generate
from marsad.queries import partitions

TOTALS = "SELECT count(*), sum(id), sum(overall), count(DISTINCT id) FROM rating"
MONTH_OF = "to_char(submitted_at AT TIME ZONE 'Asia/Riyadh', '\"rating_y\"YYYY\"m\"MM')"


@pytest.fixture(scope="module")
def engine(fresh_engine_factory):
    engine = fresh_engine_factory("marsad_partitions")
    generate(engine, DemoSpec(country="SA", centers=80, ratings=6_000, seed=3, end=date(2026, 11, 22)), progress=False)
    return engine


def test_every_rating_sits_in_its_months_partition(engine):
    with engine.connect() as conn:
        misplaced = conn.execute(text(f"SELECT count(*) FROM rating WHERE tableoid::regclass::text <> {MONTH_OF}"))
        assert misplaced.scalar() == 0
        assert conn.execute(text("SELECT count(*) FROM rating_default")).scalar() == 0
        names = [p["name"] for p in partitions.listing(conn)]
    assert names[-1] == "rating_default" and "rating_y2024m11" in names and "rating_y2026m11" in names
    assert "rating_y2027m02" in names  # months made ahead of the data


def test_a_month_made_later_takes_its_rows_out_of_the_default_partition(engine):
    with engine.begin() as conn:
        before = conn.execute(text(TOTALS)).one()
        center, service = conn.execute(text("SELECT center_id, service_code FROM center_service LIMIT 1")).one()
        conn.execute(
            text(
                "INSERT INTO rating (center_id, service_code, submitted_at, overall, source) "
                "VALUES (:c, :s, '2019-05-31 22:30+03', 4, 'survey')"  # the last evening of May, Riyadh time
            ),
            {"c": center, "s": service},
        )
        assert conn.execute(text("SELECT count(*) FROM rating_default")).scalar() == 1
        assert partitions.ensure(conn, date(2019, 5, 1), date(2019, 6, 30)) == 2
        assert conn.execute(text("SELECT count(*) FROM rating_default")).scalar() == 0
        assert conn.execute(text("SELECT count(*) FROM rating_y2019m05")).scalar() == 1
        assert conn.execute(text(TOTALS)).one()[0] == before[0] + 1
        assert partitions.ensure(conn, date(2019, 5, 1), date(2019, 6, 30)) == 0  # made once


def test_retention_drops_whole_months_and_the_rollups_keep_their_sums(engine):
    rollup = "SELECT sum(n1), sum(n5), sum(c_speed_n) FROM rollup_region_month"
    with engine.begin() as conn:
        sums = conn.execute(text(rollup)).one()
        old = conn.execute(text("SELECT count(*) FROM rating WHERE submitted_at < '2025-06-01 00:00+03'")).scalar()
        total = conn.execute(text("SELECT count(*) FROM rating")).scalar()
        gone = partitions.drop_before(conn, date(2025, 6, 1))
        assert "rating_y2025m05" in gone and "rating_y2025m06" not in gone and "rating_y2019m05" in gone
        assert old > 0 and conn.execute(text("SELECT count(*) FROM rating")).scalar() == total - old
        assert conn.execute(text(rollup)).one() == sums


def test_the_migration_moves_every_row_both_ways(fresh_engine_factory):
    engine = fresh_engine_factory("marsad_partitions_migration")
    generate(engine, DemoSpec(country="SA", centers=60, ratings=3_000, seed=4, end=date(2026, 11, 22)), progress=False)
    with engine.connect() as conn:
        before = conn.execute(text(TOTALS)).one()
    assert before[0] == before[3] == 3_000
    downgrade(engine, "0035")
    with engine.connect() as conn:
        assert conn.execute(text(TOTALS)).one() == before
        assert conn.execute(text("SELECT relkind FROM pg_class WHERE relname = 'rating'")).scalar() == "r"
    migrate(engine)
    with engine.connect() as conn:
        assert conn.execute(text(TOTALS)).one() == before
        assert conn.execute(text("SELECT relkind FROM pg_class WHERE relname = 'rating'")).scalar() == "p"
        policies = conn.execute(text("SELECT policyname FROM pg_policies WHERE tablename = 'rating'")).scalars().all()
        assert set(policies) == {"scope_read", "scope_add", "scope_moderate", "citizen_own", "citizen_add"}
        assert (
            conn.execute(text(f"SELECT count(*) FROM rating WHERE tableoid::regclass::text <> {MONTH_OF}")).scalar()
            == 0
        )
