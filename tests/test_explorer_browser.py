"""The explorer in headless Chromium: Arabic first, drill-down, KPIs equal to the API, English, offline."""

from __future__ import annotations

from urllib.parse import parse_qs, urlparse

import pytest
import requests

from marsad.digits import ARABIC as ARABIC_DIGITS

pytestmark = pytest.mark.browser
FROM_ARABIC = {v: k for k, v in ARABIC_DIGITS.items()}


def latin(text: str) -> str:
    return "".join(chr(FROM_ARABIC.get(ord(ch), ord(ch))) for ch in text)


def kpi_numbers(page) -> dict:
    n = latin(page.locator("#kpi-n").inner_text()).replace(",", "").strip()
    mean = latin(page.locator("#kpi-mean").inner_text()).strip()
    return {"n": int(n), "mean": float(mean)}


def api_summary(server, url: str, auth) -> dict:
    q = {k: v[0] for k, v in parse_qs(urlparse(url).query).items() if k != "lang"}
    return requests.get(f"{server.url}/api/v1/summary", params=q, auth=auth, timeout=30).json()


def wait_for_kpis(page, expected_n: int):
    page.wait_for_function(
        "n => { const el = document.querySelector('#kpi-n'); if (!el) return false;"
        " const map = {'٠':0,'١':1,'٢':2,'٣':3,'٤':4,'٥':5,'٦':6,'٧':7,'٨':8,'٩':9};"
        " const t = el.innerText.replace(/[٠-٩]/g, d => map[d]).replace(/[^0-9]/g, '');"
        " return Number(t) === n; }",
        arg=expected_n,
        timeout=15000,
    )


def test_explore_drill_down_in_arabic_then_english(browser, live_server, accounts):
    user, password = accounts["analyst"]
    context = browser.new_context(
        viewport={"width": 1400, "height": 1000}, http_credentials={"username": user, "password": password}
    )
    page = context.new_page()
    hosts, paths = set(), []
    page.on("request", lambda req: (hosts.add(urlparse(req.url).hostname), paths.append(urlparse(req.url).path)))
    errors = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))

    page.goto(f"{live_server.url}/?from=2025-11-23&to=2026-11-22")
    page.wait_for_selector("path.marsad-area-SA-01")
    assert page.locator("html").get_attribute("dir") == "rtl"
    assert page.locator("#app-title").inner_text() == "مرصد"
    national = api_summary(live_server, page.url, accounts["analyst"])
    wait_for_kpis(page, national["n"])
    assert kpi_numbers(page) == {"n": national["n"], "mean": round(national["mean"], 2)}

    # drill down: region, then one of its governorates
    page.locator("path.marsad-area-SA-01").click()
    page.wait_for_function("() => location.search.includes('area=SA-01')")
    page.wait_for_selector("path.marsad-area[class*='marsad-area-SA-01-G']")
    region = api_summary(live_server, page.url, accounts["analyst"])
    wait_for_kpis(page, region["n"])
    assert kpi_numbers(page)["mean"] == round(region["mean"], 2)
    assert "منطقة الرياض" in page.locator("#breadcrumb").inner_text()
    gov_class = page.locator("path.marsad-area").first.get_attribute("class").split()[1]
    gov_code = gov_class.removeprefix("marsad-area-")
    page.locator(f"path.{gov_class}").dispatch_event("click")
    page.wait_for_function("c => location.search.includes('area=' + c)", arg=gov_code)
    gov = api_summary(live_server, page.url, accounts["analyst"])
    wait_for_kpis(page, gov["n"])
    assert kpi_numbers(page)["mean"] == round(gov["mean"], 2)
    crumbs = page.locator("#breadcrumb button").all_inner_texts()
    assert crumbs[0] == "المملكة" and crumbs[1] == "منطقة الرياض" and len(crumbs) == 3
    assert page.locator(".marsad-cluster, path.leaflet-interactive").count() > 0

    # back up through the breadcrumb
    page.locator("#breadcrumb button", has_text="منطقة الرياض").click()
    page.wait_for_function("() => new URLSearchParams(location.search).get('area') === 'SA-01'")
    wait_for_kpis(page, region["n"])

    # switch to English: same view, left-to-right, English labels
    page.locator("#lang-switch").click()
    page.wait_for_function("() => document.documentElement.dir === 'ltr'")
    page.wait_for_selector("text=Mean score")
    assert "lang=en" in page.url and "area=SA-01" in page.url
    wait_for_kpis(page, region["n"])
    assert page.locator("#kpi-n").inner_text() == f"{region['n']:,}"
    assert "Riyadh" in page.locator("#breadcrumb").inner_text()

    # a filter change reaches the numbers and the address bar
    page.locator("#f-source").click()
    page.get_by_role("option", name="Mystery shopper").click()
    page.wait_for_function("() => location.search.includes('source=mystery_shopper')")
    filtered = api_summary(live_server, page.url, accounts["analyst"])
    assert filtered["n"] < region["n"]
    wait_for_kpis(page, filtered["n"])

    # choosing a sector narrows the services to that sector's and filters the numbers
    page.locator("#f-sector").click()
    page.get_by_role("option", name="Ministry of Health").click()
    page.wait_for_function("() => location.search.includes('sector=health')")
    page.locator("#f-service").click()
    options = page.get_by_role("option").all_inner_texts()
    assert "Vaccination" in options and "Passport renewal" not in options
    page.get_by_role("option", name="Vaccination").click()
    page.wait_for_function("() => location.search.includes('service=health.vaccination')")
    narrowed = api_summary(live_server, page.url, accounts["analyst"])
    assert narrowed["n"] < filtered["n"]
    wait_for_kpis(page, narrowed["n"])

    assert hosts == {"127.0.0.1"}, f"requests left the machine: {hosts}"
    # the charts drew with the vendored cartesian bundle of plotly.js, loaded after the map; never the whole one
    page.wait_for_selector("#chart-trend .ytick")
    assert any(p.endswith("/assets/vendor/plotly-cartesian-4.1.1.min.js") for p in paths)
    assert not any(p.endswith("plotly.min.js") for p in paths), [p for p in paths if "plotly" in p]
    assert not errors, errors
    context.close()


