"""The detection job: test every active center, and every governorate's and region's centers of each sector
together, on the latest day, and record new alerts:

- drops of the satisfied share (detect.py), of a center or an area;
- axes at or below the follow-up threshold over the last AXIS_DAYS (a center's);
- surges of comments about one problem (surges.py), at a center or across an area.

Run by the report worker after each fold of new ratings (it looks every minute) and at least daily. A center or
area alerted of a kind (and axis) in the last SUPPRESS_DAYS is not alerted of it again.
"""

from __future__ import annotations

from datetime import date, timedelta

import numpy as np
from sqlalchemy import Engine

from marsad.alerts import detect, series, surges
from marsad.queries import alert_counts, alerts, comment_terms

AXIS_DAYS = 30
AXIS_MIN_N = 20
AREAS = ("governorate", "region")


def run_if_new(owner: Engine, today: date, *, axis_threshold: float = 0.6) -> int | None:
    """Run when ratings were folded since the last run, or on a new day; None when there was nothing new."""
    folds = alerts.folds_unseen(owner, today)
    if folds is None:
        return None
    found = run(owner, today, axis_threshold=axis_threshold)
    alerts.mark_run(owner, folds=folds, today=today)
    return found


def run(owner: Engine, today: date, *, axis_threshold: float = 0.6) -> int:
    """New alerts recorded (of every kind)."""
    codes = alerts.center_codes(owner)
    found = _drops(owner, today, codes) + _axes(owner, today, axis_threshold, codes) + _surges(owner, today, codes)
    comment_terms.prune(owner, before=today - timedelta(days=comment_terms.KEEP_DAYS))
    return found


def _where(codes: dict, center: int | None, area: tuple | None, level: str | None) -> dict:
    """The alert row's place: a center's codes, or an area's (`area`: GRAIN_KEYS' values for `level`)."""
    if center is not None:
        c = codes[center]
        return {
            **{k: c[k] for k in ("sector_code", "region_code", "governorate_code", "locality_code")},
            "center_id": center,
            "area_level": None,
        }
    assert area is not None
    region, governorate, sector = area if level == "governorate" else (area[0], None, area[1])
    return {
        "sector_code": sector,
        "region_code": region,
        "governorate_code": governorate,
        "locality_code": None,
        "center_id": None,
        "area_level": level,
    }


def _row(where: dict, today: date, kind: str, **measures) -> dict:
    return {"axis": None, "term": None, "mentions": None, "z": 0.0, **where, "kind": kind, "day": today, **measures}


def _area_key(codes: dict, center: int, level: str) -> tuple:
    c = codes[center]
    if level == "governorate":
        return (c["region_code"], c["governorate_code"], c["sector_code"])
    return (c["region_code"], c["sector_code"])


def _drops(owner: Engine, today: date, codes: dict) -> int:
    first = today - timedelta(days=detect.HISTORY - 1)
    centers = sorted(codes)
    n, sat = series.daily(
        alert_counts.center_days(owner, date_from=first, date_to=today), centers, first, today, values=2
    )
    quiet = alerts.alerted_since(owner, today - timedelta(days=detect.SUPPRESS_DAYS), kind="drop")
    found: list[tuple[list, str | None, np.ndarray, np.ndarray]] = [(centers, None, n, sat)]
    for level in AREAS:
        groups = [_area_key(codes, c, level) for c in centers]
        labels, n_area = series.grouped(n, groups)
        _, sat_area = series.grouped(sat, groups)
        found.append((labels, level, n_area, sat_area))
    rows = []
    for keys, grain, n_k, sat_k in found:
        hits = detect.test_day(n_k, sat_k)
        for i in np.flatnonzero(hits.alarm):
            where = _where(codes, None if grain else keys[i], keys[i] if grain else None, grain)
            if alerts.quiet_key(where, None) in quiet:
                continue
            w = int(hits.window[i])
            rows.append(
                _row(where, today, "drop", window_days=w, drop=float(hits.drop[i]), z=float(hits.z[i]),
                     n_recent=int(n_k[i, -w:].sum()))
            )  # fmt: skip
    return alerts.insert(owner, rows)


