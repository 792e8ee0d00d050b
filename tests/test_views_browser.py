"""The officials' views other than the map, in headless Chromium: each opens, filters, and shows what the
API gives for the same question and the same official."""

from __future__ import annotations

import pytest
import requests

from tests.test_explorer_browser import latin

pytestmark = pytest.mark.browser
PERIOD = {"from": "2025-11-23", "to": "2026-11-22"}


def _page(browser, auth, errors):
    context = browser.new_context(
        viewport={"width": 1400, "height": 1100}, http_credentials={"username": auth[0], "password": auth[1]}
    )
    page = context.new_page()
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    return context, page


def _api(server, path, auth, **params):
    r = requests.get(f"{server.url}/api/v1/{path}", params=params, auth=auth, timeout=30)
    assert r.status_code == 200, r.text
    return r.json()


def test_center_profile_shows_the_api_numbers_and_follows_the_period(browser, live_server, accounts):
    auth = accounts["health_head"]
    ranked = _api(live_server, "rankings", auth, **PERIOD, min_ratings=5, limit=1)["items"]
    center = ranked[0]
    errors = []
    context, page = _page(browser, auth, errors)
    page.goto(f"{live_server.url}/center/{center['id']}?lang=en&from={PERIOD['from']}&to={PERIOD['to']}")
    page.wait_for_selector("#ctr-name")
    api = _api(live_server, f"centers/{center['id']}", auth, **PERIOD)
    assert page.locator("#ctr-name").inner_text() == center["name_en"]
    assert int(page.locator("#ctr-n").inner_text().replace(",", "")) == api["score"]["n"]
    assert float(page.locator("#ctr-mean").inner_text()) == round(api["score"]["mean"], 2)
    assert page.locator("#ctr-services .mantine-Badge-root").count() == len(api["services"])
    gov = api["peers"]["governorate"]
    if gov["rank"]:
        assert f"Ranked {gov['rank']} of {gov['of']}" in page.locator("#ctr-peer-governorate").inner_text()
    assert page.locator("#ctr-comments .ctr-comment").count() == len(api["recent_comments"])
    assert page.locator("#ctr-map").count() == 1
    page.locator("#ctr-files").click()
    page.wait_for_function("() => (document.querySelector('#ctr-file-csv')?.getAttribute('href') || '#') !== '#'")
    comments = _file_rows(live_server, page.locator("#ctr-file-csv").get_attribute("href"), auth)
    every = _api(live_server, "comments", auth, center=center["id"], **PERIOD, limit=100)
    assert {int(r["center_id"]) for r in comments} == {center["id"]}
    assert (
        len(comments) >= len(every["items"])
        and [int(r["id"]) for r in comments][:5] == [c["id"] for c in every["items"]][:5]
    )
    page.keyboard.press("Escape")

    # a shorter period: the numbers follow, and the address bar keeps it
    short = {"from": "2026-09-01", "to": "2026-11-22"}
    page.goto(f"{live_server.url}/center/{center['id']}?lang=en&from={short['from']}&to={short['to']}")
    api_short = _api(live_server, f"centers/{center['id']}", auth, **short)
    assert api_short["score"]["n"] < api["score"]["n"]
    page.wait_for_function(
        "n => document.querySelector('#ctr-n') && "
        "Number(document.querySelector('#ctr-n').innerText.replace(/,/g, '')) === n",
        arg=api_short["score"]["n"],
    )
    assert "from=2026-09-01" in page.url

    # the comments link carries the center; a center outside the jurisdiction shows nothing of it
    assert f"center={center['id']}" in page.locator("#ctr-all-comments").get_attribute("href")
    other = _api(live_server, "rankings", accounts["analyst"], **PERIOD, min_ratings=5, limit=50)["items"]
    outside = next(c for c in other if c["sector_code"] != "health")
    page.goto(f"{live_server.url}/center/{outside['id']}?lang=en")
    page.wait_for_selector("#ctr-alert >> text=no center with this number in your jurisdiction")
    assert page.locator("#ctr-name").count() == 0
    assert not errors
    context.close()


def _shown_ids(page) -> list[int]:
    return [int(i) for i in page.eval_on_selector_all(".cm-item", "els => els.map(e => e.dataset.id)")]


def test_comments_page_searches_pages_and_filters_like_the_api(browser, live_server, accounts):
    auth = accounts["analyst"]
    errors = []
    context, page = _page(browser, auth, errors)
    # "الموظفه" (ta marbuta written as ha) must find "الموظفة"
    query = {**PERIOD, "q": "الموظفه"}
    page.goto(f"{live_server.url}/comments?lang=en&from={PERIOD['from']}&to={PERIOD['to']}&q=الموظفه")
    page.wait_for_selector(".cm-item")
    first = _api(live_server, "comments", auth, **query, limit=20)
    assert _shown_ids(page) == [c["id"] for c in first["items"]] and first["next_cursor"]
    assert page.locator(".cm-item mark").first.inner_text() == "الموظفة"

    # show more appends exactly the API's next page
    second = _api(live_server, "comments", auth, **query, limit=20, cursor=first["next_cursor"])
    page.locator("#cm-more").click()
    page.wait_for_function(
        "n => document.querySelectorAll('.cm-item').length === n", arg=len(first["items"]) + len(second["items"])
    )
    assert _shown_ids(page) == [c["id"] for c in first["items"] + second["items"]]

    # low scores only, from the link; every badge agrees and the list is the API's
    page.goto(f"{live_server.url}/comments?lang=en&from={PERIOD['from']}&to={PERIOD['to']}&max_score=2&source=app")
    low = _api(live_server, "comments", auth, **PERIOD, max_score=2, source="app", limit=20)
    page.wait_for_function("n => document.querySelectorAll('.cm-item').length === n", arg=len(low["items"]))
    assert _shown_ids(page) == [c["id"] for c in low["items"]]
    scores = [int(latin(t).split("/")[0]) for t in page.locator(".cm-score").all_inner_texts()]
    assert scores and max(scores) <= 2
    assert not errors
    context.close()


