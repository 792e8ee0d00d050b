"""Importing an instrument's file: read, check everything against the guide, the catalogue, the cycle and the
importer's jurisdiction, then load all rows in one transaction, or none."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import Engine
from sqlalchemy.exc import IntegrityError

from marsad.jurisdiction import Scope
from marsad.measurements import tabular, visits
from marsad.queries import visits as visit_queries


@dataclass(frozen=True)
class Loaded:
    kind: str
    rows: int
    cycle: str
    created_cycle: bool


def import_visits(
    owner: Engine,
    path: Path,
    *,
    cycle: str,
    scope: Scope,
    by: str,
    guide_code: str = "default",
    name: str | None = None,
) -> Loaded:
    """Load a visits file into `cycle` (made when new, spanning the file's days, under the latest `guide_code`).
    tabular.FileError or visits.NotLoaded (every bad row) when nothing was loaded."""
    table = tabular.read(path, name=name)
    with owner.begin() as conn:
        found = visit_queries.cycle(conn, cycle)
        row = (
            visit_queries.guide(conn, guide_id=found["guide_id"])
            if found
            else visit_queries.guide(conn, code=guide_code)
        )
        if row is None:
            raise tabular.FileError(f"no criteria guide {guide_code!r}")
        guide = visits.Guide(**row)
        centers, platforms = visit_queries.catalogue(conn)
        catalogue = visits.Catalogue(centers=centers, platforms=platforms)
        period = (found["date_from"], found["date_to"]) if found else None
        checked = visits.check(table, guide=guide, catalogue=catalogue, scope=scope, period=period)
        if not checked:
            raise tabular.FileError("the file has no visit rows")
        cycle_id = (
            found["id"]
            if found
            else visit_queries.add_cycle(
                conn,
                name=cycle,
                date_from=min(v["visited_on"] for v in checked),
                date_to=max(v["visited_on"] for v in checked),
                guide_id=guide.id,
            )
        )
        try:
            n = visit_queries.load(conn, cycle_id=cycle_id, visits=checked, by=by)
        except IntegrityError as exc:
            problems = visits.Problems()
            problems.add(0, "file", "some of these visits are already in the cycle: nothing was loaded")
            raise visits.NotLoaded(problems) from exc
    return Loaded(kind="visits", rows=n, cycle=cycle, created_cycle=found is None)
