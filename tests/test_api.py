"""The JSON API over HTTP: numbers equal the query layer, bad input gets 400 with a message, never 500."""

from __future__ import annotations

from datetime import date

import pytest
import requests
from sqlalchemy import text

from marsad.jurisdiction import Scope
from marsad.queries import stats
from marsad.queries.areas import area_index
from marsad.queries.filters import Filters
from tests.conftest import DEMO_END

PERIOD = {"from": "2025-11-23", "to": DEMO_END.isoformat()}
F = Filters(date_from=date(2025, 11, 23), date_to=DEMO_END)


AUTH = None


@pytest.fixture(autouse=True)
def _analyst(accounts):
    global AUTH
    AUTH = accounts["analyst"]


def get(server, path, **params):
    return requests.get(f"{server.url}/api/v1/{path}", params=params, auth=AUTH, timeout=30)


def test_health(live_server):
    r = get(live_server, "health")
    assert r.status_code == 200
    assert r.json() == {"status": "ok", "database": "ok"}  # public: says nothing about the data


def test_areas_national_and_drilldown(live_server, demo_engine):
    r = get(live_server, "areas", **PERIOD)
    assert r.status_code == 200
    fc = r.json()
    assert fc["type"] == "FeatureCollection" and fc["meta"]["level"] == "region"
    assert len(fc["features"]) == 13
    props = {f["properties"]["code"]: f["properties"] for f in fc["features"]}
    assert set(props["SA-01"]) >= {"code", "name_ar", "name_en", "n", "mean", "satisfied_share"}
    direct = {
        row["code"]: row
        for row in stats.child_areas(demo_engine, scope=Scope.national(), filters=F, parent=None, country="SA")
    }
    for code, p in props.items():
        assert p["n"] == direct[code]["n"] and p["mean"] == direct[code]["mean"]
    gov = get(live_server, "areas", level="governorate", parent="SA-01", **PERIOD).json()
    assert {f["properties"]["parent_code"] for f in gov["features"]} == {"SA-01"}
    with demo_engine.connect() as conn:  # each area's display geometry (held by the server as reference data)
        shapes = dict(
            conn.execute(
                text(
                    "SELECT code, ST_AsGeoJSON(geom_display, 5)::json FROM admin_area "
                    "WHERE parent_code = 'SA-01' OR parent_code IS NULL"
                )
            ).all()
        )
    for f in fc["features"] + gov["features"]:
        assert f["geometry"] == shapes[f["properties"]["code"]] and f["geometry"]["type"] == "MultiPolygon"
    assert sum(f["properties"]["n"] for f in gov["features"]) == props["SA-01"]["n"]


def test_centers_and_summary(live_server, demo_engine):
    index = area_index(demo_engine)
    fc = get(live_server, "centers", area="SA-01", sector="health", **PERIOD).json()
    assert fc["features"] and {f["properties"]["sector_code"] for f in fc["features"]} == {"health"}
    assert all(f["geometry"]["type"] == "Point" for f in fc["features"])
    summary = get(live_server, "summary", area="SA-01", **PERIOD).json()
    k = stats.kpis(demo_engine, scope=Scope.national(), filters=F, area=index["SA-01"])
    assert summary["n"] == k["n"] and summary["mean"] == k["mean"]


BAD = [
    ("areas", {"level": "governorate"}, "needs a parent"),
    ("areas", {"parent": "XX-99"}, "unknown area code"),
    ("areas", {"level": "country"}, "unknown level"),
    ("areas", {"from": "2026-13-01"}, "YYYY-MM-DD"),
    ("areas", {"from": "2026-05-01", "to": "2026-04-01"}, "after"),
    ("areas", {"from": "2000-01-01", "to": "2026-01-01"}, "longer than"),
    ("areas", {"sector": "nope"}, "unknown sector"),
    ("areas", {"sector": "health", "service": "passports.passport_issue"}, "does not belong"),
    ("areas", {"source": "tweets"}, "unknown source"),
    ("centers", {}, "area is required"),
    ("centers", {"area": "'; DROP TABLE rating; --"}, "unknown area code"),
    ("summary", {"sector": "health' OR '1'='1"}, "unknown sector"),
    ("areas", {"parent": "x" * 500}, "too long"),
]


@pytest.mark.parametrize("path,params,message", BAD)
def test_bad_input_is_400_with_message(live_server, path, params, message):
    r = get(live_server, path, **params)
    assert r.status_code == 400, r.text
    assert message in r.json()["error"]


def test_locality_has_no_children(live_server, demo_engine):
    loc = next(c for c, a in area_index(demo_engine).items() if a["level"] == "locality")
    r = get(live_server, "areas", parent=loc)
    assert r.status_code == 400 and "no child areas" in r.json()["error"]


def test_unknown_endpoint_is_json_404(live_server):
    r = get(live_server, "nope")
    assert r.status_code == 404 and "no such endpoint" in r.json()["error"]


def test_injection_changes_nothing(live_server, demo_engine):
    from sqlalchemy import text

    with demo_engine.connect() as conn:
        before = conn.execute(text("SELECT count(*) FROM rating")).scalar()
    for value in ["1 OR 1=1", "SA-01'; DELETE FROM rating; --", "SA-01\x00", "%", "SA-01 UNION SELECT 1"]:
        for key in ("parent", "sector", "service", "source", "from", "level"):
            assert get(live_server, "areas", **{key: value}).status_code == 400
    with demo_engine.connect() as conn:
        assert conn.execute(text("SELECT count(*) FROM rating")).scalar() == before


def test_responses_are_compressed(live_server):
    r = requests.get(
        f"{live_server.url}/api/v1/centers",
        params={"area": "SA-01"},
        auth=AUTH,
        headers={"Accept-Encoding": "gzip"},
        timeout=30,
    )
    assert r.headers.get("Content-Encoding") == "gzip"
