"""Nearest active centers to a point, from the geography index (KNN), never by scanning every center."""

from __future__ import annotations

from sqlalchemy import Engine, text

from marsad.db.transactions import scoped
from marsad.jurisdiction import Scope


def candidates_sql(
    *, lon: float, lat: float, radius_m: float, sector: str | None, service: str | None, limit: int
) -> tuple[str, dict]:
    """The `limit` nearest active centers (KNN order on the geography index), then those within the radius.

    The radius is applied outside the nearest-first scan on purpose: under row-level security PostGIS's
    ST_DWithin (not leakproof) cannot become an index condition, so inside the scan it would only filter, and
    with fewer than `limit` centers in the radius the scan read every center (about 100 ms at 30,000)."""
    conds = ["c.status = 'active'"]
    params: dict[str, object] = {"lon": lon, "lat": lat, "radius": radius_m, "limit": limit}
    if sector:
        conds.append("c.sector_code = :sector")
        params["sector"] = sector
    if service:
        conds.append(
            "EXISTS (SELECT 1 FROM center_service cs WHERE cs.center_id = c.id AND cs.service_code = :service)"
        )
        params["service"] = service
    here = "ST_SetSRID(ST_MakePoint(:lon, :lat), 4326)::geography"  # a constant, so the index orders by it
    sql = f"""
        WITH nearest AS (
            SELECT c.id, c.code, c.name_ar, c.name_en, c.sector_code, c.geom
            FROM service_center c
            WHERE {" AND ".join(conds)}
            ORDER BY c.geom::geography <-> {here}
            LIMIT :limit
        )
        SELECT n.id, n.code, n.name_ar, n.name_en, n.sector_code,
               ST_Y(n.geom) AS lat, ST_X(n.geom) AS lon, ST_Distance(n.geom::geography, {here}) AS distance_m
        FROM nearest n
        WHERE ST_DWithin(n.geom::geography, {here}, :radius)
        ORDER BY distance_m, n.id
    """
    return sql, params


def candidates(
    engine: Engine,
    *,
    scope: Scope,
    lon: float,
    lat: float,
    radius_m: float,
    sector: str | None,
    service: str | None,
    limit: int,
) -> list[dict]:
    """Up to `limit` active centers within `radius_m` metres, nearest first, with their distance."""
    sql, params = candidates_sql(lon=lon, lat=lat, radius_m=radius_m, sector=sector, service=service, limit=limit)
    with scoped(engine, scope) as conn:
        return [dict(r) for r in conn.execute(text(sql), params).mappings()]
