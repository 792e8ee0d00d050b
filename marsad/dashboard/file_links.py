"""The download menus of the pages: links to files (the explorer's /download routes, the API's format=csv|xlsx:
views/api_files.py), which each page's callback points at its current view."""

from __future__ import annotations

import dash_mantine_components as dmc

from marsad import i18n


def menu(menu_id: str, lang: str, items: list[tuple[str, str, str]]):
    """A 'Download' menu; items are (id, label, first href) — the callbacks keep the hrefs current."""
    return dmc.Menu(
        [
            dmc.MenuTarget(dmc.Button(i18n.t("dl_menu", lang), variant="light", size="compact-sm", id=menu_id)),
            dmc.MenuDropdown(
                [
                    # refresh: a real request (a file), not a page change inside the app
                    dmc.MenuItem(label, id=item_id, href=href, target="_self", refresh=True)
                    for item_id, label, href in items
                ]
            ),
        ]
    )
