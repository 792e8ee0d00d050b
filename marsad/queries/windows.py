"""Sums over the alert tests' windows, as SELECT columns: the last w days up to :t, and the baseline days before."""

from __future__ import annotations


def window_filters(value: str, *, windows: tuple[int, ...], baseline: int) -> str:
    """For each window w: the sum of `value` over its last w days up to :t, then over the `baseline` days before
    (columns of a SELECT over rows with a `day`, from code)."""
    return ", ".join(
        f"coalesce(sum({value}) FILTER (WHERE day > :t - {w}), 0)::int, "
        f"coalesce(sum({value}) FILTER (WHERE day <= :t - {w} AND day > :t - {w + baseline}), 0)::int"
        for w in windows
    )
