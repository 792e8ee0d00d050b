"""Nearby well-rated centers for citizens: candidates from queries.nearby, their public figures (analytics/public.py:
the last four complete quarters of app ratings, published cells only), ranked by the blend in scores.nearness."""

from __future__ import annotations

from datetime import date

from marsad.analytics import public
from marsad.analytics.rankings import sectors
from marsad.context import Context
from marsad.jurisdiction import Scope
from marsad.queries import nearby as nearby_queries
from marsad.scores import ranking
from marsad.scores.nearness import CANDIDATES, blend

SCORES = ("n1", "n2", "n3", "n4", "n5")


def nearby(
    ctx: Context,
    *,
    lat: float,
    lon: float,
    radius_km: float,
    sector: str | None,
    service: str | None,
    limit: int,
    today: date,
) -> list[dict]:
    if ctx.official is not None or ctx.scope != Scope.national():
        raise ValueError("nearby() answers the public: give it the public context")
    found = nearby_queries.candidates(
        ctx.engine,
        scope=ctx.scope,
        lon=lon,
        lat=lat,
        radius_m=radius_km * 1000,
        sector=sector,
        service=service,
        limit=CANDIDATES,
    )
    if not found:
        return []
    # the public period and cells: every center's figure over the last four complete quarters (of app ratings, all
    # services: a service chooses the candidates, not the figure), published as on every other public route
    period = public.public_periods(today)[0]
    cells = public.cells(ctx, period)
    priors = {s["code"]: s["mean"] for s in sectors(ctx, filters=period.filters(), area=None, min_ratings=1)}
    empty = dict.fromkeys(SCORES, 0)
    rows = [
        {
            **c,
            **{k: (cells.counts.get(("center", c["id"])) or empty)[k] for k in SCORES},
            "published": ("center", c["id"]) in cells.published,
        }
        for c in found
    ]
    scored = ranking.rank_rows(rows, min_ratings=1, prior_by=priors, group_of=lambda r: r["sector_code"])
    return blend(scored, radius_m=radius_km * 1000, min_public=ctx.settings.min_public_ratings)[:limit]
