"""No official ever sees data outside their jurisdiction: by API route, by Dash callback, by role."""

from __future__ import annotations

import base64
from datetime import date, timedelta

import pytest
import requests
from sqlalchemy import text

from tests.conftest import DEMO_END
from tests.jurisdiction_helpers import _outputs, call, dependencies, find

PERIOD = {"from": "2025-11-23", "to": DEMO_END.isoformat()}
RIYADH = timedelta(hours=3)
ROLES = ["analyst", "governor", "health_head", "health_region", "center_manager"]


@pytest.fixture(scope="module")
def world(demo_engine):
    """Every rating in the period with its center's codes; every center's codes."""
    lo, hi = date.fromisoformat(PERIOD["from"]), date.fromisoformat(PERIOD["to"])
    with demo_engine.connect() as conn:
        ratings = [
            dict(r)
            for r in conn.execute(
                text(
                    "SELECT x.overall, x.submitted_at, c.id AS center_id, c.code, c.sector_code, c.region_code, "
                    "c.governorate_code, c.locality_code FROM rating x JOIN service_center c ON c.id = x.center_id"
                )
            ).mappings()
            if lo <= (r["submitted_at"] + RIYADH).date() <= hi
        ]
        centers = [
            dict(r)
            for r in conn.execute(
                text("SELECT id, code, sector_code, region_code, governorate_code, locality_code FROM service_center")
            ).mappings()
        ]
        officials = {
            r["username"]: dict(r)
            for r in conn.execute(text("SELECT username, national, areas, sectors, centers FROM official")).mappings()
        }
    return {"ratings": ratings, "centers": centers, "officials": officials}


def in_scope(row: dict, o: dict) -> bool:
    if o["national"]:
        return True
    areas, sectors, centers = set(o["areas"]), set(o["sectors"]), set(o["centers"])
    cid = row.get("center_id", row.get("id"))
    return (
        (not areas or {row["region_code"], row["governorate_code"], row["locality_code"]} & areas)
        and (not sectors or row["sector_code"] in sectors)
        and (not centers or cid in centers)
    )


def expected_n(world, username: str, **codes) -> int:
    o = world["officials"][username]
    return sum(1 for r in world["ratings"] if in_scope(r, o) and all(r[k] == v for k, v in codes.items()))


def outside_center_codes(world, username) -> set[str]:
    o = world["officials"][username]
    return {c["code"] for c in world["centers"] if not in_scope(c, o)}


def api(server, auth, path, **params):
    return requests.get(f"{server.url}/api/v1/{path}", params={**PERIOD, **params}, auth=auth, timeout=30)


@pytest.mark.parametrize("role", ROLES)
def test_api_routes_never_leak(live_server, accounts, world, role):
    auth = accounts[role]
    o = world["officials"][role]
    outside = outside_center_codes(world, role)
    total = api(live_server, auth, "summary").json()
    assert total["n"] == expected_n(world, role) > 0
    for region in ("SA-01", "SA-02", "SA-05"):
        allowed = (
            o["national"]
            or not o["areas"]
            or region in o["areas"]
            or any(a.startswith(region + "-") for a in o["areas"])
        )
        for path, params in (
            ("summary", {"area": region}),
            ("centers", {"area": region}),
            ("areas", {"parent": region}),
        ):
            r = api(live_server, auth, path, **params)
            if not allowed and not (role == "center_manager" and region == "SA-01"):
                assert r.status_code == 403, (role, path, region, r.text[:200])
                continue
            assert r.status_code in (200, 403), r.text[:200]
            if r.status_code == 403:
                continue
            body = r.text
            assert not any(code in body for code in outside), (role, path, region)
            if path == "summary":
                assert r.json()["n"] == expected_n(world, role, region_code=region)
            if path == "areas":
                for f in r.json()["features"]:
                    p = f["properties"]
                    assert p["n"] == expected_n(world, role, governorate_code=p["code"])
    national = api(live_server, auth, "areas").json()
    for f in national["features"]:
        assert f["properties"]["n"] == expected_n(world, role, region_code=f["properties"]["code"])
        if o["areas"] and not o["national"]:
            assert any(
                a == f["properties"]["code"] or a.startswith(f["properties"]["code"] + "-") for a in o["areas"]
            ), f["properties"]["code"]


