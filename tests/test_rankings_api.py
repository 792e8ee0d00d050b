"""Sector comparison and rankings over HTTP, checked against numbers computed from raw ratings."""

from __future__ import annotations

from collections import defaultdict
from datetime import date, timedelta

import pytest
import requests
from sqlalchemy import text

from tests.conftest import DEMO_END

PERIOD = {"from": "2025-11-23", "to": DEMO_END.isoformat()}
CRIT = ("speed", "staff", "clarity", "facility", "outcome")


@pytest.fixture(scope="module")
def raw(demo_engine):
    lo, hi = date.fromisoformat(PERIOD["from"]), DEMO_END
    with demo_engine.connect() as conn:
        rows = conn.execute(
            text(
                "SELECT x.overall, x.submitted_at, c.id, c.sector_code, c.region_code, "
                + ", ".join(f"x.c_{c}" for c in CRIT)
                + " FROM rating x JOIN service_center c ON c.id = x.center_id"
            )
        )
        return [dict(r._mapping) for r in rows if lo <= (r.submitted_at + timedelta(hours=3)).date() <= hi]


def get(server, auth, path, **params):
    r = requests.get(f"{server.url}/api/v1/{path}", params={**PERIOD, **params}, auth=auth, timeout=30)
    assert r.status_code == 200, r.text
    return r.json()


def bayes(scores, prior, weight=20):
    return (weight * prior + sum(scores)) / (weight + len(scores))


def test_sector_comparison_matches_raw(live_server, accounts, raw):
    body = get(live_server, accounts["analyst"], "sectors", min_ratings=30)
    by_sector = defaultdict(list)
    for r in raw:
        by_sector[r["sector_code"]].append(r)
    overall = sum(r["overall"] for r in raw) / len(raw)
    for s in body["sectors"]:
        rows = by_sector[s["code"]]
        scores = [r["overall"] for r in rows]
        assert s["n"] == len(scores) and s["mean"] == pytest.approx(sum(scores) / len(scores), abs=1e-9)
        assert s["bayes"] == pytest.approx(bayes(scores, overall), abs=1e-4)
        assert s["ci_low"] < s["mean"] < s["ci_high"]
        for c in CRIT:
            vals = [r[f"c_{c}"] for r in rows if r[f"c_{c}"] is not None]
            assert s["criteria"][c] == pytest.approx(sum(vals) / len(vals), abs=1e-9)
    ranked = [s for s in body["sectors"] if s["rank"] is not None]
    assert [s["rank"] for s in ranked] == list(range(1, len(ranked) + 1))
    assert [s["bayes"] for s in ranked] == sorted((s["bayes"] for s in ranked), reverse=True)
    assert body["method"]["name"] == "bayesian_average" and body["method"]["ar"]


def test_center_ranking_in_a_region(live_server, accounts, raw):
    body = get(live_server, accounts["governor"], "rankings", level="center", area="SA-01", min_ratings=15, limit=200)
    region = [r for r in raw if r["region_code"] == "SA-01"]
    per_center, per_sector = defaultdict(list), defaultdict(list)
    for r in region:
        per_center[r["id"]].append(r["overall"])
        per_sector[r["sector_code"]].append(r["overall"])
    sector_mean = {s: sum(v) / len(v) for s, v in per_sector.items()}
    sector_of = {r["id"]: r["sector_code"] for r in region}
    want = sorted(
        ((c, bayes(v, sector_mean[sector_of[c]])) for c, v in per_center.items() if len(v) >= 15),
        key=lambda cv: (-cv[1], -len(per_center[cv[0]])),
    )
    assert [i["id"] for i in body["items"]] == [c for c, _ in want]
    for item in body["items"]:
        scores = per_center[item["id"]]
        assert item["n"] == len(scores) >= 15 and item["mean"] == pytest.approx(sum(scores) / len(scores))
        assert item["prior"] == pytest.approx(sector_mean[item["sector_code"]])
    assert body["unranked"] == sum(1 for v in per_center.values() if len(v) < 15)
    bottom = get(
        live_server,
        accounts["governor"],
        "rankings",
        level="center",
        area="SA-01",
        min_ratings=15,
        order="bottom",
        limit=3,
    )
    assert [i["id"] for i in bottom["items"]] == [c for c, _ in want[::-1][:3]]


