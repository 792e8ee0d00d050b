"""Whether an improvement plan changed anything (pure): the center's visit scores (or axis scores) before the plan
against those since, the difference of means with a 95 % Welch interval, and a verdict that says more than noise
only when the interval leaves zero out."""

from __future__ import annotations

import math
import statistics

from scipy.stats import t as student

MIN_VISITS = 2


def outcome(before: list[float], after: list[float]) -> dict:
    out: dict = {
        "before": {"n": len(before), "mean": round(statistics.fmean(before), 1) if before else None},
        "after": {"n": len(after), "mean": round(statistics.fmean(after), 1) if after else None},
        "difference": None,
        "interval": None,
        "verdict": "too_few",
    }
    if len(before) < MIN_VISITS or len(after) < MIN_VISITS:
        return out
    diff = statistics.fmean(after) - statistics.fmean(before)
    va, vb = statistics.variance(after) / len(after), statistics.variance(before) / len(before)
    se = math.sqrt(va + vb)
    if se == 0:
        low = high = diff
    else:
        dof = (va + vb) ** 2 / (va**2 / (len(after) - 1) + vb**2 / (len(before) - 1))
        half = float(student.ppf(0.975, dof)) * se
        low, high = diff - half, diff + half
    out["difference"] = round(diff, 1)
    out["interval"] = [round(low, 1), round(high, 1)]
    out["verdict"] = "improved" if low > 0 else "worse" if high < 0 else "no_clear_change"
    return out
