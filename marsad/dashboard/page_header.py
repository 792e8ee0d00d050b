"""The header of the officials' list pages (audit, moderation, embeds, alerts): the title and the way back to the
map."""

from __future__ import annotations

import dash_mantine_components as dmc
from dash import dcc

from marsad import i18n


def header(title_key: str, lang: str) -> dmc.Group:
    return dmc.Group(
        [
            dmc.Title(i18n.t(title_key, lang), order=3),
            dcc.Link(i18n.t("back_to_map", lang), href=f"/?lang={lang}", className="marsad-chrome"),
        ],
        justify="space-between",
        p="md",
    )
