"""Evaluation cycles (measurement programme issue): a cycle's overview counts equal independent counts from the raw
visits, for a national analyst, a governor (their region only) and an agency head (their sector only)."""

from __future__ import annotations

import pytest
import requests
from sqlalchemy import text

from marsad.measurements import cycles

BANDS = [
    {"code": "excellent", "min_score": 85.0},
    {"code": "average", "min_score": 60.0},
    {"code": "weak", "min_score": 0.0},
]


@pytest.mark.unit
def test_the_overview_counts_grades_moves_and_axes_at_the_threshold():
    def row(place, channel, n, mean):
        return {"place": place, "code": place, "name_ar": place, "name_en": place, "sector_code": "s",
                "channel": channel, "n": n, "mean": mean}  # fmt: skip

    now = [row("a", "field", 3, 90), row("a", "phone", 1, 50), row("b", "field", 2, 59), row("c", "phone", 2, 70)]
    before = [row("a", "field", 2, 70), row("b", "field", 1, 65), row("d", "field", 1, 20)]
    axes = [
        {"place": "a", "axis": "waiting", "n": 4, "mean": 60.0},  # at the threshold: followed up
        {"place": "a", "axis": "staff", "n": 4, "mean": 95.0},
        {"place": "b", "axis": "waiting", "n": 2, "mean": 40.0},
    ]
    got = cycles.overview(now, axes, before, bands=BANDS, threshold=0.6)
    assert got["visits_by_channel"] == {"field": 5, "phone": 3} and got["visits"] == 8 and got["places"] == 3
    # a: (3×90 + 50) / 4 = 80 average; b: 59 weak; c: 70 average
    assert got["places_by_grade"] == {"excellent": 0, "average": 2, "weak": 1}
    assert got["weak_by_channel"] == {"field": 1, "phone": 1}  # b in the field, a by phone
    assert got["since_previous"] == {"improved": 0, "declined": 1, "same": 1, "compared": 2}  # b fell, a stayed
    assert [a["axis"] for a in got["weakest_axes"]] == ["waiting", "staff"]
    assert got["weakest_axes"][0]["mean"] == pytest.approx((4 * 60 + 2 * 40) / 6, abs=0.05)
    assert [(b["code"], b["axis"]) for b in got["below_threshold"]] == [("b", "waiting"), ("a", "waiting")]
    assert cycles.overview(now, axes, None, bands=BANDS, threshold=0.6)["since_previous"] is None


@pytest.fixture(scope="module")
def site(fresh_engine_factory, tmp_path_factory, demo_settings):
    from tests.conftest import site_of

    server = site_of(fresh_engine_factory, tmp_path_factory, demo_settings, name="marsad_cycles", seed=17)
    yield server
    server.stop()


def independent(engine, cycle_id: int, where: str, params: dict) -> dict:
    """The overview's counts from the raw visits, in SQL of the test's own."""
    with engine.connect() as conn:
        channels = dict(
            conn.execute(
                text(f"SELECT channel, count(*) FROM shopper_visit v WHERE cycle_id = :c AND {where} GROUP BY 1"),
                {"c": cycle_id, **params},
            ).all()
        )
        means = conn.execute(
            text(
                "SELECT coalesce(center_id::text, platform_code), avg(score) FROM shopper_visit v "
                f"WHERE cycle_id = :c AND {where} GROUP BY 1"
            ),
            {"c": cycle_id, **params},
        ).all()
        below = conn.execute(
            text(
                "SELECT count(*) FROM (SELECT v.center_id, v.platform_code, a.axis_code FROM shopper_visit v "
                f"JOIN visit_axis a ON a.visit_id = v.id WHERE v.cycle_id = :c AND {where} "
                "GROUP BY 1, 2, 3 HAVING avg(a.score) <= 60) x"
            ),
            {"c": cycle_id, **params},
        ).scalar()
    grades = {"excellent": 0, "average": 0, "weak": 0}
    for _, mean in means:
        grades["excellent" if mean >= 85 else "average" if mean >= 60 else "weak"] += 1
    return {"channels": channels, "grades": grades, "below": below, "places": len(means)}


def test_the_overview_equals_independent_counts_in_each_jurisdiction(site):
    analyst, governor, health = (site.accounts[u] for u in ("analyst", "governor", "health_head"))

    def get(path, auth):
        r = requests.get(f"{site.url}/api/v1/{path}", auth=auth, timeout=60)
        assert r.status_code == 200, r.text
        return r.json()

    listed = get("cycles", analyst)["items"]
    assert [c["name"].endswith("(demo)") for c in listed] == [True, True]
    latest = listed[-1]["id"]
    with site.engine.connect() as conn:
        region = conn.execute(text("SELECT areas[1] FROM official WHERE username = 'governor'")).scalar()
    for auth, where, params in (
        (analyst, "TRUE", {}),
        (governor, "v.region_code = :r", {"r": region}),
        (health, "v.sector_code = 'health'", {}),
    ):
        got = get(f"cycles/{latest}", auth)
        want = independent(site.engine, latest, where, params)
        assert got["visits_by_channel"] == want["channels"] and got["places"] == want["places"]
        assert got["places_by_grade"] == want["grades"] and len(got["below_threshold"]) == want["below"]
        assert got["previous"]["id"] == listed[0]["id"] and got["since_previous"]["compared"] > 0
    mine = get(f"cycles/{latest}", governor)
    assert mine["visits"] < get(f"cycles/{latest}", analyst)["visits"]  # a region is less than the country
    assert all(p["sector_code"] == "health" for p in get(f"cycles/{latest}", health)["places_list"])
    missing = requests.get(f"{site.url}/api/v1/cycles/999999", auth=analyst, timeout=60)
    assert missing.status_code == 404 and missing.json()["error"]
    assert requests.get(f"{site.url}/api/v1/cycles/{latest}", timeout=60).status_code == 401


def test_the_quarterly_report_carries_the_cycle_index_and_overdue_plans_of_the_jurisdiction(site):
    from marsad import params
    from marsad.reports import periods

    governor = site.accounts["governor"]
    quarter = periods.latest_complete("quarter", params.today_riyadh())
    cycles_seen = requests.get(f"{site.url}/api/v1/cycles", auth=governor, timeout=60).json()["items"]
    begun = [c for c in cycles_seen if c["date_from"] <= quarter.date_to.isoformat() and c["visits"]]
    overview = requests.get(f"{site.url}/api/v1/cycles/{begun[-1]['id']}", auth=governor, timeout=60).json()
    page = requests.get(
        f"{site.url}/reports/area-quarterly.html",
        params={"lang": "en", "period": quarter.key},
        auth=governor,
        timeout=60,
    )
    assert page.status_code == 200
    assert f"{overview['visits']:,} visits to {overview['places']:,} centers and platforms" in page.text
    assert f"Evaluation cycle: {overview['cycle']['name']}" in page.text
    assert "Combined index" in page.text and "Overdue improvement plans" in page.text
