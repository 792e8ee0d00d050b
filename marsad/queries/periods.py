"""Splitting a date range into whole calendar months and the days left at its edges."""

from __future__ import annotations

from datetime import date, timedelta


def month_start(d: date) -> date:
    return d.replace(day=1)


def next_month(d: date) -> date:
    return (d.replace(day=28) + timedelta(days=4)).replace(day=1)


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
