"""The moderation page as officials work it (daily-use issue, point 7): how many comments wait in the jurisdiction,
by sector and score; ticked comments approved at once; undo within a minute, and only one's own."""

from __future__ import annotations

import json

import pytest
import requests
from sqlalchemy import text

from tests.browsing import signed_in

pytestmark = pytest.mark.database


@pytest.fixture(scope="module")
def site(fresh_engine_factory, tmp_path_factory, demo_settings):
    from tests.conftest import site_of

    server = site_of(fresh_engine_factory, tmp_path_factory, demo_settings, name="marsad_moderation", seed=29)
    with server.engine.begin() as conn:  # some comments wait for review
        conn.execute(text(
            "UPDATE rating SET comment_status = 'pending' WHERE id IN "
            "(SELECT id FROM rating WHERE comment IS NOT NULL ORDER BY id DESC LIMIT 80)"))  # fmt: skip
    yield server
    server.stop()


def waiting(site, region: str, where: str = "TRUE", params: dict | None = None) -> int:
    with site.engine.connect() as conn:
        return conn.execute(text(
            "SELECT count(*) FROM rating r JOIN service_center c ON c.id = r.center_id "
            f"WHERE r.comment_status = 'pending' AND c.region_code = :r AND {where}"), {"r": region, **(params or {})}
        ).scalar()  # fmt: skip


def statuses(site, ids) -> set[str]:
    with site.engine.connect() as conn:
        return set(conn.execute(text("SELECT comment_status FROM rating WHERE id = ANY(:i)"), {"i": ids}).scalars())


@pytest.mark.browser
def test_a_governor_counts_filters_approves_ticked_comments_and_undoes(site, browser):
    user, password = site.accounts["governor"]
    with site.engine.connect() as conn:
        region = conn.execute(text("SELECT areas[1] FROM official WHERE username = 'governor'")).scalar()
    context = signed_in(browser, (user, password))
    page = context.new_page()
    page.goto(f"{site.url}/moderation?lang=en")
    page.wait_for_selector(".mod-comment")
    total = waiting(site, region)
    assert page.locator("#mod-count").inner_text().startswith(f"Waiting for review: {total:,}")
    page.locator("#mod-band").get_by_text("4–5").click()
    high = waiting(site, region, "r.overall >= 4")
    page.wait_for_function("n => (document.querySelector('#mod-count')?.innerText || '').startsWith(n)",
                           arg=f"Waiting for review: {high:,}")  # fmt: skip
    page.locator("#mod-band").get_by_text("All scores").click()
    page.wait_for_function("n => (document.querySelector('#mod-count')?.innerText || '').startsWith(n)",
                           arg=f"Waiting for review: {total:,}")  # fmt: skip

    ids = [int(i) for i in page.eval_on_selector_all(".mod-comment", "els => els.map(e => e.dataset.id)")][:2]
    for i in ids:
        page.locator(f".mod-comment[data-id='{i}'] input[type=checkbox]").check()
    page.locator("#mod-approve-picked").click()
    page.wait_for_function("() => (document.querySelector('#mod-note')?.innerText || '').includes('Done for 2')")
    assert statuses(site, ids) == {"approved"}
    page.wait_for_selector(f".mod-comment[data-id='{ids[0]}']", state="detached")  # gone from the queue
    page.locator("#mod-undo").click()
    page.wait_for_function("() => (document.querySelector('#mod-note')?.innerText || '').includes('back in review')")
    assert statuses(site, ids) == {"pending"}
    page.wait_for_selector(f".mod-comment[data-id='{ids[0]}']")
    assert page.locator("#mod-count").inner_text().startswith(f"Waiting for review: {total:,}")
    context.close()


def test_an_undo_token_works_for_its_official_only(site):
    from tests.jurisdiction_helpers import dependencies, find

    with site.engine.connect() as conn:
        region = conn.execute(text("SELECT areas[1] FROM official WHERE username = 'governor'")).scalar()
        some = conn.execute(text(
            "SELECT r.id FROM rating r JOIN service_center c ON c.id = r.center_id WHERE r.comment_status = 'pending' "
            "AND c.region_code = :r AND c.sector_code = 'health' ORDER BY r.id LIMIT 2"), {"r": region}).scalars().all()  # fmt: skip
    assert len(some) == 2

    def press(who, trigger: str, *, picked=(), token=None):
        auth = site.accounts[who]
        dep = find(dependencies(site, auth), "mod-undo-token.data")
        picks = [{"id": {"id": i, "type": "mod-pick"}, "property": "checked", "value": True} for i in picked]
        ids = [{"id": {"id": i, "type": "mod-pick"}, "property": "id", "value": {"id": i, "type": "mod-pick"}}
               for i in picked]  # fmt: skip
        body = {
            "output": dep["output"],
            "outputs": [
                {"id": i, "property": p}
                for i, p in (
                    ("mod-note", "children"),
                    ("mod-note-box", "hide"),
                    ("mod-refresh", "data"),
                    ("mod-undo-token", "data"),
                    ("mod-undo", "display"),
                )
            ],
            "inputs": [
                [],
                [],
                {"id": "mod-approve-picked", "property": "n_clicks", "value": 1 if trigger == "approve" else None},
                {"id": "mod-hide-picked", "property": "n_clicks", "value": None},
                {"id": "mod-undo", "property": "n_clicks", "value": 1 if trigger == "undo" else None},
            ],
            "changedPropIds": ["mod-approve-picked.n_clicks" if trigger == "approve" else "mod-undo.n_clicks"],
            "state": [
                picks,
                ids,
                {"id": "mod-undo-token", "property": "data", "value": token},
                {"id": "mod-lang", "property": "data", "value": "en"},
                {"id": "mod-refresh", "property": "data", "value": 0},
            ],
        }
        r = requests.post(f"{site.url}/_dash-update-component", data=json.dumps(body), auth=auth,
                          headers={"Content-Type": "application/json"}, timeout=60)  # fmt: skip
        assert r.status_code == 200, r.text
        return r.json()["response"]

    done = press("governor", "approve", picked=some)
    token = done["mod-undo-token"]["data"]
    assert done["mod-note"]["children"] == "Done for 2 comment(s)." and statuses(site, some) == {"approved"}
    other = press("health_region", "undo", token=token)  # same region and sector, another official
    assert "cannot be undone" in other["mod-note"]["children"] and statuses(site, some) == {"approved"}
    forged = press("governor", "undo", token=token[:-3] + "abc")
    assert "cannot be undone" in forged["mod-note"]["children"] and statuses(site, some) == {"approved"}
    back = press("governor", "undo", token=token)
    assert back["mod-note"]["children"] == "2 comment(s) back in review." and statuses(site, some) == {"pending"}
    with site.engine.connect() as conn:
        elsewhere = conn.execute(text(
            "SELECT r.id FROM rating r JOIN service_center c ON c.id = r.center_id WHERE r.comment_status = 'pending' "
            "AND c.region_code <> :r ORDER BY r.id LIMIT 1"), {"r": region}).scalar()  # fmt: skip
    outside = press("governor", "approve", picked=[elsewhere, 10**9])  # another region's, and no such comment
    assert outside["mod-note"]["children"] == "Done for 0 comment(s)." and statuses(site, [elsewhere]) == {"pending"}
