"""Mystery-shopper visits: the guide and catalogue a file is checked against, cycles, and loading checked visits
(the owner's writes, in one transaction); reading them is for the scoped views."""

from __future__ import annotations

from datetime import date

from sqlalchemy import Connection, text


def guide(conn: Connection, *, code: str | None = None, guide_id: int | None = None) -> dict | None:
    """A criteria guide by id, or the latest version of `code`: id, scale_max, axes (code -> weight) and criteria
    (code -> (axis, weight, name_ar, name_en))."""
    row = conn.execute(
        text(
            "SELECT id, scale_max FROM criteria_guide WHERE (CAST(:id AS integer) IS NULL OR id = :id) "
            "AND (CAST(:code AS text) IS NULL OR code = :code) ORDER BY version DESC LIMIT 1"
        ),
        {"id": guide_id, "code": code},
    ).first()
    if row is None:
        return None
    axes: dict[str, float] = {
        r[0]: r[1] for r in conn.execute(text("SELECT code, weight FROM guide_axis WHERE guide_id = :g"), {"g": row[0]})
    }
    criteria = {
        r[0]: (r[1], r[2], r[3], r[4])
        for r in conn.execute(
            text("SELECT code, axis_code, weight, name_ar, name_en FROM guide_criterion WHERE guide_id = :g"),
            {"g": row[0]},
        )
    }
    return {"id": row[0], "scale_max": row[1], "axes": axes, "criteria": criteria}


def catalogue(conn: Connection) -> tuple[dict[str, dict], dict[str, str]]:
    """Every center by code (id, status, sector and area codes) and every e-platform's sector by code."""
    centers = {
        r["code"]: dict(r)
        for r in conn.execute(
            text(
                "SELECT id, code, status, sector_code, region_code, governorate_code, locality_code FROM service_center"
            )
        ).mappings()
    }
    platforms: dict[str, str] = {r[0]: r[1] for r in conn.execute(text("SELECT code, sector_code FROM e_platform"))}
    return centers, platforms


def cycle(conn: Connection, name: str) -> dict | None:
    row = conn.execute(
        text("SELECT id, name, date_from, date_to, guide_id FROM evaluation_cycle WHERE name = :n"), {"n": name}
    ).mappings()
    found = row.first()
    return dict(found) if found else None


def add_cycle(conn: Connection, *, name: str, date_from: date, date_to: date, guide_id: int) -> int:
    return conn.execute(
        text("INSERT INTO evaluation_cycle (name, date_from, date_to, guide_id) VALUES (:n, :a, :b, :g) RETURNING id"),
        {"n": name, "a": date_from, "b": date_to, "g": guide_id},
    ).scalar_one()


def load(conn: Connection, visits: list[dict], *, cycle_id: int, by: str) -> int:
    """Insert checked visits with their criterion and axis scores; a visit already in the cycle (same center or
    platform, channel, day and shopper) fails the whole load (IntegrityError), so a file is never half in."""
    for v in visits:
        visit_id = conn.execute(
            text(
                "INSERT INTO shopper_visit (cycle_id, center_id, platform_code, channel, visited_on, shopper_ref, "
                "notes, score, sector_code, region_code, governorate_code, locality_code, imported_by) VALUES "
                "(:cycle, :center_id, :platform_code, :channel, :visited_on, :shopper_ref, :notes, :score, "
                ":sector_code, :region_code, :governorate_code, :locality_code, :by) RETURNING id"
            ),
            {**v, "cycle": cycle_id, "by": by},
        ).scalar_one()
        conn.execute(
            text("INSERT INTO visit_score (visit_id, criterion_code, score) VALUES (:v, :c, :s)"),
            [{"v": visit_id, "c": c, "s": s} for c, s in v["criteria"].items()],
        )
        conn.execute(
            text("INSERT INTO visit_axis (visit_id, axis_code, score) VALUES (:v, :a, :s)"),
            [{"v": visit_id, "a": a, "s": s} for a, s in v["axes"].items()],
        )
    return len(visits)


def axes(conn: Connection, guide_id: int) -> list[dict]:
    """A guide's axes with their names."""
    return [
        dict(r)
        for r in conn.execute(
            text("SELECT code, name_ar, name_en, weight FROM guide_axis WHERE guide_id = :g ORDER BY code"),
            {"g": guide_id},
        ).mappings()
    ]
