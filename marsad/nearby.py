"""Nearby well-rated centers for citizens: a documented blend of distance and a rating score that
accounts for the number of ratings (pure ranking here; the data come from queries.nearby and the rollups)."""

from __future__ import annotations

from datetime import timedelta

from marsad import comparisons, reports
from marsad.queries import nearby as nearby_queries
from marsad.queries import stats
from marsad.queries.filters import Filters
from marsad.queries.scope import Scope
from marsad.services import Services

RATING_WEIGHT, DISTANCE_WEIGHT = 0.7, 0.3
CANDIDATES = 200
WINDOW_DAYS = 365
METHOD = {
    "name": "distance_rating_blend",
    "rating_weight": RATING_WEIGHT, "distance_weight": DISTANCE_WEIGHT, "window_days": WINDOW_DAYS,
    "en": ("Ranked by 0.7 × rating + 0.3 × nearness. Rating is the Bayesian average of the last 365 days "
           "(pulled toward the sector's mean with the weight of 20 ratings), scaled from 1–5 to 0–1; nearness is "
           "1 at your location and 0 at the edge of the radius. Centers with fewer ratings than the public "
           "minimum show no score and count as the sector's average."),
    "ar": ("الترتيب = ٠٫٧ × التقييم + ٠٫٣ × القرب. التقييم هو المتوسط البايزي لآخر ٣٦٥ يوماً (مقرّباً من متوسط "
           "القطاع بوزن ٢٠ تقييماً) محوّلاً من ١–٥ إلى ٠–١، والقرب ١ عند موقعك و٠ عند حد نطاق البحث. المراكز ذات "
           "التقييمات الأقل من الحد الأدنى للنشر لا تظهر درجتها وتُحسب بمتوسط قطاعها."),
}


def blend(rows: list[dict], *, radius_m: float, min_public: int) -> list[dict]:
    """Rows (distance_m, bayes, n, prior) ranked by the blend; scores under the public minimum withheld."""
    out = []
    for r in rows:
        published = r["n"] >= min_public
        rating = r["bayes"] if published else r["prior"]
        relevance = RATING_WEIGHT * (rating - 1) / 4 + DISTANCE_WEIGHT * (1 - min(r["distance_m"] / radius_m, 1))
        out.append({**r, "relevance": round(relevance, 6), "published": published})
    out.sort(key=lambda r: (-r["relevance"], r["distance_m"], r["id"]))
    return [{"rank": i + 1, "id": r["id"], "code": r["code"], "name_ar": r["name_ar"], "name_en": r["name_en"],
             "sector_code": r["sector_code"], "lat": round(r["lat"], 6), "lon": round(r["lon"], 6),
             "distance_km": round(r["distance_m"] / 1000, 3), "relevance": r["relevance"],
             "n": r["n"] if r["published"] else None,
             "mean": round(r["mean"], 4) if r["published"] and r["mean"] is not None else None,
             "score": round(r["bayes"], 4) if r["published"] else None}
            for i, r in enumerate(out)]


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
    scored = comparisons.rank_rows(rows, min_ratings=1, prior_by=priors, group_of=lambda r: r["sector_code"])
    return blend(scored, radius_m=radius_km * 1000, min_public=svc.settings.min_public_ratings)[:limit]
