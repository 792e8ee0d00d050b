"""Embeds (briefings issue): a signed link to a read-only view that never reads more than its issuer may now,
narrowed to its own area and sector, refused when edited, expired, revoked, or when its issuer is disabled or no
longer holds its scope; framed only by the allowed hosts; each load audited."""

from __future__ import annotations

import secrets

import pytest
import requests
from itsdangerous import URLSafeTimedSerializer
from sqlalchemy import text

from marsad.embeds import tokens
from marsad.queries import officials
from tests import jurisdiction_helpers as jh
from tests.conftest import LiveServer

pytestmark = pytest.mark.database
EMBED_HOSTS = "'self' http://briefings.example:8443"


@pytest.fixture()
def server(demo_settings, demo_engine, tmp_path):
    live = LiveServer(
        demo_settings.model_copy(
            update={"data_dir": tmp_path, "embed_max_days": 90, "embed_frame_ancestors": EMBED_HOSTS}
        )
    )
    made = []
    for role, areas, sectors, national in (
        ("governor", ["SA-01"], (), False),
        ("governor", ["SA-02"], (), False),
        ("analyst", (), (), True),
    ):
        name, password = f"emb_{secrets.token_hex(3)}", secrets.token_urlsafe(12)
        officials.add(
            demo_engine,
            username=name,
            display_name=name,
            role=role,
            password=password,
            areas=areas,
            sectors=sectors,
            national=national,
        )
        made.append((name, password))
    live.governor, live.other_governor, live.analyst = made
    yield live
    live.stop()
    for name, _ in made:
        officials.set_disabled(demo_engine, name)


def api(server, method, path, auth, **kw):
    return requests.request(method, f"{server.url}/api/v1/{path}", auth=auth, timeout=30, **kw)


def child_codes(server, auth, parent):
    r = api(server, "GET", "areas", auth, params={"parent": parent})
    assert r.status_code == 200, r.text
    return [f["properties"]["code"] for f in r.json()["features"]]


def render(server, url, area=None, lang="en"):
    """The embed's render callback, as the browser calls it for the page at `url` (area: the drill store)."""
    deps = jh.dependencies(server, None, prefix="/embed/")
    dep = jh.find(deps, "emb-head.children")
    values = {"emb-area.data": area, "emb-url.pathname": url, "emb-url.search": f"?lang={lang}"}
    r = jh.call(server, None, dep, values, prefix="/embed/")
    assert r.status_code == 200, r.text[:300]
    return r.json()["response"]


def kpi_n(response) -> int | None:
    text = response.get("kpi-n", {}).get("children")
    return int(text.replace(",", "")) if isinstance(text, str) else None


def shown_codes(response) -> set[str]:
    areas = response.get("areas-layer", {}).get("data") or {"features": []}
    return {f["properties"]["code"] for f in areas["features"]}


def refused(response) -> str | None:
    alert = response.get("alert", {})
    return alert.get("children") if alert.get("hide") is False else None


def test_an_embed_shows_its_scope_with_the_apis_numbers_and_nothing_else(server, demo_engine):
    gov = server.governor
    governorate = child_codes(server, gov, "SA-01")[0]
    r = api(server, "POST", "embeds", gov, json={"title": "Cabinet brief — الرياض", "area": governorate, "lang": "en"})
    assert r.status_code == 201, r.text
    made = r.json()
    assert made["url"].startswith("/embed/") and made["status"] == "active" and 'src="/embed/' in made["iframe"]
    page = requests.get(server.url + made["url"], timeout=30)
    assert page.status_code == 200
    csp = page.headers["Content-Security-Policy"]
    assert f"frame-ancestors {EMBED_HOSTS}" in csp and "X-Frame-Options" not in page.headers
    main = requests.get(server.url + "/", auth=gov, timeout=30)
    assert "frame-ancestors 'none'" in main.headers["Content-Security-Policy"] and main.headers["X-Frame-Options"]

    out = render(server, made["url"])
    expected = api(server, "GET", "summary", gov, params={"area": governorate}).json()["n"]
    assert kpi_n(out) == expected > 0
    assert "Cabinet brief — الرياض" in str(out["emb-head"]["children"])
    localities = set(child_codes(server, gov, governorate))
    assert shown_codes(out) and shown_codes(out) <= localities
    # a forged drill store above or beside the embed's area gets the embed's own area
    sibling = child_codes(server, gov, "SA-01")[1]
    for forged in ("SA-01", sibling, "SA-02", "SA", "nope", 5, {"x": 1}):
        forged_out = render(server, made["url"], area=forged)
        assert kpi_n(forged_out) == expected, forged
        assert shown_codes(forged_out) <= localities, forged
    # a drill inside it narrows
    inner = sorted(localities)[0]
    inner_n = api(server, "GET", "summary", gov, params={"area": inner}).json()["n"]
    assert kpi_n(render(server, made["url"], area=inner)) == inner_n
    # each load is audited in the issuer's name, with the embed
    with demo_engine.connect() as conn:
        loads = conn.execute(
            text(
                "SELECT count(*) FROM audit_log WHERE username = :u AND action = 'embed_view' AND params->>'embed' = :e"
            ),
            {"u": gov[0], "e": str(made["id"])},
        ).scalar()
    assert loads >= 9


