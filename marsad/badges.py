"""A rating's score as a badge (officials' and citizens' pages alike): green for 4-5, red for 1-2, grey for 3, in
shades whose white text keeps a 4.5:1 contrast (WCAG AA)."""

from __future__ import annotations

import dash_mantine_components as dmc

from marsad import i18n


def score(overall: int, lang: str, **kwargs) -> dmc.Badge:
    color = "#1b6b2f" if overall >= 4 else "red.9" if overall <= 2 else "gray.7"  # green.9 is 4.4:1
    return dmc.Badge(f"{i18n.fmt_count(overall, lang)} / {i18n.fmt_count(5, lang)}", color=color, **kwargs)
