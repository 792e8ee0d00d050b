"""Report charts as SVG (pure: numbers in, markup out), which WeasyPrint draws itself: no browser, no network,
about a millisecond each. They carry numbers only; names and titles go in the report's HTML around them, where
Arabic is shaped and ordered by the page's layout."""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence

from marsad.layers.classes import COLORS, NO_DATA, color_for

INK, GRID, BAR = "#1f2937", "#e5e7eb", "#9ca3af"
FONT = 'font-family="Noto Sans, DejaVu Sans, sans-serif"'


def _svg(width: int, height: int, body: str) -> str:
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}">{body}</svg>'
    )


def _num(value: float) -> str:
    return f"{value:.1f}".rstrip("0").rstrip(".")


def bars(
    values: Sequence[float | None],
    *,
    width: int = 320,
    height: int = 120,
    colors: Sequence[str] | None = None,
    fmt: Callable[[float], str] = _num,
    rtl: bool = False,
    top: float | None = None,
) -> str:
    """Vertical bars with their value above each (None: an empty slot); right to left when `rtl`."""
    n = max(len(values), 1)
    peak = top or max([v for v in values if v is not None] + [1e-9])
    slot = width / n
    parts = [f'<line x1="0" y1="{height - 14}" x2="{width}" y2="{height - 14}" stroke="{GRID}"/>']
    for i, v in enumerate(values):
        x = (n - 1 - i if rtl else i) * slot
        if v is None:
            continue
        h = max((height - 30) * (v / peak), 0.5)
        color = colors[i] if colors else BAR
        parts.append(
            f'<rect x="{x + slot * 0.15:.1f}" y="{height - 14 - h:.1f}" width="{slot * 0.7:.1f}" height="{h:.1f}" '
            f'fill="{color}"/>'
            f'<text x="{x + slot / 2:.1f}" y="{height - 17 - h:.1f}" font-size="9" text-anchor="middle" '
            f'fill="{INK}" {FONT}>{fmt(v)}</text>'
        )
    return _svg(width, height, "".join(parts))


def trend(points: Sequence[tuple[float | None, int]], *, width: int = 480, height: int = 140, rtl: bool = False) -> str:
    """Mean (line, 1–5 scale) over count bars, one point per period, oldest first (mirrored when `rtl`)."""
    n = max(len(points), 1)
    slot = width / n
    peak = max([c for _, c in points] + [1])
    lo, hi = 1.0, 5.0
    parts = []
    for level in (2, 3, 4):
        y = 8 + (height - 24) * (1 - (level - lo) / (hi - lo))
        parts.append(f'<line x1="0" y1="{y:.1f}" x2="{width}" y2="{y:.1f}" stroke="{GRID}" stroke-dasharray="2,2"/>')
        parts.append(
            f'<text x="{2 if not rtl else width - 2}" y="{y - 2:.1f}" font-size="8" fill="{BAR}" '
            f'text-anchor="{"start" if not rtl else "end"}" {FONT}>{level}</text>'
        )
    line = []
    for i, (mean, count) in enumerate(points):
        x = (n - 1 - i if rtl else i) * slot + slot / 2
        h = (height - 24) * 0.35 * count / peak
        parts.append(
            f'<rect x="{x - slot * 0.3:.1f}" y="{height - 16 - h:.1f}" width="{slot * 0.6:.1f}" '
            f'height="{h:.1f}" fill="#eeeeee"/>'
        )
        if mean is not None:
            line.append((x, 8 + (height - 24) * (1 - (mean - lo) / (hi - lo))))
    if len(line) > 1:
        path = " ".join(f"{'M' if i == 0 else 'L'}{x:.1f},{y:.1f}" for i, (x, y) in enumerate(line))
        parts.append(f'<path d="{path}" fill="none" stroke="{COLORS[-1]}" stroke-width="1.8"/>')
    parts += [f'<circle cx="{x:.1f}" cy="{y:.1f}" r="2.2" fill="{COLORS[-1]}"/>' for x, y in line]
    return _svg(width, height, "".join(parts))


def _rings(geometry: dict | None):
    if not geometry:
        return
    polygons = [geometry["coordinates"]] if geometry["type"] == "Polygon" else geometry["coordinates"]
    for polygon in polygons:
        yield polygon[0]


def choropleth(features: Sequence[dict], *, width: int = 420, height: int = 320) -> str:
    """Areas filled by their mean's colour class (`features`: GeoJSON features with properties mean and n), in an
    equirectangular projection scaled by the cosine of the middle latitude, fitted to the box."""
    rings = [(f, ring) for f in features for ring in _rings(f.get("geometry"))]
    if not rings:
        return _svg(width, height, "")
    xs = [p[0] for _, ring in rings for p in ring]
    ys = [p[1] for _, ring in rings for p in ring]
    k = math.cos(math.radians((min(ys) + max(ys)) / 2))
    span_x, span_y = max((max(xs) - min(xs)) * k, 1e-9), max(max(ys) - min(ys), 1e-9)
    scale = min((width - 8) / span_x, (height - 8) / span_y)
    off_x = (width - span_x * scale) / 2
    off_y = (height - span_y * scale) / 2

    def point(p) -> str:
        return f"{off_x + (p[0] - min(xs)) * k * scale:.1f},{off_y + (max(ys) - p[1]) * scale:.1f}"

    parts = []
    for f, ring in rings:
        props = f["properties"]
        color = color_for(props.get("mean")) if props.get("n") else NO_DATA
        parts.append(
            f'<path d="M{" L".join(point(p) for p in ring)} Z" fill="{color}" stroke="white" stroke-width="0.8"/>'
        )
    return _svg(width, height, "".join(parts))
