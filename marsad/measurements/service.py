"""Importing an instrument's file: read, check everything against the guide, the catalogue, the cycle and the
importer's jurisdiction, then load all rows in one transaction, or none."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from functools import partial
from pathlib import Path

from sqlalchemy import Engine
from sqlalchemy.exc import IntegrityError

from marsad.db.transactions import scoped
from marsad.jurisdiction import Scope
from marsad.measurements import complaints, focus_groups, rows, tabular, visits
from marsad.queries import instruments as instrument_queries
from marsad.queries import visits as visit_queries

KINDS = ("visits", "focus-groups", "complaints")


@dataclass(frozen=True)
class Loaded:
    kind: str
    rows: int
    cycle: str
    created_cycle: bool


def import_visits(
    engine: Engine,
    path: Path,
    *,
    cycle: str,
    scope: Scope,
    by: str,
    guide_code: str = "default",
    name: str | None = None,
    opens: tuple[date, date] | None = None,
) -> Loaded:
    """Load a visits file into `cycle`, in one transaction limited to `scope` (as the application role, the row
    policies refuse what lies outside it too). Only a national official opens a new cycle: its days are `opens`, or
    the file's, and its guide the latest `guide_code`. tabular.FileError, or rows.NotLoaded with every bad row, when
    nothing was loaded."""
    table = tabular.read(path, name=name)
    with scoped(engine, scope) as conn:
        found = visit_queries.cycle(conn, cycle)
        if found is None and scope != Scope.national():
            raise tabular.FileError(f"no cycle {cycle!r}: cycles are opened by national analysts")
        row = (
            visit_queries.guide(conn, guide_id=found["guide_id"])
            if found
            else visit_queries.guide(conn, code=guide_code)
        )
        if row is None:
            raise tabular.FileError(f"no criteria guide {guide_code!r}")
        guide = visits.Guide(**row)
        period = (found["date_from"], found["date_to"]) if found else opens
        checked = visits.check(table, guide=guide, catalogue=_catalogue(conn), scope=scope, period=period)
        if not checked:
            raise tabular.FileError("the file has no data rows")
        cycle_id = (
            found["id"]
            if found
            else visit_queries.add_cycle(
                conn,
                name=cycle,
                date_from=opens[0] if opens else min(v["visited_on"] for v in checked),
                date_to=opens[1] if opens else max(v["visited_on"] for v in checked),
                guide_id=guide.id,
            )
        )
        n = _load(conn, partial(visit_queries.load, cycle_id=cycle_id), checked, by)
    return Loaded(kind="visits", rows=n, cycle=cycle, created_cycle=found is None)


def import_focus_groups(engine: Engine, path: Path, *, scope: Scope, by: str, name: str | None = None) -> Loaded:
    """Load a focus-group file (sessions about centers or sectors in the jurisdiction), every row or none."""
    table = tabular.read(path, name=name)
    with scoped(engine, scope) as conn:
        guide = visit_queries.guide(conn, code="default")
        if guide is None:
            raise tabular.FileError("no criteria guide 'default' to name the axes")
        axes = visit_queries.axes(conn, guide["id"])
        sessions = focus_groups.check(
            table, axes=axes, catalogue=_catalogue(conn), areas=instrument_queries.areas(conn), scope=scope
        )
        return Loaded("focus-groups", _load(conn, instrument_queries.load_focus_groups, sessions, by), "", False)


def import_complaints(engine: Engine, path: Path, *, scope: Scope, by: str, name: str | None = None) -> Loaded:
    """Load a complaints export (cases at centers in the jurisdiction), every row or none."""
    table = tabular.read(path, name=name)
    with scoped(engine, scope) as conn:
        cases = complaints.check(table, catalogue=_catalogue(conn), scope=scope)
        return Loaded("complaints", _load(conn, instrument_queries.load_complaints, cases, by), "", False)


def _catalogue(conn) -> rows.Catalogue:
    centers, platforms = visit_queries.catalogue(conn)  # the centers in the jurisdiction
    return rows.Catalogue(centers=centers, platforms=platforms)


def _load(conn, loader, items: list[dict], by: str) -> int:
    """Insert checked rows; one already loaded (its reference) fails them all."""
    if not items:
        raise tabular.FileError("the file has no data rows")
    try:
        with conn.begin_nested():
            return loader(conn, items, by=by)
    except IntegrityError as exc:
        problems = rows.Problems()
        problems.add(0, "file", "some of these rows are already loaded (the same reference): nothing was loaded")
        raise rows.NotLoaded(problems) from exc
