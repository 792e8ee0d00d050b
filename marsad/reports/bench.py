"""`marsad reports bench`: how long a report takes to make (read + PDF), printed as p50/p95 over many subjects."""

from __future__ import annotations

import statistics
import time

import flask

from marsad import params, resources
from marsad.context import Context
from marsad.db.engines import database_url, make_engine
from marsad.jurisdiction import Scope
from marsad.queries import bench as bench_queries
from marsad.reports import periods, service
from marsad.settings import Settings


def _timed(fn) -> float:
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def _line(name: str, times: list[float]) -> str:
    ordered = sorted(times)
    p95 = ordered[max(0, round(0.95 * len(ordered)) - 1)]
    return f"{name:<28} n={len(times):>4}  p50={statistics.median(times) * 1000:>7.0f} ms  p95={p95 * 1000:>7.0f} ms"


def run(settings: Settings, *, centers: int) -> None:
    server = flask.Flask("marsad-reports-bench")
    res = resources.make(settings, server, resources.database(settings))
    ctx = Context(resources=res, official=None, scope=Scope.national())
    today = params.today_riyadh()
    week = periods.latest_complete("week", today)
    with server.app_context():
        ids = bench_queries.busiest_centers(make_engine(database_url(settings), pool_size=1), centers)  # as the owner
        first = service.build(ctx, "center-weekly", today=today, period=week.key, center=ids[0])
        service.write(ctx, first, lang="ar", fmt="pdf")  # fonts and layout engine warmed up
        weekly = [
            _timed(
                lambda c=c: service.write(
                    ctx, service.build(ctx, "center-weekly", today=today, center=c), lang="ar", fmt="pdf"
                )
            )
            for c in ids
        ]
        regions = [a["code"] for a in res.reference.area_index().values() if a["level"] == "region"][:13]
        quarterly = [
            _timed(
                lambda a=a: service.write(
                    ctx, service.build(ctx, "area-quarterly", today=today, area=a), lang="ar", fmt="pdf"
                )
            )
            for a in regions
        ]
    print(_line("center weekly (read + PDF)", weekly))
    print(_line("area quarterly (read + PDF)", quarterly))
