"""The detection job: test every active center, and every governorate's and region's centers of each sector
together, on the latest day, and record new alerts:

- drops of the satisfied share (detect.py), of a center or an area;
- axes at or below the follow-up threshold over the last AXIS_DAYS (a center's);
- surges of comments about one problem (surges.py), at a center or across an area;
- improvement plans past their deadline, or with an action past its due day.

Run by the report worker after each fold of new ratings (it looks every minute) and at least daily. A center or
area alerted of a kind (and axis) in the last SUPPRESS_DAYS is not alerted of it again. Its five reads (window sums
of ratings, criteria, and comment terms at three grains) run at once; the tests are on their sums.
"""

from __future__ import annotations

from datetime import date, timedelta

import numpy as np
from sqlalchemy import Engine

from marsad.alerts import detect, series, surges
from marsad.parallel import gather
from marsad.queries import alert_counts, alerts, comment_terms

AXIS_DAYS = 30
AXIS_MIN_N = 20
AREAS = ("governorate", "region")
GRAINS = ("center", *AREAS)


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
    windows, *terms = gather(
        lambda: alert_counts.center_windows(
            owner, today=today, windows=detect.WINDOWS, baseline=detect.BASELINE_DAYS, criteria_days=AXIS_DAYS
        ),
        *(
            lambda g=g: comment_terms.window_counts(
                owner,
                grain=g,
                today=today,
                windows=detect.WINDOWS,
                baseline=detect.BASELINE_DAYS,
                min_recent=surges.MIN_MENTIONS,
            )
            for g in GRAINS
        ),
    )
    since = today - timedelta(days=detect.SUPPRESS_DAYS)
    rows = (
        _drops(windows, today, codes, alerts.alerted_since(owner, since, kind="drop"))
        + _axes(windows, today, axis_threshold, codes, alerts.alerted_since(owner, since, kind="axis"))
        + _surges(owner, dict(zip(GRAINS, terms)), today, codes, alerts.alerted_since(owner, since, kind="surge"))
    )
    found = alerts.insert(owner, rows) + alerts.insert_plan_alerts(owner, today)
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


def _drops(read: list[tuple], today: date, codes: dict, quiet: set) -> list[dict]:
    """Drop alerts from the centers' window sums (alert_counts.center_windows), and their areas'."""
    width = 4 * len(detect.WINDOWS)
    read = [r for r in read if r[0] in codes]
    centers = [r[0] for r in read]
    table = np.array([r[1 : 1 + width] for r in read], dtype=float).reshape(len(read), width)
    found: list[tuple[list, str | None, np.ndarray]] = [(centers, None, table)]
    for level in AREAS:  # sums add up: an area's are its centers'
        labels, grouped = series.grouped(table, [_area_key(codes, c, level) for c in centers])
        found.append((labels, level, grouped))
    rows = []
    for keys, grain, sums in found:
        # per window: ratings recent, baseline; satisfied recent, baseline (alert_counts.center_windows)
        by_window = {w: (sums[:, 4 * j], sums[:, 4 * j + 2], sums[:, 4 * j + 1], sums[:, 4 * j + 3])
                     for j, w in enumerate(detect.WINDOWS)}  # fmt: skip
        hits = detect.test_windows(by_window)
        for i in np.flatnonzero(hits.alarm):
            where = _where(codes, None if grain else keys[i], keys[i] if grain else None, grain)
            if alerts.quiet_key(where, None) in quiet:
                continue
            w = int(hits.window[i])
            rows.append(
                _row(where, today, "drop", window_days=w, drop=float(hits.drop[i]), z=float(hits.z[i]),
                     n_recent=int(by_window[w][0][i]))
            )  # fmt: skip
    return rows


