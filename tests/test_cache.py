"""The shared Redis cache: every entry is keyed by the scope, and cached answers equal fresh ones."""

from __future__ import annotations

import redis
import requests

from marsad.jurisdiction import Scope
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
        requests.get(
            f"{server.url}/api/v1/areas", params={**params, "sector": "health"}, auth=accounts["analyst"], timeout=30
        )
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
        region = call(
            server, auth, render, {"state.data": {"lang": "en", "area": "SA-01"}, "f-period.value": period}
        ).json()["response"]
        assert region["centers-layer"]["data"]["features"] == []
        assert "choose a governorate" in region["centers-note"]["children"]
        n = requests.get(f"{server.url}/api/v1/centers", params={"area": "SA-01"}, auth=auth, timeout=30).json()
        assert str(len(n["features"])) in region["centers-note"]["children"]  # the API still lists them all
    finally:
        server.stop()


def test_new_ratings_show_at_once_after_the_data_version_moves(fresh_engine_factory, tmp_path):
    from datetime import date

    from sqlalchemy import text

    from marsad.geodata.demo import DemoSpec, generate
    from marsad.queries import officials, rollups
    from marsad.settings import Settings

    engine = fresh_engine_factory("cache_version")
    generate(engine, DemoSpec(country="BH", centers=20, ratings=500, seed=9, end=date(2026, 11, 22)), progress=False)
    officials.add(engine, username="an", display_name="A", role="analyst", password="a" * 12, national=True)
    server = LiveServer(
        Settings(database_url=engine.url.render_as_string(hide_password=False), data_dir=tmp_path, secret_key="k" * 32)
    )
    try:
        q = {"from": "2026-11-01", "to": "2026-11-22"}
        first = requests.get(f"{server.url}/api/v1/summary", params=q, auth=("an", "a" * 12), timeout=30).json()["n"]
        with engine.begin() as conn:
            before = conn.execute(text("SELECT max(id) FROM rating")).scalar()
            conn.execute(
                text(
                    "INSERT INTO rating (center_id, service_code, submitted_at, overall, source) "
                    "SELECT c.id, cs.service_code, '2026-11-20 10:00+03', 5, 'app' FROM service_center c "
                    "JOIN center_service cs ON cs.center_id = c.id LIMIT 7"
                )
            )
            rollups.add_ratings(conn, after_id=before, upto_id=before + 7)
        cached = requests.get(f"{server.url}/api/v1/summary", params=q, auth=("an", "a" * 12), timeout=30).json()["n"]
        assert cached == first  # still the cached answer
        server.app.server.extensions["marsad"].cache.bump_data_version()
        fresh = requests.get(f"{server.url}/api/v1/summary", params=q, auth=("an", "a" * 12), timeout=30).json()["n"]
        assert fresh == first + 7
    finally:
        server.stop()


def test_reference_data_is_held_per_process_for_the_cache_timeout(monkeypatch):
    """Unit test (the cache is faked): reference data is fetched once per process, then again once expired."""
    import marsad.caching as caching_mod
    from marsad.caching import ScopedCache

    class CountingCache:
        def __init__(self):
            self.data, self.gets = {}, 0

        def get(self, key):
            self.gets += 1
            return self.data.get(key)

        def set(self, key, value):
            self.data[key] = value

    clock = [1000.0]
    monkeypatch.setattr(caching_mod.time, "monotonic", lambda: clock[0])
    cache, computed = CountingCache(), []
    svc = ScopedCache(cache, hold_seconds=300)
    compute = lambda: computed.append(1) or {"SA-01": {"code": "SA-01"}}  # noqa: E731
    first = svc.reference("area_index", compute)
    assert svc.reference("area_index", compute) is first and cache.gets == 1 and computed == [1]
    clock[0] += 301  # expired here: read from the shared cache again (not recomputed)
    assert svc.reference("area_index", compute) == first and cache.gets == 2 and computed == [1]
    other = ScopedCache(cache, hold_seconds=300)  # another process
    assert other.reference("area_index", compute) == first and cache.gets == 3
