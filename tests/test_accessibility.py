"""Accessibility (daily-use issue, point 8): axe-core (shipped inside axe-playwright-python, run offline in the page)
finds no serious or critical violation on any page, officials' or citizens', in Arabic and in English."""

from __future__ import annotations

import pytest
from axe_playwright_python.sync_playwright import Axe

from tests.browsing import signed_in

pytestmark = pytest.mark.browser

OFFICIAL_PAGES = [  # (path, what is drawn once the page has its data)
    ("/", "#kpi-n:not(:empty)"),
    ("/compare", "#cmp-top-table"),
    ("/comments", "#cm-sector"),
    ("/center/{center}", "#ctr-name"),
    ("/cycles", "#cy-title"),
    ("/plans", "#pl-rows"),
    ("/alerts", "h3"),
    ("/moderation", "h3"),
    ("/upload", "#up-file"),
    ("/embeds", "#emb-rows"),
    ("/audit", "h3"),
]
PUBLIC_PAGES = [("/public/", "#pub-map"), ("/public/center/{center}", "h3")]


def serious(page) -> list[str]:
    found = Axe().run(page).response["violations"]
    return [
        f"{v['id']} ({v['impact']}): {[n['target'] for n in v['nodes'][:3]]}"
        for v in found
        if v["impact"] in ("serious", "critical")
    ]


@pytest.mark.parametrize("lang", ["ar", "en"])
def test_no_page_has_a_serious_accessibility_violation(live_server, accounts, demo_engine, browser, lang):
    from sqlalchemy import text

    with demo_engine.connect() as conn:
        center = conn.execute(text("SELECT centers[1] FROM official WHERE username = 'center_manager'")).scalar()
    user, password = accounts["analyst"]
    context = signed_in(browser, (user, password))
    page = context.new_page()
    found = {}
    for path, ready in OFFICIAL_PAGES + PUBLIC_PAGES:
        page.goto(f"{live_server.url}{path.format(center=center)}?lang={lang}")
        page.wait_for_selector(ready)
        page.wait_for_load_state("networkidle")
        if bad := serious(page):
            found[path] = bad
    context.close()
    assert not found, found


def test_the_map_drills_down_from_the_keyboard_through_its_list_of_areas(live_server, accounts, browser):
    import requests

    user, password = accounts["governor"]
    context = signed_in(browser, (user, password))
    page = context.new_page()
    page.goto(f"{live_server.url}/?lang=en&area=SA-01&from=2025-01-01&to=2025-12-31")
    page.wait_for_selector("#area-list summary")
    api = requests.get(f"{live_server.url}/api/v1/areas", auth=(user, password), timeout=30,
                       params={"parent": "SA-01", "from": "2025-01-01", "to": "2025-12-31"}).json()["features"]  # fmt: skip
    page.locator("#area-list summary").focus()
    page.keyboard.press("Enter")  # opens the list
    buttons = page.locator("#area-list li button")
    assert buttons.count() == len(api)
    first = buttons.first.inner_text()
    target = next(f["properties"] for f in api if first.startswith(f["properties"]["name_en"] + ":"))
    assert f"({target['n']:,})" in first  # the area's mean and ratings, as the API gives them
    page.keyboard.press("Tab")  # to the first area
    page.keyboard.press("Enter")
    page.wait_for_function("code => location.search.includes('area=' + code)", arg=target["code"])
    context.close()
