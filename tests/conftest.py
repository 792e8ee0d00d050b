"""Fixtures: a real throwaway PostGIS cluster (provisioned by the app's own code), demo data, a live server."""

from __future__ import annotations

import os
import shutil
import tempfile
import threading
from datetime import date
from pathlib import Path

import pytest
from werkzeug.serving import make_server

from marsad.bench.clients import free_port as _free_port
from marsad.db.embedded import EmbeddedCluster
from marsad.db.engines import make_engine
from marsad.db.schema import migrate
from marsad.geodata.demo import DemoSpec, generate
from marsad.settings import Settings

DEMO_END = date(2026, 11, 22)
DEMO = DemoSpec(country="SA", centers=400, ratings=30_000, seed=11, end=DEMO_END)


def _private_tmp(prefix: str) -> Path:
    path = Path(tempfile.mkdtemp(prefix=prefix))
    path.chmod(0o711)  # the postgres user must reach the cluster folder inside
    return path


@pytest.fixture(scope="session")
def cluster():
    root = _private_tmp("marsad-test-")
    c = EmbeddedCluster(root / "pg")
    c.up()
    yield c
    c.destroy()
    shutil.rmtree(root, ignore_errors=True)


def _fresh_engine(cluster: EmbeddedCluster, name: str):
    engine = make_engine(cluster.ensure_database(name))
    migrate(engine)
    return engine


@pytest.fixture(scope="session")
def demo_engine(cluster):
    """A database with the shipped Saudi boundaries and a small deterministic demo."""
    engine = _fresh_engine(cluster, "marsad_demo")
    generate(engine, DEMO, progress=False)
    yield engine
    engine.dispose()


@pytest.fixture(scope="session")
def accounts(demo_engine, tmp_path_factory):
    """username -> (username, password) for one official of every example role."""
    from marsad.geodata import demo_officials

    rows = demo_officials.create(demo_engine, country="SA", path=tmp_path_factory.mktemp("acc") / "officials.txt")
    return {u: (u, p) for u, p, _ in rows}


@pytest.fixture(scope="session")
def fresh_engine_factory(cluster):
    engines = []

    def factory(name: str):
        engine = _fresh_engine(cluster, name)
        engines.append(engine)
        return engine

    yield factory
    for e in engines:
        e.dispose()


class LiveServer:
    def __init__(self, settings: Settings):
        from marsad.app import create_app

        self.settings = settings
        self.app = create_app(settings)
        self.port = _free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self._server = make_server("127.0.0.1", self.port, self.app.server, threaded=True)
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)
        self._thread.start()

    def stop(self):
        self._server.shutdown()
        folder = self.app.server.extensions.get("marsad_fold_worker")
        if folder is not None:
            folder.stop()


@pytest.fixture(scope="session")
def demo_settings(demo_engine, tmp_path_factory):
    return Settings(
        database_url=demo_engine.url.render_as_string(hide_password=False),
        data_dir=tmp_path_factory.mktemp("data"),
        secret_key="test-secret-key-not-for-production",
        fold_interval=0,
    )  # nothing writes ratings here; the citizen tests run their own folder


def site_of(fresh_engine_factory, tmp_path_factory, demo_settings, *, name: str, seed: int, **settings) -> LiveServer:
    """A live server on a database of its own: a small Saudi demo ending today, demo officials (`.accounts`) and
    `settings` over the demo settings; `.engine` is the database owner's."""
    from datetime import date as _date

    from marsad.geodata import demo_officials

    engine = fresh_engine_factory(name)
    generate(engine, DemoSpec(country="SA", centers=150, ratings=6_000, seed=seed, end=_date.today()), progress=False)
    rows = demo_officials.create(engine, country="SA", path=tmp_path_factory.mktemp("acc") / "o.txt")
    server = LiveServer(
        demo_settings.model_copy(
            update={
                "database_url": engine.url.render_as_string(hide_password=False),
                "data_dir": tmp_path_factory.mktemp("d"),
                "fold_interval": 0.3,
                **settings,
            }
        )
    )
    server.engine = engine
    server.accounts = {u: (u, p) for u, p, _ in rows}
    return server


@pytest.fixture(scope="session")
def live_server(demo_settings, accounts):
    server = LiveServer(demo_settings)
    yield server
    server.stop()


CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    exe = os.environ.get("MARSAD_CHROMIUM", "/usr/bin/chromium")
    if not Path(exe).exists():
        pytest.fail(f"Chromium not found at {exe}: install it with apt-get install -y chromium")
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=exe, args=CHROMIUM_ARGS)
        yield b
        b.close()


@pytest.fixture(scope="session")
def redis_url(tmp_path_factory):
    """A private redis-server on a free port, stopped at the end."""
    from marsad.bench.cluster import private_redis, stop_redis

    url = private_redis(tmp_path_factory.mktemp("redis"))
    yield url
    stop_redis(url)


# test tiers (pyproject markers): `pytest -m unit` runs in seconds; database and browser tests start PostGIS,
# a live server, Redis or Chromium. A test is put in its tier by the fixtures it uses, or by an explicit mark.
DATABASE_FIXTURES = {
    "cluster",
    "demo_engine",
    "fresh_engine_factory",
    "accounts",
    "demo_settings",
    "live_server",
    "redis_url",
}


def pytest_collection_modifyitems(config, items):
    for item in items:
        if item.get_closest_marker("browser") is not None or "browser" in item.fixturenames:
            item.add_marker(pytest.mark.browser)
            item.add_marker(pytest.mark.database)
        elif item.get_closest_marker("database") is None and DATABASE_FIXTURES & set(item.fixturenames):
            item.add_marker(pytest.mark.database)
        if item.get_closest_marker("database") is None:
            item.add_marker(pytest.mark.unit)
