"""The detection job: test every active center on the latest day (detect.py) and record new alerts. Run by the
report worker every ten minutes (so a fold's new ratings are tested within minutes) and so at least daily."""

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import Engine

from marsad.alerts import detect, evaluate
from marsad.queries import alert_counts, alerts


def run(owner: Engine, today: date) -> int:
    """New alerts recorded (centers alerted in the last SUPPRESS_DAYS are not alerted again)."""
    first = today - timedelta(days=detect.HISTORY - 1)
    codes = alerts.center_codes(owner)
    centers = sorted(codes)
    n, sat = evaluate.matrices(alert_counts.center_days(owner, date_from=first, date_to=today), centers, first, today)
    found = detect.test_day(n, sat)
    quiet = alerts.alerted_since(owner, today - timedelta(days=detect.SUPPRESS_DAYS))
    rows = [
        {
            **{k: codes[c][k] for k in ("sector_code", "region_code", "governorate_code", "locality_code")},
            "kind": "drop",
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
