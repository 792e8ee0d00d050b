"""`marsad bench`: explorer interactions over HTTP against gunicorn, the bare-SQL floor, payload sizes,
nearest centers, ingest through the API and into the rollups, concurrent users, and growth against an
earlier run. Prints a table and writes it as JSON.
"""

from __future__ import annotations

import base64
import gzip
import http.client
import json
import os
import secrets
import socket
import statistics
import subprocess
import sys
import time
from datetime import date, timedelta
from pathlib import Path

import requests
from sqlalchemy import Engine

from marsad.db.engines import make_engine
from marsad.db.transactions import app_engine_hooks
from marsad.jurisdiction import Scope
from marsad.queries import bench as bench_queries
from marsad.queries import officials, rollups, stats
from marsad.queries.areas import area_index
from marsad.queries.filters import Filters
from marsad.settings import Settings


def _pct(values: list[float], q: float) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, round(q * (len(values) - 1)))]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


SERVER_WORKERS = 2


class Server:
    """gunicorn serving marsad.app:server on a free loopback port."""

    def __init__(self, database_url: str, workers: int = SERVER_WORKERS):
        self.port = _free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        env = {**os.environ, "MARSAD_DATABASE_URL": database_url, "MARSAD_SECRET_KEY": secrets.token_urlsafe(32)}
        env.pop("MARSAD_REDIS_URL", None)
        self.proc = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "gunicorn",
                "-c",
                "python:marsad.gunicorn_conf",
                "-w",
                str(workers),
                "-b",
                f"127.0.0.1:{self.port}",
                "--log-level",
                "warning",
                "marsad.app:server",
            ],
            env=env,
        )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                if requests.get(f"{self.url}/api/v1/health", timeout=15).status_code == 200:
                    return
            except requests.RequestException:  # not listening yet, or a worker still building the app
                pass
            if self.proc.poll() is not None:
                raise RuntimeError("the benchmark server exited; see the messages above")
            time.sleep(0.2)
        self.stop()
        raise RuntimeError("the benchmark server did not start; see the messages above")

    def stop(self) -> None:
        self.proc.terminate()
        self.proc.wait(timeout=30)


class Browser:
    """Calls as a browser makes them, on one kept-alive connection: basic auth, a JSON body, a gzip answer
    (decoded). The explorer's answers are timed with it rather than with requests, whose own Python work
    added 1.7 ms to each call on this machine (6.3 vs 8.0 ms for the same cached answer), which no browser
    spends."""

    def __init__(self, port: int, auth: tuple[str, str]):
        token = base64.b64encode(f"{auth[0]}:{auth[1]}".encode()).decode()
        self.headers = {
            "Authorization": f"Basic {token}",
            "Content-Type": "application/json",
            "Accept-Encoding": "gzip",
        }
        self.conn = http.client.HTTPConnection("127.0.0.1", port, timeout=120)

    def post(self, path: str, body: dict) -> bytes:
        """The answer's body; an error unless it is 200 OK."""
        self.conn.request("POST", path, body=json.dumps(body), headers=self.headers)
        r = self.conn.getresponse()
        data = r.read()
        if r.status != 200:
            raise RuntimeError(f"POST {path}: HTTP {r.status} {data[:300]!r}")
        return gzip.decompress(data) if r.getheader("Content-Encoding") == "gzip" else data

    def close(self) -> None:
        self.conn.close()


def _render_payload(deps: list[dict], state: dict, period: list[str], sector: str = "") -> dict:
    dep = next(d for d in deps if "areas-layer.data" in d["output"])
    values = {
        "state.data": state,
        "f-sector.value": sector,
        "f-service.value": "",
        "f-source.value": "",
        "f-period.value": period,
    }
    outputs = [dict(zip(("id", "property"), p.rsplit(".", 1))) for p in dep["output"].strip(".").split("...") if p]
    return {
        "output": dep["output"],
        "outputs": outputs,
        "changedPropIds": ["state.data"],
        "inputs": [
            {"id": i["id"], "property": i["property"], "value": values.get(f"{i['id']}.{i['property']}")}
            for i in dep["inputs"]
        ],
        "state": [],
    }


