"""Keeping the address bar in step with a page's state, without reloading it: a callback writes the query
string ("?lang=…&…") into a store, and this clientside callback puts it in the URL."""

from __future__ import annotations

from dash import Dash, Input

REPLACE = """function(search) {
    if (search && window.location.search !== search) {
        window.history.replaceState(null, "", window.location.pathname + search);
    }
}"""


def register(app: Dash, store_id: str) -> None:
    app.clientside_callback(REPLACE, Input(store_id, "data"), prevent_initial_call=True)