@pytest.mark.parametrize("role", ROLES)
def test_dash_callbacks_with_forged_inputs_never_leak(live_server, accounts, world, role):
    auth = accounts[role]
    deps = dependencies(live_server, auth)
    render = find(deps, "areas-layer.data")
    navigate = find(deps, "state.data")
    outside = outside_center_codes(world, role)
    o = world["officials"][role]
    for forged in (None, "SA-01", "SA-02", "SA-02-G108175", "SA-06", "nonsense'; --"):
        values = {
            "state.data": {"lang": "en", "area": forged},
            "f-sector.value": "",
            "f-service.value": "",
            "f-source.value": "",
            "f-period.value": [PERIOD["from"], PERIOD["to"]],
        }
        r = call(live_server, auth, render, values)
        assert r.status_code == 200, r.text[:300]
        body = r.text
        assert not any(code in body for code in outside), (role, forged)
        resp = r.json()["response"]
        for f in resp["areas-layer"]["data"]["features"]:
            p = f["properties"]
            level_key = {"region": "region_code", "governorate": "governorate_code", "locality": "locality_code"}[
                p["level"]
            ]
            assert p["n"] == expected_n(world, role, **{level_key: p["code"]}), (role, forged, p["code"])
        kpi_n = resp["kpi-n"]["children"]
        shown = resp["url-sync"]["data"]
        area = dict(x.split("=") for x in shown.lstrip("?").split("&")).get("area")
        want = (
            expected_n(world, role)
            if area is None
            else expected_n(
                world,
                role,
                **{
                    "region_code"
                    if area.count("-") == 1
                    else "governorate_code"
                    if area.count("-") == 2
                    else "locality_code": area
                },
            )
        )
        assert int(kpi_n.replace(",", "")) == want, (role, forged, area)
        if not o["national"] and o["areas"]:
            assert area is not None and any(area == a or area.startswith(a + "-") for a in o["areas"])
        # navigation to a forged area outside the jurisdiction is refused
        click = {"properties": {"code": forged}} if forged else None
        nav = call(
            live_server,
            auth,
            navigate,
            {"areas-layer.clickData": click, "state.data": {"lang": "en", "area": None}},
            changed="areas-layer.clickData",
        )
        assert nav.status_code in (200, 204), nav.text[:300]
        update = nav.json()["response"].get("state") if nav.status_code == 200 else None
        if update is not None:  # otherwise: no update, the navigation was refused
            new_area = update["data"]["area"]
            assert (
                o["national"]
                or not o["areas"]
                or any(new_area == a or new_area.startswith(a + "-") for a in o["areas"])
            ), (role, forged)


