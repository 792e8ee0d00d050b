"""Script injection (hardening issue, finding 1): text that citizens, officials and imported files supply reaches
pages only as text. Payloads go in through every route that reaches a page (a citizen's comment, approved; a
proposed center's name; names as an import or an approved proposal would leave them) and are looked at where they
show (public profile, near-me tooltip, officials' map tooltip, comments, center profile, compare tables), as a
citizen and as an official: none runs, and the security headers are on every answer."""

from __future__ import annotations

import re
import time

import pytest
import requests
from sqlalchemy import text

from tests.conftest import site_of
from tests.test_citizens import CodeLog

pytestmark = pytest.mark.browser
MARK = "window.__xss = (window.__xss || 0) + 1"
PAYLOADS = [f'<img src=x onerror="{MARK}">', f"<script>{MARK}</script>", f'"><svg onload="{MARK}">']
COMMENT = "الموظف ممتاز " + " ".join(PAYLOADS)
NAME = "مركز " + PAYLOADS[0] + " " + PAYLOADS[1]


@pytest.fixture(scope="module")
def site(fresh_engine_factory, tmp_path_factory, demo_settings):
    import logging

    codes = CodeLog()
    logging.getLogger().addHandler(codes)
    server = site_of(fresh_engine_factory, tmp_path_factory, demo_settings, name="marsad_xss", seed=11)
    server.codes = codes
    yield server
    server.stop()
    logging.getLogger().removeHandler(codes)


def api(site, method, path, **kw):
    return requests.request(method, f"{site.url}/api/v1{path}", timeout=30, **kw)


def busiest_center(site):
    with site.engine.connect() as conn:
        return conn.execute(
            text(
                "SELECT c.id, min(cs.service_code) AS service, c.region_code, ST_Y(c.geom) AS lat, ST_X(c.geom) AS lon "
                "FROM service_center c JOIN center_service cs ON cs.center_id = c.id JOIN rating r ON r.center_id = c.id "
                "WHERE c.status = 'active' GROUP BY c.id ORDER BY count(*) DESC, c.id LIMIT 1"
            )
        ).one()


