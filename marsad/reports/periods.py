"""The periods reports cover: weeks (Sunday to Saturday, the Saudi working week's calendar week), months and
quarters, named by keys such as week:2026-11-22 (its Sunday), month:2026-11, quarter:2026-Q3."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

from marsad import i18n

CADENCES = ("week", "month", "quarter")
_KEY = re.compile(r"^(week):(\d{4})-(\d{2})-(\d{2})$|^(month):(\d{4})-(\d{2})$|^(quarter):(\d{4})-Q([1-4])$")


class BadPeriod(ValueError):
    """Not a report period; the message gives the accepted forms."""


@dataclass(frozen=True)
class ReportPeriod:
    cadence: str
    date_from: date
    date_to: date

    @property
    def key(self) -> str:
        d = self.date_from
        if self.cadence == "week":
            return f"week:{d.isoformat()}"
        if self.cadence == "month":
            return f"month:{d.year}-{d.month:02d}"
        return f"quarter:{d.year}-Q{(d.month - 1) // 3 + 1}"

    def previous(self) -> ReportPeriod:
        return containing(self.cadence, self.date_from - timedelta(days=1))

    def year_before(self) -> ReportPeriod:
        """The same period a year earlier (for a week: the week holding the same day a year before)."""
        d = self.date_from
        try:
            day = d.replace(year=d.year - 1)
        except ValueError:  # 29 February
            day = d.replace(year=d.year - 1, day=28)
        return containing(self.cadence, day)

    def label(self, lang: str, calendar: str = "gregorian") -> str:
        return i18n.fmt_range(self.date_from, self.date_to, lang, calendar)


def containing(cadence: str, day: date) -> ReportPeriod:
    if cadence == "week":
        start = day - timedelta(days=(day.weekday() + 1) % 7)  # back to Sunday
        return ReportPeriod("week", start, start + timedelta(days=6))
    if cadence == "month":
        start = day.replace(day=1)
        end = (start + timedelta(days=32)).replace(day=1) - timedelta(days=1)
        return ReportPeriod("month", start, end)
    if cadence == "quarter":
        start = date(day.year, 3 * ((day.month - 1) // 3) + 1, 1)
        end = (start + timedelta(days=95)).replace(day=1) - timedelta(days=1)
        return ReportPeriod("quarter", start, end)
    raise BadPeriod(f"unknown cadence {cadence!r}; expected one of {', '.join(CADENCES)}")


def latest_complete(cadence: str, today: date) -> ReportPeriod:
    """The last period of the cadence that has ended before today."""
    return containing(cadence, containing(cadence, today).date_from - timedelta(days=1))


def parse(key: str) -> ReportPeriod:
    m = _KEY.match(key or "")
    if m is None:
        raise BadPeriod(
            f"unknown period {key!r}; expected week:YYYY-MM-DD (a Sunday), month:YYYY-MM or quarter:YYYY-QN"
        )
    try:
        if m.group(1):
            day = date(int(m.group(2)), int(m.group(3)), int(m.group(4)))
            if day.weekday() != 6:
                raise BadPeriod(f"{key}: a week is named by its Sunday")
            return containing("week", day)
        if m.group(5):
            return containing("month", date(int(m.group(6)), int(m.group(7)), 1))
        return containing("quarter", date(int(m.group(9)), 3 * int(m.group(10)) - 2, 1))
    except ValueError as exc:
        if isinstance(exc, BadPeriod):
            raise
        raise BadPeriod(f"{key}: not a date") from exc


def since(cadence: str, first: date, today: date) -> list[ReportPeriod]:
    """Every complete period from the one holding `first` to the latest complete one (a catch-up's worth)."""
    out: list[ReportPeriod] = []
    last = latest_complete(cadence, today)
    p = containing(cadence, first)
    while p.date_from <= last.date_from:
        out.append(p)
        p = containing(cadence, p.date_to + timedelta(days=1))
    return out
