"""The satisfaction colour classes shared by the choropleth, the center markers and the legend.

Fixed breaks on the mean score (1-5), so that colours mean the same thing in every view.
A diverging red-blue palette that stays readable for colour-blind viewers.
"""

BREAKS = (3.0, 3.25, 3.5, 3.75, 4.0)
COLORS = ("#b2182b", "#ef8a62", "#fddbc7", "#d1e5f0", "#67a9cf", "#2166ac")
NO_DATA = "#bdbdbd"


def color_for(mean: float | None) -> str:
    if mean is None:
        return NO_DATA
    for brk, color in zip(BREAKS, COLORS):
        if mean < brk:
            return color
    return COLORS[-1]


def legend_items() -> list[tuple[str, str]]:
    """(colour, label) pairs from lowest to highest, e.g. ('#b2182b', '< 3.00')."""
    items = [(COLORS[0], f"< {BREAKS[0]:.2f}")]
    for lo, hi, color in zip(BREAKS, BREAKS[1:], COLORS[1:]):
        items.append((color, f"{lo:.2f} – {hi:.2f}"))
    items.append((COLORS[-1], f"≥ {BREAKS[-1]:.2f}"))
    return items


def hideout() -> dict:
    """What the JavaScript style functions read (assets/marsad_map.js)."""
    return {"breaks": list(BREAKS), "colors": list(COLORS), "noData": NO_DATA}


# the combined index (0-100): the same palette, on breaks around the programme's bands (weak < 60 ≤ average < 85)
INDEX_BREAKS = (50.0, 60.0, 70.0, 80.0, 85.0)


def index_color_for(index: float | None) -> str:
    if index is None:
        return NO_DATA
    for brk, color in zip(INDEX_BREAKS, COLORS):
        if index < brk:
            return color
    return COLORS[-1]


def index_legend_items() -> list[tuple[str, str]]:
    """(colour, label) pairs from lowest to highest for the combined index."""
    items = [(COLORS[0], f"< {INDEX_BREAKS[0]:g}")]
    for lo, hi, color in zip(INDEX_BREAKS, INDEX_BREAKS[1:], COLORS[1:]):
        items.append((color, f"{lo:g} – {hi:g}"))
    items.append((COLORS[-1], f"≥ {INDEX_BREAKS[-1]:g}"))
    return items
