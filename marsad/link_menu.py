"""A menu of links as a native disclosure (<details><summary>): opened by click, Enter or Space with no script, read
by screen readers as a button that expands, and without the ARIA a menu library put on a plain box (axe's
"aria-allowed-attr")."""

from __future__ import annotations

from collections.abc import Sequence

from dash import html


def links(menu_id: str, label: str, items: Sequence[tuple[str | None, str, str]]) -> html.Details:
    """`items`: (element id or None, label, href); a link is a real request (a file, another app's page)."""
    return html.Details(
        [
            html.Summary(label, id=menu_id, className="marsad-menu-button"),
            html.Div(
                [
                    html.A(text, href=href, id=item_id) if item_id else html.A(text, href=href)
                    for item_id, text, href in items
                ],
                className="marsad-menu-items",
            ),
        ],
        className="marsad-menu",
    )
