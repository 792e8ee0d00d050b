"""`marsad bench --growth SMALL_DATA_DIR`: how the explorer's cold answers grow with the ratings (issue "beyond one
machine": p95 at 30M ÷ p95 at 1M ≤ 1.2). One server on this database and one on the smaller one, both warmed up,
then each interaction asked cold of both in the same run, alternating which goes first, so that both meet the same
state of the machine; for each interaction the p95 on each and their ratio."""

from __future__ import annotations

import statistics
import time
from datetime import date, timedelta

import requests
from sqlalchemy import Engine

from marsad.bench.clients import Browser, Server, bench_official, pct, render_payload
from marsad.bench.measure import warm_up
from marsad.queries import bench as bench_queries
from marsad.queries import officials

TARGET_RATIO = 1.2


class _Side:
    """One database: its server, a benchmark official and a browser-like connection."""

    def __init__(self, engine: Engine, url: str, interactions: dict):
        with engine.connect() as conn:
            last, self.ratings, self.centers = bench_queries.dataset(conn)
        self.last: date = last or date.today()
        self.engine = engine
        self.auth = bench_official(engine)
        self.server = Server(url)
        self.deps = requests.get(f"{self.server.url}/_dash-dependencies", auth=self.auth, timeout=60).json()
        warm_up(self.server.url, self.auth, self.deps, interactions, self.last)
        self.browser = Browser(self.server.port, self.auth)
        self.cold: dict[str, list[float]] = {}

    def ask(self, name: str, state: dict, sector: str, days_back: int) -> None:
        """A cold answer: a period never asked before (a year ending `days_back` days before the last day)."""
        period = [(self.last - timedelta(days=364 + days_back)).isoformat(),
                  (self.last - timedelta(days=days_back)).isoformat()]  # fmt: skip
        t = time.perf_counter()
        self.browser.post("/_dash-update-component", render_payload(self.deps, state, period, sector))
        self.cold.setdefault(name, []).append(time.perf_counter() - t)

    def close(self) -> None:
        self.browser.close()
        self.server.stop()
        officials.set_disabled(self.engine, self.auth[0])


def run(big: tuple[Engine, str], small: tuple[Engine, str], interactions: dict, *, repeats: int,
        progress=print) -> dict:  # fmt: skip
    sides: list[_Side] = []
    try:
        progress("bench growth: a server on each database, warmed up …")
        sides = [_Side(*big, interactions), _Side(*small, interactions)]
        for name, (state, sector) in interactions.items():
            progress(f"bench growth: {name} …")
            for i in range(repeats):
                for side in sides if i % 2 == 0 else sides[::-1]:
                    side.ask(name, state, sector, i + 1)
    finally:
        for side in sides:
            side.close()
    b, s = sides
    results: dict = {
        "big": {"ratings": b.ratings, "centers": b.centers},
        "small": {"ratings": s.ratings, "centers": s.centers},
        "repeats": repeats,
        "target_ratio": TARGET_RATIO,
        "interactions": {},
    }
    for name in interactions:
        p_big, p_small = pct(b.cold[name], 0.95), pct(s.cold[name], 0.95)
        results["interactions"][name] = {
            "big_p95_ms": round(p_big * 1000, 1),
            "small_p95_ms": round(p_small * 1000, 1),
            "big_p50_ms": round(statistics.median(b.cold[name]) * 1000, 1),
            "small_p50_ms": round(statistics.median(s.cold[name]) * 1000, 1),
            "ratio": round(p_big / p_small, 2),
        }
    every_big = [t for v in b.cold.values() for t in v]
    every_small = [t for v in s.cold.values() for t in v]
    results["all"] = {
        "big_p95_ms": round(pct(every_big, 0.95) * 1000, 1),
        "small_p95_ms": round(pct(every_small, 0.95) * 1000, 1),
        "ratio": round(pct(every_big, 0.95) / pct(every_small, 0.95), 2),
    }
    return results


def print_table(r: dict) -> None:
    big, small = r["big"]["ratings"], r["small"]["ratings"]
    print(f"\ncold p95 at {big:,} ratings ÷ at {small:,} ratings (same run, alternating; {r['repeats']} answers "
          f"each), target ≤ {r['target_ratio']}")  # fmt: skip
    print(f"{'interaction':<30}{'big p95':>10}{'small p95':>11}{'ratio':>8}")
    for name, v in [*r["interactions"].items(), ("every interaction", r["all"])]:
        print(f"{name:<30}{v['big_p95_ms']:>8}ms{v['small_p95_ms']:>9}ms{v['ratio']:>8}")
