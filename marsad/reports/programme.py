"""What the measurement programme adds to reports, read in the recipient's jurisdiction: a center's improvement plans;
an area's overdue plans, combined index by child area and the latest evaluation cycle's results."""

from __future__ import annotations

from marsad import params
from marsad.analytics import cycles, index
from marsad.context import Context
from marsad.queries import cycles as cycle_queries
from marsad.queries import plans as plan_queries
from marsad.queries.filters import CHILD_LEVEL, ROLLUP_AREA_COLUMN
from marsad.reports.periods import ReportPeriod


def _with_axis_names(ctx: Context, plans: list[dict]) -> list[dict]:
    """Plans with their axis's names (the default guide's), for an axis plan."""
    axes = {a["code"]: a for a in cycle_queries.default_axes(ctx.engine)} if plans else {}
    return [
        {
            **p,
            "axis_ar": axes.get(p["axis_code"], {}).get("name_ar"),
            "axis_en": axes.get(p["axis_code"], {}).get("name_en"),
        }
        for p in plans
    ]


def center_plans(ctx: Context, center_id: int) -> list[dict]:
    """The center's open plans (with their actions' progress and whether they are overdue)."""
    own = ctx.scope.narrowed_to_centers({center_id})
    rows = plan_queries.listed(ctx.engine, scope=own, status="open", today=params.today_riyadh())
    return _with_axis_names(ctx, [p for p in rows if p["center_id"] == center_id])


def overdue_plans(ctx: Context, area: dict | None, sector: str | None) -> list[dict]:
    rows = plan_queries.listed(ctx.engine, scope=ctx.scope, status="overdue", today=params.today_riyadh())
    column, code = (ROLLUP_AREA_COLUMN[area["level"]], area["code"]) if area else (None, None)
    return _with_axis_names(
        ctx,
        [p for p in rows if (column is None or p[column] == code) and (sector is None or p["sector_code"] == sector)],
    )


def area_index(ctx: Context, area: dict | None, period: ReportPeriod, sector: str | None) -> list[dict]:
    """The combined index of the area's child areas over the period (none for a locality)."""
    if CHILD_LEVEL[area["level"] if area else None] is None:
        return []
    found = index.child_areas(ctx, parent=area, date_from=period.date_from, date_to=period.date_to, sector=sector)
    bands = {b["code"]: b for b in found["method"]["bands"]}
    return [
        {**a, "band_ar": bands[a["band"]]["name_ar"] if a["band"] else None,
         "band_en": bands[a["band"]]["name_en"] if a["band"] else None}
        for a in found["areas"]
    ]  # fmt: skip


def latest_cycle(ctx: Context, period: ReportPeriod) -> dict | None:
    """The overview of the last cycle that began by the period's end, in the jurisdiction (None without one)."""
    every = cycles.listed(ctx)
    begun = [c for c in every if c["date_from"] <= period.date_to and c["visits"]]
    return cycles.overview(ctx, begun[-1]["id"], every=every) if begun else None
