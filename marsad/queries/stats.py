"""Satisfaction statistics from the rollups (never from raw ratings).

Every function takes the jurisdiction as the required keyword argument `scope`.
Builders (`*_sql`) are pure and return (sql, params); runners execute them.
"""

from __future__ import annotations

from sqlalchemy import Connection, Engine, text

from marsad.db.transactions import scoped
from marsad.jurisdiction import Scope
from marsad.queries import rollups
from marsad.queries.filters import CHILD_LEVEL, ROLLUP_AREA_COLUMN, Filters
from marsad.queries.rollup_source import period_key, scope_level, subquery

N = "(r.n1 + r.n2 + r.n3 + r.n4 + r.n5)"
SUM = "(r.n1 + 2 * r.n2 + 3 * r.n3 + 4 * r.n4 + 5 * r.n5)"
# what counts_by and trend_by can group by: a name from this closed set, never an expression from outside this module
GROUPINGS = {
    "sector": "r.sector_code",
    "center": "r.center_id",
    "region": "r.region_code",
    "governorate": "r.governorate_code",
    "locality": "r.locality_code",
    "service": "r.service_code",  # read from the rollups that keep services
}

AGG = (
    f"sum({N})::bigint AS n, round((sum({SUM})::numeric / nullif(sum({N}), 0)), 4)::float8 AS mean, "
    f"round((sum(r.n4 + r.n5)::numeric / nullif(sum({N}), 0)), 4)::float8 AS satisfied_share"
)


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
    source, params = subquery(scope, filters, parent, key=f"r.{col}", scope_level=scope_level)
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
    cscope, params = scope.clause_on("c", center="id")
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
    source, params = subquery(scope, filters, area, key="r.center_id", per_center=True)
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
    source, params = subquery(scope, filters, area, scope_level=scope_level)
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


def jurisdiction_mean(engine: Engine, *, scope: Scope, filters: Filters) -> float | None:
    """The mean score over the whole jurisdiction (the nation's for a national official) under `filters`: the
    reference the map's "difference" colour classes are read against."""
    with scoped(engine, scope) as conn:
        mean = _summary(conn, scope=scope, filters=filters, area=None, level=scope_level(conn, scope))["mean"]
    return None if mean is None else float(mean)


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
    source, params = subquery(
        scope, filters, area, key=period_key(bucket), days_only=bucket == "week", scope_level=scope_level
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
    source, params = subquery(
        scope,
        filters,
        area,
        key=GROUPINGS[by],
        key2=period_key(bucket),
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
    source, params = subquery(scope, filters, area, key=GROUPINGS[by], scope_level=scope_level, criteria=criteria)
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
