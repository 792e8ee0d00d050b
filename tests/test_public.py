"""The public API: no sign-in, fixed periods, citizens' app ratings only, and nothing resting on fewer than the
public minimum of ratings, neither shown nor recoverable by subtracting published figures (the differencing
attack of the hardening issue, run over every public route and period)."""

from __future__ import annotations

from collections import Counter, defaultdict
from datetime import timedelta

import pytest
import requests
from sqlalchemy import text

from marsad.analytics.public import public_periods
from marsad.params import today_riyadh

MIN = 5


@pytest.fixture(scope="module")
def truth(demo_engine):
    """Counts of app ratings per (period, level, code) computed here from raw ratings, and where each center is."""
    periods = public_periods(today_riyadh())
    with demo_engine.connect() as conn:
        rows = conn.execute(
            text(
                "SELECT c.id, c.locality_code, c.governorate_code, c.region_code, x.submitted_at FROM rating x "
                "JOIN service_center c ON c.id = x.center_id WHERE x.source = 'app'"
            )
        ).all()
        place = {
            r[0]: (r[1], r[2], r[3])
            for r in conn.execute(text("SELECT id, locality_code, governorate_code, region_code FROM service_center"))
        }
        parent = dict(conn.execute(text("SELECT code, parent_code FROM admin_area")).all())
    counts: dict[str, Counter] = {p.key: Counter() for p in periods}
    for center, loc, gov, reg, at in rows:
        day = (at + timedelta(hours=3)).date()
        for p in periods:
            if p.date_from <= day <= p.date_to:
                counts[p.key].update([("center", center), ("locality", loc), ("governorate", gov), ("region", reg)])
    return {"periods": periods, "counts": counts, "place": place, "parent": parent}


def get(server, path, **params):
    r = requests.get(f"{server.url}/api/v1/public/{path}", params=params, timeout=60)
    assert r.status_code == 200, (path, params, r.text[:300])
    return r.json()


def published(features, level) -> dict:
    out = {}
    for f in features:
        p = f["properties"]
        key = (level or p["level"], p["id"] if level == "center" else p["code"])
        if p["published"]:
            out[key] = p["n"]
        else:
            assert (p["n"], p["mean"], p["satisfied_share"]) == (None, None, None)
    return out


def test_free_ranges_other_sources_and_splits_are_refused(live_server):
    for path, params in (
        ("areas", {"from": "2026-10-01", "to": "2026-10-11"}),
        ("centers", {"area": "SA-01", "to": "2026-10-10"}),
        ("centers/1", {"from": "2026-10-01"}),
        ("areas", {"source": "mystery_shopper"}),
        ("areas", {"period": "2026-10"}),
        ("areas", {"sector": "health"}),
        ("centers", {"area": "SA-01", "service": "health.x"}),
    ):
        r = requests.get(f"{live_server.url}/api/v1/public/{path}", params=params, timeout=30)
        assert r.status_code == 400, (path, params, r.text)
        assert "period" in r.json()["error"] or "source" in r.json()["error"] or "split" in r.json()["error"]
    bad = requests.get(f"{live_server.url}/api/v1/public/centers", params={"area": "x'--"}, timeout=30)
    assert bad.status_code == 400 and "unknown area" in bad.json()["error"]
    for path in ("/api/v1/areas", "/api/v1/summary", "/api/v1/audit", "/api/v1/public/../areas", "/"):
        assert requests.get(live_server.url + path, timeout=30).status_code == 401, path


def test_nothing_small_is_shown_or_recoverable_on_any_public_route_or_period(live_server, truth):
    """Every published figure equals the count of app ratings; every region, governorate and locality total minus
    its published children, and every 12-month figure minus its published quarters, is 0 or at least the minimum;
    a center withheld in a list is withheld on its profile too."""
    shown: dict[str, dict] = {}
    for period in truth["periods"]:
        cells: dict = {}
        regions = get(live_server, "areas", period=period.key)
        cells.update(published(regions["features"], None))
        assert regions["meta"]["source"] == "app" and regions["meta"]["period"] == period.key
        for region in regions["features"]:
            code = region["properties"]["code"]
            cells.update(published(get(live_server, "areas", parent=code, period=period.key)["features"], None))
            cells.update(published(get(live_server, "centers", area=code, period=period.key)["features"], "center"))
            if period.key in ("12m", truth["periods"][1].key):
                for gov in get(live_server, "areas", parent=code, period=period.key)["features"]:
                    cells.update(
                        published(
                            get(live_server, "areas", parent=gov["properties"]["code"], period=period.key)["features"],
                            None,
                        )
                    )
        shown[period.key] = cells
        counts = truth["counts"][period.key]
        for key, n in cells.items():
            assert n == counts[key] >= MIN, (period.key, key, n, counts[key])
    # the hierarchy: a published total minus its published children
    place = truth["place"]
    for key, cells in shown.items():
        children = defaultdict(list)
        for level, code in cells:
            if level == "center":
                loc, gov, _ = place[code]
                children[("locality", loc) if loc else ("governorate", gov)].append((level, code))
            elif level == "governorate":
                children[("region", truth["parent"][code])].append((level, code))
            elif level == "locality":
                children[("governorate", truth["parent"][code])].append((level, code))
        for parent, members in children.items():
            if parent in cells:
                residual = cells[parent] - sum(cells[m] for m in members)
                assert residual == 0 or residual >= MIN, (key, parent, residual)
    # the periods: a 12-month figure minus its published quarters
    twelve = truth["periods"][0]
    for cell, n in shown["12m"].items():
        if cell[0] in ("center", "region"):
            residual = n - sum(shown[q].get(cell, 0) for q in twelve.quarters)
            assert residual == 0 or residual >= MIN, (cell, residual)
    # one figure, one decision: withheld in the lists, withheld on the profile
    counts = truth["counts"]["12m"]
    withheld = [
        c for (level, c), n in counts.items() if level == "center" and n >= MIN and ("center", c) not in shown["12m"]
    ]
    small = [c for (level, c), n in counts.items() if level == "center" and 0 < n < MIN]
    assert small  # the demo has small cells, the attack's targets
    for center in (withheld + small)[:15]:
        r = requests.get(f"{live_server.url}/api/v1/public/centers/{center}", timeout=30)
        if r.status_code == 200:
            assert r.json()["published"] is False and r.json()["score"] is None, center
