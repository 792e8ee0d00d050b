"""Ranking scores checked against values computed independently from the individual ratings."""

from __future__ import annotations

import math
import statistics

import pytest

from marsad.scores.bayes import rank, score, wilson_lower


def ratings_of(counts):
    return [s for s, c in zip(range(1, 6), counts) for _ in range(c)]


@pytest.mark.parametrize(
    "counts", [(0, 0, 0, 0, 1), (1, 2, 3, 4, 5), (10, 0, 0, 0, 10), (0, 3, 40, 50, 7), (2, 2, 2, 2, 2)]
)
def test_mean_interval_and_bayes_match_direct_computation(counts):
    xs = ratings_of(counts)
    s = score(counts, prior_mean=3.5, prior_weight=20)
    assert s.n == len(xs) and s.mean == pytest.approx(statistics.fmean(xs))
    assert s.bayes == pytest.approx((20 * 3.5 + sum(xs)) / (20 + len(xs)))
    if len(xs) > 1:
        half = 1.959963984540054 * statistics.stdev(xs) / math.sqrt(len(xs))
        assert s.ci_low == pytest.approx(max(1, statistics.fmean(xs) - half))
        assert s.ci_high == pytest.approx(min(5, statistics.fmean(xs) + half))
    sat = sum(1 for x in xs if x >= 4)
    assert s.satisfied_share == pytest.approx(sat / len(xs))


def test_wilson_lower_bound_known_values():
    # 8 successes out of 10 at 95%: 0.4902 (Wilson 1927; the usual textbook example)
    assert wilson_lower(8, 10) == pytest.approx(0.4902, abs=1e-4)
    assert wilson_lower(0, 10) == 0.0
    assert wilson_lower(0, 0) is None
    assert wilson_lower(80, 100) > wilson_lower(8, 10)  # more evidence, higher bound


def test_one_five_star_rating_never_tops_the_list():
    items = [
        {"code": "lucky", "counts": (0, 0, 0, 0, 1)},  # a single 5
        {"code": "solid", "counts": (2, 3, 10, 60, 45)},  # 120 ratings, mean ≈ 4.2
        {"code": "weak", "counts": (30, 30, 20, 10, 10)},  # 100 ratings, mean 2.4
        {"code": "few", "counts": (0, 0, 0, 2, 2)},  # 4 ratings: under the minimum
    ]
    ranked = rank(items, prior_mean=3.5, min_ratings=5)
    assert [r["code"] for r in ranked] == ["solid", "weak", "lucky", "few"]  # the last two unranked
    ranked = rank(items, prior_mean=3.5, min_ratings=1)
    assert ranked[0]["code"] == "solid" and ranked[-1]["code"] == "weak"
    assert next(r for r in ranked if r["code"] == "lucky")["rank"] > 1
    by_min = rank(items, prior_mean=3.5, min_ratings=5)
    assert [r["rank"] for r in by_min if r["code"] in ("lucky", "few")] == [None, None]
