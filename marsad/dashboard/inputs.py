"""What a page's callbacks receive from the browser, which may be forged, made safe in one place; and their
answers given by output name."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from dash import ctx, no_update

from marsad.i18n import lang_of
from marsad.params import whole_number

__all__ = [
    "answer", "clicked_item", "lang_of", "next_count", "period_of", "picking_end_date", "state_of", "whole_number"
]  # fmt: skip


def state_of(value: Any) -> dict:
    """A page's state store: a dict, else empty."""
    return value if isinstance(value, dict) else {}


def period_of(value: Any) -> list:
    """A date-range picker's value as [from, to] (either may be None)."""
    return list(value) if isinstance(value, list) and len(value) == 2 else [None, None]


def picking_end_date(value: Any) -> bool:
    """The user has picked the start of a range and not yet its end: nothing to compute yet."""
    period = period_of(value)
    return bool(period[0]) and not period[1]


def answer(outputs: Mapping[str, Any], **values: Any) -> dict:
    """A callback's answer by output name: the given values, no_update for every other output."""
    unknown = set(values) - set(outputs)
    if unknown:
        raise KeyError(f"no such outputs: {', '.join(sorted(unknown))}")
    return {name: values.get(name, no_update) for name in outputs}


def next_count(value: Any) -> int:
    """A refresh counter's next value (a forged one starts again at 1)."""
    return value + 1 if isinstance(value, int) and not isinstance(value, bool) else 1


def clicked_item() -> dict | None:
    """The pattern-matching id of the button whose click (a real one, not its first drawing) set off this callback."""
    trigger = ctx.triggered_id
    return trigger if isinstance(trigger, dict) and ctx.triggered and ctx.triggered[0]["value"] else None
