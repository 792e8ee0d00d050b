"""Every malformed request to a Dash endpoint gets a 4xx, never a server error (hardening issue, finding 7): forged
bodies, and each server-side callback of both apps (from /_dash-dependencies) called with odd values in every
input, signed in and not."""

from __future__ import annotations

import base64
import http.client
import json
import random

import pytest
import requests

from tests.jurisdiction_helpers import _outputs

pytestmark = pytest.mark.database
ODD = [
    None,
    "",
    "²",
    "٣",
    "\x00",
    "x" * 5000,
    -1,
    2**40,
    3.5,
    True,
    [],
    [None, None],
    ["2026-01-01"],
    ["2026-02-30", "2026-01-01"],
    {},
    {"lang": "xx", "area": ["SA-01"], "center": "²"},
    {"properties": {"code": 5}},
]


def post(url, body, auth=None):
    data = body if isinstance(body, str) else json.dumps(body)
    return requests.post(url, data=data, auth=auth, headers={"Content-Type": "application/json"}, timeout=60)


def body_for(dep: dict, values: dict) -> dict:
    def fill(items):
        return [
            {"id": i["id"], "property": i["property"], **({"value": values[n]} if n in values else {})}
            for n, i in enumerate(items)
        ]

    first = dep["inputs"][0]
    return {
        "output": dep["output"],
        "outputs": _outputs(dep["output"]),
        "inputs": fill(dep["inputs"]),
        "changedPropIds": [f"{first['id']}.{first['property']}" if isinstance(first["id"], str) else "x.y"],
        "state": fill(dep.get("state", [])),
    }


def server_side(deps: list[dict]) -> list[dict]:
    return [d for d in deps if not d.get("clientside_function")]


def test_forged_bodies_get_400(live_server, accounts):
    analyst = accounts["analyst"]
    deps = server_side(requests.get(f"{live_server.url}/_dash-dependencies", auth=analyst, timeout=30).json())
    public = server_side(requests.get(f"{live_server.url}/public/_dash-dependencies", timeout=30).json())
    official_url, public_url = (
        f"{live_server.url}/_dash-update-component",
        f"{live_server.url}/public/_dash-update-component",
    )
    dep = deps[0]
    extra = body_for(dep, {})
    extra["inputs"].append({"id": "x", "property": "value", "value": 1})
    cases = [
        (official_url, b)
        for b in (
            "{}",
            "[1]",
            '"x"',
            "not json",
            "null",
            json.dumps({"output": 5}),
            json.dumps({"output": "nope.children", "inputs": []}),
        )
    ]
    cases += [
        (official_url, extra),
        (public_url, body_for(dep, {})),  # an official callback posted to the public app
        (public_url, {"output": public[0]["output"], "inputs": "x"}),
        (
            public_url,
            {**body_for(public[0], {}), "inputs": [{"id": "pub-url", "property": "pathname", "value": 5}] * 2},
        ),
    ]
    for url, body in cases:
        for auth in (analyst, None):
            r = post(url, body, auth)
            assert 400 <= r.status_code < 500, (url, str(body)[:120], auth is not None, r.status_code, r.text[:200])
    for path in (
        "/_dash-component-suites/../../etc/passwd",
        "/_dash-component-suites/dash/..%2F..%2Fapp.py",
        "/public/_dash-component-suites/dash/../../../marsad/settings.py",
    ):
        conn = http.client.HTTPConnection("127.0.0.1", live_server.port, timeout=30)  # sends the path as it is
        conn.request(
            "GET", path, headers={"Authorization": "Basic " + base64.b64encode(":".join(analyst).encode()).decode()}
        )
        assert conn.getresponse().status in (400, 404), path
        conn.close()
    assert (
        requests.get(
            f"{live_server.url}/api/v1/audit", params={"username": "\x00"}, auth=analyst, timeout=30
        ).status_code
        == 400
    )


def test_every_callback_with_odd_values_answers_without_a_server_error(live_server, accounts):
    """Each input of each callback in turn takes each odd value (the others empty), then random mixes."""
    rng = random.Random(7)
    analyst = accounts["center_manager"]
    apps = [
        (
            f"{live_server.url}/_dash-update-component",
            analyst,
            server_side(requests.get(f"{live_server.url}/_dash-dependencies", auth=analyst, timeout=30).json()),
        ),
        (
            f"{live_server.url}/public/_dash-update-component",
            None,
            server_side(requests.get(f"{live_server.url}/public/_dash-dependencies", timeout=30).json()),
        ),
        (
            f"{live_server.url}/embed/_dash-update-component",
            None,
            server_side(requests.get(f"{live_server.url}/embed/_dash-dependencies", timeout=30).json()),
        ),
    ]
    failures, calls = [], 0
    for url, auth, deps in apps:
        for dep in deps:
            n = len(dep["inputs"]) + len(dep.get("state", []))
            trials = [{i: v} for i in range(n) for v in ODD] + [
                {i: rng.choice(ODD) for i in range(n)} for _ in range(10)
            ]
            for values in trials:
                body = body_for(dep, {i: v for i, v in values.items() if i < len(dep["inputs"])})
                state_values = {i - len(dep["inputs"]): v for i, v in values.items() if i >= len(dep["inputs"])}
                for k, v in state_values.items():
                    body["state"][k]["value"] = v
                r = post(url, body, auth)
                calls += 1
                if r.status_code >= 500:
                    failures.append((dep["output"][:60], values, r.status_code, r.text[:160]))
    print(f"\nDash callbacks fuzzed: {calls} calls, {len(failures)} server errors")
    assert calls > 500
    kinds = sorted({(f[0], tuple(f[1])) for f in failures})
    assert not failures, kinds[:40]
