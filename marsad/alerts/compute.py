"""The detection job: test every active center on the latest day (detect.py) and record new alerts. Run by the
report worker every ten minutes (so a fold's new ratings are tested within minutes) and so at least daily."""

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import Engine

from marsad.alerts import detect, evaluate
from marsad.queries import alert_counts, alerts

AXIS_DAYS = 30
AXIS_MIN_N = 20


def run(owner: Engine, today: date, *, axis_threshold: float = 0.6) -> int:
    """New alerts recorded: drops (detect.py) and axes at or below `axis_threshold` of the top score over the last
    AXIS_DAYS (with AXIS_MIN_N answers); a center (and axis) alerted in the last SUPPRESS_DAYS is not again."""
    return _drops(owner, today) + _axes(owner, today, axis_threshold)


def _axes(owner: Engine, today: date, threshold: float) -> int:
    codes = alerts.center_codes(owner)
    quiet = alerts.alerted_since(owner, today - timedelta(days=detect.SUPPRESS_DAYS), kind="axis")
    rows = [
        {
            **{
                k: codes[r["center_id"]][k] for k in ("sector_code", "region_code", "governorate_code", "locality_code")
            },
            "kind": "axis",
            "axis": r["axis"],
            "center_id": r["center_id"],
            "day": today,
            "window_days": AXIS_DAYS,
            "drop": float(r["mean"] / 5),  # for an axis alert: the axis's share of the top score
            "z": 0.0,
            "n_recent": r["n"],
        }
        for r in alert_counts.criteria_means(
            owner, date_from=today - timedelta(days=AXIS_DAYS - 1), date_to=today, min_n=AXIS_MIN_N
        )
        if r["center_id"] in codes and r["mean"] / 5 <= threshold and (r["center_id"], r["axis"]) not in quiet
    ]
    return alerts.insert(owner, rows)


def _drops(owner: Engine, today: date) -> int:
    first = today - timedelta(days=detect.HISTORY - 1)
    codes = alerts.center_codes(owner)
    centers = sorted(codes)
    n, sat = evaluate.matrices(alert_counts.center_days(owner, date_from=first, date_to=today), centers, first, today)
    found = detect.test_day(n, sat)
    quiet = {c for c, _ in alerts.alerted_since(owner, today - timedelta(days=detect.SUPPRESS_DAYS))}
    rows = [
        {
            **{k: codes[c][k] for k in ("sector_code", "region_code", "governorate_code", "locality_code")},
            "kind": "drop",
            "axis": None,
            "center_id": c,
            "day": today,
            "window_days": int(found.window[i]),
            "drop": float(found.drop[i]),
            "z": float(found.z[i]),
            "n_recent": int(n[i, -int(found.window[i]) :].sum()),
        }
        for i, c in enumerate(centers)
        if found.alarm[i] and c not in quiet
    ]
    return alerts.insert(owner, rows)
