"""Loading checked focus-group sessions and complaints (in the caller's transaction, limited to the loader's
jurisdiction by the row policies), and the areas a sector's session may name."""

from __future__ import annotations

from sqlalchemy import Connection, text


def areas(conn: Connection) -> dict[str, dict]:
    """Every admin area's level and parent, by code."""
    return {
        r["code"]: dict(r) for r in conn.execute(text("SELECT code, level, parent_code FROM admin_area")).mappings()
    }


def load_focus_groups(conn: Connection, sessions: list[dict], *, by: str) -> int:
    for s in sessions:
        group_id = conn.execute(
            text(
                "INSERT INTO focus_group (session_ref, center_id, sector_code, region_code, governorate_code, "
                "locality_code, held_on, participants, findings, imported_by) VALUES (:session_ref, :center_id, "
                ":sector_code, :region_code, :governorate_code, :locality_code, :held_on, :participants, :findings, "
                ":by) RETURNING id"
            ),
            {**s, "by": by},
        ).scalar_one()
        conn.execute(
            text("INSERT INTO focus_group_axis (group_id, axis_code, score) VALUES (:g, :a, :s)"),
            [{"g": group_id, "a": a, "s": v} for a, v in s["axes"].items()],
        )
    return len(sessions)


def load_complaints(conn: Connection, cases: list[dict], *, by: str) -> int:
    if cases:
        conn.execute(
            text(
                "INSERT INTO complaint (case_ref, center_id, sector_code, region_code, governorate_code, locality_code, "
                "channel, received_at, closed_at, deadline, category, resolved, satisfied, imported_by) VALUES "
                "(:case_ref, :center_id, :sector_code, :region_code, :governorate_code, :locality_code, :channel, "
                ":received_at, :closed_at, :deadline, :category, :resolved, :satisfied, :by)"
            ),
            [{**c, "by": by} for c in cases],
        )
    return len(cases)