def test_area_ranking_and_scope(live_server, accounts, raw):
    regions = get(live_server, accounts["analyst"], "rankings", level="area", min_ratings=1, limit=50)
    assert len(regions["items"]) == len({r["region_code"] for r in raw})
    health = get(live_server, accounts["health_head"], "rankings", level="center", min_ratings=1, limit=200)
    assert {i["sector_code"] for i in health["items"]} == {"health"}
    gov = get(live_server, accounts["governor"], "rankings", level="area", area="SA-01", min_ratings=1)
    assert all(i["code"].startswith("SA-01-") for i in gov["items"])
    denied = requests.get(
        f"{live_server.url}/api/v1/rankings", params={"area": "SA-02"}, auth=accounts["governor"], timeout=30
    )
    assert denied.status_code == 403
    bad = requests.get(
        f"{live_server.url}/api/v1/rankings", params={"level": "x"}, auth=accounts["governor"], timeout=30
    )
    assert bad.status_code == 400


def test_center_profile(live_server, accounts, raw, demo_engine):
    gov_auth = accounts["governor"]
    top = get(live_server, gov_auth, "rankings", level="center", area="SA-01", min_ratings=5, limit=1)["items"][0]
    body = get(live_server, gov_auth, f"centers/{top['id']}", min_ratings=5)
    scores = [r["overall"] for r in raw if r["id"] == top["id"]]
    assert body["score"]["n"] == len(scores) and body["score"]["mean"] == pytest.approx(sum(scores) / len(scores))
    assert body["distribution"] == [scores.count(s) for s in range(1, 6)]
    assert sum(t["n"] for t in body["trend"]) == len(scores)
    assert body["center"]["lineage"][0] == "SA-01" and body["services"]
    gov = body["center"]["governorate_code"]
    peers = get(
        live_server,
        gov_auth,
        "rankings",
        level="center",
        area=gov,
        sector=body["center"]["sector_code"],
        min_ratings=5,
        limit=200,
    )["items"]
    assert body["peers"]["governorate"] == {
        "area": gov,
        "rank": [p["id"] for p in peers].index(top["id"]) + 1,
        "of": len(peers),
    }
    with demo_engine.connect() as conn:
        approved = set(
            conn.execute(
                text("SELECT id FROM rating WHERE center_id = :c AND comment_status = 'approved'"), {"c": top["id"]}
            ).scalars()
        )
        other = conn.execute(text("SELECT min(id) FROM service_center WHERE region_code = 'SA-02'")).scalar()
    assert {c["id"] for c in body["recent_comments"]} <= approved
    assert requests.get(f"{live_server.url}/api/v1/centers/{other}", auth=gov_auth, timeout=30).status_code == 404
    manager = accounts["center_manager"]
    with demo_engine.connect() as conn:
        mine = conn.execute(text("SELECT centers[1] FROM official WHERE username = 'center_manager'")).scalar()
    assert get(live_server, manager, f"centers/{mine}")["center"]["id"] == mine
    assert requests.get(f"{live_server.url}/api/v1/centers/{top['id']}", auth=manager, timeout=30).status_code == (
        200 if top["id"] == mine else 404
    )


def test_area_rankings_without_an_area_rank_the_areas_under_the_officials_own(live_server, accounts, demo_engine):
    """Hardening finding 8: a governor asking for area rankings without an area got the regions, that is their own
    region's name and the level above their jurisdiction; now the governorates of their region."""
    body = get(live_server, accounts["governor"], "rankings", level="area", min_ratings=1, limit=200)
    with demo_engine.connect() as conn:
        parents = dict(conn.execute(text("SELECT code, parent_code FROM admin_area")).all())
    codes = [i["code"] for i in body["items"]]
    assert codes and {parents[c] for c in codes} == {"SA-01"}


def test_a_center_manager_sees_their_rank_among_peers_and_nothing_of_theirs(live_server, accounts, demo_engine):
    from marsad.queries import officials

    (center,) = officials.by_username(demo_engine, "center_manager").centers
    mine = get(live_server, accounts["center_manager"], f"centers/{center}", min_ratings=5)
    national = get(live_server, accounts["analyst"], f"centers/{center}", min_ratings=5)
    # the same position a national analyst sees, though the manager's jurisdiction is their center alone
    assert mine["peers"] == national["peers"] and national["peers"]["region"]["of"] > 1
    theirs = get(live_server, accounts["center_manager"], "rankings", level="center", min_ratings=1)["items"]
    assert [i["id"] for i in theirs] == [center]  # the peers themselves stay out of reach
    gov = national["center"]["governorate_code"]
    peers = requests.get(
        f"{live_server.url}/api/v1/rankings",
        params={"level": "center", "area": gov},
        auth=accounts["center_manager"],
        timeout=30,
    )
    assert peers.status_code == 403
