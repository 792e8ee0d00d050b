"""Pure builders: query rows -> GeoJSON FeatureCollections for the map and the API."""

from __future__ import annotations

from collections.abc import Iterable

from marsad.layers.classes import color_for, index_color_for

STAT_KEYS = ("n", "mean", "satisfied_share")


def areas_collection(rows: Iterable[dict], shapes: dict[str, dict]) -> dict:
    """Areas with their stats, each with its geometry from `shapes` (GeoJSON geometries by code; None if missing)."""
    features = []
    for r in rows:
        props = {k: r[k] for k in ("code", "level", "parent_code", "name_ar", "name_en", "approximate", *STAT_KEYS)}
        props["n"] = int(props["n"] or 0)
        features.append({"type": "Feature", "id": r["code"], "geometry": shapes.get(r["code"]), "properties": props})
    return {"type": "FeatureCollection", "features": features}


def centers_collection(rows: Iterable[dict]) -> dict:
    features = []
    for r in rows:
        props = {k: r[k] for k in ("id", "code", "name_ar", "name_en", "sector_code", *STAT_KEYS)}
        props["n"] = int(props["n"] or 0)
        features.append(
            {
                "type": "Feature",
                "id": r["id"],
                "properties": props,
                "geometry": {"type": "Point", "coordinates": [r["lon"], r["lat"]]},
            }
        )
    return {"type": "FeatureCollection", "features": features}


def _name(props: dict, lang: str) -> str:
    return props["name_ar"] if lang == "ar" else props["name_en"]


def map_areas(collection: dict, *, lang: str, fmt_mean, fmt_count, labels: dict, color=color_for) -> dict:
    """The API collection decorated for the map: colour and the lines of a hover tooltip per area (`tip`: name,
    figures and the approximate note), which the browser puts in as text (assets/marsad_map.js, areaFeature):
    names come from imported files and are never parsed as HTML. No feature carries `tooltip` or `popup`, which
    dash-leaflet would render as HTML."""
    features = []
    for f in collection["features"]:
        p = dict(f["properties"])
        p["color"] = color(p["mean"])
        stat = (
            f"{labels['mean']}: {fmt_mean(p['mean'])}{labels['sep']}{labels['n']}: {fmt_count(p['n'])}"
            if p["n"]
            else labels["no_ratings"]
        )
        p["tip"] = [_name(p, lang), stat, labels["approximate"] if p["approximate"] else ""]
        features.append({**f, "properties": p})
    return {"type": "FeatureCollection", "features": features}


def index_areas(rows: Iterable[dict], shapes: dict[str, dict], *, lang: str, fmt_index, labels: dict) -> dict:
    """The combined index's areas for the map (analytics/index.py rows): coloured by the index, with tooltip lines
    (name, index and band, what is missing) put in as text by the browser like map_areas'."""
    features = []
    for r in rows:
        missing = ("، " if lang == "ar" else ", ").join(labels["instruments"][k] for k in r["missing"])
        band = labels["bands"].get(r["band"], "")
        tip = [
            _name(r, lang),
            f"{labels['index']}: {fmt_index(r['index'])}" + (f"{labels['sep']}{band}" if band else ""),
            f"{labels['partial']}: {missing}" if r["partial"] and r["index"] is not None else "",
        ]
        props = {"code": r["code"], "level": r["level"], "approximate": False, "color": index_color_for(r["index"]),
                 "tip": tip}  # fmt: skip
        features.append({"type": "Feature", "id": r["code"], "geometry": shapes.get(r["code"]), "properties": props})
    return {"type": "FeatureCollection", "features": features}


def map_centers(collection: dict, *, lang: str, fmt_mean, fmt_count, color=color_for) -> dict:
    """Center points for the map: only what it draws. The popup and tooltip are put together in the browser
    (assets/marsad_map.js, centerFeature) from these few properties and the labels of `popup_context`: the
    same markup repeated for hundreds of centers made this the largest answer the explorer sends."""
    features = []
    for f in collection["features"]:
        p = f["properties"]
        features.append(
            {
                "type": "Feature",
                "geometry": f["geometry"],
                "properties": {
                    "id": p["id"],
                    "color": color(p["mean"]),
                    "name": _name(p, lang),
                    "sector": p["sector_code"],
                    "mean": fmt_mean(p["mean"]) if p["n"] else None,
                    "n": fmt_count(p["n"]),
                },
            }
        )
    return {"type": "FeatureCollection", "features": features}


def popup_context(*, lang: str, labels: dict, sector_names: dict) -> dict:
    """What centerFeature reads from the centers layer's hideout: labels in the page's language, the sectors'
    names and the text direction (escaped by the browser, like the features' names)."""
    return {
        "lang": lang,
        "dir": "rtl" if lang == "ar" else "ltr",
        "sectors": sector_names,
        **{k: labels[k] for k in ("sector", "mean", "n", "no_ratings", "profile")},
    }


def union_bounds(boxes: Iterable[list[list[float]]]) -> list[list[float]] | None:
    """The [[south, west], [north, east]] box around every box given, or None when none is."""
    boxes = list(boxes)
    if not boxes:
        return None
    return [
        [min(b[0][0] for b in boxes), min(b[0][1] for b in boxes)],
        [max(b[1][0] for b in boxes), max(b[1][1] for b in boxes)],
    ]
