"""Splitting a date range into whole calendar months and the days left at its edges."""

from __future__ import annotations

from datetime import date, timedelta


def month_start(d: date) -> date:
    return d.replace(day=1)


def next_month(d: date) -> date:
    return (d.replace(day=28) + timedelta(days=4)).replace(day=1)


def last_day(time: str, start: date) -> date:
    """The last day of the day, week (from its Monday) or month (from its first day) that begins on `start`."""
    if time == "month":
        return next_month(start) - timedelta(days=1)
    return start + timedelta(days=6 if time == "week" else 0)


def split(date_from: date, date_to: date) -> tuple[tuple[date, date] | None, list[tuple[date, date]]]:
    """((first month, last month) covered whole, as first days) or None, and the edge day ranges."""
    first = date_from if date_from.day == 1 else next_month(date_from)
    end_exclusive = next_month(date_to) if next_month(date_to) - timedelta(days=1) == date_to else month_start(date_to)
    if first >= end_exclusive:
        return None, [(date_from, date_to)]
    edges = []
    if date_from < first:
        edges.append((date_from, first - timedelta(days=1)))
    if date_to >= end_exclusive:
        edges.append((end_exclusive, date_to))
    last_month = month_start(end_exclusive - timedelta(days=1))
    return (first, last_month), edges


def split_weeks(date_from: date, date_to: date) -> tuple[tuple[date, date] | None, list[tuple[date, date]]]:
    """((first week, last week) covered whole, as Mondays) or None, and the days left at the edges."""
    first = date_from + timedelta(days=-date_from.weekday() % 7)  # the first Monday on or after date_from
    last_end = date_to - timedelta(days=(date_to.weekday() + 1) % 7)  # the last Sunday on or before date_to
    if last_end - first < timedelta(days=6):
        return None, [(date_from, date_to)]
    edges = []
    if date_from < first:
        edges.append((date_from, first - timedelta(days=1)))
    if date_to > last_end:
        edges.append((last_end + timedelta(days=1), date_to))
    return (first, last_end - timedelta(days=6)), edges
