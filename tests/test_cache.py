"""The shared Redis cache: every entry is keyed by the scope, and cached answers equal fresh ones."""

from __future__ import annotations

import redis
import requests

from marsad.queries.scope import Scope
from tests.conftest import LiveServer


def test_redis_cache_keys_hold_the_scope(demo_settings, redis_url, accounts):
    client = redis.Redis.from_url(redis_url)
    client.flushdb()
    server = LiveServer(demo_settings.model_copy(update={"redis_url": redis_url}))
    try:
        params = {"parent": "SA-01", "from": "2026-01-01", "to": "2026-06-30"}
        first = requests.get(f"{server.url}/api/v1/areas", params=params, auth=accounts["analyst"], timeout=30)
        keys = [k.decode() for k in client.keys("marsad:*child_areas*")]
        assert len(keys) == 1
        assert Scope.national().cache_key() in keys[0]
        second = requests.get(f"{server.url}/api/v1/areas", params=params, auth=accounts["analyst"], timeout=30)
        assert first.json() == second.json()
        requests.get(f"{server.url}/api/v1/areas", params={**params, "sector": "health"}, auth=accounts["analyst"],
                     timeout=30)
        assert len(client.keys("marsad:*child_areas*")) == 2
    finally:
        server.stop()


def test_map_asks_to_zoom_in_above_the_center_limit(demo_settings, accounts):
    from tests.jurisdiction_helpers import call, dependencies, find

    server = LiveServer(demo_settings.model_copy(update={"max_map_centers": 20}))
    try:
        auth = accounts["analyst"]
        render = find(dependencies(server, auth), "areas-layer.data")
        period = ["2025-11-23", "2026-11-22"]
        region = call(server, auth, render, {"state.data": {"lang": "en", "area": "SA-01"},
                                             "f-period.value": period}).json()["response"]
        assert region["centers-layer"]["data"]["features"] == []
        assert "choose a governorate" in region["centers-note"]["children"]
        n = requests.get(f"{server.url}/api/v1/centers", params={"area": "SA-01"}, auth=auth, timeout=30).json()
        assert str(len(n["features"])) in region["centers-note"]["children"]  # the API still lists them all
    finally:
        server.stop()