def run(
    engine: Engine,
    database_url: str,
    *,
    repeats: int = 100,
    out: Path | None = None,
    users: int = 50,
    duration: float = 120.0,
    compare: dict | None = None,
    progress=print,
) -> dict:
    index = area_index(engine)
    region = "SA-01" if "SA-01" in index else min(c for c, a in index.items() if a["level"] == "region")
    governorate = min(c for c, a in index.items() if a["parent_code"] == region)
    with engine.connect() as conn:
        last, n_ratings, n_centers = bench_queries.dataset(conn)
    last = last or date.today()
    username, password = f"bench_{secrets.token_hex(4)}", secrets.token_urlsafe(16)
    officials.add(engine, username=username, display_name="benchmark", role="analyst", password=password, national=True)
    interactions: dict[str, tuple[dict, str]] = {  # name -> (state, sector)
        "national": ({"lang": "ar", "area": None}, ""),
        "drill: region": ({"lang": "ar", "area": region}, ""),
        "drill: governorate": ({"lang": "ar", "area": governorate}, ""),
        "sector switch (national)": ({"lang": "ar", "area": None}, "health"),
        "filter change (region)": ({"lang": "ar", "area": region}, "passports"),
    }
    results: dict = {"dataset": {"ratings": n_ratings, "centers": n_centers}, "interactions": {}, "payload": {}}
    server = Server(database_url)
    browser = None
    try:
        session = requests.Session()
        session.auth = (username, password)
        deps = session.get(f"{server.url}/_dash-dependencies", timeout=30).json()

        browser = Browser(server.port, (username, password))

        def call(state, sector, period) -> tuple[float, dict]:
            """Seconds for the explorer's answer, and the answer."""
            t = time.perf_counter()
            data = browser.post("/_dash-update-component", _render_payload(deps, state, period, sector))
            return time.perf_counter() - t, json.loads(data)

        progress("bench: warming up the server's workers …")
        # Each worker loads its reference data (boundaries, catalogue) and opens its connections on its first
        # answers: that is process start, not the cold cache measured below, so it happens here, on periods
        # (ending 400+ days ago) that no measured request asks for. Separate connections reach both workers.
        for k in range(4 * SERVER_WORKERS):
            for state, sector in interactions.values():
                body = _render_payload(
                    deps,
                    state,
                    [(last - timedelta(days=764 + k)).isoformat(), (last - timedelta(days=400 + k)).isoformat()],
                    sector,
                )
                requests.post(
                    f"{server.url}/_dash-update-component", json=body, auth=(username, password), timeout=120
                ).raise_for_status()
        for name, (state, sector) in interactions.items():
            progress(f"bench: {name} …")
            cold, warm, floor = [], [], []
            # a period never asked before: no answer that depends on it is cached (the count of the area's
            # centers, the same for every period, is: view.py)
            periods = [(last - timedelta(days=364 + i + 1), last - timedelta(days=i + 1)) for i in range(repeats)]
            with Floor(engine, index, state, sector, Settings().max_map_centers) as bare:
                # each cold answer paired with the floor over the same period, taken right before or after it
                # (alternately, so that neither always finds the other's pages just read): both under the
                # same load of this machine
                for i, (start, end) in enumerate(periods):
                    if i % 2:
                        floor.append(bare.time(start, end))
                    cold.append(call(state, sector, [start.isoformat(), end.isoformat()])[0])
                    if not i % 2:
                        floor.append(bare.time(start, end))
            period = [(last - timedelta(days=364)).isoformat(), last.isoformat()]
            call(state, sector, period)
            for _ in range(repeats):
                warm.append(call(state, sector, period)[0])
            results["interactions"][name] = {
                "cold_p50_ms": round(statistics.median(cold) * 1000, 1),
                "cold_p95_ms": round(_pct(cold, 0.95) * 1000, 1),
                "warm_p50_ms": round(statistics.median(warm) * 1000, 1),
                "warm_p95_ms": round(_pct(warm, 0.95) * 1000, 1),
                "sql_p50_ms": round(statistics.median(floor) * 1000, 1),
                "cold_over_sql": round(statistics.median(cold) / statistics.median(floor), 2),
            }
        for name, area in (("national", None), ("region", region), ("governorate", governorate)):
            period = [(last - timedelta(days=364)).isoformat(), last.isoformat()]
            resp = call({"lang": "ar", "area": area}, "", period)[1]["response"]
            raw = json.dumps({"areas": resp["areas-layer"]["data"], "centers": resp["centers-layer"]["data"]}).encode()
            results["payload"][name] = {
                "raw_kb": round(len(raw) / 1024, 1),
                "gzip_kb": round(len(gzip.compress(raw, 6)) / 1024, 1),
                "centers": len(resp["centers-layer"]["data"]["features"]),
            }
        progress("bench: nearest centers …")
        results["nearest"] = _nearest(session, server.url, engine, repeats * 5)
        progress("bench: ingest through the API …")
        # the same 10,000 ratings in batches of 1,000 and of 5,000 (the most the API takes at once)
        results["api_ingest"] = [
            _api_ingest(session, server.url, engine, batches=10, size=1000),
            _api_ingest(session, server.url, engine, batches=2, size=5000),
        ]
        progress(f"bench: {users} users browsing for {duration:.0f} s …")
        results["concurrency"] = _concurrency(
            server.url, (username, password), deps, interactions, last, users=users, duration=duration
        )
    finally:
        if browser is not None:
            browser.close()
        server.stop()
        officials.set_disabled(engine, username)
        _remove_bench_ratings(engine)
    results["ingest"] = _rollup_throughput(engine)
    if compare:
        results["compare"] = {"dataset": compare["dataset"], "interactions": compare["interactions"]}
    if out:
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(json.dumps(results, indent=2, default=str))
    return results


