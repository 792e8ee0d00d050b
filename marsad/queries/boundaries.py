"""SQL for replacing one level of admin areas: re-attaching children and centers, removing old areas."""

from __future__ import annotations

from sqlalchemy import Connection, Engine, text

CHILD = {"region": "governorate", "governorate": "locality", "locality": None}
CENTER_COLUMN = {"region": "region_code", "governorate": "governorate_code", "locality": "locality_code"}


def areas_with_geometry(engine: Engine, *, level: str, country: str) -> dict[str, dict]:
    with engine.connect() as conn:
        rows = conn.execute(
            text(
                "SELECT code, name_ar, name_en, ST_AsGeoJSON(geom) AS geojson FROM admin_area "
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


def codes_not_kept(conn: Connection, *, level: str, country: str, keep: list[str]) -> list[str]:
    """The areas of a level an import would remove (those not in the file)."""
    return list(
        conn.execute(
            text(
                "SELECT code FROM admin_area WHERE level = :level AND country = :country AND NOT (code = ANY(:keep)) "
                "ORDER BY code"
            ),
            {"level": level, "country": country, "keep": keep},
        ).scalars()
    )


def by_overlap(conn: Connection, *, old: list[str], keep: list[str]) -> dict[str, str]:
    """For each old area, the kept area that covers most of it (the nearest when none overlaps). Only areas whose
    boxes meet are intersected (the spatial index finds them), not every pair."""
    rows = conn.execute(
        text("""
        SELECT o.code, coalesce(
            (SELECT n.code FROM admin_area n
             WHERE n.code = ANY(:keep) AND n.geom && o.geom AND ST_Intersects(n.geom, o.geom)
             ORDER BY ST_Area(ST_Intersection(n.geom, o.geom)) DESC, n.code LIMIT 1),
            (SELECT n.code FROM admin_area n WHERE n.code = ANY(:keep)
             ORDER BY n.geom <-> ST_PointOnSurface(o.geom), n.code LIMIT 1))
        FROM admin_area o WHERE o.code = ANY(:old)
    """),
        {"old": old, "keep": keep},
    )
    return {code: new for code, new in rows if new is not None}


# tables that keep a copy of their center's (or their own) area codes; the names are identifiers from this module
CARRIERS = ("shopper_visit", "focus_group", "complaint", "improvement_plan", "alert", "center_proposal")


def carry_codes(conn: Connection, *, level: str, moved: dict[str, str]) -> None:
    """After centers changed area: the rows of CARRIERS follow their center; rows of an area alone (a sector's focus
    group in a region, an area alert, a proposal) follow `moved` (old code -> new code of `level`), and take their
    governorate's region."""
    column = CENTER_COLUMN[level]
    old, new = list(moved), [moved[k] for k in moved]
    for table in CARRIERS:
        conn.execute(
            text(f"""
            UPDATE {table} x SET region_code = c.region_code, governorate_code = c.governorate_code,
                                 locality_code = c.locality_code
            FROM service_center c
            WHERE c.id = x.center_id AND (x.region_code, x.governorate_code, x.locality_code)
                  IS DISTINCT FROM (c.region_code, c.governorate_code, c.locality_code)
        """)
        )
        conn.execute(
            text(f"""
            UPDATE {table} x SET {column} = m.new
            FROM unnest(CAST(:old AS text[]), CAST(:new AS text[])) AS m(old, new)
            WHERE x.center_id IS NULL AND x.{column} = m.old
        """),
            {"old": old, "new": new},
        )
        conn.execute(  # an area row's region: its governorate's (re-pointed when the regions were replaced)
            text(f"""
            UPDATE {table} x SET region_code = g.parent_code FROM admin_area g
            WHERE x.center_id IS NULL AND g.code = x.governorate_code AND x.region_code <> g.parent_code
        """)
        )


def imported_levels(engine: Engine, *, country: str, shipped: list[str]) -> dict[str, list[str]]:
    """The levels that hold areas other than the shipped ones (imported official boundaries), with all their codes."""
    with engine.connect() as conn:
        rows = conn.execute(
            text(
                "SELECT level, array_agg(code ORDER BY code) FROM admin_area WHERE country = :c GROUP BY level "
                "HAVING bool_or(NOT (code = ANY(:shipped)))"
            ),
            {"c": country, "shipped": shipped},
        )
        return {level: list(codes) for level, codes in rows}


def replace_level(conn: Connection, *, level: str, country: str, keep: list[str], moved: dict[str, str]) -> tuple:
    """Make `keep` the areas of `level`: centers and child areas re-attached by location, the rows that copy area
    codes carried along (`moved`: each removed area's successor), the others removed. (centers moved, removed)."""
    centers = reattach(conn, level=level, country=country, keep=keep)
    carry_codes(conn, level=level, moved=moved)
    return centers, remove_others(conn, level=level, country=country, keep=keep)
