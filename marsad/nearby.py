"""Nearby well-rated centers for citizens: candidates from queries.nearby, their year's score counts from the
rollups, ranked by the blend in scores.nearness."""

from __future__ import annotations

from datetime import timedelta

from marsad import reports
from marsad.scores import ranking
from marsad.queries import nearby as nearby_queries
from marsad.scores.nearness import CANDIDATES, WINDOW_DAYS, blend
from marsad.queries import stats
from marsad.queries.filters import Filters
from marsad.jurisdiction import Scope
from marsad.services import Services

SCORES = ("n1", "n2", "n3", "n4", "n5")


def year_counts(svc: Services, filters: Filters) -> dict[int, tuple[int, ...]]:
    """Every center's score counts over the window (for the service, if one is chosen): one whole-country read
    from the center totals, kept in this process and recomputed in the background once a minute old
    (`Services.snapshots`), instead of a read per request. Public scores may lag by about a minute."""
    return svc.snapshots.get(
        f"nearby_counts:{filters.service}:{filters.date_to}",
        lambda: {r["key"]: tuple(int(r[k]) for k in SCORES)
                 for r in stats.counts_by(svc.engine, scope=Scope.national(), filters=filters, area=None,
                                          key="r.center_id", per_center=True)})


def nearby(svc: Services, *, lat: float, lon: float, radius_km: float, sector: str | None, service: str | None,
           limit: int, today) -> list[dict]:
    scope = Scope.national()  # public: every active center; scores are published only above the minimum
    found = nearby_queries.candidates(svc.engine, scope=scope, lon=lon, lat=lat, radius_m=radius_km * 1000,
                                      sector=sector, service=service, limit=CANDIDATES)
    if not found:
        return []
    filters = Filters(date_from=today - timedelta(days=WINDOW_DAYS - 1), date_to=today, service=service)
    counts = year_counts(svc, filters)
    priors = {s["code"]: s["mean"] for s in reports.sectors(svc, scope=scope, filters=filters, area=None, min_ratings=1)}
    rows = [{**c, **dict(zip(SCORES, counts.get(c["id"], (0, 0, 0, 0, 0))))} for c in found]
    scored = ranking.rank_rows(rows, min_ratings=1, prior_by=priors, group_of=lambda r: r["sector_code"])
    return blend(scored, radius_m=radius_km * 1000, min_public=svc.settings.min_public_ratings)[:limit]
