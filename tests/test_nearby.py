"""Nearest well-rated centers, checked against distances (pyproj, WGS 84) and Bayesian scores computed
here from raw ratings, and the query plan: the geography index, not a scan of every center."""

from __future__ import annotations

from collections import defaultdict
from datetime import timedelta

import pytest
import requests
from pyproj import Geod
from sqlalchemy import text

from marsad.analytics.public import public_periods
from marsad.db.engines import make_engine
from marsad.db.transactions import app_engine_hooks, read_scope_key, scoped
from marsad.jurisdiction import Scope
from marsad.params import today_riyadh
from marsad.queries.nearby import candidates_sql

RIYADH = timedelta(hours=3)
GEOD = Geod(ellps="WGS84")


def public_ids(server) -> set[int]:
    """Centers whose public figure is published (test_public.py checks those figures and their suppression)."""
    out = set()
    for region in requests.get(f"{server.url}/api/v1/public/areas", timeout=30).json()["features"]:
        centers = requests.get(
            f"{server.url}/api/v1/public/centers", params={"area": region["properties"]["code"]}, timeout=30
        ).json()["features"]
        out |= {f["properties"]["id"] for f in centers if f["properties"]["published"]}
    return out


def expected(engine, published, *, lat, lon, radius_km, sector=None, service=None):
    """The public figure: app ratings of the last four complete quarters, every service (a service chooses the
    candidates only)."""
    period = public_periods(today_riyadh())[0]
    start, today = period.date_from, period.date_to
    with engine.connect() as conn:
        centers = [
            dict(r)
            for r in conn.execute(
                text(
                    "SELECT c.id, c.sector_code, ST_Y(c.geom) AS lat, ST_X(c.geom) AS lon, "
                    "array(SELECT service_code FROM center_service WHERE center_id = c.id) AS services "
                    "FROM service_center c WHERE status = 'active'"
                )
            ).mappings()
        ]
        ratings = conn.execute(
            text(
                "SELECT x.center_id, x.overall, x.submitted_at, x.service_code, c.sector_code "
                "FROM rating x JOIN service_center c ON c.id = x.center_id WHERE x.source = 'app'"
            )
        ).all()
    scores, sector_scores = defaultdict(list), defaultdict(list)
    for center_id, overall, at, _service, sec in ratings:
        if start <= (at + RIYADH).date() <= today:
            scores[center_id].append(overall)
            sector_scores[sec].append(overall)
    prior = {s: sum(v) / len(v) for s, v in sector_scores.items()}
    out = []
    for c in centers:
        if (sector and c["sector_code"] != sector) or (service and service not in c["services"]):
            continue
        _, _, d = GEOD.inv(lon, lat, c["lon"], c["lat"])
        if d > radius_km * 1000:
            continue
        s = scores.get(c["id"], [])
        p = prior.get(c["sector_code"], 3.0)
        bayes = (20 * p + sum(s)) / (20 + len(s))
        shown = len(s) >= 5 and c["id"] in published
        rating = bayes if shown else p
        relevance = 0.7 * (rating - 1) / 4 + 0.3 * (1 - d / (radius_km * 1000))
        out.append({"id": c["id"], "d": d, "relevance": relevance, "n": len(s), "bayes": bayes, "shown": shown})
    out.sort(key=lambda r: (-r["relevance"], r["d"], r["id"]))
    return out


@pytest.mark.parametrize(
    "query",
    [
        {"lat": 24.71, "lon": 46.68, "radius_km": 15},
        {"lat": 24.71, "lon": 46.68, "radius_km": 40, "sector": "health"},
        {"lat": 21.5, "lon": 39.2, "radius_km": 25, "sector": "passports", "service": "passports.passport_renewal"},
    ],
    ids=["riyadh", "riyadh-health", "jeddah-passport-renewal"],
)
def test_nearby_matches_an_independent_computation(demo_engine, live_server, query):
    r = requests.get(f"{live_server.url}/api/v1/public/nearby", params={**query, "limit": 50}, timeout=30)
    assert r.status_code == 200, r.text
    items = r.json()["items"]
    want = expected(demo_engine, public_ids(live_server), **query)[:50]
    assert items and [i["id"] for i in items] == [w["id"] for w in want]
    for got, w in zip(items, want):
        assert got["distance_km"] == pytest.approx(w["d"] / 1000, abs=0.002)
        assert got["relevance"] == pytest.approx(w["relevance"], abs=1e-5)
        if w["shown"]:
            assert got["n"] == w["n"] and got["score"] == pytest.approx(w["bayes"], abs=1e-4)
        else:
            assert got["n"] is None and got["score"] is None and got["mean"] is None


def test_nearby_refuses_bad_input_clearly(live_server):
    for params in (
        {},
        {"lat": 24.7},
        {"lat": "x", "lon": 46},
        {"lat": 95, "lon": 46},
        {"lat": "nan", "lon": 46},
        {"lat": 24.7, "lon": 46.7, "radius_km": 0},
        {"lat": 24.7, "lon": 46.7, "sector": "nope"},
        {"lat": 24.7, "lon": 46.7, "limit": 1000},
    ):
        r = requests.get(f"{live_server.url}/api/v1/public/nearby", params=params, timeout=30)
        assert r.status_code == 400 and r.json()["error"], params
    far = requests.get(f"{live_server.url}/api/v1/public/nearby", params={"lat": 0, "lon": 0}, timeout=30)
    assert far.status_code == 200 and far.json()["items"] == []


def test_nearby_reads_only_the_nearest_centers_under_row_level_security(demo_engine):
    """As the app role (row-level security on): the geography index hands out centers nearest first and the
    scan stops after `limit`, even where fewer than `limit` lie inside the radius (it once read every center)."""
    engine = app_engine_hooks(
        make_engine(demo_engine.url.render_as_string(hide_password=False)), key=read_scope_key(demo_engine)
    )
    with demo_engine.connect() as conn:
        total = conn.execute(text("SELECT count(*) FROM service_center")).scalar()
        lat, lon = conn.execute(text("SELECT ST_Y(geom), ST_X(geom) FROM service_center ORDER BY id LIMIT 1")).one()
    sql, params = candidates_sql(lon=lon, lat=lat, radius_m=2000, sector=None, service=None, limit=20)
    try:
        with scoped(engine, Scope.national()) as conn:
            conn.execute(text("SET LOCAL enable_seqscan = off"))  # the small test table would tempt a scan
            found = conn.execute(text(sql), params).all()
            plan = conn.execute(text("EXPLAIN (ANALYZE, FORMAT JSON) " + sql), params).scalar()
    finally:
        engine.dispose()
    assert 0 < len(found) < 20  # fewer than the limit inside the radius: the case that used to read everything

    def nodes(node):
        yield node
        for child in node.get("Plans", []):
            yield from nodes(child)

    scans = [n for n in nodes(plan[0]["Plan"]) if n.get("Index Name") == "service_center_geog_idx"]
    assert scans and "Order By" in scans[0], plan
    read = scans[0]["Actual Rows"] + scans[0].get("Rows Removed by Filter", 0)
    assert read <= 20 + total // 100, (read, total)
