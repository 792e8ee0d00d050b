"""The plan log behind `marsad bench --indexes` (marsad/db/plans.py): which function's statements used which index."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import text

from marsad.db import plans


@pytest.mark.unit
def test_the_indexes_of_a_plan_are_every_scan_and_conflict_check_in_it():
    plan = {
        "Node Type": "ModifyTable",
        "Conflict Arbiter Indexes": ["rating_daily_pkey"],
        "Plans": [
            {"Node Type": "Nested Loop", "Plans": [
                {"Node Type": "Index Only Scan", "Index Name": "rollup_center_total_week_region_idx"},
                {"Node Type": "Bitmap Heap Scan", "Plans": [
                    {"Node Type": "Bitmap Index Scan", "Index Name": "rating_y2026m01_center_id_submitted_at_idx"}]},
                {"Node Type": "Seq Scan", "Relation Name": "sector"},
            ]}
        ],
    }  # fmt: skip
    assert plans.indexes_in(plan) == {
        "rating_daily_pkey", "rollup_center_total_week_region_idx", "rating_y2026m01_center_id_submitted_at_idx"
    }  # fmt: skip
    assert plans.explainable("  with x AS (SELECT 1) SELECT * FROM x") and plans.explainable("DELETE FROM t")
    assert plans.explainable("CREATE TEMP TABLE d ON COMMIT DROP AS SELECT 1")
    assert not plans.explainable("CREATE TEMP TABLE IF NOT EXISTS d (a int)") and not plans.explainable("SET x = 1")


@pytest.mark.unit
def test_a_partitioned_index_is_used_when_any_of_its_partitions_index_is():
    catalogue = [
        {"name": "rating_center_time_idx", "tbl": "rating", "is_unique": False, "bytes": 10,
         "parts": ["rating_center_time_idx", "rating_y2026m01_center_id_submitted_at_idx"]},
        {"name": "rating_rater_idx", "tbl": "rating", "is_unique": False, "bytes": 5, "parts": ["rating_rater_idx"]},
    ]  # fmt: skip
    used = {"rating_y2026m01_center_id_submitted_at_idx": {"marsad.queries.comments.comments"}}
    assert [(u["name"], u["used_by"]) for u in plans.uses(catalogue, used)] == [
        ("rating_center_time_idx", ["marsad.queries.comments.comments"]),
        ("rating_rater_idx", []),
    ]


def test_the_log_names_the_function_of_marsad_and_the_indexes_its_plan_used(fresh_engine_factory, tmp_path):
    from marsad.geodata.demo import DemoSpec, generate
    from marsad.queries import rollups
    from tests.conftest import DEMO_END

    engine = fresh_engine_factory("plan_log")
    generate(engine, DemoSpec(country="BH", centers=20, ratings=500, seed=3, end=DEMO_END), progress=False)
    log = tmp_path / "plans.jsonl"
    plans.record(log)
    try:
        with engine.begin() as conn:
            conn.execute(text("SELECT count(*) FROM rating_daily"))  # not Marsad's: the test's own, not logged
            conn.execute(
                text(
                    "WITH r AS (INSERT INTO rating (center_id, service_code, submitted_at, overall, source) "
                    "SELECT center_id, service_code, now(), 4, 'survey' FROM center_service LIMIT 3 "
                    "RETURNING id, submitted_at) INSERT INTO rating_pending SELECT id, submitted_at FROM r"
                )
            )
            assert rollups.fold_pending(conn) == 3  # EXPLAIN ran before each statement; the fold is unchanged
    finally:
        plans.stop()
    entries = [json.loads(line) for line in log.read_text().splitlines()]
    assert entries and all(e["caller"].startswith("marsad.queries.") for e in entries)
    folded = [e for e in entries if e["caller"] == "marsad.queries.rollups._fold"]
    assert any("rating_daily_pkey" in e["indexes"] for e in folded)  # its upsert's conflict check
    with engine.connect() as conn:
        found = {u["name"]: u["used_by"] for u in plans.uses(plans.catalogue(conn), plans.read_log(log))}
        daily = conn.execute(text("SELECT sum(n1 + n2 + n3 + n4 + n5) FROM rating_daily")).scalar()
        rated = conn.execute(text("SELECT count(*) FROM rating WHERE center_id IS NOT NULL")).scalar()
    assert "marsad.queries.rollups._fold" in found["rating_daily_pkey"]
    assert any(e["caller"] == "marsad.queries.rollups.fold_pending" for e in entries)  # its temp tables too
    assert found["rating_rater_idx"] == []
    assert daily == rated  # nothing was done twice
    size = log.stat().st_size
    with engine.connect() as conn:  # stopped: nothing more is logged
        rollups.fold_pending(conn)
    assert log.stat().st_size == size