# uploaded benchmark ratings are dated in this year, which nothing else is, and removed after
BENCH_YEAR = (date(2000, 1, 1), date(2001, 1, 1))


def _nearest(session, url: str, engine: Engine, n: int) -> dict:
    """GET /api/v1/public/nearby around n active centers (jittered by about 2 km), radius 10 km."""
    with engine.connect() as conn:
        points = bench_queries.active_points(conn, n)
    times, found = [], []
    for i, (lat, lon) in enumerate(points):
        params = {
            "lat": round(lat + 0.02 * ((i % 5) - 2) / 2, 5),
            "lon": round(lon + 0.02 * ((i % 3) - 1), 5),
            "radius_km": 10,
            "limit": 20,
        }
        t = time.perf_counter()
        r = session.get(f"{url}/api/v1/public/nearby", params=params, timeout=60)
        times.append(time.perf_counter() - t)
        r.raise_for_status()
        found.append(len(r.json()["items"]))
    return {
        "requests": len(times),
        "p50_ms": round(statistics.median(times) * 1000, 1),
        "p95_ms": round(_pct(times, 0.95) * 1000, 1),
        "mean_results": round(statistics.mean(found), 1),
    }


def _api_ingest(session, url: str, engine: Engine, *, batches: int = 10, size: int = 1000) -> dict:
    """POST /api/v1/ratings/batch: ratings per second over HTTP, and how long until every one of them is
    folded into the rollups (the server's folder thread)."""
    with engine.connect() as conn:
        pairs = bench_queries.center_services(conn, size)

    def batch(b: int) -> list[dict]:
        # like a month's survey: many centers over 30 days (each batch another month of the benchmark's year), so
        # that every batch adds thousands of new rollup rows, not counts to the same few
        return [
            {
                "center_id": c,
                "service_code": s,
                "overall": 1 + i % 5,
                "criteria": {"speed": 1 + (i * 7) % 5},
                "source": "survey",
                "submitted_at": f"{BENCH_YEAR[0] + timedelta(days=(b % 12) * 30 + i % 30)}T12:00:00+03:00",
            }
            for i, (c, s) in ((i, pairs[i % len(pairs)]) for i in range(size))
        ]  # a small demo repeats pairs

    bodies = [{"ratings": batch(b)} for b in range(batches)]
    t = time.perf_counter()
    for body in bodies:
        session.post(f"{url}/api/v1/ratings/batch", json=body, timeout=120).raise_for_status()
    sent = time.perf_counter() - t
    deadline = time.monotonic() + 60
    with engine.connect() as conn:
        while bench_queries.anything_pending(conn):
            if time.monotonic() > deadline:
                break
            conn.rollback()
            time.sleep(0.05)
    visible = time.perf_counter() - t
    n = batches * size
    return {
        "ratings": n,
        "batch": size,
        "ratings_per_s": round(n / sent),
        "visible_after_s": round(visible, 2),
        "visible_after_last_batch_s": round(visible - sent, 2),
    }


