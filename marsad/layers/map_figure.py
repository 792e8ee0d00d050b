"""The map as a plotly figure (pure: GeoJSON in, figure dict out), for pictures and the PDF briefing.

Drawn from our own boundaries as filled shapes on plain axes, not with plotly's geo charts: those fetch their
base map from a CDN and fail offline. One trace per colour class (shapes separated by gaps), so that a map of
hundreds of areas stays a handful of traces; longitude is scaled by the cosine of the latitude so that shapes
keep their proportions.
"""

from __future__ import annotations

import math
from collections.abc import Iterable

from marsad.layers.classes import COLORS, NO_DATA, color_for, legend_items
from marsad.layers.figures import FONT, Figure, label


def _rings(geometry: dict | None) -> Iterable[list[list[float]]]:
    if not geometry:
        return
    if geometry["type"] == "Polygon":
        yield from geometry["coordinates"][:1]  # outer ring only: holes are filled by their own areas
    elif geometry["type"] == "MultiPolygon":
        for polygon in geometry["coordinates"]:
            yield from polygon[:1]


def _centroid(ring: list[list[float]]) -> tuple[float, float]:
    xs, ys = [p[0] for p in ring], [p[1] for p in ring]
    return (min(xs) + max(xs)) / 2, (min(ys) + max(ys)) / 2


def choropleth(
    areas: dict,
    centers: dict | None,
    *,
    title: str,
    lang: str,
    no_data_label: str,
    width: int = 900,
    height: int = 620,
    max_labels: int = 40,
) -> Figure:
    """`areas`: the API's area collection (properties code, name_ar, name_en, mean, n); `centers`: its center
    collection (points with mean), or None."""
    rtl = lang == "ar"
    fig = Figure(
        {
            "title": {"text": label(title), "x": 0.98 if rtl else 0.02, "xanchor": "right" if rtl else "left"},
            "width": width,
            "height": height,
            "margin": {"l": 10, "r": 10, "t": 50, "b": 10},
            "font": {"family": FONT, "size": 12},
            "paper_bgcolor": "white",
            "plot_bgcolor": "white",
            "showlegend": True,
            "legend": {
                "x": 0.01 if rtl else 0.99,
                "xanchor": "left" if rtl else "right",
                "y": 0.02,
                "yanchor": "bottom",
            },
            "xaxis": {"visible": False},
            "yaxis": {"visible": False},
        }
    )
    by_color: dict[str, tuple[list, list]] = {}
    lats: list[float] = []
    labels: list[tuple[float, float, str]] = []
    for feature in areas["features"]:
        props = feature["properties"]
        color = color_for(props.get("mean") if props.get("n") else None)
        xs, ys = by_color.setdefault(color, ([], []))
        biggest: list[list[float]] = []
        for ring in _rings(feature.get("geometry")):
            xs.extend([p[0] for p in ring] + [None])
            ys.extend([p[1] for p in ring] + [None])
            lats.extend(p[1] for p in ring)
            if len(ring) > len(biggest):
                biggest = ring
        if biggest:
            x, y = _centroid(biggest)
            labels.append((x, y, props["name_ar"] if rtl else props["name_en"]))
    names = dict(legend_items())
    for color in [*COLORS, NO_DATA]:
        if color not in by_color:
            continue
        xs, ys = by_color[color]
        fig.add(
            "scatter",
            x=xs,
            y=ys,
            mode="lines",
            fill="toself",
            fillcolor=color,
            line={"color": "white", "width": 1},
            name=names.get(color, no_data_label),
            hoverinfo="skip",
        )
    if len(labels) <= max_labels:
        fig.add(
            "scatter",
            x=[x for x, _, _ in labels],
            y=[y for _, y, _ in labels],
            mode="text",
            text=[label(t) for _, _, t in labels],
            textfont={"size": 10, "color": "#1f2937"},
            showlegend=False,
            hoverinfo="skip",
        )
    points = (centers or {}).get("features", [])
    if points:
        fig.add(
            "scatter",
            x=[p["geometry"]["coordinates"][0] for p in points],
            y=[p["geometry"]["coordinates"][1] for p in points],
            mode="markers",
            marker={
                "size": 6,
                "color": [color_for(p["properties"].get("mean") if p["properties"].get("n") else None) for p in points],
                "line": {"color": "#1f2937", "width": 0.5},
            },
            showlegend=False,
            hoverinfo="skip",
        )
    if lats:
        mid = (min(lats) + max(lats)) / 2
        fig["layout"]["yaxis"].update(scaleanchor="x", scaleratio=1 / max(math.cos(math.radians(mid)), 0.1))
    return fig
