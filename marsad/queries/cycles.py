"""Evaluation cycles as officials read them: the cycles with their visits in the jurisdiction, and a cycle's visits
summed per place (a center, or an e-platform) by channel and by axis, under row-level security and the scope clause
like the ratings."""

from __future__ import annotations

from sqlalchemy import Engine, text

from marsad.db.transactions import scoped
from marsad.jurisdiction import Scope
from marsad.queries import visits

PLACE = "coalesce(v.center_id::text, 'platform:' || v.platform_code)"


def listed(engine: Engine, *, scope: Scope) -> list[dict]:
    """Every cycle, oldest first, with its visits and places visited in the jurisdiction."""
    where, params = scope.clause_on("v")
    with scoped(engine, scope) as conn:
        rows = conn.execute(
            text(
                f"SELECT c.id, c.name, c.date_from, c.date_to, c.guide_id, count(v.id) AS visits, "
                f"count(DISTINCT {PLACE}) AS places FROM evaluation_cycle c "
                f"LEFT JOIN shopper_visit v ON v.cycle_id = c.id AND {where} GROUP BY c.id ORDER BY c.date_from, c.id"
            ),
            params,
        ).mappings()
        return [dict(r) for r in rows]


def by_place(engine: Engine, *, scope: Scope, cycle_id: int) -> tuple[list[dict], list[dict]]:
    """A cycle's visits in the jurisdiction per place and channel (n, mean score), and per place and axis (mean of
    the visits' axis scores), each row with the place's code, names and sector."""
    where, params = scope.clause_on("v")
    names = (
        "coalesce(s.code, v.platform_code) AS code, coalesce(s.name_ar, p.name_ar) AS name_ar, "
        "coalesce(s.name_en, p.name_en) AS name_en, v.sector_code"
    )
    joins = "LEFT JOIN service_center s ON s.id = v.center_id LEFT JOIN e_platform p ON p.code = v.platform_code"
    with scoped(engine, scope) as conn:
        channels = conn.execute(
            text(
                f"SELECT {PLACE} AS place, {names}, v.channel, count(*) AS n, avg(v.score) AS mean "
                f"FROM shopper_visit v {joins} WHERE v.cycle_id = :cycle AND {where} GROUP BY 1, 2, 3, 4, 5, 6"
            ),
            {**params, "cycle": cycle_id},
        ).mappings()
        channel_rows = [dict(r) for r in channels]
        axes = conn.execute(
            text(
                f"SELECT {PLACE} AS place, a.axis_code AS axis, count(*) AS n, avg(a.score) AS mean "
                f"FROM shopper_visit v JOIN visit_axis a ON a.visit_id = v.id "
                f"WHERE v.cycle_id = :cycle AND {where} GROUP BY 1, 2"
            ),
            {**params, "cycle": cycle_id},
        ).mappings()
        return channel_rows, [dict(r) for r in axes]


def bands(engine: Engine, band_set: str = "grades") -> list[dict]:
    """A set's bands, highest cut point first."""
    with engine.connect() as conn:
        rows = conn.execute(
            text(
                "SELECT code, name_ar, name_en, min_score FROM grade_band WHERE band_set = :s ORDER BY min_score DESC"
            ),
            {"s": band_set},
        ).mappings()
        return [dict(r) for r in rows]


def default_axes(engine: Engine) -> list[dict]:
    """The axes of the latest default guide (what a plan's axis is named by)."""
    with engine.connect() as conn:
        guide_id = conn.execute(
            text("SELECT id FROM criteria_guide WHERE code = 'default' ORDER BY version DESC LIMIT 1")
        ).scalar()
        return visits.axes(conn, guide_id) if guide_id is not None else []


def axes_of(engine: Engine, guide_id: int) -> list[dict]:
    with engine.connect() as conn:
        return visits.axes(conn, guide_id)