def test_payloads_are_refused_or_shown_as_text_everywhere(site, browser):
    analyst = site.accounts["analyst"]
    center = busiest_center(site)
    # a citizen's comment, approved by an official
    challenge = api(site, "POST", "/public/codes", json={"phone": "0551110042"}).json()["challenge"]
    code = re.search(r": (\d{6}) ", site.codes.lines[-1]).group(1)
    token = api(
        site, "POST", "/public/codes/check", json={"phone": "0551110042", "code": code, "challenge": challenge}
    ).json()["token"]
    bearer = {"Authorization": f"Bearer {token}"}
    r = api(
        site,
        "POST",
        "/ratings",
        headers=bearer,
        json={"center_id": center.id, "service_code": center.service, "overall": 4, "comment": COMMENT, "lang": "ar"},
    )
    assert r.status_code == 201, r.text
    rating_id = r.json()["id"]
    assert api(site, "POST", f"/moderation/comments/{rating_id}", json={"status": "approved"}, auth=analyst).ok
    # a proposed center named with markup is refused with the reason
    r = api(
        site,
        "POST",
        "/public/proposals",
        headers=bearer,
        json={"name": PAYLOADS[0], "sector_code": "health", "service_codes": [], "lat": center.lat, "lon": center.lon},
    )
    assert r.status_code == 400 and "letters, digits" in r.json()["error"], r.text
    # names as an import or an older approved proposal may have left them
    with site.engine.begin() as conn:
        conn.execute(
            text("UPDATE service_center SET name_ar = :n, name_en = :n WHERE id = :c"), {"n": NAME, "c": center.id}
        )
        conn.execute(
            text("UPDATE admin_area SET name_ar = :n, name_en = :n WHERE code = :c"),
            {"n": NAME, "c": center.region_code},
        )
    site.app.server.extensions["marsad"].cache.cache.clear()  # reference data: the new names now
    site.app.server.extensions["marsad"].cache._held.clear()

    csp_errors, page_errors = [], []
    seen = []

    def open_page(context, url, wait_for):
        page = context.new_page()
        page.on("console", lambda m: csp_errors.append(m.text) if "Content Security Policy" in m.text else None)
        page.on("pageerror", lambda exc: page_errors.append(str(exc)))
        response = page.goto(url)
        assert "script-src 'self' 'sha256-" in response.headers["content-security-policy"]
        assert response.headers["x-content-type-options"] == "nosniff"
        page.wait_for_selector(wait_for)
        return page

    def nothing_ran(page):
        time.sleep(0.3)
        assert page.evaluate("window.__xss") is None
        assert page.locator("img[src='x'], svg[onload]").count() == 0
        seen.append(page.url)

    # a citizen: the public profile and the near-me tooltip
    citizen = browser.new_context(
        viewport={"width": 1300, "height": 1000},
        permissions=["geolocation"],
        geolocation={"latitude": center.lat, "longitude": center.lon},
    )
    page = open_page(citizen, f"{site.url}/public/center/{center.id}?lang=en", "#pub-center-name")
    assert page.locator("#pub-center-name").inner_text() == NAME
    page.wait_for_selector(".pub-comment")
    assert any(PAYLOADS[0] in c for c in page.locator(".pub-comment").all_inner_texts())
    nothing_ran(page)
    page = open_page(citizen, f"{site.url}/public/?lang=en", ".leaflet-control-locate a")
    page.locator(".leaflet-control-locate a").click()
    page.wait_for_selector(".pub-item")
    assert NAME in page.locator(".pub-item").first.inner_text()
    page.locator("path.pub-result").first.hover(force=True)
    page.wait_for_selector(".leaflet-tooltip")
    assert NAME in page.locator(".leaflet-tooltip").first.inner_text()
    nothing_ran(page)
    citizen.close()

    # an official: the map's area tooltip, comments, the center's profile, compare
    official = browser.new_context(
        viewport={"width": 1400, "height": 1100}, http_credentials={"username": analyst[0], "password": analyst[1]}
    )
    page = open_page(official, f"{site.url}/?lang=en", f"path.marsad-area-{center.region_code}")
    page.locator(f"path.marsad-area-{center.region_code}").hover(force=True)
    page.wait_for_selector(".leaflet-tooltip")
    assert NAME in page.locator(".leaflet-tooltip").first.inner_text()
    nothing_ran(page)
    page = open_page(official, f"{site.url}/comments?lang=en&center={center.id}", ".cm-item")
    assert any(PAYLOADS[1] in t for t in page.locator(".cm-text").all_inner_texts())
    nothing_ran(page)
    page = open_page(official, f"{site.url}/center/{center.id}?lang=en", "#ctr-name")
    assert page.locator("#ctr-name").inner_text() == NAME
    nothing_ran(page)
    page = open_page(official, f"{site.url}/compare?lang=en&min_ratings=5", "#cmp-top-table")
    nothing_ran(page)
    official.close()
    assert not page_errors and not csp_errors, (page_errors, csp_errors)
    assert len(seen) == 6


def test_security_headers_on_every_kind_of_answer(site):
    analyst = site.accounts["analyst"]
    for path, auth in (
        ("/", analyst),
        ("/public/", None),
        ("/api/v1/health", None),
        ("/api/v1/summary", analyst),
        ("/api/v1/summary", None),
        ("/_dash-layout", analyst),
        ("/nope", None),
    ):
        r = requests.get(site.url + path, auth=auth, timeout=30)
        h = r.headers
        assert "frame-ancestors 'none'" in h["Content-Security-Policy"], path
        assert "'unsafe-inline'" not in h["Content-Security-Policy"].split("script-src")[1].split(";")[0], path
        assert h["X-Content-Type-Options"] == "nosniff" and h["X-Frame-Options"] == "DENY", path
        assert h["Referrer-Policy"] == "same-origin", path