def test_unauthenticated_and_tampered_requests_get_nothing(live_server, accounts, demo_settings):
    from flask.sessions import SecureCookieSessionInterface
    from itsdangerous import URLSafeTimedSerializer

    bad_headers = [
        {},
        {"Authorization": "Bearer abc"},
        {"Authorization": "Basic !!!notbase64"},
        {"Authorization": "Basic " + base64.b64encode(b"no-colon").decode()},
        {"Authorization": "Basic " + base64.b64encode(b"analyst:wrong-password").decode()},
        {"Authorization": "Basic " + base64.b64encode(b"\xff\xfe:x").decode()},
    ]
    forged_cookie = URLSafeTimedSerializer(
        "guessed-secret",
        salt="cookie-session",
        serializer=SecureCookieSessionInterface.serializer,
        signer_kwargs={"key_derivation": "hmac", "digest_method": __import__("hashlib").sha1},
    ).dumps({"user": {"email": "analyst", "groups": []}})
    for headers in [*bad_headers, {"Cookie": f"session={forged_cookie}"}]:
        for path in ("/api/v1/areas", "/api/v1/summary?area=SA-01", "/", "/_dash-layout", "/_dash-dependencies"):
            r = requests.get(live_server.url + path, headers=headers, timeout=30)
            if path in ("/_dash-layout", "/_dash-dependencies"):
                assert r.status_code in (200, 401)  # public because of the public health route: no data there
                assert "SA-C0" not in r.text
                continue
            assert r.status_code == 401, (path, headers, r.status_code)
        deps = dependencies(live_server, accounts["analyst"])
        r = call(
            live_server,
            None,
            find(deps, "areas-layer.data"),
            {"state.data": {"lang": "en", "area": "SA-01"}, "f-period.value": [PERIOD["from"], PERIOD["to"]]},
            headers=headers,
        )
        assert r.status_code == 401 and "SA-C0" not in r.text


def test_disabled_official_is_refused_at_once(live_server, demo_engine):
    from marsad.queries import officials

    officials.add(
        demo_engine, username="temp_gov", display_name="T", role="governor", password="t" * 12, areas=["SA-03"]
    )
    assert api(live_server, ("temp_gov", "t" * 12), "summary").status_code == 200
    officials.set_disabled(demo_engine, "temp_gov")
    assert api(live_server, ("temp_gov", "t" * 12), "summary").status_code == 401


def test_two_governors_asking_the_same_question_get_their_own_numbers(live_server, demo_engine, world):
    from marsad.queries import officials

    for name, region in (("gov_a", "SA-01"), ("gov_b", "SA-02")):
        officials.add(demo_engine, username=name, display_name=name, role="governor", password=name * 6, areas=[region])
    a1 = api(live_server, ("gov_a", "gov_a" * 6), "summary").json()
    b1 = api(live_server, ("gov_b", "gov_b" * 6), "summary").json()
    a2 = api(live_server, ("gov_a", "gov_a" * 6), "summary").json()
    ratings = world["ratings"]
    assert a1["n"] == a2["n"] == sum(1 for r in ratings if r["region_code"] == "SA-01")
    assert b1["n"] == sum(1 for r in ratings if r["region_code"] == "SA-02")
    assert a1["n"] != b1["n"]


INJECTIONS = [
    "' OR '1'='1",
    "SA-01'; DROP TABLE rating; --",
    "1) OR (1=1",
    "\\x00",
    "%' --",
    'SA-01" OR ""="',
    "$$; SELECT pg_sleep(5); $$",
    "{*}",
    "*",
]


@pytest.mark.parametrize("role", ["governor", "center_manager"])
def test_injection_strings_in_every_parameter(live_server, accounts, demo_engine, world, role):
    auth = accounts[role]
    outside = outside_center_codes(world, role)
    with demo_engine.connect() as conn:
        before = conn.execute(text("SELECT count(*) FROM rating")).scalar()
    for value in INJECTIONS:
        for path in ("areas", "centers", "summary"):
            for key in ("parent", "area", "level", "sector", "service", "source", "from", "to"):
                r = requests.get(f"{live_server.url}/api/v1/{path}", params={key: value}, auth=auth, timeout=30)
                # refused, or ignored by an endpoint that does not take that parameter
                assert r.status_code in (200, 400, 403), (path, key, value, r.status_code, r.text[:200])
                assert not any(code in r.text for code in outside)
    deps = dependencies(live_server, auth)
    for value in INJECTIONS:
        r = call(
            live_server,
            auth,
            find(deps, "areas-layer.data"),
            {
                "state.data": {"lang": "en", "area": value},
                "f-sector.value": value,
                "f-service.value": value,
                "f-source.value": value,
                "f-period.value": [value, value],
            },
        )
        assert r.status_code == 200, r.text[:300]
        assert not any(code in r.text for code in outside)
    with demo_engine.connect() as conn:
        assert conn.execute(text("SELECT count(*) FROM rating")).scalar() == before


