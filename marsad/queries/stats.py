"""Satisfaction statistics from the rollups (never from raw ratings).

Every function takes the jurisdiction as the required keyword argument `scope`.
Builders (`*_sql`) are pure and return (sql, params); runners execute them.
"""

from __future__ import annotations

from datetime import date
from weakref import WeakKeyDictionary

from sqlalchemy import Connection, Engine, text

from marsad.db.transactions import scoped
from marsad.jurisdiction import Scope
from marsad.queries import periods, rollups
from marsad.queries.filters import CHILD_LEVEL, ROLLUP_AREA_COLUMN, Filters

N = "(r.n1 + r.n2 + r.n3 + r.n4 + r.n5)"
SUM = "(r.n1 + 2 * r.n2 + 3 * r.n3 + 4 * r.n4 + 5 * r.n5)"
# what counts_by and trend_by can group by: a name from this closed set, never an expression from outside this module
GROUPINGS = {
    "sector": "r.sector_code",
    "center": "r.center_id",
    "region": "r.region_code",
    "governorate": "r.governorate_code",
    "locality": "r.locality_code",
}

AGG = (
    f"sum({N})::bigint AS n, round((sum({SUM})::numeric / nullif(sum({N}), 0)), 4)::float8 AS mean, "
    f"round((sum(r.n4 + r.n5)::numeric / nullif(sum({N}), 0)), 4)::float8 AS satisfied_share"
)


