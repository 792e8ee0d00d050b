"""How Marsad's Dash apps are made (the officials' at /, the citizens' at /public/, embedded views at /embed/):
the same local assets, page template and settings for all three."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from dash import Dash

ASSETS = Path(__file__).parent / "assets"
INDEX = """<!DOCTYPE html>
<html lang="ar" dir="rtl">
<head>{%metas%}<title>{%title%}</title>{%favicon%}{%css%}</head>
<body>{%app_entry%}<footer>{%config%}{%scripts%}{%renderer%}</footer></body>
</html>"""


def make(name: str, **kwargs: Any) -> Dash:
    """A Dash app with Marsad's assets (served locally), template and title; `kwargs`: where it is mounted."""
    app = Dash(
        name,
        assets_folder=str(ASSETS),
        serve_locally=True,
        assets_ignore=r"^plotly-",  # loaded by marsad_plotly.js when a chart needs it, not on every page
        title="مرصد · Marsad",
        suppress_callback_exceptions=True,
        update_title=None,  # type: ignore[arg-type]  # None: the title stays while callbacks run
        use_async=False,  # Dash turns async endpoints on whenever asgiref is installed (procrastinate brings it)
        **kwargs,
    )
    app.index_string = INDEX
    return app