def test_governor_opens_on_their_region_and_cannot_go_above(browser, live_server, accounts):
    user, password = accounts["governor"]
    context = browser.new_context(
        viewport={"width": 1400, "height": 1000}, http_credentials={"username": user, "password": password}
    )
    page = context.new_page()
    page.goto(f"{live_server.url}/?lang=en&from=2025-11-23&to=2026-11-22")
    page.wait_for_function("() => location.search.includes('area=SA-01')")
    assert page.locator("#official-name").inner_text() == "أمير المنطقة"
    assert "Regional governor" in page.locator("#official-scope").inner_text()
    assert "Riyadh" in page.locator("#official-scope").inner_text()
    crumbs = page.locator("#breadcrumb button").all_inner_texts()
    assert crumbs == ["Riyadh"]  # no national level above the jurisdiction
    mine = api_summary(live_server, page.url, accounts["governor"])
    wait_for_kpis(page, mine["n"])
    assert page.locator("path.marsad-area[class*='marsad-area-SA-02']").count() == 0
    assert page.locator("#audit-link").count() == 0
    # a shared link to another region shows the governor's own region, with a notice
    page.goto(f"{live_server.url}/?lang=en&area=SA-02&from=2025-11-23&to=2026-11-22")
    page.wait_for_selector("text=outside your jurisdiction")
    page.wait_for_function("() => location.search.includes('area=SA-01')")
    wait_for_kpis(page, mine["n"])
    context.close()


def test_a_broken_link_shows_a_notice_not_an_error(browser, live_server, accounts):
    user, password = accounts["analyst"]
    context = browser.new_context(http_credentials={"username": user, "password": password})
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.goto(f"{live_server.url}/?lang=en&from=2026-05-01&to=2026-04-01&sector=nope&area=XX-1")
    page.wait_for_selector("#link-alert >> text=invalid and ignored")
    notice = page.locator("#link-alert").inner_text()
    assert "'from' is after 'to'" in notice and "unknown sector 'nope'" in notice
    page.wait_for_selector("#alert >> text=unknown area code 'XX-1'")
    page.wait_for_selector("path.marsad-area-SA-01")  # the national view, with valid defaults
    assert not errors
    context.close()


def test_compare_page_shows_the_api_rankings(browser, live_server, accounts):
    auth = accounts["governor"]
    context = browser.new_context(
        viewport={"width": 1400, "height": 1200}, http_credentials={"username": auth[0], "password": auth[1]}
    )
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.goto(f"{live_server.url}/?lang=en&from=2025-11-23&to=2026-11-22")
    page.wait_for_function("() => location.search.includes('area=SA-01')")
    page.wait_for_function("() => document.querySelector('#compare-link').getAttribute('href').includes('area=SA-01')")
    page.locator("#compare-link").click()
    page.wait_for_selector("#cmp-top-table tbody tr")
    assert "area=SA-01" in page.url and "from=2025-11-23" in page.url
    api = requests.get(
        f"{live_server.url}/api/v1/rankings",
        auth=auth,
        timeout=30,
        params={"area": "SA-01", "from": "2025-11-23", "to": "2026-11-22", "min_ratings": 20},
    ).json()
    shown = page.locator("#cmp-top-table tbody tr td.rank-name").all_inner_texts()
    assert shown == [i["name_en"] for i in api["items"]][: len(shown)] and shown
    assert page.locator("#cmp-heatmap .js-plotly-plot").count() == 1
    assert "Bayesian average" in page.locator("#cmp-method").inner_text()
    # a stricter minimum reaches the table and the address bar
    page.locator("#cmp-min").click()
    page.get_by_role("option", name="100", exact=True).click()
    page.wait_for_function("() => location.search.includes('min_ratings=100')")
    strict = requests.get(
        f"{live_server.url}/api/v1/rankings",
        auth=auth,
        timeout=30,
        params={"area": "SA-01", "from": "2025-11-23", "to": "2026-11-22", "min_ratings": 100},
    ).json()
    page.wait_for_function(
        "n => document.querySelectorAll('#cmp-top-table tbody tr').length === n", arg=min(10, len(strict["items"]))
    )
    assert not errors
    context.close()