def _source(
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
    from a weekly one where it exists (unless keyed by period) and the other edge days from a daily one, each
    branch aggregated on its own so that the work runs in parallel workers. The rollups read are the
    coarsest that hold what the question needs: totals over services and sources unless one is filtered on,
    and the grain of the finest area among the filter, the key and the scope (`scope_level`, see
    `scope_level()`; by default the finest area level, which is right for every scope but not the cheapest).
    Center-scoped officials always read the per-center rollups (the area ones hold no center)."""
    keys = [k for k in (key, key2) if k]
    grain = max(
        [_grain_of(k) for k in keys]
        + [
            area["level"] if area else "region",
            scope_level or "region",
            "center" if per_center or scope.centers is not None else "region",
        ],
        key=rollups.GRAINS.index,
    )
    detail = bool(filters.service or filters.source) or any("service_code" in k or "source" in k for k in keys)
    monthly, weekly, daily = rollups.for_reading(grain, detail=detail)
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


def _period_key(bucket: str) -> str:
    """The key of a trend's period: `{time}` is the rollup's own time column (day, week or month)."""
    return f"date_trunc('{bucket}', r.{{time}})::date"


def _grain_of(key: str) -> str:
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


def _area_scope(scope: Scope, alias: str = "a") -> tuple[str, dict]:
    """Areas inside the jurisdiction: a scope area itself, its children and grandchildren."""
    if scope.areas is None:
        return "TRUE", {}
    return (
        f"({alias}.code = ANY(:scope_areas) OR {alias}.parent_code = ANY(:scope_areas) OR EXISTS ("
        f"SELECT 1 FROM admin_area p WHERE p.code = {alias}.parent_code AND p.parent_code = ANY(:scope_areas)))",
        {"scope_areas": sorted(scope.areas)},
    )


def child_areas_sql(
    *, scope: Scope, filters: Filters, parent: dict | None, country: str, scope_level: str | None = "locality"
) -> tuple[str, dict]:
    """Children of `parent` (or the country's regions) with their stats; their geometry is reference data
    (areas.display_shapes), not read here."""
    level = CHILD_LEVEL[parent["level"] if parent else None]
    if level is None:
        raise ValueError("a locality has no child areas")
    col = ROLLUP_AREA_COLUMN[level]
    source, params = _source(scope, filters, parent, key=f"r.{col}", scope_level=scope_level)
    ascope, aparams = _area_scope(scope)
    params.update(aparams)
    params.update(level=level, country=country)
    parent_cond = "a.parent_code = :parent_code" if parent else "a.parent_code IS NULL"
    if parent:
        params["parent_code"] = parent["code"]
    sql = f"""
        WITH agg AS (
            SELECT r.k AS code, {AGG}
            FROM {source}
            GROUP BY r.k
        )
        SELECT a.code, a.level, a.parent_code, a.name_ar, a.name_en, a.approximate,
               coalesce(agg.n, 0) AS n, agg.mean, agg.satisfied_share
        FROM admin_area a LEFT JOIN agg ON agg.code = a.code
        WHERE a.level = :level AND a.country = :country AND {parent_cond} AND {ascope}
        ORDER BY a.code
    """
    return sql, params


def child_areas(engine: Engine, *, scope: Scope, filters: Filters, parent: dict | None, country: str) -> list[dict]:
    with scoped(engine, scope) as conn:
        sql, params = child_areas_sql(
            scope=scope, filters=filters, parent=parent, country=country, scope_level=scope_level(conn, scope)
        )
        return [dict(r) for r in conn.execute(text(sql), params).mappings()]


def _shown_centers(scope: Scope, area: dict, sector: str | None, service: str | None) -> tuple[str, dict]:
    """The condition on service_center `c` for the map: active, inside `area` and the scope, of `sector` and
    offering `service` (None: any)."""
    cscope, params = scope.clause(
        region="c.region_code",
        governorate="c.governorate_code",
        locality="c.locality_code",
        sector="c.sector_code",
        center="c.id",
    )
    conds = [f"c.{ROLLUP_AREA_COLUMN[area['level']]} = :area_code", "c.status = 'active'", cscope]
    params["area_code"] = area["code"]
    if sector:
        conds.append("c.sector_code = :sector")
        params["sector"] = sector
    if service:
        conds.append(
            "EXISTS (SELECT 1 FROM center_service cs WHERE cs.center_id = c.id AND cs.service_code = :service)"
        )
        params["service"] = service
    return " AND ".join(conds), params


def centers_sql(*, scope: Scope, filters: Filters, area: dict) -> tuple[str, dict]:
    """Active centers inside `area` (respecting the sector filter) with their stats."""
    source, params = _source(scope, filters, area, key="r.center_id", per_center=True)
    shown, cparams = _shown_centers(scope, area, filters.sector, filters.service)
    params.update(cparams)
    sql = f"""
        WITH agg AS (
            SELECT r.k AS center_id, {AGG}
            FROM {source}
            GROUP BY r.k
        )
        SELECT c.id, c.code, c.name_ar, c.name_en, c.sector_code,
               round(ST_X(c.geom)::numeric, 5)::float8 AS lon, round(ST_Y(c.geom)::numeric, 5)::float8 AS lat,
               coalesce(agg.n, 0) AS n, agg.mean, agg.satisfied_share
        FROM service_center c LEFT JOIN agg ON agg.center_id = c.id
        WHERE {shown}
        ORDER BY c.id
    """
    return sql, params


def count_centers(engine: Engine, *, scope: Scope, area: dict, sector: str | None, service: str | None) -> int:
    """How many active centers `centers()` would return with these sector and service filters (cheap: no
    ratings read, and the same for every period)."""
    shown, params = _shown_centers(scope, area, sector, service)
    with scoped(engine, scope) as conn:
        return conn.execute(text(f"SELECT count(*) FROM service_center c WHERE {shown}"), params).scalar_one()


def centers(engine: Engine, *, scope: Scope, filters: Filters, area: dict) -> list[dict]:
    sql, params = centers_sql(scope=scope, filters=filters, area=area)
    with scoped(engine, scope) as conn:
        return [dict(r) for r in conn.execute(text(sql), params).mappings()]


def summary_sql(
    *, scope: Scope, filters: Filters, area: dict | None, scope_level: str | None = "locality"
) -> tuple[str, dict]:
    """Totals for the selection: n, mean, satisfied share and the count of each score."""
    source, params = _source(scope, filters, area, scope_level=scope_level)
    sql = f"""
        SELECT {AGG}, coalesce(sum(r.n1), 0) AS n1, coalesce(sum(r.n2), 0) AS n2, coalesce(sum(r.n3), 0) AS n3,
               coalesce(sum(r.n4), 0) AS n4, coalesce(sum(r.n5), 0) AS n5
        FROM {source}
    """
    return sql, params


def _summary(conn: Connection, *, scope: Scope, filters: Filters, area: dict | None, level: str | None) -> dict:
    sql, params = summary_sql(scope=scope, filters=filters, area=area, scope_level=level)
    row = dict(conn.execute(text(sql), params).mappings().one())
    row["n"] = int(row["n"] or 0)
    return row


def kpis(engine: Engine, *, scope: Scope, filters: Filters, area: dict | None) -> dict:
    """Current period totals and the change against the previous period of the same length."""
    with scoped(engine, scope) as conn:  # one transaction, one look-up of the scope's level, two reads
        level = scope_level(conn, scope)
        now = _summary(conn, scope=scope, filters=filters, area=area, level=level)
        before = _summary(conn, scope=scope, filters=filters.previous(), area=area, level=level)
    return {
        **{k: now[k] for k in ("n", "mean", "satisfied_share")},
        "distribution": [int(now[f"n{i}"]) for i in range(1, 6)],
        "previous": {k: before[k] for k in ("n", "mean", "satisfied_share")},
        "change": {
            "n": now["n"] - before["n"],
            "mean": None if now["mean"] is None or before["mean"] is None else round(now["mean"] - before["mean"], 4),
            "satisfied_share": None
            if now["satisfied_share"] is None or before["satisfied_share"] is None
            else round(now["satisfied_share"] - before["satisfied_share"], 4),
        },
    }


TREND_BUCKETS = ("week", "month")


def trend_sql(
    *, scope: Scope, filters: Filters, area: dict | None, bucket: str, scope_level: str | None = "locality"
) -> tuple[str, dict]:
    if bucket not in TREND_BUCKETS:
        raise ValueError(f"unknown bucket {bucket!r}")
    source, params = _source(
        scope, filters, area, key=_period_key(bucket), days_only=bucket == "week", scope_level=scope_level
    )
    sql = f"""
        SELECT r.k AS period, {AGG}
        FROM {source}
        GROUP BY 1 ORDER BY 1
    """
    return sql, params


def _bucket(filters: Filters) -> str:
    return "week" if filters.days <= 184 else "month"


def trend(engine: Engine, *, scope: Scope, filters: Filters, area: dict | None) -> list[dict]:
    bucket = _bucket(filters)
    with scoped(engine, scope) as conn:
        sql, params = trend_sql(
            scope=scope, filters=filters, area=area, bucket=bucket, scope_level=scope_level(conn, scope)
        )
        return [dict(r, bucket=bucket) for r in conn.execute(text(sql), params).mappings()]


def trend_by_sql(
    *, scope: Scope, filters: Filters, area: dict | None, bucket: str, by: str, scope_level: str | None = "locality"
) -> tuple[str, dict]:
    """Mean and n per (`by`, period): one trend line per sector, say (`by`: see GROUPINGS)."""
    if bucket not in TREND_BUCKETS:
        raise ValueError(f"unknown bucket {bucket!r}")
    source, params = _source(
        scope,
        filters,
        area,
        key=GROUPINGS[by],
        key2=_period_key(bucket),
        days_only=bucket == "week",
        scope_level=scope_level,
    )
    sql = f"""
        SELECT r.k AS key, r.k2 AS period, {AGG}
        FROM {source}
        GROUP BY 1, 2 ORDER BY 1, 2
    """
    return sql, params


def sector_trends(engine: Engine, *, scope: Scope, filters: Filters, area: dict | None) -> list[dict]:
    """Per sector and week (periods up to six months) or month: mean and n."""
    bucket = _bucket(filters)
    with scoped(engine, scope) as conn:
        sql, params = trend_by_sql(
            scope=scope, filters=filters, area=area, bucket=bucket, by="sector", scope_level=scope_level(conn, scope)
        )
        return [dict(r, bucket=bucket) for r in conn.execute(text(sql), params).mappings()]


COUNTS = ", ".join(f"coalesce(sum(r.n{i}), 0)::bigint AS n{i}" for i in range(1, 6))


def counts_by_sql(
    *,
    scope: Scope,
    filters: Filters,
    area: dict | None,
    by: str,
    criteria: bool = False,
    scope_level: str | None = "locality",
) -> tuple[str, dict]:
    """n1..n5 (and criterion counts and sums) per sector, center or area of a level (`by`, see GROUPINGS)."""
    if by not in GROUPINGS:
        raise ValueError(f"cannot count by {by!r}; expected one of {', '.join(GROUPINGS)}")
    source, params = _source(scope, filters, area, key=GROUPINGS[by], scope_level=scope_level, criteria=criteria)
    crit = (
        "".join(
            f", coalesce(sum(r.c_{c}_n), 0)::bigint AS c_{c}_n, coalesce(sum(r.c_{c}_sum), 0)::bigint AS c_{c}_sum"
            for c in rollups.CRITERIA
        )
        if criteria
        else ""
    )
    return f"SELECT r.k AS key, {COUNTS}{crit} FROM {source} GROUP BY r.k ORDER BY r.k", params


def counts_by(
    engine: Engine, *, scope: Scope, filters: Filters, area: dict | None, by: str, criteria: bool = False
) -> list[dict]:
    """Score counts per sector, per center or per area of a level: the input of rankings and comparisons."""
    with scoped(engine, scope) as conn:
        sql, params = counts_by_sql(
            scope=scope, filters=filters, area=area, by=by, criteria=criteria, scope_level=scope_level(conn, scope)
        )
        return [dict(r) for r in conn.execute(text(sql), params).mappings()]
