"""The areas a view of one area draws (the explorer's map, a report's map and table): its children with their
figures, or a locality on its own."""

from __future__ import annotations

from marsad.context import Context
from marsad.queries import stats
from marsad.queries.filters import CHILD_LEVEL, Filters


def map_areas(ctx: Context, *, filters: Filters, area: dict | None) -> tuple[str | None, list[dict]]:
    """(the level of the areas drawn, None for a locality; their rows). A locality has no children: it is shown on
    its own, read within its parent's."""
    child_level = CHILD_LEVEL[area["level"] if area else None]
    parent = area if child_level is not None or area is None else ctx.ref.area_index()[area["parent_code"]]
    country = area["country"] if area else ctx.settings.country
    rows = ctx.read(lambda e: stats.child_areas(e, scope=ctx.scope, filters=filters, parent=parent, country=country))
    if child_level is None and area is not None:
        rows = [r for r in rows if r["code"] == area["code"]]
    return child_level, rows
