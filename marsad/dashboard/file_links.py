"""The download menus of the pages: links to files (the explorer's /download routes, the API's format=csv|xlsx:
views/api_files.py), which each page's callback points at its current view."""

from __future__ import annotations

from marsad import i18n, link_menu


def menu(menu_id: str, lang: str, items: list[tuple[str, str, str]]):
    """A 'Download' menu; items are (id, label, first href) — the callbacks keep the hrefs current."""
    return link_menu.links(menu_id, i18n.t("dl_menu", lang), items)
