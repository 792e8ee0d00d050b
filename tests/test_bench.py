"""The benchmark runs end to end on the small demo (a smoke test: no timing assertions)."""

from __future__ import annotations

import json

from sqlalchemy import text

from marsad import bench


def test_bench_smoke(demo_engine, accounts, tmp_path, capsys):
    with demo_engine.connect() as conn:
        ratings_before = conn.execute(text("SELECT count(*) FROM rating")).scalar()
    url = demo_engine.url.render_as_string(hide_password=False)
    results = bench.run(demo_engine, url, repeats=2, out=tmp_path / "bench.json", progress=lambda *_: None)
    bench.print_table(results)
    printed = capsys.readouterr().out
    assert "drill: governorate" in printed and "into every rollup" in printed
    saved = json.loads((tmp_path / "bench.json").read_text())
    assert set(saved["interactions"]) == {"national", "drill: region", "drill: governorate",
                                          "sector switch (national)", "filter change (region)"}
    for row in saved["interactions"].values():
        assert row["cold_p50_ms"] > 0 and row["warm_p50_ms"] > 0 and row["sql_p50_ms"] > 0
    assert saved["payload"]["national"]["centers"] == 0 and saved["payload"]["region"]["centers"] > 0
    assert saved["ingest"]["ratings_per_s"] > 0
    with demo_engine.connect() as conn:  # the ingest measurement rolled back
        assert conn.execute(text("SELECT count(*) FROM rating")).scalar() == ratings_before