def test_edited_expired_revoked_and_orphaned_embeds_give_nothing(server, demo_engine):
    gov = server.governor
    made = api(server, "POST", "embeds", gov, json={"title": "t", "area": "SA-01"}).json()
    token = made["url"][len("/embed/") :]
    assert kpi_n(render(server, made["url"])) > 0
    payload = tokens.read("test-secret-key-not-for-production", token, max_age_seconds=3600)
    forged_tokens = [
        token[:-2] + ("AA" if token[-2:] != "AA" else "BB"),  # signature edited
        URLSafeTimedSerializer("another-secret", salt=tokens.SALT).dumps({**payload, "a": None}),  # wrong secret
        URLSafeTimedSerializer("test-secret-key-not-for-production", salt="other").dumps(payload),  # other salt
        "",
        "x" * 3000,
    ]
    other = api(server, "POST", "embeds", server.other_governor, json={"title": "o"}).json()
    other_payload = tokens.read("test-secret-key-not-for-production", other["url"][7:], max_age_seconds=3600)
    # a genuine signature over claims that do not match the row (the other governor's id, our area)
    forged_tokens.append(
        URLSafeTimedSerializer("test-secret-key-not-for-production", salt=tokens.SALT).dumps(
            {**other_payload, "a": "SA-01"}
        )
    )
    for forged in forged_tokens:
        out = render(server, "/embed/" + forged)
        assert kpi_n(out) is None and not shown_codes(out) and refused(out), forged[:40]
    # the issuer's jurisdiction narrows away from the embed's area: it stops at once
    with demo_engine.begin() as conn:
        conn.execute(text("UPDATE official SET areas = '{SA-02}' WHERE username = :u"), {"u": gov[0]})
    assert "jurisdiction" in refused(render(server, made["url"]))
    with demo_engine.begin() as conn:
        conn.execute(text("UPDATE official SET areas = '{SA-01}' WHERE username = :u"), {"u": gov[0]})
    assert kpi_n(render(server, made["url"])) > 0
    # the issuer is disabled: it stops
    officials.set_disabled(demo_engine, gov[0])
    assert refused(render(server, made["url"])) and kpi_n(render(server, made["url"])) is None
    officials.set_disabled(demo_engine, gov[0], False)
    # expired
    with demo_engine.begin() as conn:
        conn.execute(text("UPDATE embed SET expires_at = now() - interval '1 second' WHERE id = :i"), {"i": made["id"]})
    assert "expired" in refused(render(server, made["url"]))
    with demo_engine.begin() as conn:
        conn.execute(text("UPDATE embed SET expires_at = now() + interval '1 day' WHERE id = :i"), {"i": made["id"]})
    # revoked: by another governor no (404), by the issuer yes
    assert api(server, "DELETE", f"embeds/{made['id']}", server.other_governor).status_code == 404
    assert api(server, "DELETE", f"embeds/{made['id']}", gov).status_code == 200
    assert "revoked" in refused(render(server, made["url"]))
    assert api(server, "DELETE", f"embeds/{made['id']}", gov).status_code == 404


def test_an_embed_without_an_area_narrows_with_its_issuer(server, demo_engine):
    """An embed of the issuer's whole jurisdiction follows it: narrowed issuer, narrowed embed."""
    gov = server.governor
    made = api(server, "POST", "embeds", gov, json={"title": "whole region"}).json()
    regional = render(server, made["url"])
    assert kpi_n(regional) == api(server, "GET", "summary", gov, params={"area": "SA-01"}).json()["n"]
    governorate = child_codes(server, gov, "SA-01")[0]
    with demo_engine.begin() as conn:
        conn.execute(text("UPDATE official SET areas = ARRAY[:a] WHERE username = :u"), {"u": gov[0], "a": governorate})
    try:
        narrowed = render(server, made["url"])
        assert kpi_n(narrowed) == api(server, "GET", "summary", gov).json()["n"] < kpi_n(regional)
    finally:
        with demo_engine.begin() as conn:
            conn.execute(text("UPDATE official SET areas = '{SA-01}' WHERE username = :u"), {"u": gov[0]})


def test_making_and_managing_embeds(server):
    gov, analyst = server.governor, server.analyst
    assert api(server, "POST", "embeds", gov, json={"title": "x", "area": "SA-02"}).status_code == 403
    assert api(server, "POST", "embeds", gov, json={"title": "x", "area": "XX-99"}).status_code == 400
    assert api(server, "POST", "embeds", gov, json={"title": "x", "days": 91}).status_code == 400
    assert api(server, "POST", "embeds", gov, json={"title": "x", "source": "pigeon"}).status_code == 400
    assert api(server, "POST", "embeds", gov, json={"title": "", "area": "SA-01"}).status_code == 400
    assert api(server, "POST", "embeds", gov, json={"title": "x", "scope": "national"}).status_code == 400
    assert api(server, "POST", "embeds", None, json={"title": "x"}).status_code == 401
    mine = api(server, "POST", "embeds", gov, json={"title": "<script>alert(1)</script>", "area": "SA-01"}).json()
    theirs = api(server, "POST", "embeds", server.other_governor, json={"title": "theirs"}).json()
    listed = [e["id"] for e in api(server, "GET", "embeds", gov).json()["items"]]
    assert mine["id"] in listed and theirs["id"] not in listed
    everyone = [e["id"] for e in api(server, "GET", "embeds", analyst).json()["items"]]
    assert {mine["id"], theirs["id"]} <= set(everyone)
    assert api(server, "DELETE", f"embeds/{theirs['id']}", analyst).status_code == 200
    status = {e["id"]: e["status"] for e in api(server, "GET", "embeds", analyst).json()["items"]}
    assert status[theirs["id"]] == "revoked" and status[mine["id"]] == "active"
    # a title is text: never markup
    out = render(server, mine["url"])
    assert "<script>alert(1)</script>" in str(out["emb-head"]) and "dangerously" not in str(out["emb-head"])
