"""Finding a center whose satisfaction has dropped against its own recent past (pure: counts in, alarms out).

Method: for each center and evaluation day, the share of satisfied ratings (4–5) in a recent window of 1, 3 and 7
days is compared with the 56 days before that window by a one-sided two-proportion z-test (pooled variance: with
the baseline's alone, false alarms on this synthetic test doubled). A
center alarms when, in any window, the drop is at least MIN_DROP (15 points), the window holds at least MIN_RECENT
ratings, the baseline at least MIN_BASE, and z ≥ Z.

False alarms across tens of thousands of centers: each center is tested 21 times a week (3 windows × 7 days);
Z = 3.9 is a one-sided p of 4.8e-5 per test, so by Bonferroni a stable center alarms in at most 21 × 4.8e-5 ≈
0.001 of its weeks — the target of one false alarm per 1,000 center-weeks — before the minimum drop and counts,
which make it rarer still. An alarm opens an alert; a center with an open alert is not alarmed again (the
evaluation holds one open for SUPPRESS_DAYS).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

WINDOWS = (1, 3, 7)
BASELINE_DAYS = 56
HISTORY = BASELINE_DAYS + max(WINDOWS)  # days of counts a day's test needs
Z = 3.9
MIN_DROP = 0.15
MIN_RECENT = 8
MIN_BASE = 30
SUPPRESS_DAYS = 28


@dataclass(frozen=True)
class Alarms:
    alarm: np.ndarray  # bool, per center
    z: np.ndarray  # the largest z over the windows that alarmed (0 where none)
    window: np.ndarray  # the window (days) of that z (0 where none)
    drop: np.ndarray  # the satisfied share's drop in that window


def test_day(n: np.ndarray, satisfied: np.ndarray) -> Alarms:
    """`n`, `satisfied`: ratings and satisfied ratings per center (rows) and day (columns, oldest first), the
    last column being the day tested; at least HISTORY columns are used."""
    n = n[:, -HISTORY:].astype(float)
    satisfied = satisfied[:, -HISTORY:].astype(float)
    best_z = np.zeros(n.shape[0])
    best_w = np.zeros(n.shape[0], dtype=int)
    best_drop = np.zeros(n.shape[0])
    for w in WINDOWS:
        n_r, s_r = n[:, -w:].sum(1), satisfied[:, -w:].sum(1)
        n_b = n[:, -(w + BASELINE_DAYS) : -w].sum(1)
        s_b = satisfied[:, -(w + BASELINE_DAYS) : -w].sum(1)
        with np.errstate(divide="ignore", invalid="ignore"):
            p_r, p_b = s_r / n_r, s_b / n_b
            pooled = (s_r + s_b) / (n_r + n_b)
            z = (p_b - p_r) / np.sqrt(pooled * (1 - pooled) * (1 / n_r + 1 / n_b))
        drop = p_b - p_r
        hit = (n_r >= MIN_RECENT) & (n_b >= MIN_BASE) & (drop >= MIN_DROP) & np.nan_to_num(z >= Z)
        better = hit & (np.nan_to_num(z) > best_z)
        best_z = np.where(better, z, best_z)
        best_w = np.where(better, w, best_w)
        best_drop = np.where(better, drop, best_drop)
    return Alarms(alarm=best_w > 0, z=best_z, window=best_w, drop=best_drop)
