"""Filters offer only what the official's jurisdiction holds (daily-use issue, point 4): an agency head is offered
their sector alone, a center manager their center's sector and services, on the explorer and the comments page;
a forged sector asks the services callback for nothing outside the jurisdiction."""

from __future__ import annotations

import pytest
from sqlalchemy import text

from tests.browsing import signed_in
from tests.jurisdiction_helpers import call, dependencies, find

pytestmark = pytest.mark.database


def offered_in_browser(browser, server, auth, path: str, control: str, pick: str | None = None) -> list[str]:
    user, password = auth
    context = signed_in(browser, (user, password))
    page = context.new_page()
    page.goto(f"{server.url}{path}")
    page.wait_for_selector(f"#{control}")
    if pick:
        page.locator(f"#{control.replace('service', 'sector')}").click()
        page.get_by_role("option", name=pick, exact=True).click()
        page.wait_for_timeout(300)
    page.locator(f"#{control}").click()
    options = page.get_by_role("option").all_inner_texts()
    context.close()
    return options


@pytest.mark.browser
def test_an_agency_head_and_a_center_manager_are_offered_only_their_own(browser, live_server, accounts, demo_engine):
    with demo_engine.connect() as conn:
        health = conn.execute(text("SELECT name_en FROM sector WHERE code = 'health'")).scalar()
        center = conn.execute(text("SELECT centers[1] FROM official WHERE username = 'center_manager'")).scalar()
        own_sector, own_name = conn.execute(text(
            "SELECT s.code, s.name_en FROM service_center c JOIN sector s ON s.code = c.sector_code WHERE c.id = :c"),
            {"c": center}).one()  # fmt: skip
        own_services = conn.execute(text(
            "SELECT v.name_en FROM center_service cs JOIN service v ON v.code = cs.service_code "
            "WHERE cs.center_id = :c ORDER BY v.code"), {"c": center}).scalars().all()  # fmt: skip
        sectors = conn.execute(text("SELECT count(*) FROM sector")).scalar()
    assert sectors > 2 and own_services
    head = offered_in_browser(browser, live_server, accounts["health_head"], "/?lang=en", "f-sector")
    assert head == ["All sectors", health]
    manager = offered_in_browser(browser, live_server, accounts["center_manager"], "/?lang=en", "f-sector")
    assert manager == ["All sectors", own_name]
    services = offered_in_browser(
        browser, live_server, accounts["center_manager"], "/?lang=en", "f-service", pick=own_name
    )
    assert services == ["All services", *own_services]
    on_comments = offered_in_browser(browser, live_server, accounts["health_head"], "/comments?lang=en", "cm-sector")
    assert on_comments == ["All sectors", health]
    analyst = offered_in_browser(browser, live_server, accounts["analyst"], "/?lang=en", "f-sector")
    assert len(analyst) == sectors + 1  # a national analyst is offered every sector
    assert own_sector


def test_a_forged_sector_gets_no_services_outside_the_jurisdiction(live_server, accounts):
    auth = accounts["health_head"]
    dep = find(dependencies(live_server, auth), "f-service.data")
    r = call(live_server, auth, dep, {"f-sector.value": "education", "f-service.value": "", "state.data": {}})
    assert r.status_code == 200, r.text
    options = r.json()["response"]["f-service"]["data"]
    assert [o["value"] for o in options] == [""]
    mine = call(live_server, auth, dep, {"f-sector.value": "health", "f-service.value": "", "state.data": {}})
    assert len(mine.json()["response"]["f-service"]["data"]) > 1


@pytest.mark.browser
def test_an_empty_view_says_why_instead_of_drawing_empty_axes(browser, live_server, accounts):
    user, password = accounts["governor"]
    context = signed_in(browser, (user, password))
    page = context.new_page()
    page.goto(f"{live_server.url}/?lang=ar&from=2020-01-01&to=2020-03-31")  # long before any rating
    said = "لا تقييمات لهذا الاختيار في هذه الفترة."
    for chart in ("#chart-trend", "#chart-distribution"):
        page.wait_for_function(
            "([sel, text]) => (document.querySelector(sel)?.textContent || '').includes(text)", arg=[chart, said]
        )
        assert page.locator(f"{chart} .xtick").count() == 0  # no axis drawn
    context.close()


def test_a_center_manager_opens_on_their_center_in_its_governorate(live_server, accounts, demo_engine):
    from urllib.parse import parse_qs

    with demo_engine.connect() as conn:
        center = conn.execute(text("SELECT centers[1] FROM official WHERE username = 'center_manager'")).scalar()
        around = conn.execute(text("SELECT governorate_code, locality_code FROM service_center WHERE id = :c"),
                              {"c": center}).one()  # fmt: skip
    auth = accounts["center_manager"]
    dep = find(dependencies(live_server, auth), "areas-layer.data")
    values = {"state.data": {"lang": "en", "area": None}, "f-sector.value": "", "f-service.value": "",
              "f-source.value": "", "f-period.value": ["2026-01-01", "2026-06-30"], "f-measure.value": "ratings"}  # fmt: skip
    r = call(live_server, auth, dep, values)
    assert r.status_code == 200, r.text
    answer = r.json()["response"]
    # its governorate, or (a single locality of it with data) its locality: not the whole country
    opened = parse_qs(answer["url-sync"]["data"].lstrip("?"))["area"][0]
    assert opened in tuple(around)
    if opened == around.locality_code:  # nothing below a locality: no invitation to drill into it
        assert "drill" not in answer["level-title"]["children"]
    shown = [f["properties"].get("id") for f in answer["centers-layer"]["data"]["features"]]
    assert shown == [center]  # their own center on the map, no other
