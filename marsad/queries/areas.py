"""Admin areas and the catalogue of sectors and services (small tables, read whole)."""

from __future__ import annotations

from sqlalchemy import Engine, text

from marsad.queries.scope import Scope
from marsad.queries.scoped import scoped

AREA_COLUMNS = "code, level, parent_code, country, name_ar, name_en, approximate"


def area_index(engine: Engine) -> dict[str, dict]:
    """Every admin area by code (without geometry): a few thousand rows at most."""
    with engine.connect() as conn:
        rows = conn.execute(text(f"SELECT {AREA_COLUMNS} FROM admin_area")).mappings()
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
        return set(conn.execute(text(
            "SELECT DISTINCT coalesce(locality_code, governorate_code) FROM service_center "
            "WHERE id = ANY(:ids)"), {"ids": sorted(scope.centers or [])}).scalars())


def catalog(engine: Engine) -> dict:
    """Sectors and services with their names."""
    with engine.connect() as conn:
        sectors = [dict(r) for r in conn.execute(text(
            "SELECT code, name_ar, name_en FROM sector ORDER BY code")).mappings()]
        services = [dict(r) for r in conn.execute(text(
            "SELECT code, sector_code, name_ar, name_en FROM service ORDER BY sector_code, code")).mappings()]
    return {"sectors": sectors, "services": services}


def ping(engine: Engine) -> None:
    with engine.connect() as conn:
        conn.execute(text("SELECT 1"))


def counts(engine: Engine) -> dict[str, int]:
    with engine.connect() as conn:
        row = conn.execute(text(
            "SELECT (SELECT count(*) FROM admin_area) AS areas, (SELECT count(*) FROM service_center) AS centers, "
            "(SELECT count(*) FROM rating) AS ratings")).mappings().one()
    return dict(row)


def outline(engine: Engine, code: str) -> dict | None:
    """An area's display geometry as GeoJSON (boundaries are public), or None for an unknown code."""
    with engine.connect() as conn:
        return conn.execute(text("SELECT ST_AsGeoJSON(geom_display, 5)::json FROM admin_area WHERE code = :code"),
                            {"code": code}).scalar()