def test_comments_page_stays_in_the_jurisdiction(browser, live_server, accounts):
    auth = accounts["governor"]  # region SA-01 only
    errors = []
    context, page = _page(browser, auth, errors)
    page.goto(f"{live_server.url}/comments?lang=en&area=SA-02&from={PERIOD['from']}&to={PERIOD['to']}")
    page.wait_for_selector(".cm-item")
    mine = _api(live_server, "comments", auth, **PERIOD, limit=20)
    assert _shown_ids(page) == [c["id"] for c in mine["items"]]  # the forged area was dropped
    assert all(c["region_code"] == "SA-01" for c in mine["items"])
    options = page.eval_on_selector_all("#cm-area", "els => els.length")
    assert options == 1
    assert not errors
    context.close()


def test_compare_page_trends_area_ranking_and_side_by_side(browser, live_server, accounts):
    auth = accounts["analyst"]
    errors = []
    context, page = _page(browser, auth, errors)
    page.goto(f"{live_server.url}/compare?lang=en&area=SA-01&from={PERIOD['from']}&to={PERIOD['to']}&min_ratings=20")
    page.wait_for_selector("#cmp-area-table tbody tr")
    areas = _api(live_server, "rankings", auth, **PERIOD, area="SA-01", level="area", min_ratings=20, limit=200)
    shown = page.locator("#cmp-area-table tbody tr td.rank-name").all_inner_texts()
    assert shown == [a["name_en"] for a in areas["items"]]
    sectors = _api(live_server, "sectors", auth, **PERIOD, area="SA-01", min_ratings=20)["sectors"]
    page.wait_for_function(
        "n => document.querySelectorAll('#cmp-trends .scatterlayer .trace').length === n",
        arg=len([s for s in sectors if s["n"]]),
    )

    # two centers side by side, found by typing part of a name
    top = _api(live_server, "rankings", auth, **PERIOD, area="SA-01", min_ratings=20, limit=2)["items"]
    page.locator("#sbs-kind").get_by_text("Centers").click()
    for c in top:
        page.locator("#sbs-pick").fill(c["code"])
        page.get_by_role("option", name=f"{c['name_en']} ({c['code']})").click()
    page.wait_for_selector("#sbs-measures")
    page.wait_for_function("() => location.search.includes('pick_kind=centers')")
    cells = page.locator("#sbs-measures tbody tr").first.locator("td").all_inner_texts()
    assert [int(x.replace(",", "")) for x in cells] == [
        _api(live_server, f"centers/{c['id']}", auth, **PERIOD)["score"]["n"] for c in top
    ]
    means = page.locator("#sbs-measures tbody tr").nth(1).locator("td").all_inner_texts()
    assert [float(m) for m in means] == [round(c["mean"], 2) for c in top]
    assert not errors
    context.close()


def _file_rows(server, href: str, auth) -> list[dict]:
    import csv

    r = requests.get(server.url + href, auth=auth, timeout=60)
    assert r.status_code == 200 and r.content.startswith(b"\xef\xbb\xbf"), (href, r.status_code)
    lines = [line for line in r.content.decode("utf-8-sig").splitlines() if not line.startswith("# ")]
    return list(csv.DictReader(lines))


def test_the_pages_download_menus_give_the_rows_they_show(browser, live_server, accounts):
    """The comments page's file holds every comment of its search (all pages); the compare page's files hold the
    sectors and centers it ranks."""
    auth = accounts["health_region"]
    errors: list[str] = []
    context, page = _page(browser, auth, errors)
    page.goto(f"{live_server.url}/comments?lang=en&from={PERIOD['from']}&to={PERIOD['to']}&max_score=2")
    page.wait_for_function("() => document.querySelector('#cm-note')?.innerText.length > 0")
    page.locator("#cm-files").click()  # the menu's items are drawn when it opens
    page.wait_for_function("() => (document.querySelector('#cm-file-csv')?.getAttribute('href') || '#') !== '#'")
    href = page.locator("#cm-file-csv").get_attribute("href")
    ids, cursor = [], None
    while True:
        more = {"cursor": cursor} if cursor else {}
        got = _api(live_server, "comments", auth, **PERIOD, max_score=2, limit=100, **more)
        ids += [c["id"] for c in got["items"]]
        cursor = got["next_cursor"]
        if not cursor:
            break
    assert [int(r["id"]) for r in _file_rows(live_server, href, auth)] == ids and ids
    page.goto(f"{live_server.url}/compare?lang=en&from={PERIOD['from']}&to={PERIOD['to']}")
    page.wait_for_selector("#cmp-top-table")
    page.locator("#cmp-files").click()
    page.wait_for_function(
        "() => (document.querySelector('#cmp-file-sectors_csv')?.getAttribute('href') || '#') !== '#'"
    )
    sectors = _file_rows(live_server, page.locator("#cmp-file-sectors_csv").get_attribute("href"), auth)
    api = _api(live_server, "sectors", auth, **PERIOD)
    assert [r["code"] for r in sectors] == [s["code"] for s in api["sectors"]] == ["health"]
    ranked = _file_rows(live_server, page.locator("#cmp-file-rankings_csv").get_attribute("href"), auth)
    api_ranked = _api(live_server, "rankings", auth, **PERIOD, level="center", limit=200, min_ratings=20)["items"]
    assert [int(r["id"]) for r in ranked] == [c["id"] for c in api_ranked] and ranked
    assert all(r["sector_code"] == "health" for r in ranked)
    assert not errors
    context.close()
