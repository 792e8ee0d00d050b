"""Daily counts as matrices: one row per key (a center, an area's centers of a sector, a center and a term), one
column per day, oldest first; and rows summed into groups (centers into their areas)."""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Sequence
from datetime import date

import numpy as np


def daily(rows: Iterable[tuple], keys: Sequence[Hashable], first: date, last: date, *, values: int = 1):
    """`rows`: (key, day, value, …) with `values` values each; a matrix per value (keys × days first..last)."""
    index = {k: i for i, k in enumerate(keys)}
    width = (last - first).days + 1
    out = [np.zeros((len(keys), width), dtype=np.int32) for _ in range(values)]
    for key, day, *vals in rows:
        i = index.get(key)
        if i is not None and first <= day <= last:
            for m, v in zip(out, vals):
                m[i, (day - first).days] = v
    return out


def grouped(matrix: np.ndarray, groups: Sequence[Hashable]) -> tuple[list, np.ndarray]:
    """Rows of `matrix` summed by `groups` (one label per row): the labels in order and their sums."""
    labels = sorted(set(groups), key=repr)
    where = {g: i for i, g in enumerate(labels)}
    out = np.zeros((len(labels), matrix.shape[1]), dtype=matrix.dtype)
    np.add.at(out, [where[g] for g in groups], matrix)
    return labels, out
