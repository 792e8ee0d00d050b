"""Scores for ranking centers and areas fairly when they have very different numbers of ratings.

* Bayesian average: the mean shrunk toward a prior mean m (the sector's) with the weight of C ratings:
  (C·m + Σscores) / (C + n). A center with one five-star rating stays near its sector's mean.
* 95% confidence interval of the mean: mean ± 1.96·s/√n with s the sample standard deviation.
* Wilson lower bound of the satisfied share (4–5): a cautious share that rises with evidence.
All inputs are the counts of each score (n1..n5), which every rollup holds.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

Z95 = 1.959963984540054


@dataclass(frozen=True)
class Score:
    n: int
    mean: float | None
    ci_low: float | None
    ci_high: float | None
    bayes: float
    satisfied_share: float | None
    satisfied_low: float | None


def score(counts: list[int] | tuple[int, ...], *, prior_mean: float, prior_weight: float = 20.0) -> Score:
    n = sum(counts)
    total = sum((i + 1) * c for i, c in enumerate(counts))
    bayes = (prior_weight * prior_mean + total) / (prior_weight + n)
    if n == 0:
        return Score(0, None, None, None, bayes, None, None)
    mean = total / n
    if n > 1:
        var = (sum((i + 1) ** 2 * c for i, c in enumerate(counts)) - n * mean**2) / (n - 1)
        half = Z95 * math.sqrt(max(var, 0.0) / n)
        ci = (max(1.0, mean - half), min(5.0, mean + half))
    else:
        ci = (1.0, 5.0)  # one rating says nothing about the spread
    satisfied = (counts[3] + counts[4]) / n
    return Score(n, mean, ci[0], ci[1], bayes, satisfied, wilson_lower(counts[3] + counts[4], n))


def wilson_lower(successes: int, n: int, z: float = Z95) -> float | None:
    if n == 0:
        return None
    p = successes / n
    denom = 1 + z * z / n
    centre = p + z * z / (2 * n)
    margin = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n))
    return max(0.0, (centre - margin) / denom)


def rank(items: list[dict], *, prior_mean: float, min_ratings: int, prior_weight: float = 20.0) -> list[dict]:
    """Items with `counts` (n1..n5), best first by Bayesian average; those under `min_ratings` are
    returned after the ranked ones, unranked (rank None). An item's own `prior` overrides `prior_mean`."""
    scored = [
        {**it, "score": score(it["counts"], prior_mean=it.get("prior", prior_mean), prior_weight=prior_weight)}
        for it in items
    ]
    ranked = sorted(
        (s for s in scored if s["score"].n >= min_ratings), key=lambda s: (-s["score"].bayes, -s["score"].n)
    )
    rest = [s for s in scored if s["score"].n < min_ratings]
    for i, s in enumerate(ranked, start=1):
        s["rank"] = i
    for s in rest:
        s["rank"] = None
    return ranked + rest
