"""Evaluation cycles (measurement programme issue): a cycle's overview counts equal independent counts from the raw
visits, for a national analyst, a governor (their region only) and an agency head (their sector only)."""

from __future__ import annotations

import pytest
import requests
from sqlalchemy import text

from marsad.dashboard import cycles_page
from marsad.measurements import cycles
from tests.browsing import signed_in

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


STARS = [("7", 90), ("6", 80), ("5", 70), ("4", 60), ("3", 50), ("2", 0)]  # migration 0030


@pytest.mark.browser
def test_a_governor_reads_a_cycle_and_opens_a_plan_from_its_list(site, browser):
    """The cycle page shows the governor's region's counts (equal to independent counts), in grades and in stars;
    one click on a place below the threshold opens a plan with the cycle's axis score as its before, and the row
    then links to it."""
    user, password = site.accounts["governor"]
    listed = requests.get(f"{site.url}/api/v1/cycles", auth=(user, password), timeout=60).json()["items"]
    latest = listed[-1]["id"]
    with site.engine.connect() as conn:
        region = conn.execute(text("SELECT areas[1] FROM official WHERE username = 'governor'")).scalar()
    want = independent(site.engine, latest, "v.region_code = :r", {"r": region})
    context = signed_in(browser, (user, password))
    page = context.new_page()
    page.goto(f"{site.url}/cycles?lang=en")
    page.wait_for_selector("#cy-title")
    assert page.locator("#cy-visits").inner_text() == f"{sum(want['channels'].values()):,}"
    assert page.locator("#cy-places").inner_text() == f"{want['places']:,}"
    for channel, n in want["channels"].items():
        assert page.locator(f"#cy-channel-{channel}").inner_text() == f"{n:,}"
    for grade, n in want["grades"].items():
        assert page.locator(f"#cy-grade-{grade}").inner_text().endswith(f": {n:,}")
    below = page.locator("#cy-below tbody tr")
    assert below.count() == min(want["below"], cycles_page.MAX_ROWS) and want["below"] > 0
    assert "cycle=" in page.url

    page.locator("#cy-bands").get_by_text("Stars").click()  # the same places in the star bands
    page.wait_for_selector("#cy-grade-7")
    with site.engine.connect() as conn:
        means = conn.execute(text("SELECT avg(score) FROM shopper_visit v WHERE cycle_id = :c AND v.region_code = :r "
                                  "GROUP BY coalesce(center_id::text, platform_code)"),
                             {"c": latest, "r": region}).scalars().all()  # fmt: skip
    for code, _ in STARS:
        n = sum(1 for m in means if next(c for c, cut in STARS if m >= cut) == code)
        assert page.locator(f"#cy-grade-{code}").inner_text().endswith(f": {n:,}"), code
    assert "bands=stars" in page.url

    page.locator("#cy-tab-below").click()
    row = page.locator("#cy-below tbody tr").filter(has=page.locator("button")).first
    center = int(row.locator("a").first.get_attribute("href").split("/center/")[1].split("?")[0])
    axis_name = row.locator("td").nth(1).inner_text()
    row.locator("button").click()
    page.wait_for_function("() => document.querySelector('#cy-done')?.innerText.includes('The plan is open')")
    with site.engine.connect() as conn:
        plan = conn.execute(text("SELECT id, axis_code, cycle_id, baseline FROM improvement_plan WHERE center_id = :c "
                                 "AND status = 'open' AND cycle_id = :y"), {"c": center, "y": latest}).one()  # fmt: skip
        axis_mean = conn.execute(text("SELECT avg(a.score) FROM shopper_visit v JOIN visit_axis a ON a.visit_id = v.id "
                                      "WHERE v.cycle_id = :y AND v.center_id = :c AND a.axis_code = :a"),
                                 {"y": latest, "c": center, "a": plan.axis_code}).scalar()  # fmt: skip
        axis_label = conn.execute(text("SELECT name_en FROM guide_axis WHERE code = :a LIMIT 1"),
                                  {"a": plan.axis_code}).scalar()  # fmt: skip
    assert axis_label == axis_name and axis_mean <= 60
    assert float(plan.baseline) == pytest.approx(axis_mean, abs=0.06)
    link = page.locator(f"#cy-below a[href*='plan={plan.id}']")
    link.wait_for()
    link.click()
    page.wait_for_selector("#pl-title")
    assert page.locator(f"#pl-row-{plan.id}").count() == 1
    context.close()


def test_a_plan_is_opened_from_a_cycle_only_within_the_jurisdiction(site):
    """Forged clicks: a center outside the governor's region, an axis the guide does not have, a center manager
    (who does not open plans) and a cycle that does not exist open nothing."""
    import json

    from tests.jurisdiction_helpers import dependencies, find

    latest = requests.get(f"{site.url}/api/v1/cycles", auth=site.accounts["analyst"], timeout=60).json()["items"][-1]
    with site.engine.connect() as conn:
        region = conn.execute(text("SELECT areas[1] FROM official WHERE username = 'governor'")).scalar()
        outside = conn.execute(
            text("SELECT min(id) FROM service_center WHERE region_code <> :r"), {"r": region}
        ).scalar()
        inside = conn.execute(text("SELECT min(id) FROM service_center WHERE region_code = :r"), {"r": region}).scalar()
        axis = conn.execute(text("SELECT min(code) FROM guide_axis WHERE guide_id = "
                                 "(SELECT guide_id FROM evaluation_cycle WHERE id = :c)"), {"c": latest["id"]}).scalar()  # fmt: skip
        before = conn.execute(text("SELECT count(*) FROM improvement_plan")).scalar()

    def click(who, center, axis_code, cycle):
        auth = site.accounts[who]
        dep = find(dependencies(site, auth), "cy-done.children")
        pid = {"axis": axis_code, "center": center, "type": "cy-plan"}
        body = {
            "output": dep["output"],
            "outputs": [{"id": "cy-refresh", "property": "data"}, {"id": "cy-done", "property": "children"},
                        {"id": "cy-done", "property": "hide"}],
            "inputs": [[{"id": pid, "property": "n_clicks", "value": 1}]],
            "changedPropIds": [json.dumps(pid, separators=(",", ":"), sort_keys=True) + ".n_clicks"],
            "state": [{"id": "cy-cycle", "property": "value", "value": cycle},
                      {"id": "cy-refresh", "property": "data", "value": 0},
                      {"id": "cy-lang", "property": "data", "value": "en"}],
        }  # fmt: skip
        r = requests.post(f"{site.url}/_dash-update-component", data=json.dumps(body), auth=auth,
                          headers={"Content-Type": "application/json"}, timeout=60)  # fmt: skip
        assert r.status_code == 200, r.text
        return r.json()["response"]["cy-done"]["children"]

    cycle = str(latest["id"])
    assert click("governor", outside, axis, cycle) == "No active center with this number in your jurisdiction."
    assert click("governor", inside, "no-such-axis", cycle) == "No plan can be opened for that from this cycle."
    assert click("governor", inside, axis, "999999") == "No plan can be opened for that from this cycle."
    assert click("center_manager", inside, axis, cycle) == "That is not yours to do on this plan."
    with site.engine.connect() as conn:
        assert conn.execute(text("SELECT count(*) FROM improvement_plan")).scalar() == before
    assert click("governor", inside, axis, cycle) == "The plan is open."
    with site.engine.connect() as conn:
        made = conn.execute(text("SELECT center_id, axis_code, cycle_id FROM improvement_plan ORDER BY id DESC LIMIT 1")).one()  # fmt: skip
    assert tuple(made) == (inside, axis, latest["id"])
