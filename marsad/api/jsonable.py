"""Rows as JSON: dates and times as ISO text, through nested dicts and lists."""

from __future__ import annotations


def jsonable(value):
    if isinstance(value, dict):
        return {k: jsonable(v) for k, v in value.items()}
    if isinstance(value, list):
        return [jsonable(v) for v in value]
    return value.isoformat() if hasattr(value, "isoformat") else value
