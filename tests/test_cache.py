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
