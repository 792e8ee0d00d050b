"""Sector comparison and center rankings for a scope, shared by the API and the compare page."""

from __future__ import annotations

from marsad import comparisons
from marsad.queries import stats
from marsad.queries.filters import Filters
from marsad.queries.scope import Scope
from marsad.services import Services


def sectors(svc: Services, *, scope: Scope, filters: Filters, area: dict | None, min_ratings: int) -> list[dict]:
    rows = svc.memo("sector_counts", stats.counts_by, scope=scope, filters=filters, area=area, key="r.sector_code",
                    criteria=True)
    names = {s["code"]: s for s in svc.catalog()["sectors"]}
    out = [{**r, "code": r["key"], "name_ar": names[r["key"]]["name_ar"], "name_en": names[r["key"]]["name_en"]}
           for r in rows if r["key"] in names]
    return [strip(r) for r in comparisons.sector_comparison(out, min_ratings=min_ratings)]


def center_ranking(svc: Services, *, scope: Scope, filters: Filters, area: dict | None,
                   min_ratings: int) -> list[dict]:
    """Every center in scope and area: ranked ones first (best first), then the unranked."""
    rows = svc.memo("center_counts", stats.counts_by, scope=scope, filters=filters, area=area,
                    key="r.center_id", per_center=True)
    info = stats.center_info(svc.engine, scope=scope, ids=[r["key"] for r in rows])
    sector_rows = svc.memo("sector_counts", stats.counts_by, scope=scope, filters=filters, area=area,
                           key="r.sector_code", criteria=True)
    prior_by = {r["key"]: comparisons.pooled_mean([r]) for r in sector_rows}
    items = [{**r, **info[r["key"]]} for r in rows if r["key"] in info]
    return [strip(r) for r in comparisons.rank_rows(items, min_ratings=min_ratings, prior_by=prior_by,
                                                    group_of=lambda r: r["sector_code"])]


def area_ranking(svc: Services, *, scope: Scope, filters: Filters, area: dict | None,
                 min_ratings: int) -> list[dict]:
    child = {None: "region", "region": "governorate", "governorate": "locality"}.get(area["level"] if area else None)
    if child is None:
        raise ValueError("a locality has no child areas to rank")
    index = svc.area_index()
    rows = svc.memo("area_counts", stats.counts_by, scope=scope, filters=filters, area=area, key=f"r.{child}_code")
    items = [{**r, **{k: index[r["key"]][k] for k in ("code", "name_ar", "name_en", "approximate")}}
             for r in rows if r["key"] in index]
    return [strip(r) for r in comparisons.rank_rows(items, min_ratings=min_ratings)]


def strip(row: dict) -> dict:
    return {k: v for k, v in row.items() if k not in ("key", "n1", "n2", "n3", "n4", "n5")}
