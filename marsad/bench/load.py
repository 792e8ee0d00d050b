"""Load on the benchmark's server: nearest centers, uploads through the API and people browsing at once."""

from __future__ import annotations

import statistics
import time
from datetime import date, timedelta

import requests
from sqlalchemy import Engine

from marsad.bench.clients import pct, render_payload
from marsad.queries import bench as bench_queries

# uploaded benchmark ratings are dated in this year, which nothing else is, and removed after
BENCH_YEAR = (date(2000, 1, 1), date(2001, 1, 1))


def nearest(session, url: str, engine: Engine, n: int) -> dict:
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
        "p95_ms": round(pct(times, 0.95) * 1000, 1),
        "mean_results": round(statistics.mean(found), 1),
    }


def api_ingest(session, url: str, engine: Engine, *, batches: int = 10, size: int = 1000) -> dict:
    """POST /api/v1/ratings/batch: ratings per second over HTTP, and how long until every one of them is
    folded into the rollups (the server's fold worker)."""
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


def remove_bench_ratings(engine: Engine) -> None:
    """Take the uploaded benchmark ratings out again, with their rollup rows (nothing else is dated in
    BENCH_YEAR)."""
    with engine.begin() as conn:
        bench_queries.remove_dated(conn, *BENCH_YEAR)


def concurrency(
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
            body = render_payload(deps, state, rng.choice(periods), sector)
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
        "p95_ms": round(pct(times, 0.95) * 1000, 1) if times else None,
    }