def _axes(read: list[tuple], today: date, threshold: float, codes: dict, quiet: set) -> list[dict]:
    """Axis alerts from the criteria's answers and sums over AXIS_DAYS (alert_counts.center_windows' last columns):
    an axis with at least AXIS_MIN_N answers whose mean is at or below `threshold` of the top score."""
    first = 1 + 4 * len(detect.WINDOWS)
    rows = []
    for r in read:
        if r[0] not in codes:
            continue
        for j, axis in enumerate(alert_counts.CRITERIA):
            n, total = r[first + 2 * j], r[first + 2 * j + 1]
            if n < AXIS_MIN_N or total / n / 5 > threshold:
                continue
            where = _where(codes, r[0], None, None)
            if alerts.quiet_key(where, axis) not in quiet:
                # for an axis alert, `drop` holds the axis's share of the top score
                rows.append(
                    _row(where, today, "axis", axis=axis, window_days=AXIS_DAYS, drop=float(total / n / 5), n_recent=n)
                )
    return rows


def _surges(owner: Engine, read: dict, today: date, codes: dict, quiet: set) -> list[dict]:
    """Surge alerts from each grain's window counts (comment_terms.window_counts), one per place."""
    tables = {g: _surge_table(g, *read[g]) for g in GRAINS}
    terms = sorted({t for found in tables.values() if found for _, t in found[0]})
    first = today - timedelta(days=detect.HISTORY - 1)
    shares = comment_terms.overall_shares(owner, date_from=first, date_to=today, terms=terms) if terms else {}
    rows = []
    for level, found in tables.items():
        if found is None:
            continue
        pairs, by_window = found
        hits = surges.test_windows(by_window, np.array([shares.get(t, 0.0) for _, t in pairs]))
        strongest: dict = {}  # a place's surge is one alert, named by its term of smallest p
        for i in np.flatnonzero(hits.alarm):
            at = pairs[i][0]
            if at not in strongest or hits.p[i] < hits.p[strongest[at]]:
                strongest[at] = i
        for at, i in strongest.items():
            if level == "center" and at not in codes:
                continue
            where = _where(codes, at, None, None) if level == "center" else _where(codes, None, at, level)
            if alerts.quiet_key(where, None) in quiet:
                continue
            w = int(hits.window[i])
            rows.append(
                _row(where, today, "surge", term=pairs[i][1], mentions=int(hits.mentions[i]), window_days=w,
                     drop=float(hits.jump[i]), n_recent=int(by_window[w][1][i]))
            )  # fmt: skip
    return rows


def _place_of(level: str):
    """How many leading columns of a comment-count row name its place at `level`, and how to read the place from
    it (a center's id, or an area's codes with the sector)."""
    width = len(comment_terms.GRAIN_KEYS[level])

    def place(row: tuple):
        return row[0] if width == 1 else tuple(row[:width])

    return width, place


def _surge_table(level: str, comment_rows: list[tuple], term_rows: list[tuple]):
    """The (place, term) candidates of `level` and each window's sums (surges.test_windows' input) from its window
    counts; None when no term was mentioned often enough."""
    if not term_rows:
        return None
    width, place = _place_of(level)
    comments = {place(r): r[width:] for r in comment_rows}
    pairs = [(place(r), r[width]) for r in term_rows]
    mentions = np.array([r[width + 1 :] for r in term_rows], dtype=float)
    theirs = np.array([comments.get(p, (0,) * mentions.shape[1]) for p, _ in pairs], dtype=float)
    # per window: mentions recent, comments recent, mentions at baseline, comments at baseline
    return pairs, {
        w: (mentions[:, 2 * j], theirs[:, 2 * j], mentions[:, 2 * j + 1], theirs[:, 2 * j + 1])
        for j, w in enumerate(detect.WINDOWS)
    }


def surge_matrices(owner: Engine, level: str, *, first: date, last: date, recent_from: date):
    """The (place, term) pairs of `level` mentioned at least MIN_MENTIONS times since `recent_from`, with their
    mentions and their place's comments per day (first..last) and the terms' share of every center's comments:
    what surges.test_day takes. None when no pair is mentioned that often."""
    comment_rows, term_rows = comment_terms.counts(
        owner, grain=level, date_from=first, date_to=last, min_recent=surges.MIN_MENTIONS, recent_from=recent_from
    )
    width, place = _place_of(level)
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
