"""Evaluation cycles for an official: the cycles with their visits in the jurisdiction, and a cycle's overview
(measurements/cycles.py) against the previous cycle, with the guide's axes and the grade bands named."""

from __future__ import annotations

from marsad.context import Context
from marsad.measurements import cycles as figures
from marsad.queries import cycles as cycle_queries

METHOD = {
    "ar": (
        "درجة الزيارة من ٠ إلى ١٠٠: متوسط موزون لمحاور دليل المعايير، ودرجة المحور متوسط موزون لمعاييره المقيّمة "
        "منسوباً إلى أعلى الدرجة. تقدير المركز من متوسط درجات زياراته في الدورة وفق حدود الفئات المعلنة. "
        "المحور عند حد المتابعة أو دونه يُتابَع."
    ),
    "en": (
        "A visit's score (0-100) is the weighted mean of the guide's axes; an axis's, the weighted mean of its scored "
        "criteria as a share of the top score. A place's grade is its visits' mean score in the cycle against the "
        "declared bands. An axis at or below the follow-up threshold is followed up."
    ),
}


def listed(ctx: Context) -> list[dict]:
    return cycle_queries.listed(ctx.engine, scope=ctx.scope)


def overview(ctx: Context, cycle_id: int, *, band_set: str = "grades", every: list[dict] | None = None) -> dict | None:
    """The cycle's overview in the jurisdiction, or None for no such cycle; `every`: listed(ctx), when read already."""
    every = listed(ctx) if every is None else every
    at = next((i for i, c in enumerate(every) if c["id"] == cycle_id), None)
    if at is None:
        return None
    cycle = every[at]
    previous = every[at - 1] if at > 0 else None
    now, axes = cycle_queries.by_place(ctx.engine, scope=ctx.scope, cycle_id=cycle_id)
    before = cycle_queries.by_place(ctx.engine, scope=ctx.scope, cycle_id=previous["id"])[0] if previous else None
    bands = cycle_queries.bands(ctx.engine, band_set)
    threshold = ctx.settings.axis_threshold
    return {
        "cycle": {k: cycle[k] for k in ("id", "name", "date_from", "date_to")},
        "previous": {k: previous[k] for k in ("id", "name")} if previous else None,
        "axes": cycle_queries.axes_of(ctx.engine, cycle["guide_id"]),
        "bands": bands,
        "threshold": threshold,
        **figures.overview(now, axes, before, bands=bands, threshold=threshold),
        "method": METHOD,
    }
