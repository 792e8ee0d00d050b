"""A freshly started server answers many first requests at once (Dash's first-request setup is done before)."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import requests

from tests.conftest import LiveServer


def test_concurrent_first_requests_all_succeed(demo_settings, accounts):
    server = LiveServer(demo_settings)
    try:
        auth = next(iter(accounts.values()))  # any official

        def get(i):
            path = ("/_dash-dependencies", "/_dash-layout", "/api/v1/health", "/public/_dash-dependencies")[i % 4]
            return requests.get(server.url + path, auth=auth, timeout=60).status_code

        with ThreadPoolExecutor(max_workers=24) as pool:
            codes = list(pool.map(get, range(48)))
    finally:
        server.stop()
    assert codes == [200] * 48, codes


def test_dash_setup_is_done_before_the_first_request(demo_settings):
    """Dash sets itself up on a server's first request, unsafely when requests race (seen under gunicorn:
    "dictionary changed size during iteration"); create_app must have done it for every Dash app on the server.
    The race itself is too narrow to reproduce on demand, so this checks Dash's own first-request flags."""
    from dash import Dash

    from marsad.app import create_app

    app = create_app(demo_settings)
    try:
        dash_apps = {
            f.__self__ for f in app.server.before_request_funcs[None] if isinstance(getattr(f, "__self__", None), Dash)
        }
        assert len(dash_apps) == 3  # the officials' app, the public one and the embeds'
        assert all(a._got_first_request["setup_server"] for a in dash_apps)
        # synchronous endpoints, though asgiref is installed (Dash would go async, which fails under a running loop)
        assert not any(a._use_async for a in dash_apps)
    finally:
        folder = app.server.extensions.get("marsad_fold_worker")
        if folder is not None:
            folder.stop()
