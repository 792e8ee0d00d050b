"""The benchmark runs end to end on the small demo (a smoke test: no timing assertions)."""

from __future__ import annotations

import json

from sqlalchemy import text

from marsad import bench
from marsad.queries import rollups


def test_bench_smoke(demo_engine, accounts, tmp_path, capsys):
    with demo_engine.connect() as conn:
        ratings_before = conn.execute(text("SELECT count(*) FROM rating")).scalar()
    url = demo_engine.url.render_as_string(hide_password=False)
    earlier = {
        "dataset": {"ratings": 1000, "centers": 10},
        "interactions": {"national": {"cold_p95_ms": 100.0, "warm_p95_ms": 10.0}},
    }
    results = bench.run(
        demo_engine,
        url,
        repeats=2,
        out=tmp_path / "bench.json",
        users=3,
        duration=2,
        compare=earlier,
        progress=lambda *_: None,
    )
    bench.print_table(results)
    printed = capsys.readouterr().out
    assert "drill: governorate" in printed and "into every rollup" in printed and "growth" in printed
    saved = json.loads((tmp_path / "bench.json").read_text())
    assert set(saved["interactions"]) == {
        "national",
        "drill: region",
        "drill: governorate",
        "sector switch (national)",
        "filter change (region)",
        "combined index (national)",
        "combined index (region)",
    }
    for row in saved["interactions"].values():
        assert row["cold_p50_ms"] > 0 and row["warm_p50_ms"] > 0 and row["sql_p50_ms"] > 0
    assert saved["payload"]["national"]["centers"] == 0 and saved["payload"]["region"]["centers"] > 0
    assert saved["ingest"]["ratings_per_s"] > 0
    assert saved["nearest"]["requests"] == 10 and saved["nearest"]["p95_ms"] > 0
    assert [a["batch"] for a in saved["api_ingest"]] == [1000, 5000]
    for a in saved["api_ingest"]:
        assert a["ratings"] == 10_000 and a["visible_after_s"] < 60
    assert saved["concurrency"]["requests"] > 0 and saved["concurrency"]["errors"] == 0
    with demo_engine.connect() as conn:  # the ingest measurements left nothing behind
        assert conn.execute(text("SELECT count(*) FROM rating")).scalar() == ratings_before
        for r in rollups.ALL:  # nor any rollup row of theirs (dated in 2000: their days, weeks, months)
            assert (
                conn.execute(text(f"SELECT count(*) FROM {r.table} WHERE {r.time} < DATE '2001-01-01'")).scalar() == 0
            ), r.table
