"""Officials' personal API keys (briefings issue): shown once, acting with the official's jurisdiction as it is now,
revocable, expiring, rate-limited, audited, and unable to make more keys or open the pages."""

from __future__ import annotations

import secrets

import pytest
import requests
from sqlalchemy import text

from marsad.queries import officials
from tests.conftest import LiveServer

pytestmark = pytest.mark.database


@pytest.fixture()
def server(demo_settings, demo_engine, tmp_path):
    live = LiveServer(demo_settings.model_copy(update={"data_dir": tmp_path, "api_key_requests_per_minute": 8}))
    name, password = f"keys_{secrets.token_hex(3)}", secrets.token_urlsafe(12)
    officials.add(demo_engine, username=name, display_name="k", role="governor", password=password, areas=["SA-01"])
    live.account = (name, password)
    yield live
    live.stop()
    officials.set_disabled(demo_engine, name)


def call(server, method, path, *, auth=None, key=None, **kw):
    headers = {"Authorization": f"Bearer {key}"} if key else {}
    return requests.request(method, f"{server.url}/api/v1/{path}", auth=auth, headers=headers, timeout=30, **kw)


def test_a_key_acts_with_its_officials_jurisdiction_and_no_further(server, demo_engine):
    r = call(server, "POST", "keys", auth=server.account, json={"name": "briefing notebook", "days": 30})
    assert r.status_code == 201, r.text
    key, key_id = r.json()["key"], r.json()["id"]
    assert key.startswith("mk_") and r.json()["expires_at"]
    listed = call(server, "GET", "keys", auth=server.account).json()["items"]
    assert [k["id"] for k in listed] == [key_id] and "key" not in listed[0] and "key_hash" not in listed[0]
    assert call(server, "GET", "centers", key=key, params={"area": "SA-01"}).status_code == 200
    assert call(server, "GET", "centers", key=key, params={"area": "SA-02"}).status_code == 403
    assert requests.get(f"{server.url}/", headers={"Authorization": f"Bearer {key}"}, timeout=30).status_code == 401
    assert call(server, "POST", "keys", key=key, json={"name": "another"}).status_code == 403  # no keys from keys
    with demo_engine.connect() as conn:
        used = conn.execute(
            text("SELECT params FROM audit_log WHERE username = :u AND target = 'centers' ORDER BY id DESC LIMIT 1"),
            {"u": server.account[0]},
        ).scalar()
    assert used["api_key"] == key.split("_")[1]
    # the official's jurisdiction narrows: so does the key, at once
    with demo_engine.begin() as conn:
        conn.execute(text("UPDATE official SET areas = '{SA-01-G1}' WHERE username = :u"), {"u": server.account[0]})
    gov = requests.get(
        f"{server.url}/api/v1/areas", params={"parent": "SA-01"}, headers={"Authorization": f"Bearer {key}"}, timeout=30
    )
    assert gov.status_code == 403
    # disabled: the key stops
    officials.set_disabled(demo_engine, server.account[0])
    assert call(server, "GET", "summary", key=key).status_code == 401
    officials.set_disabled(demo_engine, server.account[0], False)
    with demo_engine.begin() as conn:
        conn.execute(text("UPDATE official SET areas = '{SA-01}' WHERE username = :u"), {"u": server.account[0]})
    assert call(server, "GET", "summary", key=key).status_code == 200
    # revoked: it stops; revoking again is a 404
    assert call(server, "DELETE", f"keys/{key_id}", auth=server.account).status_code == 200
    assert call(server, "GET", "summary", key=key).status_code == 401
    assert call(server, "DELETE", f"keys/{key_id}", auth=server.account).status_code == 404


def test_expired_forged_and_overused_keys(server, demo_engine):
    key = call(server, "POST", "keys", auth=server.account, json={"name": "x", "days": 1}).json()["key"]
    prefix = key.split("_")[1]
    for forged in (key[:-1] + ("A" if key[-1] != "A" else "B"), "mk_" + "0" * 12 + "_" + "A" * 43, "abc", key + "x"):
        assert call(server, "GET", "summary", key=forged).status_code == 401, forged
    statuses = [call(server, "GET", "summary", key=key).status_code for _ in range(9)]
    assert statuses[:8] == [200] * 8 and statuses[8] == 429  # 8 a minute in this server's settings
    with demo_engine.begin() as conn:
        conn.execute(
            text("UPDATE api_key SET expires_at = now() - interval '1 second' WHERE prefix = :p"), {"p": prefix}
        )
    assert call(server, "GET", "summary", key=key).status_code == 401
    assert call(server, "POST", "keys", auth=server.account, json={"name": "x", "days": 4000}).status_code == 400
