"""The citizens' near-me order: a documented blend of distance and a rating score that accounts for the number
of ratings (pure: no database)."""

from __future__ import annotations

RATING_WEIGHT, DISTANCE_WEIGHT = 0.7, 0.3
CANDIDATES = 200
METHOD = {
    "name": "distance_rating_blend",
    "rating_weight": RATING_WEIGHT,
    "distance_weight": DISTANCE_WEIGHT,
    "period": "12m",
    "en": (
        "Ranked by 0.7 × rating + 0.3 × nearness. Rating is the Bayesian average of the last 365 days "
        "(pulled toward the sector's mean with the weight of 20 ratings), scaled from 1–5 to 0–1; nearness is "
        "1 at your location and 0 at the edge of the radius. Centers with fewer ratings than the public "
        "minimum show no score and count as the sector's average."
    ),
    "ar": (
        "الترتيب = ٠٫٧ × التقييم + ٠٫٣ × القرب. التقييم هو المتوسط البايزي لآخر ٣٦٥ يوماً (مقرّباً من متوسط "
        "القطاع بوزن ٢٠ تقييماً) محوّلاً من ١–٥ إلى ٠–١، والقرب ١ عند موقعك و٠ عند حد نطاق البحث. المراكز ذات "
        "التقييمات الأقل من الحد الأدنى للنشر لا تظهر درجتها وتُحسب بمتوسط قطاعها."
    ),
}


def blend(rows: list[dict], *, radius_m: float, min_public: int) -> list[dict]:
    """Rows (distance_m, bayes, n, prior, and `published` when the caller decides it) ranked by the blend; scores
    under the public minimum, or not published, withheld."""
    out = []
    for r in rows:
        published = r["n"] >= min_public and r.get("published", True)
        rating = r["bayes"] if published else r["prior"]
        relevance = RATING_WEIGHT * (rating - 1) / 4 + DISTANCE_WEIGHT * (1 - min(r["distance_m"] / radius_m, 1))
        out.append({**r, "relevance": round(relevance, 6), "published": published})
    out.sort(key=lambda r: (-r["relevance"], r["distance_m"], r["id"]))
    return [
        {
            "rank": i + 1,
            "id": r["id"],
            "code": r["code"],
            "name_ar": r["name_ar"],
            "name_en": r["name_en"],
            "sector_code": r["sector_code"],
            "lat": round(r["lat"], 6),
            "lon": round(r["lon"], 6),
            "distance_km": round(r["distance_m"] / 1000, 3),
            "relevance": r["relevance"],
            "n": r["n"] if r["published"] else None,
            "mean": round(r["mean"], 4) if r["published"] and r["mean"] is not None else None,
            "score": round(r["bayes"], 4) if r["published"] else None,
        }
        for i, r in enumerate(out)
    ]
