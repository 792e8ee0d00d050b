"""The map's alerts layer (pure): open alerts as points, a center's at the center and an area's inside the area,
each with its text in the page's language (the markers draw it as text, never as HTML)."""

from __future__ import annotations

from collections.abc import Iterable

from marsad.alerts import text


def alerts_collection(rows: Iterable[dict], lang: str) -> dict:
    features = [
        {
            "type": "Feature",
            "geometry": {"type": "Point", "coordinates": [round(r["lon"], 5), round(r["lat"], 5)]},
            "properties": {
                "id": r["id"],
                "area": r["center_id"] is None,
                "text": f"{text.place(r, lang)}: {text.describe(r, lang)}",
            },
        }
        for r in rows
        if r["lat"] is not None and r["lon"] is not None
    ]
    return {"type": "FeatureCollection", "features": features}
