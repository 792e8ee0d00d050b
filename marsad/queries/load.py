"""Writing reference data and ratings: area upserts, bulk COPY, and the rollup refresh."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from sqlalchemy import Connection, Engine, text

from marsad.queries import rollups

# display simplification tolerance (degrees) per level
SIMPLIFY = {"region": 0.01, "governorate": 0.005, "locality": 0.002}

UPSERT_AREA = """
INSERT INTO admin_area (code, level, parent_code, country, name_ar, name_en, approximate, population,
                        geom, geom_display)
SELECT :code, :level, :parent_code, :country, :name_ar, :name_en, :approximate, :population, g.geom,
       coalesce(nullif(ST_Multi(ST_CollectionExtract(ST_MakeValid(
           ST_SimplifyPreserveTopology(g.geom, :tolerance)), 3)), ST_GeomFromText('MULTIPOLYGON EMPTY', 4326)),
           g.geom)
FROM (SELECT ST_Multi(ST_GeomFromGeoJSON(:geojson))::geometry(MultiPolygon, 4326) AS geom) g
ON CONFLICT (code) DO UPDATE SET
    level = excluded.level, parent_code = excluded.parent_code, country = excluded.country,
    name_ar = excluded.name_ar, name_en = excluded.name_en, approximate = excluded.approximate,
    population = excluded.population, geom = excluded.geom, geom_display = excluded.geom_display
"""


def upsert_areas(conn: Connection, rows: Sequence[dict]) -> int:
    """Insert or replace areas; each row has the admin_area columns and `geojson` (a geometry string)."""
    params = [{**{"population": None, "approximate": False}, **r, "tolerance": SIMPLIFY[r["level"]]} for r in rows]
    if params:
        conn.execute(text(UPSERT_AREA), params)
    return len(params)


def _driver(conn: Connection) -> Any:
    """The psycopg connection under a SQLAlchemy one (for COPY)."""
    driver = conn.connection.driver_connection
    if driver is None:
        raise RuntimeError("the connection is closed")
    return driver


def copy_rows(conn: Connection, table: str, columns: Sequence[str], rows: Iterable[Sequence]) -> int:
    """Bulk-load rows with COPY. `table` and `columns` come from code, never from input."""
    count = 0
    cursor = _driver(conn).cursor()
    with cursor.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy:
        for row in rows:
            copy.write_row(row)
            count += 1
    return count


def analyze(conn: Connection) -> None:
    conn.execute(text("ANALYZE"))


def vacuum(engine: Engine, tables: Sequence[str] = ()) -> None:
    """VACUUM (ANALYZE) the whole database after a bulk load, or only `tables` (names chosen by code), outside any
    transaction: the visibility maps that index-only scans need, done now rather than by autovacuum during the first
    minutes of use (at national scale it was still vacuuming the rating partitions when the first benchmark ran)."""
    with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
        conn.execute(text(f"VACUUM (ANALYZE) {', '.join(tables)}"))


def copy_csv(conn: Connection, table: str, columns: Sequence[str], data: str) -> None:
    """Bulk-load CSV text (empty unquoted fields are NULL). `table`/`columns` come from code."""
    cursor = _driver(conn).cursor()
    with cursor.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN (FORMAT csv)") as copy:
        copy.write(data)


def clear_centers_and_ratings(conn: Connection) -> None:
    conn.execute(
        text(
            f"TRUNCATE {', '.join(r.table for r in rollups.ALL)}, {rollups.RECENT.table}, rating_pending, idempotency_key, batch_key, rating, demo_event, alert, "
            "plan_note, plan_action, improvement_plan, visit_axis, visit_score, shopper_visit, evaluation_cycle, "
            "focus_group_axis, focus_group, complaint, "
            "center_proposal, center_service, service_center, e_platform, service, sector RESTART IDENTITY"
        )
    )


def insert_events(conn: Connection, events: list[dict]) -> None:
    """The demo's planted events (the truth alert detection is measured on)."""
    if events:
        conn.execute(
            text(
                "INSERT INTO demo_event (center_id, starts, kind, extra_per_day, shift, term) "
                "VALUES (:center_id, :starts, :kind, :extra_per_day, :shift, :term)"
            ),
            events,
        )


def insert_catalog(conn: Connection, *, sectors: list[dict], services: list[dict], platforms: list[dict]) -> None:
    conn.execute(text("INSERT INTO sector (code, name_ar, name_en) VALUES (:code, :name_ar, :name_en)"), sectors)
    conn.execute(
        text(
            "INSERT INTO service (code, sector_code, name_ar, name_en) VALUES (:code, :sector_code, :name_ar, :name_en)"
        ),
        services,
    )
    conn.execute(
        text(
            "INSERT INTO e_platform (code, sector_code, name_ar, name_en, url) "
            "VALUES (:code, :sector_code, :name_ar, :name_en, :url)"
        ),
        platforms,
    )


def reset_identities(conn: Connection) -> None:
    """After COPY with explicit ids, move the identity sequences past the largest id."""
    for table in ("service_center", "rating"):
        reset_identity(conn, table)


def reset_identity(conn: Connection, table: str) -> None:
    """Move `table`'s identity sequence past its largest id (`table` from code)."""
    conn.execute(
        text(
            f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
            f"coalesce((SELECT max(id) FROM {table}), 0) + 1, false)"
        )
    )
