"""SQL for replacing one level of admin areas: re-attaching children and centers, removing old areas."""

from __future__ import annotations

from sqlalchemy import Connection, Engine, text

CHILD = {"region": "governorate", "governorate": "locality", "locality": None}
CENTER_COLUMN = {"region": "region_code", "governorate": "governorate_code", "locality": "locality_code"}


def areas_with_geometry(engine: Engine, *, level: str, country: str) -> dict[str, dict]:
    with engine.connect() as conn:
        rows = conn.execute(
            text(
                "SELECT code, name_en, ST_AsGeoJSON(geom) AS geojson FROM admin_area "
                "WHERE level = :level AND country = :country"
            ),
            {"level": level, "country": country},
        ).mappings()
        return {r["code"]: dict(r) for r in rows}


def codes_at_other_levels(conn: Connection, codes: list[str], *, level: str) -> set[str]:
    return set(
        conn.execute(
            text("SELECT code FROM admin_area WHERE code = ANY(:codes) AND level <> :level"),
            {"codes": codes, "level": level},
        ).scalars()
    )


def reattach(conn: Connection, *, level: str, country: str, keep: list[str]) -> int:
    """Point children and centers at the new areas of `level` (by location, nearest when outside all).

    Returns how many centers changed area. Identifiers come from the whitelists above.
    """
    params = {"level": level, "country": country, "keep": keep}
    child = CHILD[level]
    if child:
        conn.execute(
            text("""
            UPDATE admin_area ch SET parent_code = (
                SELECT p.code FROM admin_area p
                WHERE p.code = ANY(:keep)
                ORDER BY ST_Distance(p.geom, ST_PointOnSurface(ch.geom)), p.code
                LIMIT 1)
            WHERE ch.level = :child AND ch.country = :country
        """),
            {**params, "child": child},
        )
    column = CENTER_COLUMN[level]
    moved = conn.execute(
        text(f"""
        WITH target AS (
            SELECT c.id, (SELECT a.code FROM admin_area a WHERE a.code = ANY(:keep)
                          ORDER BY ST_Distance(a.geom, c.geom), a.code LIMIT 1) AS code
            FROM service_center c JOIN admin_area r ON r.code = c.region_code
            WHERE r.country = :country
        )
        UPDATE service_center c SET {column} = t.code FROM target t
        WHERE t.id = c.id AND c.{column} IS DISTINCT FROM t.code
    """),
        params,
    ).rowcount
    if level != "locality":  # keep the hierarchy of each center consistent with its new area
        conn.execute(
            text("""
            UPDATE service_center c SET region_code = g.parent_code
            FROM admin_area g WHERE g.code = c.governorate_code AND c.region_code <> g.parent_code
        """)
        )
    conn.execute(
        text("""
        UPDATE rating_daily r SET region_code = c.region_code, governorate_code = c.governorate_code,
                                  locality_code = c.locality_code
        FROM service_center c
        WHERE c.id = r.center_id AND (r.region_code, r.governorate_code, r.locality_code)
              IS DISTINCT FROM (c.region_code, c.governorate_code, c.locality_code)
    """)
    )
    return moved


def remove_others(conn: Connection, *, level: str, country: str, keep: list[str]) -> int:
    return conn.execute(
        text("DELETE FROM admin_area WHERE level = :level AND country = :country AND NOT (code = ANY(:keep))"),
        {"level": level, "country": country, "keep": keep},
    ).rowcount
