"""Service centers themselves: names, areas, services, location and search (no ratings)."""

from __future__ import annotations

from sqlalchemy import Engine, text

from marsad.comments.normalize import normalize
from marsad.db.transactions import scoped
from marsad.jurisdiction import Scope
from marsad.queries.comments import like_pattern


def center_info(engine: Engine, *, scope: Scope, ids: list[int]) -> dict[int, dict]:
    """Names, sector and areas of the given centers that are in scope."""
    with scoped(engine, scope) as conn:
        rows = conn.execute(
            text(
                "SELECT id, code, name_ar, name_en, sector_code, region_code, governorate_code, locality_code "
                "FROM service_center WHERE id = ANY(:ids)"
            ),
            {"ids": sorted(ids)},
        ).mappings()
        return {r["id"]: dict(r) for r in rows}


def center_services(engine: Engine, *, scope: Scope, center_id: int) -> list[dict]:
    with scoped(engine, scope) as conn:
        return [
            dict(r)
            for r in conn.execute(
                text(
                    "SELECT s.code, s.name_ar, s.name_en FROM center_service cs JOIN service s ON s.code = cs.service_code "
                    "JOIN service_center c ON c.id = cs.center_id WHERE cs.center_id = :id ORDER BY s.code"
                ),
                {"id": center_id},
            ).mappings()
        ]


def center_location(engine: Engine, *, scope: Scope, center_id: int) -> dict | None:
    with scoped(engine, scope) as conn:
        row = (
            conn.execute(
                text("SELECT ST_X(geom) AS lon, ST_Y(geom) AS lat, status FROM service_center WHERE id = :id"),
                {"id": center_id},
            )
            .mappings()
            .first()
        )
        return dict(row) if row else None


def search_sql(*, scope: Scope, term: str, limit: int) -> tuple[str, dict]:
    """Centers in scope whose code or name (Arabic-normalised, or English) contains every word of `term`."""
    where: list[str] = []
    params: dict[str, object] = {"limit": limit}
    ssql, sparams = scope.clause_on("c", center="id")
    params.update(sparams)
    for i, word in enumerate(normalize(term.replace("\x00", "")).split()[:6]):
        where.append(f"(marsad_norm(c.name_ar) LIKE :w{i} OR lower(c.name_en) LIKE :w{i} OR lower(c.code) LIKE :w{i})")
        params[f"w{i}"] = like_pattern(word)
    sql = (
        f"SELECT c.id, c.code, c.name_ar, c.name_en, c.sector_code FROM service_center c "
        f"WHERE {ssql} AND {' AND '.join(where) or 'TRUE'} ORDER BY c.name_en, c.id LIMIT :limit"
    )
    return sql, params


def search(engine: Engine, *, scope: Scope, term: str, limit: int = 30) -> list[dict]:
    sql, params = search_sql(scope=scope, term=term, limit=limit)
    with scoped(engine, scope) as conn:
        return [dict(r) for r in conn.execute(text(sql), params).mappings()]


def busiest_center(engine: Engine, *, region: str, sector: str | None) -> int | None:
    """The center of `sector` (any, for None) in `region` with the most ratings (as the database owner: the demo)."""
    with engine.connect() as conn:
        return conn.execute(
            text(
                "SELECT center_id FROM rating_daily WHERE region_code = :r AND (CAST(:s AS text) IS NULL OR sector_code = :s) "
                "GROUP BY center_id ORDER BY sum(n1 + n2 + n3 + n4 + n5) DESC, center_id LIMIT 1"
            ),
            {"r": region, "s": sector},
        ).scalar()


def placements(engine: Engine, *, scope: Scope) -> dict[int, tuple[str | None, str | None, str | None]]:
    """Every center in scope: (locality, governorate, region) codes, by id."""
    with scoped(engine, scope) as conn:
        rows = conn.execute(text("SELECT id, locality_code, governorate_code, region_code FROM service_center"))
        return {r[0]: (r[1], r[2], r[3]) for r in rows}


def offered(engine: Engine, *, scope: Scope) -> dict[str, list[str]]:
    """The sectors of the jurisdiction's centers (not proposed ones) and the services they offer: what an official's
    filters offer."""
    where, params = scope.clause_on("c", center="id")
    with scoped(engine, scope) as conn:
        sectors = conn.execute(
            text(f"SELECT DISTINCT c.sector_code FROM service_center c WHERE {where} AND c.status <> 'proposed'"),
            params,
        ).scalars()
        sector_codes = sorted(sectors)
        services = conn.execute(
            text(
                "SELECT DISTINCT s.service_code FROM center_service s JOIN service_center c ON c.id = s.center_id "
                f"WHERE {where} AND c.status <> 'proposed'"
            ),
            params,
        ).scalars()
        return {"sectors": sector_codes, "services": sorted(services)}
