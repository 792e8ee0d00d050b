"""The combined index (measurement programme issue): at every level, for several jurisdictions and periods, the API's
index equals an independent computation from the raw instrument rows with the declared weights, and an instrument
missing from an area is flagged and its weight shared out, never silently."""

from __future__ import annotations

import pytest
import requests
from sqlalchemy import text

from marsad.measurements import index
from tests.browsing import signed_in

WEIGHTS = {"survey": 35, "mystery_shopper": 30, "app": 25, "focus_group": 10}  # migration 0033


@pytest.mark.unit
def test_weights_are_shared_out_over_the_instruments_present():
    full = index.combine(
        {"survey": (80, 10), "mystery_shopper": (60, 3), "app": (50, 100), "focus_group": (70, 1)}, WEIGHTS
    )
    assert full["index"] == pytest.approx((35 * 80 + 30 * 60 + 25 * 50 + 10 * 70) / 100, abs=0.05)
    assert not full["partial"] and full["missing"] == []
    part = index.combine(
        {"survey": (80, 10), "app": (50, 100), "mystery_shopper": None, "focus_group": (0, 0)}, WEIGHTS
    )
    assert part["index"] == pytest.approx((35 * 80 + 25 * 50) / 60, abs=0.05)
    assert part["partial"] and part["missing"] == ["mystery_shopper", "focus_group"]
    assert part["components"]["survey"]["weight_used"] == pytest.approx(35 / 60, abs=1e-4)
    assert index.combine({}, WEIGHTS)["index"] is None
    assert index.rating_value({"n1": 1, "n2": 0, "n3": 0, "n4": 0, "n5": 1}) == (50.0, 2)


@pytest.fixture(scope="module")
def site(fresh_engine_factory, tmp_path_factory, demo_settings):
    from tests.conftest import site_of

    server = site_of(fresh_engine_factory, tmp_path_factory, demo_settings, name="marsad_index", seed=23)
    yield server
    server.stop()


def independent(engine, *, key: str, where: str, params: dict, first, last) -> dict[str, dict]:
    """Each area's (or center's: `key` "center_id") instruments from the raw rows, in SQL of the test's own, and the
    index from WEIGHTS."""
    days = {"a": first, "b": last, **params}
    local = "(x.submitted_at AT TIME ZONE 'Asia/Riyadh')::date"
    out: dict[str, dict] = {}
    with engine.connect() as conn:
        for source in ("survey", "app"):
            sql = (
                f"SELECT x.{key}, avg(r.overall), count(*) FROM rating r JOIN service_center x ON x.id = r.center_id "
                f"WHERE r.source = :s AND {local.replace('x.', 'r.')} BETWEEN :a AND :b AND {where} GROUP BY 1"
            )
            for code, mean, n in conn.execute(text(sql.replace("x.center_id", "x.id")), {**days, "s": source}):  # fmt: skip
                out.setdefault(code, {})[source] = ((float(mean) - 1) / 4 * 100, n)
        for code, mean, n in conn.execute(text(
            f"SELECT x.{key}, avg(x.score), count(*) FROM shopper_visit x WHERE x.visited_on BETWEEN :a AND :b "
            f"AND x.{key} IS NOT NULL AND {where} GROUP BY 1"), days):  # fmt: skip
            out.setdefault(code, {})["mystery_shopper"] = (float(mean), n)
        for code, mean, n in conn.execute(text(
            f"SELECT x.{key}, avg(s.m), count(*) FROM focus_group x JOIN (SELECT group_id, avg(score) AS m "
            f"FROM focus_group_axis GROUP BY 1) s ON s.group_id = x.id WHERE x.held_on BETWEEN :a AND :b "
            f"AND x.{key} IS NOT NULL AND {where} GROUP BY 1"), days):  # fmt: skip
            out.setdefault(code, {})["focus_group"] = (float(mean), n)
    for parts in out.values():
        w = sum(WEIGHTS[k] for k in parts)
        parts["index"] = sum(WEIGHTS[k] * v for k, (v, _) in ((k, parts[k]) for k in WEIGHTS if k in parts)) / w
        parts["missing"] = [k for k in WEIGHTS if k not in parts]
    return out


def test_the_index_equals_an_independent_computation_in_each_jurisdiction(site):
    from datetime import date

    from marsad import params
    from marsad.reports import periods

    analyst, governor, health = (site.accounts[u] for u in ("analyst", "governor", "health_head"))
    with site.engine.connect() as conn:
        region = conn.execute(text("SELECT areas[1] FROM official WHERE username = 'governor'")).scalar()
    quarter = periods.latest_complete("quarter", params.today_riyadh())
    month = periods.latest_complete("month", params.today_riyadh())
    with site.engine.begin() as conn:  # no focus group in the region's first governorate this month: a partial index
        governorate = conn.execute(text(
            "SELECT min(governorate_code) FROM service_center WHERE region_code = :r"), {"r": region}).scalar()  # fmt: skip
        conn.execute(text("DELETE FROM focus_group WHERE governorate_code = :g AND held_on BETWEEN :a AND :b"),
                     {"g": governorate, "a": month.date_from, "b": month.date_to})  # fmt: skip
    cases = [
        (analyst, {"quarter": f"{quarter.date_from.year}Q{(quarter.date_from.month - 1) // 3 + 1}"}, quarter,
         "region_code", "TRUE", {}),
        (governor, {"parent": region, "month": f"{month.date_from:%Y-%m}"}, month, "governorate_code",
         "x.region_code = :r", {"r": region}),
        (health, {"quarter": f"{quarter.date_from.year}-Q{(quarter.date_from.month - 1) // 3 + 1}"}, quarter,
         "region_code", "x.sector_code = 'health'", {}),
    ]  # fmt: skip
    partial_seen = False
    for auth, query, period, key, where, extra in cases:
        r = requests.get(f"{site.url}/api/v1/index", params=query, auth=auth, timeout=60)
        assert r.status_code == 200, r.text
        got = {f["properties"]["code"]: f["properties"] for f in r.json()["features"]}
        assert r.json()["meta"]["period"] == period.key and r.json()["meta"]["method"]["weights"] == WEIGHTS
        want = independent(site.engine, key=key, where=where, params=extra, first=period.date_from, last=period.date_to)
        assert set(got) == set(want) and want
        for code, parts in want.items():
            assert got[code]["index"] == pytest.approx(parts["index"], abs=0.06), (code, got[code], parts)
            assert got[code]["missing"] == parts["missing"] and got[code]["partial"] == bool(parts["missing"])
            for k in WEIGHTS:
                if k in parts:
                    assert got[code]["components"][k]["n"] == parts[k][1]
            assert got[code]["band"] == ("excellent" if got[code]["index"] >= 85 else "average"
                                         if got[code]["index"] >= 60 else "weak")  # fmt: skip
            partial_seen |= bool(parts["missing"])
    assert partial_seen
    denied = requests.get(f"{site.url}/api/v1/index", params={"parent": "SA-99"}, auth=governor, timeout=60)
    assert denied.status_code in (400, 403)
    bad = requests.get(f"{site.url}/api/v1/index", params={"quarter": "2026Q5"}, auth=analyst, timeout=60)
    assert bad.status_code == 400
    assert date.fromisoformat(r.json()["meta"]["from"]) == quarter.date_from


