"""Sector comparison, center and area rankings and trends for a jurisdiction (the compare page, the API)."""

from __future__ import annotations

from marsad.context import Context
from marsad.queries import centers as center_queries
from marsad.queries import rollups, stats
from marsad.queries.filters import CHILD_LEVEL, Filters
from marsad.scores import ranking


def sectors(ctx: Context, *, filters: Filters, area: dict | None, min_ratings: int) -> list[dict]:
    """Per sector: ranked score with interval, and the mean of each criterion."""
    rows = ctx.memo("sector_counts", stats.counts_by, filters=filters, area=area, by="sector", criteria=True)
    names = {s["code"]: s for s in ctx.ref.catalog()["sectors"]}
    out = [
        {**r, "code": r["key"], "name_ar": names[r["key"]]["name_ar"], "name_en": names[r["key"]]["name_en"]}
        for r in rows
        if r["key"] in names
    ]
    return [strip(r) for r in ranking.sector_comparison(out, min_ratings=min_ratings)]


def center_ranking(ctx: Context, *, filters: Filters, area: dict | None, min_ratings: int) -> list[dict]:
    """Every center in scope and area: ranked ones first (best first), then the unranked."""
    rows = ctx.memo("center_counts", stats.counts_by, filters=filters, area=area, by="center")
    info = center_queries.center_info(ctx.engine, scope=ctx.scope, ids=[r["key"] for r in rows])
    sector_rows = ctx.memo("sector_counts", stats.counts_by, filters=filters, area=area, by="sector", criteria=True)
    prior_by = {r["key"]: ranking.pooled_mean([r]) for r in sector_rows}
    items = [{**r, **info[r["key"]]} for r in rows if r["key"] in info]
    return [
        strip(r)
        for r in ranking.rank_rows(
            items, min_ratings=min_ratings, prior_by=prior_by, group_of=lambda r: r["sector_code"]
        )
    ]


def area_ranking(ctx: Context, *, filters: Filters, area: dict | None, min_ratings: int) -> list[dict]:
    """The child areas of `area` (the regions at the national level), ranked."""
    child = CHILD_LEVEL[area["level"] if area else None]
    if child is None:
        raise ValueError("a locality has no child areas to rank")
    index = ctx.ref.area_index()
    rows = ctx.memo("area_counts", stats.counts_by, filters=filters, area=area, by=child)
    items = [
        {**r, **{k: index[r["key"]][k] for k in ("code", "name_ar", "name_en", "approximate")}}
        for r in rows
        if r["key"] in index
    ]
    return [strip(r) for r in ranking.rank_rows(items, min_ratings=min_ratings)]


def sector_trends(ctx: Context, *, filters: Filters, area: dict | None) -> list[dict]:
    """Per sector, its mean and n per week (periods up to six months) or month."""
    return ctx.memo("sector_trends", stats.sector_trends, filters=filters, area=area)


def center_comparison(ctx: Context, *, filters: Filters, ids: list[int]) -> list[dict]:
    """The chosen centers (those in scope, in the order given) side by side: score with interval, criteria."""
    own = ctx.scope.narrowed_to_centers(ids)
    assert own.centers is not None
    info = center_queries.center_info(ctx.engine, scope=own, ids=list(own.centers))
    counts = {
        r["key"]: r
        for r in stats.counts_by(ctx.engine, scope=own, filters=filters, area=None, by="center", criteria=True)
    }
    empty = {**{f"n{i}": 0 for i in range(1, 6)}, **{f"c_{c}_{k}": 0 for c in rollups.CRITERIA for k in ("n", "sum")}}
    rows = [{**counts.get(i, empty), **info[i], "key": i} for i in ids if i in info]
    by_id = {r["id"]: strip(r) for r in ranking.sector_comparison(rows, min_ratings=1)}
    return [by_id[i] for i in ids if i in by_id]


def strip(row: dict) -> dict:
    """Drop the working columns; the score counts become `distribution` (n of each score 1..5)."""
    out = {k: v for k, v in row.items() if k not in ("key", "n1", "n2", "n3", "n4", "n5")}
    if "n1" in row:
        out["distribution"] = [int(row[f"n{i}"]) for i in range(1, 6)]
    return out
