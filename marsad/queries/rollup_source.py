"""The rollups a statistic reads: for a period, a scope, an area and a grouping, the coarsest rollup tables that
hold what it needs (months, edge weeks, edge days, and the center rows not yet sealed into weeks and months), each
branch aggregated on its own (see `subquery`)."""

from __future__ import annotations

from datetime import date
from weakref import WeakKeyDictionary

from sqlalchemy import Connection, Engine, text

from marsad.jurisdiction import Scope
from marsad.queries import periods, rollups
from marsad.queries.filters import ROLLUP_AREA_COLUMN, Filters


def subquery(
    scope: Scope,
    filters: Filters,
    area: dict | None,
    *,
    key: str | None = None,
    key2: str | None = None,
    per_center: bool = False,
    days_only: bool = False,
    scope_level: str | None = "locality",
    criteria: bool = False,
) -> tuple[str, dict]:
    """A subquery `r` over the rollups for the period, summed per `key` (an expression over rollup row `r`
    chosen in this module, `{time}` standing for the rollup's time column; or None for one total) and, if given, `key2`. Columns: k (and k2), n1..n5, and with
    `criteria` the criterion counts and sums. Whole months come from a monthly rollup, whole weeks of the edges
    from a weekly one where it exists (unless keyed by period) and the other edge days from a daily one (with, beside
    center weeks and months, the center rows of their days not sealed into them yet: rollups.seal), each
    branch aggregated on its own so that the work runs in parallel workers. The rollups read are the
    coarsest that hold what the question needs: totals over services and sources unless one is filtered on,
    and the grain of the finest area among the filter, the key and the scope (`scope_level`, see
    `scope_level()`; by default the finest area level, which is right for every scope but not the cheapest).
    Center-scoped officials always read the per-center rollups (the area ones hold no center)."""
    keys = [k for k in (key, key2) if k]
    grain = max(
        [grain_of(k) for k in keys]
        + [
            area["level"] if area else "region",
            scope_level or "region",
            "center" if per_center or scope.centers is not None else "region",
        ],
        key=rollups.GRAINS.index,
    )
    asked = {"service_code": filters.service, "source": filters.source}
    needs = frozenset(c for c in rollups.DETAIL if asked[c] or any(f"r.{c}" in k for k in keys))
    monthly, weekly, daily = rollups.for_reading(grain, needs=needs)
    by_period = days_only or any("{time}" in k for k in keys)  # a week may straddle two periods
    fsql, params = filters.clause("r")
    if area is not None:
        params["area_code"] = area["code"]
    measures = rollups.MEASURES if criteria else ("n1", "n2", "n3", "n4", "n5")
    sums = ", ".join(f"sum(r.{m})::bigint AS {m}" for m in measures)
    months, edges = periods.split(filters.date_from, filters.date_to)
    if days_only:
        months, edges = None, [(filters.date_from, filters.date_to)]
    spans: list[tuple[rollups.Rollup, date, date]] = [(monthly, *months)] if months else []
    for lo, hi in edges:  # whole weeks of an edge where there is a weekly rollup, the rest day by day
        weeks, days = periods.split_weeks(lo, hi) if weekly and not by_period else (None, [(lo, hi)])
        if weekly is not None and weeks:
            spans.append((weekly, *weeks))
        spans += [(daily, a, b) for a, b in days]
    # the center rows folded but not yet sealed into the center weeks and months, of the days those spans cover
    spans += [
        (rollups.RECENT, lo, periods.last_day(table.time, hi)) for table, lo, hi in spans if table in rollups.SEALED
    ]
    parts = []
    for i, (table, lo, hi) in enumerate(spans):
        lo_name, hi_name = f"from_{i}", f"to_{i}"
        columns = set(table.dims)
        ssql, sparams = scope.clause(
            **{
                level: f"r.{level}_code" if f"{level}_code" in columns else "NULL"
                for level in ("region", "governorate", "locality")
            },
            sector="r.sector_code",
            center="r.center_id" if "center_id" in columns else "NULL",
        )
        params.update(sparams)
        where = f"{fsql} AND {ssql}"
        if area is not None:
            where += f" AND r.{ROLLUP_AREA_COLUMN[area['level']]} = :area_code"
        k = key.format(time=table.time) if key else "NULL::text"
        k2 = f", {key2.format(time=table.time)} AS k2" if key2 else ""
        parts.append(
            f"SELECT {k} AS k{k2}, {sums} FROM {table.table} r "
            f"WHERE r.{table.time} BETWEEN :{lo_name} AND :{hi_name} AND {where} "
            f"GROUP BY {'1, 2' if key2 else '1'}"
        )
        params.update({lo_name: lo, hi_name: hi})
    return "(" + " UNION ALL ".join(parts) + ") r", params


def period_key(bucket: str) -> str:
    """The key of a trend's period: `{time}` is the rollup's own time column (day, week or month)."""
    return f"date_trunc('{bucket}', r.{{time}})::date"


def grain_of(key: str) -> str:
    """The finest grain whose rollups hold the column `key` reads (a key chosen by code)."""
    for grain, column in (("center", "center_id"), ("locality", "locality_code"), ("governorate", "governorate_code")):
        if f"r.{column}" in key:
            return grain
    return "region"  # region, sector, service, source or the period


# per database (engine), the scope levels found: an area keeps its level, so the look-up runs once per jurisdiction
# and process instead of once per statistic (four times in each of a governor's explorer answers)
_LEVELS: WeakKeyDictionary[Engine, dict[tuple[str, ...], str]] = WeakKeyDictionary()


def scope_level(conn: Connection, scope: Scope) -> str | None:
    """The finest level among the scope's areas (None when areas are unrestricted): rollups coarser than it
    cannot apply the scope. Codes not found count as the finest level (and are looked up again next time)."""
    if scope.areas is None:
        return None
    codes = tuple(sorted(scope.areas))
    known = _LEVELS.setdefault(conn.engine, {})
    level = known.get(codes)
    if level is not None:
        return level
    found, levels = conn.execute(
        text("SELECT count(*), array_agg(DISTINCT level) FROM admin_area WHERE code = ANY(:codes)"),
        {"codes": list(codes)},
    ).one()
    if not levels or found != len(codes):
        return "locality"
    if len(known) > 10_000:  # bounded: jurisdictions are few, but codes come from officials' rows
        known.clear()
    known[codes] = level = max(levels, key=rollups.GRAINS.index)
    return level
