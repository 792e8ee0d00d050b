"""`marsad alerts evaluate`: run the detectors day by day over recent data and measure them against the demo's
planted drops and comment surges (demo_event): recall, detection delay in days of data, and false alarms per 1,000
center-weeks."""

from __future__ import annotations

import statistics
from dataclasses import dataclass, field
from datetime import date, timedelta

import numpy as np

from marsad.alerts import compute, detect, series, surges
from marsad.queries import alert_counts

WITHIN_DAYS = 7  # an alarm this many days after a drop starts counts as finding it


@dataclass
class Evaluation:
    days: int
    centers: int
    events: int
    delays: list[int] = field(default_factory=list)  # days of data until found, per found event
    false_alarms: int = 0
    explained: int = 0  # further alarms at a center whose planted event had started

    @property
    def recall(self) -> float:
        return len(self.delays) / self.events if self.events else float("nan")

    @property
    def center_weeks(self) -> float:
        return self.centers * self.days / 7

    @property
    def false_per_1000(self) -> float:
        return 1000 * self.false_alarms / self.center_weeks if self.center_weeks else float("nan")

    def lines(self) -> list[str]:
        within_one = sum(1 for d in self.delays if d <= 1)
        return [
            f"centers {self.centers:,}, days evaluated {self.days}, center-weeks {self.center_weeks:,.0f}",
            f"planted events found: {len(self.delays)} of {self.events} (recall {self.recall:.0%}); "
            f"within one day of data: {within_one} ({within_one / self.events if self.events else 0:.0%})",
            f"delay in days of data: median {statistics.median(self.delays) if self.delays else float('nan')}, "
            f"max {max(self.delays) if self.delays else '-'}",
            f"false alarms: {self.false_alarms} ({self.false_per_1000:.2f} per 1,000 center-weeks); "
            f"further alarms at centers with a planted event under way: {self.explained}",
        ]


def score(alarms, *, events: list[dict], kind: str, centers: int, days: int) -> Evaluation:
    """Score `alarms` ((day, center) pairs, each alarm once) against the planted events of `kind`: an alarm at an
    event's center within WITHIN_DAYS of its start finds it. A planted event lasts to the end of the data, so any
    other alarm at a center after its event started (of either kind: an incident's ratings bring comments, a
    problem's comments come with a small drop) is explained by it and counted apart; every other alarm is false."""
    starts: dict[int, list[tuple[str, date]]] = {}
    for e in events:
        starts.setdefault(e["center_id"], []).append((e["kind"], e["starts"]))
    result = Evaluation(days=days, centers=centers, events=sum(1 for e in events if e["kind"] == kind))
    found: dict[int, int] = {}
    for day, center in alarms:
        planted = starts.get(center, [])
        own = [s for k, s in planted if k == kind and s <= day < s + timedelta(days=WITHIN_DAYS)]
        if own and center not in found:
            found[center] = (day - own[0]).days + 1
        elif any(s <= day for _, s in planted):
            result.explained += 1
        else:
            result.false_alarms += 1
    result.delays = sorted(found.values())
    return result


def drop_alarms(n: np.ndarray, sat: np.ndarray, *, first: date, centers: list[int], days: int):
    """(day, center) of each drop alarm over the last `days` columns, tested in turn, with SUPPRESS_DAYS of quiet
    after an alarm."""
    width = n.shape[1]
    assert width >= days + detect.HISTORY - 1, "not enough history before the days evaluated"
    quiet_until = np.full(len(centers), -1)
    for t in range(width - days, width):
        alarms = detect.test_day(n[:, : t + 1], sat[:, : t + 1]).alarm & (quiet_until < t)
        quiet_until[alarms] = t + detect.SUPPRESS_DAYS
        for i in np.flatnonzero(alarms):
            yield first + timedelta(days=t), centers[i]


def surge_alarms(found, *, first: date, days: int):
    """(day, center) of each center's surge alarm over the last `days` columns (`found`: compute.surge_matrices at
    center level), with SUPPRESS_DAYS of quiet per center, as the job keeps it."""
    pairs, mentions, comments, overall = found
    width = mentions.shape[1]
    places = sorted({p for p, _ in pairs})
    row_of = np.array([places.index(p) for p, _ in pairs])
    quiet_until = np.full(len(places), -1)
    for t in range(width - days, width):
        hit = surges.test_day(mentions[:, : t + 1], comments[:, : t + 1], overall).alarm
        alarmed = sorted({int(r) for r in row_of[hit]} - {int(r) for r in np.flatnonzero(quiet_until >= t)})
        quiet_until[alarmed] = t + detect.SUPPRESS_DAYS
        for r in alarmed:
            yield first + timedelta(days=t), places[r]


def run(engine, *, days: int, today: date | None = None) -> dict[str, Evaluation]:
    """Drops and comment surges found over the last `days` days, against the planted events."""
    last = today or date.today()
    first = last - timedelta(days=days + detect.HISTORY - 2)
    centers = alert_counts.active_centers(engine)
    rows = ((c, d, n, s) for c, d, n, s in alert_counts.center_days(engine, date_from=first, date_to=last))
    n, sat = series.daily(rows, centers, first, last, values=2)
    events = [e for e in alert_counts.planted(engine) if e["starts"] > last - timedelta(days=days)]
    drops = drop_alarms(n, sat, first=first, centers=centers, days=days)
    found = compute.surge_matrices(engine, "center", first=first, last=last, recent_from=last - timedelta(days=days))
    return {
        kind: score(alarms, events=events, kind=kind, centers=len(centers), days=days)
        for kind, alarms in (("drop", drops), ("surge", surge_alarms(found, first=first, days=days) if found else []))
    }
