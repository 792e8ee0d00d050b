"""Place names on the map (pure): the shipped cities and towns as labelled points, each with the tier of zoom
from which it is written (assets/marsad_map.js placeLabel), so that a small map has context and the national one
is not buried in names."""

from __future__ import annotations

# (population at least, tier): tier 1 is written from the national view on, tier 5 only close up
TIERS = ((1_000_000, 1), (200_000, 2), (50_000, 3), (10_000, 4))


def tier(population: int | None) -> int:
    return next((t for floor, t in TIERS if (population or 0) >= floor), 5)


def labels(places: tuple[dict, ...] | list[dict], lang: str) -> dict:
    """A FeatureCollection of points with the place's name in `lang` and its tier, biggest places first (drawn
    last, on top)."""
    ordered = sorted(places, key=lambda p: p["population"] or 0)
    return {
        "type": "FeatureCollection",
        "meta": {"lang": lang},
        "features": [
            {
                "type": "Feature",
                "id": i,
                "geometry": {"type": "Point", "coordinates": [p["lon"], p["lat"]]},
                "properties": {"name": p["name_ar"] if lang == "ar" else p["name_en"], "tier": tier(p["population"])},
            }
            for i, p in enumerate(ordered)
        ],
    }