def _axes(owner: Engine, today: date, threshold: float, codes: dict) -> int:
    quiet = alerts.alerted_since(owner, today - timedelta(days=detect.SUPPRESS_DAYS), kind="axis")
    rows = []
    for r in alert_counts.criteria_means(
        owner, date_from=today - timedelta(days=AXIS_DAYS - 1), date_to=today, min_n=AXIS_MIN_N
    ):
        if r["center_id"] not in codes or r["mean"] / 5 > threshold:
            continue
        where = _where(codes, r["center_id"], None, None)
        if alerts.quiet_key(where, r["axis"]) not in quiet:
            # for an axis alert, `drop` holds the axis's share of the top score
            rows.append(
                _row(where, today, "axis", axis=r["axis"], window_days=AXIS_DAYS, drop=float(r["mean"] / 5),
                     n_recent=r["n"])
            )  # fmt: skip
    return alerts.insert(owner, rows)


def _surges(owner: Engine, today: date, codes: dict) -> int:
    first = today - timedelta(days=detect.HISTORY - 1)
    quiet = alerts.alerted_since(owner, today - timedelta(days=detect.SUPPRESS_DAYS), kind="surge")
    rows = []
    for level in ("center", *AREAS):
        found = surge_matrices(owner, level, first=first, last=today, recent_from=today - timedelta(days=6))
        if found is None:
            continue
        pairs, mentions, comments, overall = found
        hits = surges.test_day(mentions, comments, overall)
        strongest: dict = {}  # a place's surge is one alert, named by its term of smallest p
        for i in np.flatnonzero(hits.alarm):
            at = pairs[i][0]
            if at not in strongest or hits.p[i] < hits.p[strongest[at]]:
                strongest[at] = i
        for at, i in strongest.items():
            where = _where(codes, at, None, None) if level == "center" else _where(codes, None, at, level)
            if alerts.quiet_key(where, None) in quiet:
                continue
            w = int(hits.window[i])
            rows.append(
                _row(where, today, "surge", term=pairs[i][1], mentions=int(hits.mentions[i]), window_days=w,
                     drop=float(hits.jump[i]), n_recent=int(comments[i, -w:].sum()))
            )  # fmt: skip
    return alerts.insert(owner, rows)


def surge_matrices(owner: Engine, level: str, *, first: date, last: date, recent_from: date):
    """The (place, term) pairs of `level` mentioned at least MIN_MENTIONS times since `recent_from`, with their
    mentions and their place's comments per day (first..last) and the terms' share of every center's comments:
    what surges.test_day takes. None when no pair is mentioned that often."""
    comment_rows, term_rows = comment_terms.counts(
        owner, grain=level, date_from=first, date_to=last, min_recent=surges.MIN_MENTIONS, recent_from=recent_from
    )
    width = len(comment_terms.GRAIN_KEYS[level])

    def place(row: tuple):
        return row[0] if width == 1 else tuple(row[:width])

    pairs = sorted({(place(r), r[width + 1]) for r in term_rows}, key=repr)
    if not pairs:
        return None
    (mentions,) = series.daily(
        (((place(r), r[width + 1]), r[width], r[width + 2]) for r in term_rows), pairs, first, last
    )
    places = sorted({p for p, _ in pairs}, key=repr)
    (by_place,) = series.daily(((place(r), r[width], r[width + 1]) for r in comment_rows), places, first, last)
    at = {p: i for i, p in enumerate(places)}
    comments = by_place[[at[p] for p, _ in pairs]]
    shares = comment_terms.overall_shares(owner, date_from=first, date_to=last, terms=sorted({t for _, t in pairs}))
    return pairs, mentions, comments, np.array([shares.get(t, 0.0) for _, t in pairs])