@pytest.mark.browser
def test_the_explorer_shows_the_combined_index_as_a_layer(site, browser):
    from marsad import params
    from marsad.reports import periods

    user, password = site.accounts["governor"]
    with site.engine.connect() as conn:
        region = conn.execute(text("SELECT areas[1] FROM official WHERE username = 'governor'")).scalar()
    quarter = periods.latest_complete("quarter", params.today_riyadh())
    api = requests.get(
        f"{site.url}/api/v1/index",
        params={"parent": region, "quarter": f"{quarter.date_from.year}Q{(quarter.date_from.month - 1) // 3 + 1}"},
        auth=(user, password),
        timeout=60,
    ).json()["features"]
    assert api
    context = signed_in(browser, (user, password))
    page = context.new_page()
    page.goto(f"{site.url}/?lang=en&measure=index&from={quarter.date_from}&to={quarter.date_to}")
    page.wait_for_selector("#index-legend", state="visible")
    page.wait_for_function("n => document.querySelectorAll('path.marsad-area').length === n", arg=len(api))
    assert page.locator("#legend").is_hidden()
    page.locator("#index-legend summary").click()  # the method beside the index, in both languages
    assert "weighted mean of the instruments" in page.locator("#index-method").inner_text()
    assert "متوسط موزون" in page.locator("#index-legend .marsad-method-other").inner_text()
    first = api[0]["properties"]
    page.locator(f"path.marsad-area-{first['code']}").hover(force=True)
    tip = page.locator(".leaflet-tooltip").first
    tip.wait_for()
    assert f"Combined index: {first['index']:.1f}" in tip.inner_text()
    page.locator("#f-measure").get_by_text("Ratings").click()  # back to the ratings: their legend, the index's hidden
    page.wait_for_selector("#legend", state="visible")
    page.wait_for_function("() => !location.search.includes('measure')")  # the address follows (a script of its own)
    assert page.locator("#index-legend").is_hidden() and "measure" not in page.url
    context.close()


@pytest.mark.browser
def test_a_center_profile_shows_its_index_with_its_components(site, browser):
    """The profile's index of the last complete quarter equals an independent computation from the center's own raw
    rows, component by component; a center with no measurement says so."""
    from marsad import params
    from marsad.reports import periods

    user, password = site.accounts["governor"]
    quarter = periods.latest_complete("quarter", params.today_riyadh())
    with site.engine.connect() as conn:
        region = conn.execute(text("SELECT areas[1] FROM official WHERE username = 'governor'")).scalar()
        center = conn.execute(text(
            "SELECT g.center_id FROM focus_group g JOIN shopper_visit v ON v.center_id = g.center_id "
            "WHERE g.region_code = :r AND g.held_on BETWEEN :a AND :b AND v.visited_on BETWEEN :a AND :b "
            "ORDER BY 1 LIMIT 1"), {"r": region, "a": quarter.date_from, "b": quarter.date_to}).scalar()  # fmt: skip
    assert center is not None
    want = independent(site.engine, key="center_id", where="x.center_id = :c", params={"c": center},
                       first=quarter.date_from, last=quarter.date_to)[center]  # fmt: skip
    context = signed_in(browser, (user, password))
    page = context.new_page()
    page.goto(f"{site.url}/center/{center}?lang=en")
    page.wait_for_selector("#ctr-index-value")
    assert page.locator("#ctr-index-value").inner_text() == f"{want['index']:.1f}"
    for k in WEIGHTS:
        cells = page.locator(f"#ctr-index-{k} td").all_inner_texts()
        if k in want:
            assert cells[1] == f"{want[k][0]:.1f}" and cells[2] == f"{want[k][1]:,}", (k, cells, want[k])
        else:
            assert cells[1] == "—" and cells[4] == "0.0%"
    assert (page.locator("#ctr-index-partial").count() == 1) == bool(want["missing"])
    assert "weighted mean of the instruments" in page.locator("#ctr-index-method").inner_text()
    page.goto(f"{site.url}/center/{center}?lang=en&from=2020-01-01&to=2020-03-31")  # a quarter before any data
    page.wait_for_selector("#ctr-index-none")
    assert "2020-Q1" in page.locator("#ctr-index").inner_text()
    context.close()
