"""Finding a surge of comments about one problem (pure: counts in, alarms out).

Method: for each candidate (a center, or an area's centers of one sector, and a term mentioned at least
MIN_MENTIONS times in the last week) and each recent window of 1, 3 and 7 days, the comments mentioning the term
are compared with the share of the 56 days before, shrunk toward the term's share across every center with the
weight of PRIOR_WEIGHT comments (a term never seen at a center is judged by how common it is elsewhere). The test
is exact: the binomial upper tail of the mentions among the window's comments at the baseline share. A candidate
alarms when, in any window, p ≤ ALPHA, the share has risen by at least MIN_JUMP and the window holds at least
MIN_MENTIONS mentions.

False alarms across tens of thousands of centers: a center has a few candidate terms a week (most words are not
mentioned five times); with ~20 of them, 3 windows and 7 days it runs ~420 tests a week, so ALPHA = 1e-6 bounds a
stable center's false alarms at 0.4 per 1,000 center-weeks by Bonferroni, before the minimum jump and mentions.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy.stats import binom

from marsad.alerts.detect import WINDOWS, Windows, window_sums

ALPHA = 1e-6
MIN_MENTIONS = 5
MIN_JUMP = 0.2
PRIOR_WEIGHT = 20.0
FLOOR_SHARE = 0.002  # the least share a term is given at baseline (a word never seen before)


@dataclass(frozen=True)
class Surges:
    alarm: np.ndarray  # bool, per candidate
    p: np.ndarray  # the smallest p over the windows that alarmed (1 where none)
    window: np.ndarray  # its window in days (0 where none)
    jump: np.ndarray  # the rise of the term's share in that window
    mentions: np.ndarray  # the mentions in that window


def test_day(mentions: np.ndarray, comments: np.ndarray, overall_share: np.ndarray) -> Surges:
    """`mentions`: per candidate (rows) and day (columns, oldest first, the last being the day tested) the
    comments mentioning its term; `comments`: the comments of the candidate's center or area on the same days;
    `overall_share`: the term's share of every center's comments at baseline."""
    return test_windows(window_sums(mentions, comments), overall_share)


def test_windows(sums: Windows, overall_share: np.ndarray) -> Surges:
    """The test on each window's sums (window_sums, or the same sums read in SQL by the detection job)."""
    prior = np.maximum(np.asarray(overall_share, dtype=float), FLOOR_SHARE)
    rows = len(prior)
    best_p = np.ones(rows)
    best_w = np.zeros(rows, dtype=int)
    best_jump = np.zeros(rows)
    best_k = np.zeros(rows, dtype=int)
    for w in WINDOWS:
        k_r, c_r, k_b, c_b = (np.asarray(a, dtype=float) for a in sums[w])
        base = np.clip((k_b + PRIOR_WEIGHT * prior) / (c_b + PRIOR_WEIGHT), 1e-9, 1 - 1e-9)
        p = binom.sf(k_r - 1, np.maximum(c_r, k_r), base)  # P(at least k_r mentions | the baseline share)
        with np.errstate(divide="ignore", invalid="ignore"):
            jump = np.nan_to_num(k_r / c_r) - base
        hit = (k_r >= MIN_MENTIONS) & (jump >= MIN_JUMP) & (p <= ALPHA)
        better = hit & (p < best_p)
        best_p = np.where(better, p, best_p)
        best_w = np.where(better, w, best_w)
        best_jump = np.where(better, jump, best_jump)
        best_k = np.where(better, k_r, best_k)
    return Surges(alarm=best_w > 0, p=best_p, window=best_w, jump=best_jump, mentions=best_k)
