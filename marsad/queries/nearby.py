"""Nearest active centers to a point, from the geography index (KNN), never by scanning every center."""

from __future__ import annotations

from sqlalchemy import Engine, text

from marsad.queries.scope import Scope
from marsad.queries.scoped import scoped


def candidates_sql(*, lon: float, lat: float, radius_m: float, sector: str | None, service: str | None,
                   limit: int) -> tuple[str, dict]:
    conds = ["c.status = 'active'", "ST_DWithin(c.geom::geography, p.g, :radius)"]
    params = {"lon": lon, "lat": lat, "radius": radius_m, "limit": limit}
    if sector:
        conds.append("c.sector_code = :sector")
        params["sector"] = sector
    if service:
        conds.append("EXISTS (SELECT 1 FROM center_service cs WHERE cs.center_id = c.id AND cs.service_code = :service)")
        params["service"] = service
    sql = f"""
        WITH p AS (SELECT ST_SetSRID(ST_MakePoint(:lon, :lat), 4326)::geography AS g)
        SELECT c.id, c.code, c.name_ar, c.name_en, c.sector_code,
               ST_Y(c.geom) AS lat, ST_X(c.geom) AS lon, ST_Distance(c.geom::geography, p.g) AS distance_m
        FROM service_center c, p
        WHERE {' AND '.join(conds)}
        ORDER BY c.geom::geography <-> p.g
        LIMIT :limit
    """
    return sql, params


def candidates(engine: Engine, *, scope: Scope, lon: float, lat: float, radius_m: float, sector: str | None,
               service: str | None, limit: int) -> list[dict]:
    """Up to `limit` active centers within `radius_m` metres, nearest first, with their distance."""
    sql, params = candidates_sql(lon=lon, lat=lat, radius_m=radius_m, sector=sector, service=service, limit=limit)
    with scoped(engine, scope) as conn:
        return [dict(r) for r in conn.execute(text(sql), params).mappings()]
