"""The satisfaction colour classes shared by the choropleth, the center markers and the legend.

Fixed breaks on the mean score (1-5), so that colours mean the same thing in every view.
A diverging red-blue palette that stays readable for colour-blind viewers.
"""

BREAKS = (3.0, 3.25, 3.5, 3.75, 4.0)
COLORS = ("#b2182b", "#ef8a62", "#fddbc7", "#d1e5f0", "#67a9cf", "#2166ac")
NO_DATA = "#bdbdbd"


def _color(value: float | None, breaks: tuple[float, ...]) -> str:
    if value is None:
        return NO_DATA
    return next((color for brk, color in zip(breaks, COLORS) if value < brk), COLORS[-1])


def _legend(breaks: tuple[float, ...], fmt: str) -> list[tuple[str, str]]:
    """(colour, label) pairs from lowest to highest, labels written with `fmt` (e.g. ".2f")."""
    items = [(COLORS[0], f"< {breaks[0]:{fmt}}")]
    items += [(color, f"{lo:{fmt}} – {hi:{fmt}}") for lo, hi, color in zip(breaks, breaks[1:], COLORS[1:])]
    return [*items, (COLORS[-1], f"≥ {breaks[-1]:{fmt}}")]


def color_for(mean: float | None) -> str:
    return _color(mean, BREAKS)


def legend_items() -> list[tuple[str, str]]:
    """(colour, label) pairs from lowest to highest, e.g. ('#b2182b', '< 3.00')."""
    return _legend(BREAKS, ".2f")


def hideout() -> dict:
    """What the JavaScript style functions read (assets/marsad_map.js)."""
    return {"breaks": list(BREAKS), "colors": list(COLORS), "noData": NO_DATA}


# the combined index (0-100): the same palette, on breaks around the programme's bands (weak < 60 ≤ average < 85)
INDEX_BREAKS = (50.0, 60.0, 70.0, 80.0, 85.0)


def index_color_for(index: float | None) -> str:
    return _color(index, INDEX_BREAKS)


def index_legend_items() -> list[tuple[str, str]]:
    """(colour, label) pairs from lowest to highest for the combined index."""
    return _legend(INDEX_BREAKS, "g")
