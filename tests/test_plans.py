"""Improvement plans (measurement programme issue), through the API: opened for a center by an official of its
jurisdiction, its actions kept by the center's manager, noted, overdue, and closed with a before and after whose
interval is computed here independently; nobody outside the jurisdiction reaches it."""

from __future__ import annotations

import math
import statistics

import pytest
import requests
from scipy import stats as scipy_stats
from sqlalchemy import text

from marsad.measurements import plans


@pytest.mark.unit
def test_the_outcome_says_more_than_noise_only_when_the_interval_leaves_zero_out():
    assert plans.outcome([50, 52, 48], [70, 72, 68])["verdict"] == "improved"
    assert plans.outcome([70, 72, 68], [50, 52, 48])["verdict"] == "worse"
    assert plans.outcome([50, 70, 60], [55, 65, 62])["verdict"] == "no_clear_change"
    few = plans.outcome([50], [70, 72])
    assert few["verdict"] == "too_few" and few["interval"] is None and few["after"] == {"n": 2, "mean": 71.0}


@pytest.fixture(scope="module")
def site(fresh_engine_factory, tmp_path_factory, demo_settings):
    from tests.conftest import site_of

    server = site_of(fresh_engine_factory, tmp_path_factory, demo_settings, name="marsad_plans", seed=29)
    yield server
    server.stop()


def test_a_plan_through_its_life(site):
    def call(method, path, who, **kw):
        return requests.request(method, f"{site.url}/api/v1/{path}", auth=site.accounts[who], timeout=60, **kw)

    with site.engine.connect() as conn:
        center = conn.execute(text("SELECT centers[1] FROM official WHERE username = 'center_manager'")).scalar()
        cycle = conn.execute(text("SELECT id FROM evaluation_cycle ORDER BY date_from LIMIT 1")).scalar()
        region, sector = conn.execute(
            text("SELECT region_code, sector_code FROM service_center WHERE id = :c"), {"c": center}
        ).one()
    assert call("POST", "plans", "center_manager", json={"center_id": center}).status_code == 403
    opened = call("POST", "plans", "analyst", json={"center_id": center, "cycle_id": cycle, "axis": "waiting"})
    assert opened.status_code == 201, opened.text
    plan = opened.json()["id"]
    again = call("POST", "plans", "analyst", json={"center_id": center, "cycle_id": cycle, "axis": "waiting"})
    assert again.status_code == 409
    # the center's manager keeps its actions; nobody else does
    action = call("POST", f"plans/{plan}/actions", "center_manager",
                  json={"action": "تنظيم الدور بنظام التذاكر", "owner": "مدير المركز", "due": "2027-01-15"})  # fmt: skip
    assert action.status_code == 201
    assert call("POST", f"plans/{plan}/actions", "analyst",
                json={"action": "x", "owner": "y", "due": "2027-01-15"}).status_code == 403  # fmt: skip
    ticked = call("POST", f"plans/{plan}/actions/{action.json()['id']}", "center_manager", json={"done": True})
    assert ticked.json() == {"id": action.json()["id"], "done": True}
    assert call("POST", f"plans/{plan}/notes", "analyst", json={"body": "متابعة أسبوعية"}).status_code == 201
    assert call("POST", f"plans/{plan}/notes", "center_manager", json={"body": "x"}).status_code == 403
    seen = call("GET", f"plans/{plan}", "center_manager").json()
    assert [a["done"] for a in seen["actions"]] == [True] and [n["body"] for n in seen["notes"]] == ["متابعة أسبوعية"]
    # outside the jurisdiction: not there at all
    other = "health_head" if sector != "health" else "passports_head"
    if other in site.accounts:
        assert call("GET", f"plans/{plan}", other).status_code == 404
    governor_region = None
    with site.engine.connect() as conn:
        governor_region = conn.execute(text("SELECT areas[1] FROM official WHERE username = 'governor'")).scalar()
    mine = [p["id"] for p in call("GET", "plans", "governor").json()["items"]]
    assert (plan in mine) == (governor_region == region)
    # overdue once its deadline has passed
    with site.engine.begin() as conn:
        conn.execute(text("UPDATE improvement_plan SET opened_on = current_date - 120, deadline = current_date - 20 "
                          "WHERE id = :p"), {"p": plan})  # fmt: skip
        conn.execute(  # visits since the plan opened: the "after"
            text(
                "INSERT INTO shopper_visit (cycle_id, center_id, channel, visited_on, shopper_ref, score, sector_code, "
                "region_code, governorate_code, locality_code, imported_by) SELECT :cy, id, 'field', current_date - d, "
                "'AFTER-' || d, 50, sector_code, region_code, governorate_code, locality_code, 't' FROM service_center, "
                "generate_series(1, 4) d WHERE id = :c RETURNING id"
            ),
            {"c": center, "cy": cycle},
        )
        conn.execute(
            text(
                "INSERT INTO visit_axis (visit_id, axis_code, score) SELECT id, 'waiting', 55 + 10 * (id % 3) "
                "FROM shopper_visit WHERE shopper_ref LIKE 'AFTER-%'"
            )
        )
        before = [float(x) for x in conn.execute(text(
            "SELECT a.score FROM shopper_visit v JOIN visit_axis a ON a.visit_id = v.id AND a.axis_code = 'waiting' "
            "WHERE v.center_id = :c AND v.cycle_id = :cy"), {"c": center, "cy": cycle}).scalars()]  # fmt: skip
        after = [float(x) for x in conn.execute(text(
            "SELECT a.score FROM shopper_visit v JOIN visit_axis a ON a.visit_id = v.id AND a.axis_code = 'waiting' "
            "WHERE v.center_id = :c AND v.visited_on >= current_date - 120"), {"c": center}).scalars()]  # fmt: skip
    overdue = [p["id"] for p in call("GET", "plans", "analyst", params={"status": "overdue"}).json()["items"]]
    assert plan in overdue
    result = call("POST", f"plans/{plan}/close", "analyst").json()
    assert result["before"]["n"] == len(before) and result["after"]["n"] == len(after) >= 4
    diff = statistics.fmean(after) - statistics.fmean(before)
    assert result["difference"] == pytest.approx(diff, abs=0.06)
    if len(before) >= 2:
        sa, sb = statistics.variance(after) / len(after), statistics.variance(before) / len(before)
        dof = (sa + sb) ** 2 / (sa**2 / (len(after) - 1) + sb**2 / (len(before) - 1))
        half = scipy_stats.t.ppf(0.975, dof) * math.sqrt(sa + sb)
        assert result["interval"] == pytest.approx([diff - half, diff + half], abs=0.06)
    assert call("GET", f"plans/{plan}", "analyst").json()["status"] == "closed"
    late = call(
        "POST", f"plans/{plan}/actions", "center_manager", json={"action": "x", "owner": "y", "due": "2027-01-01"}
    )
    assert late.status_code == 409


