"""Citizens rating over the real API and database: one-time codes, tokens, validation, the one-a-day rule,
rate limits, idempotency (also after a dropped connection and under a race), moderation, rollups within
seconds, proposals, and the mobile number never stored, logged or returned."""

from __future__ import annotations

import json
import logging
import re
import socket
import threading
import time

import pytest
import requests
from sqlalchemy import text

from marsad.citizens.service import Refused
from marsad.params import today_riyadh
from marsad.queries import idempotency
from tests.conftest import site_of

NUMBER = "0551234567"
FORMS = ("0551234567", "551234567", "+966551234567", "966551234567", "٠٥٥١٢٣٤٥٦٧")


class CodeLog(logging.Handler):
    def __init__(self):
        super().__init__()
        self.lines: list[str] = []

    def emit(self, record):
        self.lines.append(record.getMessage())


@pytest.fixture(scope="module")
def codes():
    handler = CodeLog()
    logging.getLogger().addHandler(handler)
    yield handler
    logging.getLogger().removeHandler(handler)


@pytest.fixture(scope="module")
def site(fresh_engine_factory, tmp_path_factory, demo_settings, codes):
    server = site_of(
        fresh_engine_factory,
        tmp_path_factory,
        demo_settings,
        name="marsad_citizens",
        seed=5,
        ratings_per_hour_per_number=6,
        otp_max_attempts=3,
        codes_per_hour_per_number_and_address=5,
    )
    server.responses = []
    with server.engine.connect() as conn:
        server.demo_max_id = conn.execute(text("SELECT max(id) FROM rating")).scalar()
    yield server
    server.stop()


def call(site, method, path, **kw):
    r = requests.request(method, f"{site.url}/api/v1{path}", timeout=30, **kw)
    site.responses.append(r.text)
    return r


def ask(site, number) -> str:
    """Ask for a code; the challenge it is bound to."""
    r = call(site, "POST", "/public/codes", json={"phone": number})
    assert r.status_code == 202, r.text
    return r.json()["challenge"]


def sign_in(site, codes, number=NUMBER) -> str:
    challenge = ask(site, number)
    code = re.search(r": (\d{6}) ", codes.lines[-1]).group(1)
    r = call(site, "POST", "/public/codes/check", json={"phone": number, "code": code, "challenge": challenge})
    assert r.status_code == 200, r.text
    return r.json()["token"]


def a_target(site, skip=0):
    """An active center and one of its services."""
    with site.engine.connect() as conn:
        return conn.execute(
            text(
                "SELECT c.id, cs.service_code, c.region_code FROM service_center c "
                "JOIN center_service cs ON cs.center_id = c.id WHERE c.status = 'active' "
                "ORDER BY c.id, cs.service_code OFFSET :o LIMIT 1"
            ),
            {"o": skip},
        ).one()


