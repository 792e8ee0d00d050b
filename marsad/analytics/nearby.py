"""Nearby well-rated centers for citizens: candidates from queries.nearby, their year's score counts from the
rollups, ranked by the blend in scores.nearness. Public: every active center, scores published only above the
public minimum of ratings."""

from __future__ import annotations

from datetime import date, timedelta

from marsad.analytics.rankings import sectors
from marsad.context import Context
from marsad.jurisdiction import Scope
from marsad.queries import nearby as nearby_queries
from marsad.queries import stats
from marsad.queries.filters import Filters
from marsad.scores import ranking
from marsad.scores.nearness import CANDIDATES, WINDOW_DAYS, blend

SCORES = ("n1", "n2", "n3", "n4", "n5")


def year_counts(ctx: Context, filters: Filters) -> dict[int, tuple[int, ...]]:
    """Every center's score counts over the window (for the service, if one is chosen): one whole-country read
    from the center totals, kept in this process and recomputed in the background once a minute old
    (`Resources.snapshots`), instead of a read per request. Public scores may lag by about a minute."""
    return ctx.resources.snapshots.get(
        f"nearby_counts:{filters.service}:{filters.date_to}",
        lambda: {
            r["key"]: tuple(int(r[k]) for k in SCORES)
            for r in stats.counts_by(ctx.engine, scope=Scope.national(), filters=filters, area=None, by="center")
        },
    )


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
    filters = Filters(date_from=today - timedelta(days=WINDOW_DAYS - 1), date_to=today, service=service)
    counts = year_counts(ctx, filters)
    priors = {s["code"]: s["mean"] for s in sectors(ctx, filters=filters, area=None, min_ratings=1)}
    rows = [{**c, **dict(zip(SCORES, counts.get(c["id"], (0, 0, 0, 0, 0)), strict=True))} for c in found]
    scored = ranking.rank_rows(rows, min_ratings=1, prior_by=priors, group_of=lambda r: r["sector_code"])
    return blend(scored, radius_m=radius_km * 1000, min_public=ctx.settings.min_public_ratings)[:limit]
