"""What the answers cost without HTTP or cache (the floor), and folding stored ratings into the rollups."""

from __future__ import annotations

import time
from dataclasses import replace
from datetime import date

from sqlalchemy import Engine

from marsad.db.engines import make_engine
from marsad.db.transactions import app_engine_hooks, read_scope_key
from marsad.jurisdiction import Scope
from marsad.queries import bench as bench_queries
from marsad.queries import index_parts, rollups, stats
from marsad.queries.filters import CHILD_LEVEL, Filters


class Floor:
    """The same queries an interaction needs, straight from the query layer: no HTTP, no cache, one after the
    other, on a connection of its own."""

    def __init__(self, engine: Engine, index: dict, state: dict, sector: str, max_centers: int):
        self.area = index.get(state["area"]) if state["area"] else None
        self.country = self.area["country"] if self.area else next(a["country"] for a in index.values())
        self.sector = sector or None
        self.index_by = CHILD_LEVEL[self.area["level"] if self.area else None] if state.get("measure") else None
        self.engine = app_engine_hooks(
            make_engine(engine.url.render_as_string(hide_password=False), pool_size=1), key=read_scope_key(engine)
        )
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
        if self.index_by is None:
            stats.child_areas(self.engine, scope=self.scope, filters=f, parent=self.area, country=self.country)
        else:  # the combined index's reads: the surveys' and the app's counts, and the other instruments
            for source in ("survey", "app"):
                stats.counts_by(
                    self.engine, scope=self.scope, filters=replace(f, source=source), area=self.area, by=self.index_by
                )
            index_parts.parts(self.engine, scope=self.scope, by=self.index_by, parent=self.area, date_from=start,
                              date_to=end, sector=self.sector, complaints=False)  # fmt: skip
        if self.with_centers and self.area is not None:
            stats.centers(self.engine, scope=self.scope, filters=f, area=self.area)
        stats.kpis(self.engine, scope=self.scope, filters=f, area=self.area)
        stats.trend(self.engine, scope=self.scope, filters=f, area=self.area)
        return time.perf_counter() - t

    def __enter__(self) -> Floor:
        return self

    def __exit__(self, *exc) -> None:
        self.engine.dispose()


def rollup_throughput(engine: Engine, batch: int = 5000) -> dict:
    """Ratings per second folded into every rollup once stored and queued, as the server's fold worker does it, and
    sealed into the center weeks and months (inside a transaction that is rolled back): copies of the latest
    ratings, dated now. Ingest through the API adds validation and the insert itself on top of this; a server seals
    once every few seconds, not after each fold."""
    with engine.connect() as conn:
        tx = conn.begin()
        try:
            bench_queries.queue_copies_of_latest(conn, batch)
            t = time.perf_counter()
            folded = 0
            # after another server's fold, if one is at work on this database; then the rest of the queue too
            while n := rollups.fold_pending(conn, wait=True):
                folded += n
            rollups.seal(conn, wait=True)  # and into the center weeks and months: one seal for this fold alone
            elapsed = time.perf_counter() - t
        finally:
            tx.rollback()
    return {"batch": folded, "seconds": round(elapsed, 3), "ratings_per_s": round(folded / elapsed)}