def test_plans_past_their_deadline_or_with_late_actions_are_alerted_once(site):
    from datetime import date, timedelta

    from marsad.alerts import compute

    with site.engine.begin() as conn:
        center = conn.execute(text("SELECT min(id) FROM service_center WHERE status = 'active'")).scalar()
        codes = "sector_code, region_code, governorate_code, locality_code"
        plan = conn.execute(
            text(
                f"INSERT INTO improvement_plan (center_id, {codes}, reason, opened_on, deadline, opened_by) "
                f"SELECT id, {codes}, 'weak', current_date - 130, current_date - 30, 't' FROM service_center "
                "WHERE id = :c RETURNING id"
            ),
            {"c": center},
        ).scalar()
        conn.execute(
            text("INSERT INTO plan_action (plan_id, action, owner, due, updated_by) VALUES "
                 "(:p, 'a', 'o', current_date - 40, 't'), (:p, 'b', 'o', current_date - 10, 't'), "
                 "(:p, 'c', 'o', current_date + 10, 't')"), {"p": plan})  # fmt: skip
    today = date.today()
    compute.run(site.engine, today)
    compute.run(site.engine, today + timedelta(days=1))  # the next day: not again
    with site.engine.connect() as conn:
        got = conn.execute(
            text("SELECT kind, window_days, n_recent FROM alert WHERE plan_id = :p ORDER BY kind"), {"p": plan}
        ).all()
    assert [tuple(r) for r in got] == [("plan_late", 0, 2), ("plan_overdue", 30, 0)]
    items = requests.get(f"{site.url}/api/v1/alerts", auth=site.accounts["analyst"], timeout=60).json()["items"]
    assert {a["kind"] for a in items if a["plan_id"] == plan} == {"plan_late", "plan_overdue"}
