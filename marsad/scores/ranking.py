"""Sector comparison and rankings, from score counts (pure: no database, no Dash)."""

from __future__ import annotations

from marsad.queries.rollups import CRITERIA
from marsad.scores.bayes import rank

PRIOR_WEIGHT = 20.0
METHOD = {
    "name": "bayesian_average",
    "prior_weight": PRIOR_WEIGHT,
    "en": (
        "Ranked by a Bayesian average: each mean is pulled toward the mean of its comparison group (the "
        "sector's, for centers) with the weight of 20 ratings, so a handful of ratings cannot top or sink "
        "the list. The raw mean, its 95% interval and the number of ratings are shown beside it."
    ),
    "ar": (
        "الترتيب بالمتوسط البايزي: يُقرَّب كل متوسط من متوسط مجموعته (متوسط القطاع للمراكز) بوزن ٢٠ تقييماً، "
        "فلا يتصدر القائمة أو يتذيلها من له تقييمات قليلة. يُعرض بجانبه المتوسط الخام وفترة الثقة ٩٥٪ وعدد التقييمات."
    ),
}


def counts_of(row: dict) -> tuple[int, ...]:
    return int(row["n1"]), int(row["n2"]), int(row["n3"]), int(row["n4"]), int(row["n5"])


def pooled_mean(rows: list[dict]) -> float | None:
    n = total = 0
    for r in rows:  # one pass: this runs on every public nearby request (200 candidates)
        c1, c2, c3, c4, c5 = counts_of(r)
        n += c1 + c2 + c3 + c4 + c5
        total += c1 + 2 * c2 + 3 * c3 + 4 * c4 + 5 * c5
    return total / n if n else None


def rank_rows(
    rows: list[dict], *, min_ratings: int, prior_by: dict | None = None, group_of=lambda row: None
) -> list[dict]:
    """Rank rows (with n1..n5) by Bayesian average; the prior is the given mean of the row's group, else
    the pooled mean of its group in `rows`, else of all rows."""
    overall = pooled_mean(rows) or 3.0
    members: dict = {}
    for r in rows:
        members.setdefault(group_of(r), []).append(r)
    priors = {g: (prior_by or {}).get(g) or pooled_mean(m) or overall for g, m in members.items()}
    items = [{**r, "counts": counts_of(r), "prior": priors[group_of(r)]} for r in rows]
    out = []
    for it in rank(items, prior_mean=overall, min_ratings=min_ratings, prior_weight=PRIOR_WEIGHT):
        s = it.pop("score")
        it.pop("counts")
        out.append(
            {
                **it,
                "n": s.n,
                "mean": s.mean,
                "ci_low": s.ci_low,
                "ci_high": s.ci_high,
                "bayes": round(s.bayes, 4),
                "satisfied_share": s.satisfied_share,
                "satisfied_low": s.satisfied_low,
            }
        )
    return out


def sector_comparison(rows: list[dict], *, min_ratings: int) -> list[dict]:
    """Per sector: ranked score with interval, and the mean of each criterion (None when unrated)."""
    ranked = rank_rows(rows, min_ratings=min_ratings)
    for r in ranked:
        r["criteria"] = {c: (r[f"c_{c}_sum"] / r[f"c_{c}_n"] if r[f"c_{c}_n"] else None) for c in CRITERIA}
        for c in CRITERIA:
            r.pop(f"c_{c}_sum", None)
            r.pop(f"c_{c}_n", None)
    return ranked