def _remove_bench_ratings(engine: Engine) -> None:
    """Take the uploaded benchmark ratings out again, with their rollup rows (nothing else is dated in
    BENCH_YEAR)."""
    with engine.begin() as conn:
        bench_queries.remove_dated(conn, *BENCH_YEAR)


def _concurrency(
    url: str, auth, deps: list[dict], interactions: dict, last: date, *, users: int, duration: float
) -> dict:
    """`users` threads, each with its own session, browsing the explorer (random interaction and one of a
    dozen periods, so both cold and warm answers) for `duration` seconds."""
    import random
    import threading

    periods = [
        [(last - timedelta(days=364 + k)).isoformat(), (last - timedelta(days=k)).isoformat()] for k in range(12)
    ]
    names = list(interactions)
    times, errors, lock = [], [], threading.Lock()
    stop_at = time.monotonic() + duration

    def user(seed: int) -> None:
        rng = random.Random(seed)
        session = requests.Session()
        session.auth = auth
        while time.monotonic() < stop_at:
            state, sector = interactions[rng.choice(names)]
            body = _render_payload(deps, state, rng.choice(periods), sector)
            t = time.perf_counter()
            try:
                r = session.post(
                    f"{url}/_dash-update-component", json=body, timeout=60, headers={"Accept-Encoding": "gzip"}
                )
                error = None if r.status_code == 200 else f"HTTP {r.status_code}"
            except requests.RequestException as exc:
                error = f"{type(exc).__name__}: {str(exc)[-80:]}"
            elapsed = time.perf_counter() - t
            with lock:
                if error is None:
                    times.append(elapsed)
                else:
                    errors.append(error)
            time.sleep(rng.uniform(0.5, 2.0))  # a person reading the screen

    threads = [threading.Thread(target=user, args=(i,)) for i in range(users)]
    for th in threads:
        th.start()
    for th in threads:
        th.join()
    return {
        "users": users,
        "seconds": duration,
        "requests": len(times) + len(errors),
        "errors": len(errors),
        "error_kinds": {e: errors.count(e) for e in sorted(set(errors))},
        "p50_ms": round(statistics.median(times) * 1000, 1) if times else None,
        "p95_ms": round(_pct(times, 0.95) * 1000, 1) if times else None,
    }


class Floor:
    """The same queries an interaction needs, straight from the query layer: no HTTP, no cache, one after the
    other, on a connection of its own."""

    def __init__(self, engine: Engine, index: dict, state: dict, sector: str, max_centers: int):
        self.area = index.get(state["area"]) if state["area"] else None
        self.country = self.area["country"] if self.area else next(a["country"] for a in index.values())
        self.sector = sector or None
        self.engine = app_engine_hooks(make_engine(engine.url.render_as_string(hide_password=False), pool_size=1))
        self.scope = Scope.national()
        # like the app's answers after the first: the count of centers (the same for every period) is known
        self.with_centers = (
            self.area is not None
            and stats.count_centers(self.engine, scope=self.scope, area=self.area, sector=self.sector, service=None)
            <= max_centers
        )

    def time(self, start: date, end: date) -> float:
        """Seconds to read everything the interaction shows for this period."""
        f = Filters(date_from=start, date_to=end, sector=self.sector)
        t = time.perf_counter()
        stats.child_areas(self.engine, scope=self.scope, filters=f, parent=self.area, country=self.country)
        if self.with_centers and self.area is not None:
            stats.centers(self.engine, scope=self.scope, filters=f, area=self.area)
        stats.kpis(self.engine, scope=self.scope, filters=f, area=self.area)
        stats.trend(self.engine, scope=self.scope, filters=f, area=self.area)
        return time.perf_counter() - t

    def __enter__(self) -> Floor:
        return self

    def __exit__(self, *exc) -> None:
        self.engine.dispose()


