"""The satisfaction colour classes shared by the choropleth, the center markers and the legend.

By default fixed breaks on the mean score (1-5), so that colours mean the same thing in every view. A reader may
choose instead the quantiles of the areas in view (each colour about as many areas: differences show even when
every area is between 3.5 and 3.75) or the difference from a reference mean (their jurisdiction's). A diverging
red-blue palette that stays readable for colour-blind viewers.
"""

from __future__ import annotations

from dataclasses import dataclass

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
    return FIXED.color(mean)


def legend_items() -> list[tuple[str, str]]:
    """(colour, label) pairs from lowest to highest, e.g. ('#b2182b', '< 3.00')."""
    return FIXED.legend()


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


SCHEMES = ("fixed", "quantiles", "difference")
DIFFERENCE_BREAKS = (-0.2, -0.1, 0.0, 0.1, 0.2)  # mean minus the reference, in points of the 1-5 scale


@dataclass(frozen=True)
class Classes:
    """How the ratings map is coloured: `scheme` (SCHEMES), its breaks on the mean (for "difference": on the mean
    minus `reference`) and a colour per class."""

    scheme: str
    breaks: tuple[float, ...]
    colors: tuple[str, ...]
    reference: float | None = None

    def color(self, mean: float | None) -> str:
        if mean is None:
            return NO_DATA
        value = mean - self.reference if self.reference is not None else mean
        return next((c for brk, c in zip(self.breaks, self.colors) if value < brk), self.colors[-1])

    def legend(self) -> list[tuple[str, str]]:
        """(colour, label) pairs from lowest to highest; differences signed (+0.10)."""
        fmt = "+.2f" if self.scheme == "difference" else ".2f"
        if not self.breaks:
            return [(self.colors[0], f"{self.reference or 0:{fmt}}")]
        items = [(self.colors[0], f"< {self.breaks[0]:{fmt}}")]
        items += [(c, f"{lo:{fmt}} – {hi:{fmt}}") for lo, hi, c in zip(self.breaks, self.breaks[1:], self.colors[1:])]
        return [*items, (self.colors[-1], f"≥ {self.breaks[-1]:{fmt}}")]


FIXED = Classes("fixed", BREAKS, COLORS)


def quantiles(means: list[float]) -> Classes:
    """Breaks at the sixths of `means` (the areas in view), merged where they coincide; with fewer than two
    distinct values there is nothing to tell apart, and the fixed scale is used."""
    values = sorted(means)
    if len(set(values)) < 2:
        return FIXED
    cuts = sorted({round(values[min(len(values) - 1, len(values) * k // 6)], 2) for k in range(1, 6)} - {values[0]})
    if not cuts:
        cuts = [round(values[-1], 2)]
    # spread over the whole palette: as many colours as classes, lowest red to highest blue
    picks = [round(i * (len(COLORS) - 1) / len(cuts)) for i in range(len(cuts) + 1)]
    return Classes("quantiles", tuple(cuts), tuple(COLORS[i] for i in picks))


def difference(reference: float | None) -> Classes:
    """Classes of the difference from `reference` (the jurisdiction's mean); none without one."""
    return FIXED if reference is None else Classes("difference", DIFFERENCE_BREAKS, COLORS, round(reference, 2))