def test_a_centers_popup_is_built_in_the_browser_from_its_numbers(browser, live_server, accounts, demo_engine):
    """The popup's text equals the API's figures for the center, and a name that looks like HTML is shown as
    text, never parsed (the popup is put together in the browser from the feature's properties)."""
    from sqlalchemy import text

    with demo_engine.begin() as conn:
        locality, center_id, name_en = conn.execute(
            text(
                "SELECT c.locality_code, c.id, c.name_en FROM service_center c WHERE c.status = 'active' "
                "AND (SELECT count(*) FROM service_center o WHERE o.locality_code = c.locality_code "
                "     AND o.status = 'active') = 1 "
                "AND EXISTS (SELECT 1 FROM rating r WHERE r.center_id = c.id) ORDER BY c.id LIMIT 1"
            )
        ).one()
        conn.execute(
            text("UPDATE service_center SET name_en = :n WHERE id = :id"),
            {"n": '<img src=x onerror="window.injected=1"> A & B', "id": center_id},
        )
    user, password = accounts["analyst"]
    context = browser.new_context(
        viewport={"width": 1200, "height": 900}, http_credentials={"username": user, "password": password}
    )
    try:
        page = context.new_page()
        errors = []
        page.on("pageerror", lambda exc: errors.append(str(exc)))
        period = "from=2025-11-21&to=2026-11-20"  # asked by no other test: nothing cached with the old name
        page.goto(f"{live_server.url}/?lang=en&area={locality}&{period}")
        page.wait_for_selector("path.marsad-center")
        page.locator("path.marsad-center").first.dispatch_event("click")
        popup = page.locator(".leaflet-popup-content .marsad-popup")
        popup.wait_for()
        shown = popup.inner_text()
        profile = requests.get(
            f"{live_server.url}/api/v1/centers/{center_id}",
            params={"from": "2025-11-21", "to": "2026-11-20"},
            auth=accounts["analyst"],
            timeout=30,
        ).json()
        assert shown.startswith('<img src=x onerror="window.injected=1"> A & B')
        assert popup.locator("img").count() == 0 and page.evaluate("window.injected") is None
        assert f"Mean: {profile['score']['mean']:.2f}" in shown and f"Ratings: {profile['score']['n']:,}" in shown
        assert popup.get_attribute("dir") == "ltr"
        assert popup.locator("a").get_attribute("href") == f"/center/{center_id}?lang=en"
        assert not errors, errors
    finally:
        context.close()
        with demo_engine.begin() as conn:
            conn.execute(text("UPDATE service_center SET name_en = :n WHERE id = :id"), {"n": name_en, "id": center_id})


def test_hijri_calendar_switch_and_month_picker(browser, live_server, accounts):
    """The calendar switch shows the period in the Umm al-Qura calendar; picking a Hijri month sets the period to
    exactly its days, and the numbers are the API's for those days."""
    from datetime import date

    from marsad import calendars

    user, password = accounts["governor"]
    context = browser.new_context(
        viewport={"width": 1400, "height": 1000}, http_credentials={"username": user, "password": password}
    )
    page = context.new_page()
    page.goto(f"{live_server.url}/?lang=en")
    page.wait_for_function("() => document.querySelector('#period-caption')?.innerText.length > 0")
    assert "AH" not in page.locator("#period-caption").inner_text()
    assert page.locator("#f-hijri-box").is_hidden()
    page.get_by_text("Hijri", exact=True).click()
    page.wait_for_function("() => document.querySelector('#period-caption').innerText.includes('AH')")
    page.wait_for_function("() => location.search.includes('cal=h')")
    # the latest complete Hijri month
    today = date.today()
    h = calendars.hijri(today)
    year, month = (h.year, h.month - 1) if h.month > 1 else (h.year - 1, 12)
    start, end = calendars.month_range(year, month)
    label = f"{calendars.month_name(calendars.Hijri(year, month, 1), 'en')} {year}"
    page.locator("#f-hijri").click()
    page.get_by_role("option", name=label, exact=True).click()
    page.wait_for_function("s => location.search.includes('from=' + s)", arg=start.isoformat())
    assert f"to={end.isoformat()}" in page.url
    expected = api_summary(live_server, page.url, accounts["governor"])
    assert expected["from"] == start.isoformat() and expected["n"] > 0
    wait_for_kpis(page, expected["n"])
    assert f"1 {label} AH" in page.locator("#period-caption").inner_text()
    context.close()
