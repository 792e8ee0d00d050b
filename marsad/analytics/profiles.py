"""A center's profile: for officials (in their jurisdiction) and for the public (aggregates only, withheld
under the public minimum of ratings)."""

from __future__ import annotations

from dataclasses import replace
from functools import partial

from marsad import params
from marsad.analytics import public
from marsad.analytics.rankings import center_comparison, center_ranking
from marsad.context import Context
from marsad.jurisdiction import Scope
from marsad.queries import areas as area_queries
from marsad.queries import centers as center_queries
from marsad.queries import comments as comment_queries
from marsad.queries import stats
from marsad.queries.filters import Filters
from marsad.scores import ranking

INFO_COLUMNS = ("id", "code", "name_ar", "name_en", "sector_code", "region_code", "governorate_code", "locality_code")


def center_standing(ctx: Context, *, filters: Filters, center_id: int, min_ratings: int) -> dict | None:
    """One center in scope: its names, sector and areas, score with interval, criteria, distribution and rank among
    peers (same sector, same governorate and region); None when out of scope. What a weekly report needs."""
    found = center_comparison(ctx, filters=filters, ids=[center_id])
    if not found:
        return None
    comparison = found[0]  # the score, and the center's names, sector and areas
    info = {k: comparison[k] for k in INFO_COLUMNS}
    index = ctx.ref.area_index()
    peers = {}
    for level in ("governorate", "region"):
        area = index[info[f"{level}_code"]]
        peer_filters = replace(filters, sector=info["sector_code"], service=None)
        # the center's position among its peers (its sector's centers of the area), whatever the jurisdiction: a
        # center manager's holds their center alone. Only the rank and the count of ranked peers leave here, never
        # a peer's name or figures
        group = Context(
            resources=ctx.resources,
            official=ctx.official,
            scope=Scope.of(areas=[area["code"]], sectors=[info["sector_code"]]),
        )
        # cached per peer group: the weekly reports of a governorate's centers of one sector share it
        ranked = ctx.cache.cached(
            "peer_ranking",
            partial(center_ranking, group, filters=peer_filters, area=area, min_ratings=min_ratings),
            scope=group.scope,
            filters=peer_filters,
            area=area["code"],
            min_ratings=min_ratings,
        )
        mine = next((r for r in ranked if r["id"] == center_id), None)
        peers[level] = {
            "area": area["code"],
            "rank": mine["rank"] if mine else None,
            "of": sum(1 for r in ranked if r["rank"] is not None),
        }
    return {
        "center": info,
        "score": {k: comparison[k] for k in ("n", "mean", "ci_low", "ci_high", "satisfied_share", "satisfied_low")},
        "criteria": comparison["criteria"],
        "distribution": comparison["distribution"],
        "peers": peers,
    }


def center_profile(ctx: Context, *, filters: Filters, center_id: int, min_ratings: int) -> dict | None:
    """One center in scope: center_standing with its location, services, trend and five recent comments; None when
    out of scope."""
    standing = center_standing(ctx, filters=filters, center_id=center_id, min_ratings=min_ratings)
    if standing is None:
        return None
    info = standing["center"]
    index = ctx.ref.area_index()
    own = ctx.scope.narrowed_to_centers({center_id})
    recent, _ = comment_queries.comments(
        ctx.engine, scope=own, q=comment_queries.CommentQuery(filters=filters, limit=5)
    )
    location = center_queries.center_location(ctx.engine, scope=ctx.scope, center_id=center_id) or {}
    return {
        **standing,
        "center": {
            **info,
            **location,
            "lineage": [
                a["code"] for a in area_queries.lineage(index, info["locality_code"] or info["governorate_code"])
            ],
        },
        "services": center_queries.center_services(ctx.engine, scope=ctx.scope, center_id=center_id),
        "trend": stats.trend(ctx.engine, scope=own, filters=filters, area=None),
        "recent_comments": recent,
        "method": ranking.METHOD,
        "min_ratings": min_ratings,
    }


def public_profile(ctx: Context, *, period: public.PublicPeriod, center_id: int) -> dict | None:
    """What anyone may read about an active center in a public period: its citizens' app ratings in aggregate and
    approved comments, withheld unless the center's cell is published (analytics/public.py); never anything about
    raters. None for an unknown or inactive center."""
    location = center_queries.center_location(ctx.engine, scope=ctx.scope, center_id=center_id)
    if location is None or location["status"] != "active":
        return None
    filters = period.filters()
    comparison = center_comparison(ctx, filters=filters, ids=[center_id])[0]
    info = {k: comparison[k] for k in INFO_COLUMNS}
    minimum = ctx.settings.min_public_ratings
    published = ("center", center_id) in public.cells(ctx, period).published
    own = ctx.scope.narrowed_to_centers({center_id})
    # the newest approved comments up to today (each is published as written; they are not figures to difference)
    latest = replace(filters, date_to=max(filters.date_to, params.today_riyadh()))
    recent = comment_queries.comments(ctx.engine, scope=own, q=comment_queries.CommentQuery(filters=latest, limit=10))[
        0
    ]
    return {
        "center": info | {"lat": round(location["lat"], 6), "lon": round(location["lon"], 6)},
        "services": center_queries.center_services(ctx.engine, scope=ctx.scope, center_id=center_id),
        "published": published,
        "min_ratings": minimum,
        "period": period.key,
        "source": public.SOURCE,
        "from": filters.date_from.isoformat(),
        "to": filters.date_to.isoformat(),
        "score": {k: comparison[k] for k in ("n", "mean", "ci_low", "ci_high", "satisfied_share")}
        if published
        else None,
        "criteria": comparison["criteria"] if published else None,
        "distribution": comparison["distribution"] if published else None,
        "comments": [
            {
                "submitted_on": c["submitted_at"].date().isoformat(),
                "overall": c["overall"],
                "comment": c["comment"],
                "lang": c["lang"],
                "service_code": c["service_code"],
            }
            for c in recent
        ]
        if published
        else [],
    }
