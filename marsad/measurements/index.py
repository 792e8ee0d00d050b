"""The combined index (pure): one 0-100 figure from the instruments with the method's declared weights.

Each instrument's value is on 0-100: surveys' and app ratings' mean score (1-5) as (mean - 1) / 4 x 100; mystery
shoppers' mean visit score; focus groups' mean of each session's mean axis score. An instrument with no
observation is missing: the weights of those present are re-normalised, and the figure is flagged partial with what
is missing, never silently. An area's or sector's index is computed from its instruments' values over all its
observations (each instrument's n-weighted mean), not as a mean of its centers' indexes.
"""

from __future__ import annotations

INSTRUMENTS = ("survey", "mystery_shopper", "app", "focus_group")


def rating_value(counts: dict) -> tuple[float, int] | None:
    """A ratings instrument's value (0-100) and n from score counts n1..n5."""
    n = sum(int(counts[f"n{i}"]) for i in range(1, 6))
    if not n:
        return None
    mean = sum(i * int(counts[f"n{i}"]) for i in range(1, 6)) / n
    return (mean - 1) / 4 * 100, n


def combine(values: dict[str, tuple[float, int] | None], weights: dict[str, float]) -> dict:
    """The index and its components: each instrument's value, n, declared weight and the weight it carried (in
    INSTRUMENTS order, then any other the method weighs)."""
    order = [k for k in INSTRUMENTS if k in weights] + sorted(k for k in weights if k not in INSTRUMENTS)
    weights = {k: weights[k] for k in order}
    present = {k: v for k, v in values.items() if v is not None and v[1] > 0 and k in weights}
    total = sum(weights[k] for k in present)
    components = {
        k: {
            "value": round(values[k][0], 1) if k in present else None,  # type: ignore[index]
            "n": values[k][1] if k in present else 0,  # type: ignore[index]
            "weight": weights[k],
            "weight_used": round(weights[k] / total, 4) if k in present else 0.0,
        }
        for k in weights
    }
    index = sum(weights[k] * present[k][0] for k in present) / total if total else None
    return {
        "index": round(index, 1) if index is not None else None,
        "partial": len(present) < len(weights),
        "missing": [k for k in weights if k not in present],
        "components": components,
    }
