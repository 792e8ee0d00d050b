"""The public API: no sign-in, aggregates only, nothing resting on fewer than the public minimum."""

from __future__ import annotations

from collections import Counter
from datetime import date, timedelta

import requests
from sqlalchemy import text

from tests.conftest import DEMO_END

PERIOD = {"from": "2025-11-23", "to": DEMO_END.isoformat()}


def counts_by(demo_engine, column: str) -> Counter:
    lo, hi = date.fromisoformat(PERIOD["from"]), date.fromisoformat(PERIOD["to"])
    with demo_engine.connect() as conn:
        rows = conn.execute(
            text(f"SELECT c.{column}, x.submitted_at FROM rating x JOIN service_center c ON c.id = x.center_id")
        ).all()
    return Counter(r[0] for r in rows if lo <= (r[1] + timedelta(hours=3)).date() <= hi)


def test_public_centers_withhold_small_samples(live_server, demo_engine):
    r = requests.get(f"{live_server.url}/api/v1/public/centers", params={"area": "SA-01", **PERIOD}, timeout=30)
    assert r.status_code == 200
    counts = counts_by(demo_engine, "code")
    features = r.json()["features"]
    assert r.json()["meta"]["min_ratings"] == 5
    small = [f for f in features if counts[f["properties"]["code"]] < 5]
    large = [f for f in features if counts[f["properties"]["code"]] >= 5]
    assert small and large  # the fixture has both kinds
    for f in small:
        p = f["properties"]
        assert (p["published"], p["n"], p["mean"], p["satisfied_share"]) == (False, None, None, None)
    for f in large:
        assert f["properties"]["published"] and f["properties"]["n"] == counts[f["properties"]["code"]]
    assert "rater" not in r.text and "demo:" not in r.text


def test_public_areas_need_no_sign_in_and_match(live_server, demo_engine):
    r = requests.get(f"{live_server.url}/api/v1/public/areas", params=PERIOD, timeout=30)
    assert r.status_code == 200
    counts = counts_by(demo_engine, "region_code")
    for f in r.json()["features"]:
        n = counts[f["properties"]["code"]]
        assert f["properties"]["n"] == (n if n >= 5 else None)


def test_public_routes_validate_and_do_not_open_the_rest(live_server):
    bad = requests.get(f"{live_server.url}/api/v1/public/centers", params={"area": "x'--"}, timeout=30)
    assert bad.status_code == 400 and "unknown area" in bad.json()["error"]
    for path in ("/api/v1/areas", "/api/v1/summary", "/api/v1/audit", "/api/v1/public/../areas", "/"):
        assert requests.get(live_server.url + path, timeout=30).status_code == 401, path
