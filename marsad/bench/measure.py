"""`marsad bench`: explorer interactions over HTTP against gunicorn, the bare-SQL floor, payload sizes,
nearest centers, ingest through the API and into the rollups, concurrent users, and growth against an
earlier run."""

from __future__ import annotations

import gzip
import json
import statistics
import time
from datetime import date, timedelta
from pathlib import Path

import requests
from sqlalchemy import Engine

from marsad.bench.clients import SERVER_WORKERS, Browser, Server, bench_official, pct, render_payload
from marsad.bench.floor import Floor, rollup_throughput
from marsad.bench.load import api_ingest, concurrency, nearest, remove_bench_ratings
from marsad.queries import bench as bench_queries
from marsad.queries import officials
from marsad.queries.areas import area_index
from marsad.settings import Settings


def explorer_interactions(engine: Engine) -> dict[str, tuple[dict, str]]:
    """The explorer interactions timed: name -> (page state, sector)."""
    index = area_index(engine)
    region = "SA-01" if "SA-01" in index else min(c for c, a in index.items() if a["level"] == "region")
    governorate = min(c for c, a in index.items() if a["parent_code"] == region)
    return {
        "national": ({"lang": "ar", "area": None}, ""),
        "drill: region": ({"lang": "ar", "area": region}, ""),
        "drill: governorate": ({"lang": "ar", "area": governorate}, ""),
        "sector switch (national)": ({"lang": "ar", "area": None}, "health"),
        "filter change (region)": ({"lang": "ar", "area": region}, "passports"),
        "combined index (national)": ({"lang": "ar", "area": None, "measure": "index"}, ""),
        "combined index (region)": ({"lang": "ar", "area": region, "measure": "index"}, ""),
    }


def warm_up(url: str, auth: tuple[str, str], deps: list[dict], interactions: dict, last: date) -> None:
    """Each worker loads its reference data (boundaries, catalogue) and opens its connections on its first
    answers: that is process start, not the cold cache measured after, so it happens here, on periods (ending 400+
    days before `last`) that no measured request asks for. Separate connections reach every worker."""
    for k in range(4 * SERVER_WORKERS):
        for state, sector in interactions.values():
            period = [(last - timedelta(days=764 + k)).isoformat(), (last - timedelta(days=400 + k)).isoformat()]
            body = render_payload(deps, state, period, sector)
            requests.post(f"{url}/_dash-update-component", json=body, auth=auth, timeout=120).raise_for_status()


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
    with engine.connect() as conn:
        last, n_ratings, n_centers = bench_queries.dataset(conn)
    last = last or date.today()
    username, password = bench_official(engine)
    interactions = explorer_interactions(engine)
    index = area_index(engine)
    region, governorate = (interactions[k][0]["area"] for k in ("drill: region", "drill: governorate"))
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
            data = browser.post("/_dash-update-component", render_payload(deps, state, period, sector))
            return time.perf_counter() - t, json.loads(data)

        progress("bench: warming up the server's workers …")
        warm_up(server.url, (username, password), deps, interactions, last)
        for name, (state, sector) in interactions.items():
            progress(f"bench: {name} …")
            cold, warm, floor = [], [], []
            # a period never asked before: no answer that depends on it is cached (the count of the area's
            # centers, the same for every period, is: views/explorer.py)
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
            shown = call(state, sector, period)[1]["response"]["index-legend"]["style"].get("display") != "none"
            if shown != bool(state.get("measure")):  # the answer measured is the view named
                raise RuntimeError(f"bench: {name} answered with the {'index' if shown else 'ratings'} on the map")
            for _ in range(repeats):
                warm.append(call(state, sector, period)[0])
            results["interactions"][name] = {
                "cold_p50_ms": round(statistics.median(cold) * 1000, 1),
                "cold_p95_ms": round(pct(cold, 0.95) * 1000, 1),
                "warm_p50_ms": round(statistics.median(warm) * 1000, 1),
                "warm_p95_ms": round(pct(warm, 0.95) * 1000, 1),
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
        results["nearest"] = nearest(session, server.url, engine, repeats * 5)
        progress("bench: ingest through the API …")
        # the same 10,000 ratings in batches of 1,000 and of 5,000 (the most the API takes at once)
        results["api_ingest"] = [
            api_ingest(session, server.url, engine, batches=10, size=1000),
            api_ingest(session, server.url, engine, batches=2, size=5000),
        ]
        progress(f"bench: {users} users browsing for {duration:.0f} s …")
        results["concurrency"] = concurrency(
            server.url, (username, password), deps, interactions, last, users=users, duration=duration
        )
    finally:
        if browser is not None:
            browser.close()
        server.stop()
        officials.set_disabled(engine, username)
        remove_bench_ratings(engine)
    results["ingest"] = rollup_throughput(engine)
    if compare:
        results["compare"] = {"dataset": compare["dataset"], "interactions": compare["interactions"]}
    if out:
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(json.dumps(results, indent=2, default=str))
    return results
