"""Dash components turned into the plain JSON the browser receives.

Dash encodes a callback's whole answer with orjson only when everything in it is plain data; a single component
object anywhere in it makes plotly walk the entire answer in Python instead (map layers included, ~10 ms for a
region's map). Callbacks that return components next to large data pass the components through `plain` first.
"""

from __future__ import annotations

from typing import Any

from dash.development.base_component import Component


def plain(value: Any) -> Any:
    """`value` with every Dash component in it (at any depth) replaced by its JSON form."""
    if isinstance(value, Component):
        value = value.to_plotly_json()
    if isinstance(value, dict):
        return {k: plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [plain(v) for v in value]
    return value