def test_views_are_audited_and_only_analysts_read_the_log(live_server, accounts):
    gov = accounts["governor"]
    api(live_server, gov, "summary", area="SA-01", sector="health")
    r = requests.get(
        f"{live_server.url}/api/v1/audit",
        params={"username": "governor", "limit": 5},
        auth=accounts["analyst"],
        timeout=30,
    )
    assert r.status_code == 200
    latest = r.json()["entries"][0]
    assert latest["username"] == "governor" and latest["target"] == "summary"
    assert latest["params"]["area"] == "SA-01" and latest["params"]["sector"] == "health"
    assert latest["scope"] == {"areas": ["SA-01"], "sectors": None, "centers": None}
    for role in ("governor", "health_head", "center_manager"):
        denied = requests.get(f"{live_server.url}/api/v1/audit", auth=accounts[role], timeout=30)
        assert denied.status_code == 403
    deps = dependencies(live_server, accounts["governor"])
    page = call(live_server, accounts["governor"], find(deps, "audit-table.children"), {"audit-lang.data": "en"})
    assert "Only national analysts" in page.text and "governor" not in page.text.replace("Only", "")


def test_an_explorer_view_is_in_the_audit_log_before_its_answer_arrives(live_server, accounts):
    """The audit row is written alongside the view's reads, and the answer waits for it."""
    gov = accounts["governor"]
    deps = dependencies(live_server, gov)
    period = ["2026-01-03", "2026-02-17"]  # asked by no other test
    r = call(
        live_server,
        gov,
        find(deps, "areas-layer.data"),
        {
            "state.data": {"lang": "en", "area": "SA-01"},
            "f-sector.value": "health",
            "f-service.value": "",
            "f-source.value": "",
            "f-period.value": period,
        },
    )
    assert r.status_code == 200
    entries = requests.get(
        f"{live_server.url}/api/v1/audit",
        params={"username": "governor", "limit": 5},
        auth=accounts["analyst"],
        timeout=30,
    ).json()["entries"]
    latest = next(e for e in entries if e["target"] == "explorer")
    assert latest["params"] == {"area": "SA-01", "sector": "health", "from": period[0], "to": period[1]}
    assert latest["scope"] == {"areas": ["SA-01"], "sectors": None, "centers": None}


def test_a_forged_public_pathname_opens_no_callback(live_server, accounts):
    """dash-auth lets a callback through unauthenticated when an input named `pathname` holds a public
    route; no official is then verified, so every data callback must refuse rather than compute."""
    deps = dependencies(live_server, accounts["analyst"])
    render = next(d for d in deps if "areas-layer.data" in d["output"])
    body = {
        "output": render["output"],
        "outputs": _outputs(render["output"]),
        "changedPropIds": ["state.data"],
        "state": [],
        "inputs": [
            {
                "id": i["id"],
                "property": i["property"],
                "value": {"lang": "en", "area": None} if i["id"] == "state" else "",
            }
            for i in render["inputs"]
        ],
    }
    body["inputs"][0] = {"id": "state", "property": "pathname", "value": "/public/"}
    r = requests.post(f"{live_server.url}/_dash-update-component", json=body, timeout=30)
    assert r.status_code == 401 and "SA-01" not in r.text, r.status_code
    pages = next(d for d in deps if any(i["property"] == "pathname" for i in d["inputs"]))
    body = {
        "output": pages["output"],
        "outputs": _outputs(pages["output"]),
        "changedPropIds": ["_pages_location.pathname"],
        "state": [],
        "inputs": [
            {"id": i["id"], "property": i["property"], "value": "/public/" if i["property"] == "pathname" else ""}
            for i in pages["inputs"]
        ],
    }
    r = requests.post(f"{live_server.url}/_dash-update-component", json=body, timeout=30)
    assert "kpi" not in r.text and "official-name" not in r.text