def test_codes_wrong_locked_expired(site, codes):
    def check(number, code, challenge):
        return call(
            site, "POST", "/public/codes/check", json={"phone": number, "code": code, "challenge": challenge}
        ).status_code

    assert call(site, "POST", "/public/codes", json={"phone": "12345"}).status_code == 400
    assert call(site, "POST", "/public/codes", json={"phone": "0112345678"}).status_code == 400  # a landline
    assert check("0551110000", "123456", "x" * 43) == 409  # no such challenge
    assert call(site, "POST", "/public/codes/check", json={"phone": "0551110000", "code": "123456"}).status_code == 400
    challenge = ask(site, "0551110000")
    right = re.search(r": (\d{6}) ", codes.lines[-1]).group(1)
    wrong = f"{(int(right) + 1) % 1_000_000:06d}"
    assert check("0551110000", wrong, challenge) == 400
    assert check("0551110000", wrong, challenge) == 400
    assert check("0551110000", wrong, challenge) == 429
    # locked: even the right code no longer works for this challenge
    assert check("0551110000", right, challenge) == 429
    challenge = ask(site, "0551110000")
    fresh = re.search(r": (\d{6}) ", codes.lines[-1]).group(1)
    with site.engine.begin() as conn:
        conn.execute(text("UPDATE otp_challenge SET expires_at = now() - interval '1 second' WHERE used_at IS NULL"))
    assert check("0551110000", fresh, challenge) == 410
    # Arabic-Indic digits in the number and the code are the same number and code
    challenge = ask(site, "٠٥٥١١١٠٠٠٠")
    code = re.search(r": (\d{6}) ", codes.lines[-1]).group(1)
    arabic = code.translate(str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩"))
    assert check("+966551110000", arabic, challenge) == 200


def test_rating_validation(site, codes):
    token = sign_in(site, codes, "0551110001")
    auth = {"Authorization": f"Bearer {token}"}
    center, service, _ = a_target(site)
    good = {"center_id": center, "service_code": service, "overall": 4}
    assert call(site, "POST", "/ratings", json=good).status_code == 401
    assert call(site, "POST", "/ratings", json=good, headers={"Authorization": "Bearer nope"}).status_code == 401
    for bad in (
        {**good, "overall": 6},
        {**good, "overall": 0},
        {**good, "criteria": {"speed": 9}},
        {**good, "platform_code": "x"},
        {"service_code": service, "overall": 3},
        {**good, "comment": "x" * 1001},
        {**good, "extra": 1},
        {**good, "overall": "four"},
    ):
        r = call(site, "POST", "/ratings", json=bad, headers=auth)
        assert r.status_code == 400 and r.json()["error"], bad
    assert call(site, "POST", "/ratings", data="not json", headers=auth).status_code == 400
    assert call(site, "POST", "/ratings", json={**good, "center_id": 999999}, headers=auth).status_code == 422
    assert call(site, "POST", "/ratings", json={**good, "service_code": "no.such"}, headers=auth).status_code == 422
    with site.engine.connect() as conn:
        assert (
            conn.execute(text("SELECT count(*) FROM rating WHERE id > :demo"), {"demo": site.demo_max_id}).scalar() == 0
        )


def test_one_rating_per_center_and_service_a_day_and_rate_limit(site, codes):
    token = sign_in(site, codes, "0551110002")
    auth = {"Authorization": f"Bearer {token}"}
    first = [a_target(site, i) for i in range(8)]
    c0, s0, _ = first[0]
    assert (
        call(
            site, "POST", "/ratings", json={"center_id": c0, "service_code": s0, "overall": 5}, headers=auth
        ).status_code
        == 201
    )
    again = call(site, "POST", "/ratings", json={"center_id": c0, "service_code": s0, "overall": 1}, headers=auth)
    assert again.status_code == 409 and "24 hours" in again.json()["error"]
    # someone else may rate the same center and service
    other = {"Authorization": f"Bearer {sign_in(site, codes, '0551110003')}"}
    assert (
        call(
            site, "POST", "/ratings", json={"center_id": c0, "service_code": s0, "overall": 2}, headers=other
        ).status_code
        == 201
    )
    # at most 6 accepted attempts an hour per number (settings of this server)
    statuses = [
        call(site, "POST", "/ratings", json={"center_id": c, "service_code": s, "overall": 3}, headers=auth).status_code
        for c, s, _ in first[1:]
    ]
    assert statuses.count(201) >= 4 and statuses[-1] == 429


def test_rating_an_e_platform(site, codes):
    auth = {"Authorization": f"Bearer {sign_in(site, codes, '0551110011')}"}
    with site.engine.connect() as conn:
        code, sector = conn.execute(text("SELECT code, sector_code FROM e_platform ORDER BY code LIMIT 1")).one()
        own = conn.execute(text("SELECT code FROM service WHERE sector_code = :s LIMIT 1"), {"s": sector}).scalar()
        foreign = conn.execute(text("SELECT code FROM service WHERE sector_code <> :s LIMIT 1"), {"s": sector}).scalar()
    body = {"platform_code": code, "service_code": own, "overall": 4}
    assert call(site, "POST", "/ratings", json={**body, "service_code": foreign}, headers=auth).status_code == 422
    assert call(site, "POST", "/ratings", json={**body, "platform_code": "nope"}, headers=auth).status_code == 422
    r = call(site, "POST", "/ratings", json=body, headers=auth)
    assert r.status_code == 201
    assert call(site, "POST", "/ratings", json=body, headers=auth).status_code == 409
    with site.engine.connect() as conn:
        row = conn.execute(
            text("SELECT platform_code, center_id, source FROM rating WHERE id = :i"), {"i": r.json()["id"]}
        ).one()
    assert tuple(row) == (code, None, "app")


def _count_key(site, key_like="%"):
    with site.engine.connect() as conn:
        return conn.execute(text("SELECT count(*) FROM idempotency_key WHERE key LIKE :k"), {"k": key_like}).scalar()


def test_idempotency_twice_after_a_dropped_connection_and_in_a_race(site, codes):
    token = sign_in(site, codes, "0551110004")
    headers = {"Authorization": f"Bearer {token}", "Idempotency-Key": "retry-key-0001"}
    (c0, s0, _), (c1, s1, _), (c2, s2, _) = a_target(site, 20), a_target(site, 30), a_target(site, 40)
    body = {"center_id": c0, "service_code": s0, "overall": 4, "comment": "جيد"}
    first = call(site, "POST", "/ratings", json=body, headers=headers)
    second = call(site, "POST", "/ratings", json=body, headers=headers)
    assert (first.status_code, second.status_code) == (201, 200)
    assert second.json() == {"id": first.json()["id"], "replayed": True}
    changed = call(site, "POST", "/ratings", json={**body, "overall": 1}, headers=headers)
    assert changed.status_code == 422

    # dropped connection: the request is sent, the client goes away before reading the answer
    payload = json.dumps({"center_id": c1, "service_code": s1, "overall": 2}).encode()
    raw = (
        f"POST /api/v1/ratings HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
        f"Authorization: Bearer {token}\r\nIdempotency-Key: dropped-key-0001\r\n"
        f"Content-Length: {len(payload)}\r\nConnection: close\r\n\r\n"
    ).encode() + payload
    with socket.create_connection(("127.0.0.1", site.port)) as s:
        s.sendall(raw)
    deadline = time.time() + 10
    while _count_key(site, "dropped-key-0001") == 0 and time.time() < deadline:
        time.sleep(0.1)
    retry = call(
        site,
        "POST",
        "/ratings",
        json={"center_id": c1, "service_code": s1, "overall": 2},
        headers={"Authorization": f"Bearer {token}", "Idempotency-Key": "dropped-key-0001"},
    )
    assert retry.status_code == 200 and retry.json()["replayed"] is True

    # the same key sent by two threads at once: one rating
    results = []
    race = {"center_id": c2, "service_code": s2, "overall": 5}

    def send():
        results.append(
            call(
                site,
                "POST",
                "/ratings",
                json=race,
                headers={"Authorization": f"Bearer {token}", "Idempotency-Key": "race-key-00001"},
            )
        )

    threads = [threading.Thread(target=send) for _ in range(4)]
    [t.start() for t in threads]
    [t.join() for t in threads]
    assert sorted(r.status_code for r in results) == [200, 200, 200, 201]
    assert len({r.json()["id"] for r in results}) == 1
    with site.engine.connect() as conn:
        for center, service in ((c0, s0), (c1, s1), (c2, s2)):
            assert (
                conn.execute(
                    text("SELECT count(*) FROM rating WHERE center_id = :c AND service_code = :s AND id > :demo"),
                    {"c": center, "s": service, "demo": site.demo_max_id},
                ).scalar()
                == 1
            )


def test_new_rating_reaches_the_rollups_and_its_comment_waits_for_moderation(site, codes):
    center, service, region = a_target(site, 60)
    analyst = site.accounts["analyst"]
    today = today_riyadh().isoformat()
    params = {"area": region, "from": today, "to": today}

    def summary():
        return call(site, "GET", "/summary", params=params, auth=analyst).json()["n"]

    for _ in range(50):  # earlier tests' ratings folded first
        with site.engine.connect() as conn:
            if not conn.execute(text("SELECT count(*) FROM rating_pending")).scalar():
                break
        time.sleep(0.1)
    before = summary()
    token = sign_in(site, codes, "0551110005")
    r = call(
        site,
        "POST",
        "/ratings",
        headers={"Authorization": f"Bearer {token}"},
        json={
            "center_id": center,
            "service_code": service,
            "overall": 1,
            "criteria": {"staff": 1},
            "comment": "انتظرت ساعتين، رقمي 0559876543 للتواصل",
        },
    )
    assert r.status_code == 201
    rating = r.json()
    assert "0559876543" not in rating["comment"] and rating["comment_status"] == "pending"
    started = time.time()
    while summary() != before + 1:
        assert time.time() - started < 5, (
            f"the new rating did not reach the rollups within 5 s: {before} -> {summary()}"
        )
        time.sleep(0.2)
    comments = call(site, "GET", "/comments", params={**params, "center": center}, auth=analyst).json()["items"]
    assert rating["id"] not in [c["id"] for c in comments]
    pending = call(site, "GET", "/moderation/comments", auth=analyst).json()["items"]
    assert rating["id"] in [c["id"] for c in pending]
    # a governor of another region cannot moderate it
    other = site.accounts["governor"] if region != "SA-01" else None
    if other:
        assert (
            call(
                site, "POST", f"/moderation/comments/{rating['id']}", json={"status": "approved"}, auth=other
            ).status_code
            == 404
        )
    assert (
        call(
            site, "POST", f"/moderation/comments/{rating['id']}", json={"status": "approved"}, auth=analyst
        ).status_code
        == 200
    )
    comments = call(site, "GET", "/comments", params={**params, "center": center}, auth=analyst).json()["items"]
    assert rating["id"] in [c["id"] for c in comments]
    public = call(site, "GET", f"/public/centers/{center}", params={"from": today, "to": today}).json()
    assert "rater" not in json.dumps(public)


def test_proposals_are_seen_and_decided_in_their_jurisdiction(site, codes):
    token = sign_in(site, codes, "0551110006")
    auth = {"Authorization": f"Bearer {token}"}
    body = {"name": "مكتب بريد حي النرجس", "sector_code": "post", "service_codes": [], "lat": 24.84, "lon": 46.66}
    with site.engine.connect() as conn:
        post = conn.execute(text("SELECT code FROM service WHERE sector_code = 'post' LIMIT 1")).scalar()
    body["service_codes"] = [post]
    assert (
        call(site, "POST", "/public/proposals", json={**body, "lat": 0.0, "lon": 0.0}, headers=auth).status_code == 422
    )
    assert (
        call(site, "POST", "/public/proposals", json={**body, "service_codes": ["health.x"]}, headers=auth).status_code
        == 422
    )
    r = call(site, "POST", "/public/proposals", json=body, headers=auth)
    assert r.status_code == 201
    pid = r.json()["id"]
    governor = site.accounts["governor"]  # SA-01, where the pin is
    assert pid in [p["id"] for p in call(site, "GET", "/proposals", auth=governor).json()["items"]]
    health_head = site.accounts["health_head"]  # another sector: does not see it
    assert pid not in [p["id"] for p in call(site, "GET", "/proposals", auth=health_head).json()["items"]]
    assert call(site, "POST", f"/proposals/{pid}", json={"decision": "approve"}, auth=health_head).status_code == 404
    done = call(site, "POST", f"/proposals/{pid}", json={"decision": "approve"}, auth=governor).json()
    assert done["status"] == "approved" and done["center_id"]
    near = call(
        site, "GET", "/public/nearby", params={"lat": 24.84, "lon": 46.66, "radius_km": 1, "sector": "post"}
    ).json()["items"]
    assert done["center_id"] in [c["id"] for c in near]


def stars(page, selector: str, n: int) -> None:
    """Click the n-th of five stars (left to right: this page is in English)."""
    box = page.locator(selector).bounding_box()
    page.mouse.click(box["x"] + box["width"] * (n - 0.5) / 5, box["y"] + box["height"] / 2)


@pytest.mark.browser
def test_a_citizen_finds_rates_and_is_counted_after_moderation_in_the_browser(site, codes, browser):
    """Locate → nearest centers → public profile → mobile number → code from the development sender →
    rating → in the officials' rollups at once, its comment public after approval."""
    analyst = site.accounts["analyst"]
    context = browser.new_context(
        viewport={"width": 1300, "height": 1000},
        permissions=["geolocation"],
        geolocation={"latitude": 24.70, "longitude": 46.68},
    )
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.goto(f"{site.url}/public/?lang=en")
    page.locator(".leaflet-control-locate a").click()
    page.wait_for_selector(".pub-item")
    center_id = int(page.locator(".pub-item").first.get_attribute("data-id"))
    api = call(site, "GET", "/public/nearby", params={"lat": 24.70, "lon": 46.68, "radius_km": 10, "limit": 20}).json()
    assert [int(i) for i in page.eval_on_selector_all(".pub-item", "els => els.map(e => e.dataset.id)")] == [
        i["id"] for i in api["items"]
    ]
    page.locator(".pub-item a.pub-name").first.click()
    page.wait_for_selector("#pub-center-name")
    with site.engine.connect() as conn:
        region = conn.execute(text("SELECT region_code FROM service_center WHERE id = :c"), {"c": center_id}).scalar()
    today = today_riyadh().isoformat()
    for _ in range(50):
        with site.engine.connect() as conn:
            if not conn.execute(text("SELECT count(*) FROM rating_pending")).scalar():
                break
        time.sleep(0.1)
    before = call(site, "GET", "/summary", params={"area": region, "from": today, "to": today}, auth=analyst).json()[
        "n"
    ]

    page.locator("#pub-rate-link").click()
    page.locator("#pub-phone").fill("0551110007")
    page.locator("#pub-send").click()
    page.wait_for_selector("#pub-form-done >> text=We sent a 6-digit code")
    code = re.search(r": (\d{6}) ", codes.lines[-1]).group(1)
    page.locator("#pub-code").fill(code)
    page.locator("#pub-check").click()
    page.wait_for_selector("#rate-service", state="visible")
    page.locator("#rate-service").click()
    page.get_by_role("option").first.click()
    stars(page, "#rate-overall", 2)
    stars(page, "#rate-c-staff", 3)
    page.locator("#rate-comment").fill("الموظف لم يرد، اتصلت على 0551110007 مرتين")
    page.locator("#rate-submit").click()
    page.wait_for_selector("#rate-thanks, #pub-form-alert:not([style*='display: none'])")
    assert page.locator("#rate-thanks").count() == 1, page.locator("#pub-form-alert").inner_text()
    rating_id = int(page.locator("#rate-thanks").get_attribute("data-id"))
    with site.engine.connect() as conn:
        stored = conn.execute(
            text("SELECT overall, c_staff, comment, comment_status, center_id FROM rating WHERE id = :i"),
            {"i": rating_id},
        ).one()
    assert (stored.overall, stored.c_staff, stored.comment_status, stored.center_id) == (2, 3, "pending", center_id)
    assert "0551110007" not in stored.comment

    started = time.time()
    while (
        call(site, "GET", "/summary", params={"area": region, "from": today, "to": today}, auth=analyst).json()["n"]
        != before + 1
    ):
        assert time.time() - started < 5
        time.sleep(0.2)
    assert rating_id in [c["id"] for c in call(site, "GET", "/moderation/comments", auth=analyst).json()["items"]]
    assert (
        call(site, "POST", f"/moderation/comments/{rating_id}", json={"status": "approved"}, auth=analyst).status_code
        == 200
    )
    page.goto(f"{site.url}/public/center/{center_id}?lang=en")
    page.wait_for_selector(".pub-comment")
    assert "مرتين" in page.locator(".pub-comment").first.inner_text()
    assert not errors
    context.close()


@pytest.mark.browser
def test_officials_moderate_in_the_browser(site, codes, browser):
    token = sign_in(site, codes, "0551110008")
    auth = {"Authorization": f"Bearer {token}"}
    with site.engine.connect() as conn:
        center, service = conn.execute(
            text(
                "SELECT c.id, cs.service_code FROM service_center c JOIN center_service cs ON cs.center_id = c.id "
                "WHERE c.region_code = 'SA-01' AND c.status = 'active' ORDER BY c.id DESC LIMIT 1"
            )
        ).one()
    rating = call(
        site,
        "POST",
        "/ratings",
        headers=auth,
        json={"center_id": center, "service_code": service, "overall": 5, "comment": "خدمة رائعة جداً"},
    ).json()
    proposal = call(
        site,
        "POST",
        "/public/proposals",
        headers=auth,
        json={"name": "مركز صحي حي الملقا", "sector_code": "health", "lat": 24.80, "lon": 46.61},
    ).json()
    governor = site.accounts["governor"]  # SA-01
    context = browser.new_context(http_credentials={"username": governor[0], "password": governor[1]})
    page = context.new_page()
    page.goto(f"{site.url}/moderation?lang=en")
    page.wait_for_selector(".mod-comment")
    queue = call(site, "GET", "/moderation/comments", auth=governor).json()["items"]
    shown = [int(i) for i in page.eval_on_selector_all(".mod-comment", "els => els.map(e => e.dataset.id)")]
    assert shown == [c["id"] for c in queue] and rating["id"] not in shown[:-1]  # oldest first
    first = queue[0]
    page.locator(f".mod-comment[data-id='{first['id']}']").get_by_role("button", name="Approve").click()
    page.wait_for_selector(f".mod-comment[data-id='{first['id']}']", state="detached")
    day = first["submitted_at"][:10]
    listed = call(
        site,
        "GET",
        "/comments",
        auth=governor,
        params={"center": first["center_id"], "from": day, "to": day, "limit": 100},
    ).json()
    assert first["id"] in [c["id"] for c in listed["items"]]
    page.locator(f".mod-proposal[data-id='{proposal['id']}']").get_by_role("button", name="Approve").click()
    page.wait_for_selector(f".mod-proposal[data-id='{proposal['id']}']", state="detached")
    approved = call(site, "GET", "/proposals", auth=governor, params={"status": "approved"}).json()["items"]
    center_id = next(p["center_id"] for p in approved if p["id"] == proposal["id"])
    near = call(
        site, "GET", "/public/nearby", params={"lat": 24.80, "lon": 46.61, "radius_km": 2, "sector": "health"}
    ).json()["items"]
    assert center_id in [c["id"] for c in near]
    # a manager of one center sees no proposals
    manager = site.accounts["center_manager"]
    assert call(site, "GET", "/proposals", auth=manager).json()["items"] == []
    context.close()


@pytest.mark.browser
def test_a_citizen_proposes_a_missing_center_in_the_browser(site, codes, browser):
    context = browser.new_context(viewport={"width": 1200, "height": 1000})
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.goto(f"{site.url}/public/?lang=en")
    page.locator("#pub-propose-link").click()
    page.locator("#pub-phone").fill("0551110009")
    page.locator("#pub-send").click()
    page.wait_for_selector("#pub-form-done >> text=We sent a 6-digit code")
    page.locator("#pub-code").fill(re.search(r": (\d{6}) ", codes.lines[-1]).group(1))
    page.locator("#pub-check").click()
    page.wait_for_selector("#prop-name", state="visible")
    page.locator("#prop-submit").click()
    page.wait_for_selector("#pub-form-alert >> text=Put a pin")
    box = page.locator("#prop-map").bounding_box()  # the whole country at zoom 5: the middle is in SA-01
    page.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    page.locator("#prop-name").fill("Post office of the new district")
    page.locator("#prop-sector").click()
    page.get_by_role("option", name="Postal Services").click()
    page.locator("#prop-submit").click()
    page.wait_for_selector("#prop-thanks")
    proposal_id = int(page.locator("#prop-thanks").get_attribute("data-id"))
    with site.engine.connect() as conn:
        row = conn.execute(
            text("SELECT name, sector_code, status, region_code FROM center_proposal WHERE id = :i"), {"i": proposal_id}
        ).one()
    assert (row.name, row.sector_code, row.status) == ("Post office of the new district", "post", "pending")
    officials = [a for a in site.accounts.values()]
    seen = [
        a
        for a in officials
        if proposal_id in [p["id"] for p in call(site, "GET", "/proposals", auth=a).json()["items"]]
    ]
    assert site.accounts["analyst"] in seen and site.accounts["center_manager"] not in seen
    assert not errors
    context.close()


def test_officials_upload_batches_within_their_jurisdiction(site):
    with site.engine.connect() as conn:
        pairs = conn.execute(
            text(
                "SELECT c.id, cs.service_code, c.region_code FROM service_center c JOIN center_service cs "
                "ON cs.center_id = c.id WHERE c.status = 'active' ORDER BY c.id"
            )
        ).all()
    riyadh = [p for p in pairs if p.region_code == "SA-01"][:3]
    other = next(p for p in pairs if p.region_code != "SA-01")
    now = "2026-01-15T10:00:00+03:00"

    def row(p, **kw):
        return {
            "center_id": p.id,
            "service_code": p.service_code,
            "submitted_at": now,
            "overall": 3,
            "source": "mystery_shopper",
            **kw,
        }

    governor, manager = site.accounts["governor"], site.accounts["center_manager"]
    batch = {"ratings": [row(p, comment="visit: staff asked for my number 0551110010", criteria={"speed": 2, "outcome": 5})
                         for p in riyadh] * 20}  # fmt: skip
    for bad in (
        {"ratings": []},
        {"ratings": [row(riyadh[0], source="app")]},
        {"ratings": [row(riyadh[0], submitted_at="2026-01-15T10:00:00")]},
        {"ratings": [row(riyadh[0], overall=7)]},
        {"ratings": [row(riyadh[0]), row(riyadh[1], comment="a NUL \x00 in it")]},
    ):
        assert call(site, "POST", "/ratings/batch", json=bad, auth=governor).status_code == 400, bad
    outside = call(site, "POST", "/ratings/batch", json={"ratings": [row(riyadh[0]), row(other)]}, auth=governor)
    assert outside.status_code == 400 and f"{other.id}/" in outside.json()["error"]
    assert call(site, "POST", "/ratings/batch", json=batch, auth=manager).status_code == 403
    with site.engine.connect() as conn:
        before = conn.execute(text("SELECT count(*) FROM rating")).scalar()
    r = call(site, "POST", "/ratings/batch", json=batch, auth=governor)
    assert r.status_code == 201 and r.json() == {"stored": 60}
    with site.engine.connect() as conn:
        assert conn.execute(text("SELECT count(*) FROM rating")).scalar() == before + 60
        stored = conn.execute(
            text("SELECT DISTINCT comment, comment_status, source, lang, c_speed, c_staff, c_outcome FROM rating "
                 "WHERE submitted_at = :t"), {"t": now}
        ).all()  # fmt: skip
    assert len(stored) == 1 and "0551110010" not in stored[0].comment
    assert stored[0][1:] == ("pending", "mystery_shopper", "en", 2, None, 5)
    # comments only on some ratings: each stored on its own rating, the others with none
    later = "2026-01-15T11:00:00+03:00"
    mixed = [row(riyadh[0], submitted_at=later), row(riyadh[1], submitted_at=later, comment="  الموظف متعاون  "),
             row(riyadh[2], submitted_at=later, lang="en"), row(riyadh[0], submitted_at=later, comment="slow queue")]  # fmt: skip
    assert call(site, "POST", "/ratings/batch", json={"ratings": mixed}, auth=governor).json() == {"stored": 4}
    with site.engine.connect() as conn:
        got = conn.execute(
            text("SELECT center_id, comment, comment_status, lang FROM rating WHERE submitted_at = :t"),
            {"t": later},
        ).all()
    assert sorted(map(repr, got)) == sorted(map(repr, [
        (riyadh[0].id, None, None, None),
        (riyadh[1].id, "الموظف متعاون", "pending", "ar"),
        (riyadh[2].id, None, None, "en"),
        (riyadh[0].id, "slow queue", "pending", "en"),
    ]))  # fmt: skip
    started = time.time()  # folded: the officials' numbers for that day include them
    while (
        call(
            site,
            "GET",
            "/summary",
            auth=governor,
            params={"from": "2026-01-15", "to": "2026-01-15", "source": "mystery_shopper"},
        ).json()["n"]
        < 60
    ):
        assert time.time() - started < 5
        time.sleep(0.2)


def test_a_batch_sent_again_under_its_idempotency_key_is_stored_once(site):
    with site.engine.connect() as conn:
        c, svc = conn.execute(
            text(
                "SELECT c.id, cs.service_code FROM service_center c JOIN center_service cs ON cs.center_id = c.id "
                "WHERE c.status = 'active' AND c.region_code = 'SA-01' ORDER BY c.id LIMIT 1"
            )
        ).one()
    governor, analyst = site.accounts["governor"], site.accounts["analyst"]
    batch = {
        "ratings": [
            {"center_id": c, "service_code": svc, "submitted_at": "2026-01-16T09:00:00+03:00", "overall": o,
             "source": "survey"}
            for o in (1, 2, 3, 4, 5, 5, 4)
        ]
    }  # fmt: skip

    def count() -> int:
        with site.engine.connect() as conn:
            return conn.execute(text("SELECT count(*) FROM rating WHERE source = 'survey' AND center_id = :c "
                                     "AND submitted_at = '2026-01-16T09:00:00+03:00'"), {"c": c}).scalar()  # fmt: skip

    for bad in ("short", "has space in it", "x" * 101, "é-accented-key"):
        r = call(site, "POST", "/ratings/batch", json=batch, auth=governor, headers={"Idempotency-Key": bad})
        assert r.status_code == 400 and "Idempotency-Key" in r.json()["error"], bad
    assert count() == 0
    key = {"Idempotency-Key": "upload-2026-01-16:part.1"}
    first = call(site, "POST", "/ratings/batch", json=batch, auth=governor, headers=key)
    assert first.status_code == 201 and first.json() == {"stored": 7}
    again = call(site, "POST", "/ratings/batch", json=batch, auth=governor, headers=key)
    assert again.status_code == 200 and again.json() == {"stored": 7, "replayed": True}
    assert count() == 7
    other = {"ratings": batch["ratings"][:3]}
    refused = call(site, "POST", "/ratings/batch", json=other, auth=governor, headers=key)
    assert refused.status_code == 422 and "different batch" in refused.json()["error"]
    # keys are per official: the analyst's upload under the same key is a new batch
    assert call(site, "POST", "/ratings/batch", json=batch, auth=analyst, headers=key).status_code == 201
    assert count() == 14

    # the same key sent by four uploads at once: one stores, the others answer as it did
    key = {"Idempotency-Key": "upload-2026-01-16:part.2"}
    answers: list[requests.Response] = []
    threads = [
        threading.Thread(target=lambda: answers.append(
            call(site, "POST", "/ratings/batch", json=batch, auth=governor, headers=key)))
        for _ in range(4)
    ]  # fmt: skip
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(a.status_code for a in answers) == [200, 200, 200, 201]
    assert all(a.json()["stored"] == 7 for a in answers) and count() == 21

    with site.engine.begin() as conn:  # a week later the key is forgotten (the fold worker's daily round)
        conn.execute(text("UPDATE batch_key SET created_at = now() - interval '8 days' WHERE key LIKE '%part.1'"))
        assert idempotency.forget_old(conn) == 2
        assert conn.execute(text("SELECT count(*) FROM batch_key WHERE key LIKE 'upload-2026-01-16%'")).scalar() == 1
    assert call(site, "POST", "/ratings/batch", json=batch, auth=governor, headers={"Idempotency-Key":
                "upload-2026-01-16:part.1"}).status_code == 201  # fmt: skip
    assert count() == 28


def test_the_number_is_never_stored_logged_or_returned(site, codes):
    """Runs last in this module: every table, every log line and every response so far."""
    sign_in(site, codes)
    with site.engine.connect() as conn:
        tables = conn.execute(text("SELECT tablename FROM pg_tables WHERE schemaname = 'public'")).scalars().all()
        dump = "\n".join(
            conn.execute(text(f"SELECT coalesce(string_agg(t::text, E'\\n'), '') FROM {t} AS t")).scalar()
            for t in tables
        )
        assert conn.execute(text("SELECT count(*) FROM rater")).scalar() >= 6
    seen = "\n".join([dump, *codes.lines, *site.responses])
    for number in ("0551234567", "0551110000", "0551110005", "0559876543", "0551110007", "0551110009", "0551110011"):
        for form in (number, number[1:], "966" + number[1:]):
            assert form not in seen, form


def test_nobody_but_the_requester_can_use_or_lock_a_code(site, codes):
    """An attacker who knows the number (from other addresses): their guesses lock only their own challenges,
    their requests never replace the owner's code, and the right code is useless without the owner's challenge."""
    svc = site.app.server.extensions["marsad_citizens"]
    number, owner, attacker = "0551110077", "198.51.100.10", "203.0.113.66"
    mine = svc.request_code(phone=number, lang="ar", address=owner)["challenge"]
    code = re.search(r": (\d{6}) ", codes.lines[-1]).group(1)
    theirs = svc.request_code(phone=number, lang="ar", address=attacker)["challenge"]  # sends another code
    for guess in ("000000", "111111", "222222"):
        with pytest.raises(Refused):
            svc.check_code(phone=number, code=guess, challenge=theirs, address=attacker)
    with pytest.raises(Refused) as refused:  # the owner's code, without the owner's challenge
        svc.check_code(phone=number, code=code, challenge=theirs, address=attacker)
    assert refused.value.status == 429  # their challenge is locked
    assert "token" in svc.check_code(phone=number, code=code, challenge=mine, address=owner)


def test_the_worst_an_attacker_can_do_is_bounded_and_never_at_the_owners_address(site, codes):
    """Strangers at many addresses can use up a number's codes for the hour and its wrong guesses for the day, which
    holds up new addresses only; at an address the number signed in from, the owner asks and signs in as always."""
    svc = site.app.server.extensions["marsad_citizens"]
    number, home, new = "0551110088", "198.51.100.20", "198.51.100.21"
    challenge = svc.request_code(phone=number, lang="ar", address=home)["challenge"]
    code = re.search(r": (\d{6}) ", codes.lines[-1]).group(1)
    svc.check_code(phone=number, code=code, challenge=challenge, address=home)  # the owner's address is known now
    attackers = [f"203.0.113.{i}" for i in range(1, 40)]
    sent = 0
    for address in attackers:  # use up the number's codes for the hour
        try:
            svc.request_code(phone=number, lang="ar", address=address)
            sent += 1
        except Refused as exc:
            assert exc.status == 429
    assert sent == site.app.server.extensions["marsad"].settings.codes_per_hour_per_number - 1
    with pytest.raises(Refused):
        svc.request_code(phone=number, lang="ar", address=new)  # a new address waits for the next hour
    challenge = svc.request_code(phone=number, lang="ar", address=home)["challenge"]  # the owner's does not
    code = re.search(r": (\d{6}) ", codes.lines[-1]).group(1)
    # wrong guesses: at most codes_per_hour_per_number challenges an hour, otp_max_attempts guesses each
    settings = site.app.server.extensions["marsad"].settings
    wrong, last = 0, None
    for address in attackers:
        try:
            last = svc.request_code(phone=number, lang="ar", address=address)["challenge"]
        except Refused:
            continue
        for guess in ("000001", "000002", "000003"):
            try:
                svc.check_code(phone=number, code=guess, challenge=last, address=address)
            except Refused:
                wrong += 1
    assert wrong == 0  # no stranger got a challenge this hour: the number's codes are used up
    # the rest of the day: the day's allowance of wrong guesses used up (as over several hours)
    with site.engine.begin() as conn:
        conn.execute(
            text("INSERT INTO rate_limit (bucket, window_start, hits) VALUES (:b, date_trunc('day', now()), :n)"),
            {"b": "wrong:" + svc._hmac("phone", svc._number(number)), "n": settings.wrong_codes_per_day_per_number},
        )
    with pytest.raises(Refused) as refused:
        svc.check_code(phone=number, code=code, challenge=challenge, address=new)
    assert refused.value.status == 429 and "today" in str(refused.value)
    assert "token" in svc.check_code(phone=number, code=code, challenge=challenge, address=home)


def test_the_guessing_odds_stated_in_the_readme_follow_from_the_settings(site):
    """At most wrong_codes_per_day_per_number guesses a day at a number, each right with probability 1/10^6."""
    from pathlib import Path

    s = site.app.server.extensions["marsad"].settings
    per_day = s.wrong_codes_per_day_per_number / 1_000_000
    per_year = 1 - (1 - per_day) ** 365
    assert per_day == 2e-05 and round(per_year, 4) == 0.0073
    readme = (Path(__file__).parents[1] / "README.md").read_text()
    assert "1 in 50,000 a day" in readme and "0.73 % a year" in readme
