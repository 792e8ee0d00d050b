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
from tests.browsing import signed_in


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


@pytest.mark.browser
def test_a_plan_through_its_life_in_the_browser(site, browser):
    """An analyst opens a plan for a center on the page; its manager adds an action and ticks it off; it becomes
    overdue; the analyst notes it and closes it, and the page shows the before and after."""
    with site.engine.connect() as conn:
        center = conn.execute(text("SELECT centers[1] FROM official WHERE username = 'center_manager'")).scalar()
        conn.execute(text("UPDATE improvement_plan SET status = 'closed', closed_on = current_date "
                          "WHERE center_id = :c AND status = 'open'"), {"c": center})  # fmt: skip
        conn.commit()

    def page_of(who):
        user, password = site.accounts[who]
        context = signed_in(browser, (user, password))
        page = context.new_page()
        page.goto(f"{site.url}/plans?lang=en")
        page.wait_for_selector("#pl-rows")
        return context, page

    analyst_context, analyst = page_of("analyst")
    analyst.locator("#pl-center").fill(str(center))
    analyst.locator("#pl-open").click()
    analyst.wait_for_selector("#pl-title")
    with site.engine.connect() as conn:
        plan = conn.execute(text("SELECT id FROM improvement_plan WHERE center_id = :c AND status = 'open'"),
                            {"c": center}).scalar()  # fmt: skip
    assert plan is not None and analyst.locator(f"#pl-row-{plan}").count() == 1
    assert analyst.locator("#pl-action-form").is_hidden()  # actions are the manager's

    manager_context, manager = page_of("center_manager")
    manager.locator(f"#pl-row-{plan} button").click()
    manager.wait_for_selector("#pl-action-form", state="visible")
    assert manager.locator("#pl-note-form").is_hidden() and manager.locator("#pl-open").is_hidden()
    manager.locator("#pl-action").fill("تنظيم الدور بالتذاكر")
    manager.locator("#pl-owner").fill("مدير المركز")
    manager.locator("#pl-due").fill("2027-01-15")
    manager.locator("#pl-add").click()
    manager.wait_for_function("() => document.querySelector('#pl-actions')?.innerText.includes('تنظيم الدور')")
    manager.locator("#pl-actions input[type=checkbox]").first.check()
    manager.wait_for_function(f"() => document.querySelector('#pl-row-{plan}')?.innerText.includes('1/1')")
    manager_context.close()

    with site.engine.begin() as conn:  # the deadline passes
        conn.execute(text("UPDATE improvement_plan SET opened_on = current_date - 120, deadline = current_date - 5 "
                          "WHERE id = :p"), {"p": plan})  # fmt: skip
    analyst.locator("#pl-status").get_by_text("overdue").click()
    analyst.wait_for_function(  # its badge (Mantine shows it in capitals) and its action done
        f"() => (document.querySelector('#pl-row-{plan}')?.innerText || '').toLowerCase().includes('overdue')"
    )
    assert "1/1" in analyst.locator(f"#pl-row-{plan}").inner_text()
    analyst.locator(f"#pl-row-{plan} button").click()
    analyst.locator("#pl-note").fill("متابعة ميدانية الأسبوع القادم")
    analyst.locator("#pl-add-note").click()
    analyst.wait_for_function("() => document.querySelector('#pl-notes')?.innerText.includes('متابعة ميدانية')")
    analyst.locator("#pl-close").click()
    analyst.wait_for_selector("#pl-outcome")
    outcome = requests.get(f"{site.url}/api/v1/plans/{plan}", auth=site.accounts["analyst"], timeout=60).json()
    assert outcome["status"] == "closed" and outcome["outcome"]["verdict"] in (
        "improved", "worse", "no_clear_change", "too_few")  # fmt: skip
    shown = analyst.locator("#pl-outcome").inner_text()
    assert str(outcome["outcome"]["before"]["mean"]) in shown
    analyst_context.close()
