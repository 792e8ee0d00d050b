"""Sector comparison and center rankings for a scope, shared by the API and the compare page."""

from __future__ import annotations

from dataclasses import replace

from marsad.scores import ranking
from marsad.queries import areas as area_queries
from marsad.queries import comments as comment_queries
from marsad.queries import centers as center_queries
from marsad.queries import rollups, stats
from marsad.queries.filters import Filters
from marsad.jurisdiction import Scope
from marsad.services import Services


def sectors(svc: Services, *, scope: Scope, filters: Filters, area: dict | None, min_ratings: int) -> list[dict]:
    rows = svc.memo("sector_counts", stats.counts_by, scope=scope, filters=filters, area=area, key="r.sector_code",
                    criteria=True)
    names = {s["code"]: s for s in svc.catalog()["sectors"]}
    out = [{**r, "code": r["key"], "name_ar": names[r["key"]]["name_ar"], "name_en": names[r["key"]]["name_en"]}
           for r in rows if r["key"] in names]
    return [strip(r) for r in ranking.sector_comparison(out, min_ratings=min_ratings)]


def center_ranking(svc: Services, *, scope: Scope, filters: Filters, area: dict | None,
                   min_ratings: int) -> list[dict]:
    """Every center in scope and area: ranked ones first (best first), then the unranked."""
    rows = svc.memo("center_counts", stats.counts_by, scope=scope, filters=filters, area=area,
                    key="r.center_id", per_center=True)
    info = center_queries.center_info(svc.engine, scope=scope, ids=[r["key"] for r in rows])
    sector_rows = svc.memo("sector_counts", stats.counts_by, scope=scope, filters=filters, area=area,
                           key="r.sector_code", criteria=True)
    prior_by = {r["key"]: ranking.pooled_mean([r]) for r in sector_rows}
    items = [{**r, **info[r["key"]]} for r in rows if r["key"] in info]
    return [strip(r) for r in ranking.rank_rows(items, min_ratings=min_ratings, prior_by=prior_by,
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
    return [strip(r) for r in ranking.rank_rows(items, min_ratings=min_ratings)]


def sector_trends(svc: Services, *, scope: Scope, filters: Filters, area: dict | None) -> list[dict]:
    """Per sector, its mean and n per week (periods up to six months) or month."""
    return svc.memo("sector_trends", stats.sector_trends, scope=scope, filters=filters, area=area)


def center_comparison(svc: Services, *, scope: Scope, filters: Filters, ids: list[int]) -> list[dict]:
    """The chosen centers (those in scope, in the order given) side by side: score with interval, criteria."""
    own = scope.narrowed_to_centers(ids)
    info = center_queries.center_info(svc.engine, scope=own, ids=list(own.centers))
    counts = {r["key"]: r for r in stats.counts_by(svc.engine, scope=own, filters=filters, area=None,
                                                   key="r.center_id", criteria=True, per_center=True)}
    empty = {**{f"n{i}": 0 for i in range(1, 6)}, **{f"c_{c}_{k}": 0 for c in rollups.CRITERIA for k in ("n", "sum")}}
    rows = [{**counts.get(i, empty), **info[i], "key": i} for i in ids if i in info]
    by_id = {r["id"]: strip(r) for r in ranking.sector_comparison(rows, min_ratings=1)}
    return [by_id[i] for i in ids if i in by_id]


INFO_COLUMNS = ("id", "code", "name_ar", "name_en", "sector_code", "region_code", "governorate_code", "locality_code")


def center_profile(svc: Services, *, scope: Scope, filters: Filters, center_id: int,
                   min_ratings: int) -> dict | None:
    """One center in scope: services, score with interval, criteria, distribution, trend, five recent
    comments and its rank among peers (same sector, same governorate and region); None when out of scope."""
    found = center_comparison(svc, scope=scope, filters=filters, ids=[center_id])
    if not found:
        return None
    comparison = found[0]  # the score, and the center's names, sector and areas
    info = {k: comparison[k] for k in INFO_COLUMNS}
    index = svc.area_index()
    own = scope.narrowed_to_centers({center_id})
    peers = {}
    for level in ("governorate", "region"):
        area = index[info[f"{level}_code"]]
        peer_filters = replace(filters, sector=info["sector_code"], service=None)
        ranked = center_ranking(svc, scope=scope, filters=peer_filters, area=area, min_ratings=min_ratings)
        mine = next((r for r in ranked if r["id"] == center_id), None)
        peers[level] = {"area": area["code"], "rank": mine["rank"] if mine else None,
                        "of": sum(1 for r in ranked if r["rank"] is not None)}
    recent, _ = comment_queries.comments(svc.engine, scope=own,
                                         q=comment_queries.CommentQuery(filters=filters, limit=5))
    return {
        "center": {**info, **(center_queries.center_location(svc.engine, scope=scope, center_id=center_id) or {}),
                   "lineage": [a["code"] for a in area_queries.lineage(index, info["locality_code"]
                                                                       or info["governorate_code"])]},
        "services": center_queries.center_services(svc.engine, scope=scope, center_id=center_id),
        "score": {k: comparison[k] for k in ("n", "mean", "ci_low", "ci_high", "satisfied_share", "satisfied_low")},
        "criteria": comparison["criteria"],
        "distribution": comparison["distribution"],
        "trend": stats.trend(svc.engine, scope=own, filters=filters, area=None),
        "peers": peers,
        "recent_comments": recent,
        "method": ranking.METHOD, "min_ratings": min_ratings,
    }


def strip(row: dict) -> dict:
    """Drop the working columns; the score counts become `distribution` (n of each score 1..5)."""
    out = {k: v for k, v in row.items() if k not in ("key", "n1", "n2", "n3", "n4", "n5")}
    if "n1" in row:
        out["distribution"] = [int(row[f"n{i}"]) for i in range(1, 6)]
    return out


def public_profile(svc: Services, *, scope: Scope, filters: Filters, center_id: int) -> dict | None:
    """What anyone may read about an active center: aggregates and approved comments, all withheld under
    the public minimum of ratings; never anything about raters. None for an unknown or inactive center."""
    location = center_queries.center_location(svc.engine, scope=scope, center_id=center_id)
    if location is None or location["status"] != "active":
        return None
    comparison = center_comparison(svc, scope=scope, filters=filters, ids=[center_id])[0]
    info = {k: comparison[k] for k in INFO_COLUMNS}
    minimum = svc.settings.min_public_ratings
    published = comparison["n"] >= minimum
    own = scope.narrowed_to_centers({center_id})
    recent = comment_queries.comments(svc.engine, scope=own, q=comment_queries.CommentQuery(filters=filters, limit=10))[0]
    return {
        "center": info | {"lat": round(location["lat"], 6), "lon": round(location["lon"], 6)},
        "services": center_queries.center_services(svc.engine, scope=scope, center_id=center_id),
        "published": published, "min_ratings": minimum,
        "from": filters.date_from.isoformat(), "to": filters.date_to.isoformat(),
        "score": {k: comparison[k] for k in ("n", "mean", "ci_low", "ci_high", "satisfied_share")} if published else None,
        "criteria": comparison["criteria"] if published else None,
        "distribution": comparison["distribution"] if published else None,
        "comments": [{"submitted_on": c["submitted_at"].date().isoformat(), "overall": c["overall"],
                      "comment": c["comment"], "lang": c["lang"], "service_code": c["service_code"]}
                     for c in recent] if published else [],
    }