def _rollup_throughput(engine: Engine, batch: int = 5000) -> dict:
    """Ratings per second folded into every rollup once stored and queued, as the server's folder does it
    (inside a transaction that is rolled back): copies of the latest ratings, dated now. Ingest through the
    API adds validation and the insert itself on top of this."""
    with engine.connect() as conn:
        tx = conn.begin()
        try:
            bench_queries.queue_copies_of_latest(conn, batch)
            t = time.perf_counter()
            folded = 0
            # after another server's fold, if one is at work on this database; then the rest of the queue too
            while n := rollups.fold_pending(conn, wait=True):
                folded += n
            elapsed = time.perf_counter() - t
        finally:
            tx.rollback()
    return {"batch": folded, "seconds": round(elapsed, 3), "ratings_per_s": round(folded / elapsed)}


def print_table(results: dict) -> None:
    d = results["dataset"]
    print(f"\ndataset: {d['ratings']:,} ratings, {d['centers']:,} centers")
    print(f"{'interaction':<28}{'cold p50':>10}{'cold p95':>10}{'warm p50':>10}{'warm p95':>10}{'SQL':>9}{'ratio':>7}")
    for name, r in results["interactions"].items():
        print(
            f"{name:<28}{r['cold_p50_ms']:>8.0f}ms{r['cold_p95_ms']:>8.0f}ms{r['warm_p50_ms']:>8.1f}ms"
            f"{r['warm_p95_ms']:>8.1f}ms{r['sql_p50_ms']:>7.0f}ms{r['cold_over_sql'] or 0:>7.2f}"
        )
    print(f"\n{'map data':<28}{'raw':>10}{'gzip':>10}{'centers':>10}")
    for name, p in results["payload"].items():
        print(f"{name:<28}{p['raw_kb']:>8.0f}KB{p['gzip_kb']:>8.0f}KB{p['centers']:>10}")
    n = results["nearest"]
    print(f"\nnearest centers (public API, {n['requests']} points): p50 {n['p50_ms']:.0f} ms, p95 {n['p95_ms']:.0f} ms")
    for a in results["api_ingest"]:
        print(
            f"ingest through the API: {a['ratings_per_s']:,} ratings/s ({a['ratings']:,} in batches of {a['batch']:,}); "
            f"all in the rollups {a['visible_after_last_batch_s']:.2f} s after the last batch"
        )
    i = results["ingest"]
    print(f"folding stored ratings into every rollup: {i['ratings_per_s']:,} ratings/s (batch of {i['batch']:,})")
    c = results["concurrency"]
    print(
        f"{c['users']} users for {c['seconds']:.0f} s: {c['requests']:,} requests, p50 {c['p50_ms'] or 0:.0f} ms, "
        f"p95 {c['p95_ms'] or 0:.0f} ms, {c['errors']} errors {c.get('error_kinds') or ''}"
    )
    if results.get("compare"):
        other = results["compare"]
        print(
            f"\ngrowth: p95 here ({results['dataset']['ratings']:,} ratings) / p95 at "
            f"{other['dataset']['ratings']:,} ratings"
        )
        for name, r in results["interactions"].items():
            if name in other["interactions"]:
                o = other["interactions"][name]
                print(
                    f"{name:<28} cold {r['cold_p95_ms'] / o['cold_p95_ms']:>5.2f}   warm "
                    f"{r['warm_p95_ms'] / o['warm_p95_ms']:>5.2f}"
                )
