"""Admin areas and the catalogue of sectors and services (small tables, read whole)."""

from __future__ import annotations

from sqlalchemy import Engine, text

from marsad.db.transactions import scoped
from marsad.jurisdiction import Scope

AREA_COLUMNS = "code, level, parent_code, country, name_ar, name_en, approximate"


def area_index(engine: Engine) -> dict[str, dict]:
    """Every admin area by code: a few thousand rows at most. No geometry, but the bounding box of the one the
    map draws, `bbox` = [[south, west], [north, east]], from which a view's bounds are put together."""
    with engine.connect() as conn:
        rows = conn.execute(
            text(
                f"SELECT {AREA_COLUMNS}, ARRAY[[ST_YMin(b), ST_XMin(b)], [ST_YMax(b), ST_XMax(b)]] AS bbox "
                "FROM (SELECT *, Box2D(geom_display) AS b FROM admin_area) a"
            )
        ).mappings()
        return {r["code"]: dict(r) for r in rows}


def lineage(index: dict[str, dict], code: str) -> list[dict]:
    """The chain of areas from the region down to `code` (inclusive)."""
    chain = []
    while code is not None:
        area = index[code]
        chain.append(area)
        code = area["parent_code"]
    return chain[::-1]


def center_localities(engine: Engine, *, scope: Scope) -> set[str]:
    """Localities (or governorates, for centers outside any locality) of the centers in scope."""
    with scoped(engine, scope) as conn:
        return set(
            conn.execute(
                text(
                    "SELECT DISTINCT coalesce(locality_code, governorate_code) FROM service_center WHERE id = ANY(:ids)"
                ),
                {"ids": sorted(scope.centers or [])},
            ).scalars()
        )


def catalog(engine: Engine) -> dict:
    """Sectors, services and e-platforms with their names."""
    with engine.connect() as conn:
        sectors = [
            dict(r) for r in conn.execute(text("SELECT code, name_ar, name_en FROM sector ORDER BY code")).mappings()
        ]
        services = [
            dict(r)
            for r in conn.execute(
                text("SELECT code, sector_code, name_ar, name_en FROM service ORDER BY sector_code, code")
            ).mappings()
        ]
        platforms = [
            dict(r)
            for r in conn.execute(
                text("SELECT code, sector_code, name_ar, name_en, url FROM e_platform ORDER BY code")
            ).mappings()
        ]
    return {"sectors": sectors, "services": services, "platforms": platforms}


def ping(engine: Engine) -> None:
    with engine.connect() as conn:
        conn.execute(text("SELECT 1"))


def counts(engine: Engine) -> dict[str, int]:
    with engine.connect() as conn:
        row = (
            conn.execute(
                text(
                    "SELECT (SELECT count(*) FROM admin_area) AS areas, (SELECT count(*) FROM service_center) AS centers, "
                    "(SELECT count(*) FROM rating) AS ratings"
                )
            )
            .mappings()
            .one()
        )
    return dict(row)


def outline(engine: Engine, code: str) -> dict | None:
    """An area's display geometry as GeoJSON (boundaries are public), or None for an unknown code."""
    with engine.connect() as conn:
        return conn.execute(
            text("SELECT ST_AsGeoJSON(geom_display, 5)::json FROM admin_area WHERE code = :code"), {"code": code}
        ).scalar()


def locality_points(engine: Engine, country: str) -> list[dict]:
    """Every locality of the country with a point inside it (for "pick your town" lists; boundaries are public)."""
    with engine.connect() as conn:
        return [
            dict(r)
            for r in conn.execute(
                text(
                    "SELECT code, name_ar, name_en, ST_Y(ST_PointOnSurface(geom)) AS lat, ST_X(ST_PointOnSurface(geom)) AS lon "
                    "FROM admin_area WHERE level = 'locality' AND country = :c ORDER BY name_en"
                ),
                {"c": country},
            ).mappings()
        ]


def display_shapes(engine: Engine) -> dict[str, dict]:
    """Every area's display geometry (simplified for the map, 5 decimals) as a GeoJSON geometry, by code: reference
    data, held by each process (context.Reference.area_shapes), so that the statistics read per request carry none."""
    with engine.connect() as conn:
        return dict(conn.execute(text("SELECT code, ST_AsGeoJSON(geom_display, 5)::json FROM admin_area")).all())


def region_outlines(engine: Engine, country: str) -> dict:
    """The country's regions as a GeoJSON FeatureCollection of display geometries (the offline basemap)."""
    with engine.connect() as conn:
        rows = conn.execute(
            text(
                "SELECT code, ST_AsGeoJSON(geom_display, 4)::json AS g FROM admin_area "
                "WHERE level = 'region' AND country = :c ORDER BY code"
            ),
            {"c": country},
        ).all()
    return {
        "type": "FeatureCollection",
        "features": [{"type": "Feature", "id": code, "geometry": g, "properties": {}} for code, g in rows],
    }


def first_region(engine: Engine, country: str) -> str | None:
    """The lowest code of a country's regions that hold centers (of all its regions when none does)."""
    with engine.connect() as conn:
        return conn.execute(
            text(
                "SELECT coalesce((SELECT min(c.region_code) FROM service_center c JOIN admin_area a "
                "ON a.code = c.region_code WHERE a.country = :c), "
                "(SELECT min(code) FROM admin_area WHERE level = 'region' AND country = :c))"
            ),
            {"c": country},
        ).scalar()
