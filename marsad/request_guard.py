"""Malformed requests to Dash's endpoints get a 400 before anything else reads them (sign-in included).

A callback request names its callback by its output; its body must be a JSON object whose inputs and state match
that callback's, in number and form. Without this, forged bodies reached dash-auth's and Dash's own code and came
back as server errors (500) instead of client errors. Paths that climb out of the component suites are refused.
"""

from __future__ import annotations

from typing import Any

import flask
from dash import Dash
from flask import Flask

UPDATE = "_dash-update-component"


def _refuse(message: str, status: int = 400) -> flask.Response:
    return flask.Response(message, status=status, mimetype="text/plain")


def _problem(body: Any, app: Dash) -> str | None:
    """What is wrong with a callback request's body for `app`, or None."""
    if not isinstance(body, dict):
        return "the body must be a JSON object"
    output = body.get("output")
    if not isinstance(output, str):
        return "the body names no callback output"
    callback = app.callback_map.get(output)
    if callback is None:
        return "no such callback"
    for part in ("inputs", "state"):
        given = body.get(part, [])
        expected = callback.get(part, [])
        if not isinstance(given, list) or len(given) != len(expected):
            return f"{part} do not match the callback"
        for item in given:
            items = item if isinstance(item, list) else [item]
            if not all(isinstance(i, dict) and isinstance(i.get("property"), str) for i in items):
                return f"{part} are malformed"
    if not isinstance(body.get("outputs"), dict | list) or not isinstance(body.get("changedPropIds", []), list):
        return "outputs are malformed"
    for item in body.get("inputs", []):
        if (
            isinstance(item, dict)
            and item.get("property") in LOCATION_PROPS
            and not _location(item.get("value"), path=item.get("property") == "pathname")
        ):
            return f"{item['property']} is not a path or query string"
    return None


# the address bar's parts that Dash's page routing reads: it fails on anything but short text
LOCATION_PROPS = ("pathname", "search", "hash", "href")


def _location(value: Any, *, path: bool) -> bool:
    if value is None:
        return not path
    return isinstance(value, str) and len(value) <= 4000 and "\x00" not in value and (value.startswith("/") or not path)


def install(server: Flask, apps: dict[str, Dash]) -> None:
    """`apps`: the Dash app serving each URL prefix ("/" for the officials', "/public/" for the citizens')."""

    @server.before_request
    def _guard() -> flask.Response | None:
        path = flask.request.path
        if "_dash-component-suites" in path and ".." in path:
            return _refuse("not found", 404)
        if not path.endswith(UPDATE):
            return None
        app = apps.get(path[: -len(UPDATE)])
        if app is None:
            return _refuse("not found", 404)
        if flask.request.method != "POST":
            return _refuse("use POST", 405)
        body = flask.request.get_json(silent=True)
        problem = _problem(body, app)
        return _refuse(f"bad callback request: {problem}") if problem else None
