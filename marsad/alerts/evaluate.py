"""`marsad alerts evaluate`: run the detector day by day over recent data and measure it against the demo's planted
drops (demo_event): recall, detection delay in days of data, and false alarms per 1,000 center-weeks."""

from __future__ import annotations

import statistics
from dataclasses import dataclass, field
from datetime import date, timedelta

import numpy as np

from marsad.alerts import detect
from marsad.queries import alert_counts

WITHIN_DAYS = 7  # an alarm this many days after a drop starts counts as finding it


@dataclass
class Evaluation:
    days: int
    centers: int
    events: int
    delays: list[int] = field(default_factory=list)  # days of data until found, per found event
    false_alarms: int = 0

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
            f"planted drops found: {len(self.delays)} of {self.events} (recall {self.recall:.0%}); "
            f"within one day of data: {within_one} ({within_one / self.events if self.events else 0:.0%})",
            f"delay in days of data: median {statistics.median(self.delays) if self.delays else float('nan')}, "
            f"max {max(self.delays) if self.delays else '-'}",
            f"false alarms: {self.false_alarms} ({self.false_per_1000:.2f} per 1,000 center-weeks)",
        ]


def matrices(rows, centers: list[int], first: date, last: date) -> tuple[np.ndarray, np.ndarray]:
    """Ratings and satisfied ratings per center (rows, in `centers` order) and day (columns, first..last)."""
    index = {c: i for i, c in enumerate(centers)}
    width = (last - first).days + 1
    n = np.zeros((len(centers), width), dtype=np.int32)
    sat = np.zeros_like(n)
    for center, day, count, satisfied in rows:
        i = index.get(center)
        if i is not None and first <= day <= last:
            n[i, (day - first).days] = count
            sat[i, (day - first).days] = satisfied
    return n, sat


def evaluate(n: np.ndarray, sat: np.ndarray, *, first: date, centers: list[int], events: list[dict], days: int):
    """Test each of the last `days` columns in turn (with SUPPRESS_DAYS of quiet after an alarm) and score the
    alarms against the planted events."""
    width = n.shape[1]
    assert width >= days + detect.HISTORY - 1, "not enough history before the days evaluated"
    index = {c: i for i, c in enumerate(centers)}
    starts = {index[e["center_id"]]: e["starts"] for e in events if e["center_id"] in index}
    found: dict[int, int] = {}
    quiet_until = np.full(len(centers), -1)
    result = Evaluation(days=days, centers=len(centers), events=len(starts))
    for t in range(width - days, width):
        alarms = detect.test_day(n[:, : t + 1], sat[:, : t + 1]).alarm & (quiet_until < t)
        day = first + timedelta(days=t)
        for i in np.flatnonzero(alarms):
            quiet_until[i] = t + detect.SUPPRESS_DAYS
            start = starts.get(int(i))
            if start is not None and start <= day <= start + timedelta(days=WITHIN_DAYS - 1):
                found.setdefault(int(i), (day - start).days + 1)
            else:
                result.false_alarms += 1
    result.delays = sorted(found.values())
    return result


def run(engine, *, days: int, today: date | None = None) -> Evaluation:
    last = today or date.today()
    first = last - timedelta(days=days + detect.HISTORY - 2)
    centers = alert_counts.active_centers(engine)
    n, sat = matrices(alert_counts.center_days(engine, date_from=first, date_to=last), centers, first, last)
    events = [e for e in alert_counts.planted(engine) if e["starts"] > last - timedelta(days=days)]
    return evaluate(n, sat, first=first, centers=centers, events=events, days=days)
