"""The maps' place names, for the officials' and the citizens' maps alike: the shipped cities and towns as one
layer, read from the public API (cached by the browser for a day) and written by assets/marsad_map.js as text,
more of them the closer the map is zoomed (marsad/layers/places.py says from which zoom each is)."""

from __future__ import annotations

import dash_leaflet as dl


def layer(lang: str) -> dl.GeoJSON:
    return dl.GeoJSON(
        url=f"/api/v1/public/places?lang={'ar' if lang == 'ar' else 'en'}",
        pointToLayer={"variable": "marsad.map.placeLabel"},
        onEachFeature={"variable": "marsad.map.placeZoom"},
        interactive=False,
    )
