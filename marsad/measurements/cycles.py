"""A cycle's overview, the figures the programmes' reports lead with (pure: rows in, figures out): visits by channel,
places by grade (their visits' mean score against the declared bands), places weak on one channel, places whose
grade went up or down since the previous cycle, the weakest axes, and every place at or below the follow-up
threshold on an axis."""

from __future__ import annotations

from collections import defaultdict

NAMED = ("center_id", "code", "name_ar", "name_en", "sector_code")  # what a listed place carries


def band_of(score: float, bands: list[dict]) -> str:
    """The band with the highest cut point at or below `score` (`bands` highest first)."""
    return next(b["code"] for b in bands if score >= b["min_score"])


def _places(channel_rows: list[dict]) -> dict[str, dict]:
    """Per place: its names, visits, mean score over every visit, and mean by channel."""
    out: dict[str, dict] = {}
    for r in channel_rows:
        place = r["place"]
        p = out.setdefault(
            place,
            {k: r[k] for k in ("place", "code", "name_ar", "name_en", "sector_code")}
            | {"center_id": int(place) if place.isdigit() else None, "n": 0, "sum": 0.0},  # else "platform:<code>"
        )
        p["n"] += r["n"]
        p["sum"] += r["mean"] * r["n"]
        p.setdefault("channels", {})[r["channel"]] = {"n": r["n"], "mean": r["mean"]}
    for p in out.values():
        p["mean"] = p.pop("sum") / p["n"]
    return out


def overview(
    channel_rows: list[dict],
    axis_rows: list[dict],
    previous_rows: list[dict] | None,
    *,
    bands: list[dict],
    threshold: float,
) -> dict:
    """`channel_rows`, `axis_rows`: queries.cycles.by_place of the cycle; `previous_rows`: the channel rows of the
    previous cycle (None when there is none); `threshold`: the follow-up share of the top score (0.6)."""
    places = _places(channel_rows)
    rank = {b["code"]: i for i, b in enumerate(bands)}  # 0 = the best
    grades = {k: band_of(p["mean"], bands) for k, p in places.items()}
    by_channel: dict[str, int] = defaultdict(int)
    weak_on: dict[str, int] = defaultdict(int)
    lowest = bands[-1]["code"]
    for p in places.values():
        for channel, c in p["channels"].items():
            by_channel[channel] += c["n"]
            weak_on[channel] += band_of(c["mean"], bands) == lowest
    moved = {"improved": 0, "declined": 0, "same": 0, "compared": 0}
    if previous_rows is not None:
        before = {k: band_of(p["mean"], bands) for k, p in _places(previous_rows).items()}
        for k, g in grades.items():
            if k in before:
                moved["compared"] += 1
                step = rank[before[k]] - rank[g]
                moved["improved" if step > 0 else "declined" if step < 0 else "same"] += 1
    axis_sum: dict[str, list[float]] = defaultdict(lambda: [0.0, 0.0])
    below = []
    for r in axis_rows:
        axis_sum[r["axis"]][0] += r["mean"] * r["n"]
        axis_sum[r["axis"]][1] += r["n"]
        if r["mean"] <= 100 * threshold and r["place"] in places:
            p = places[r["place"]]
            below.append(
                {**{k: p[k] for k in NAMED}, "axis": r["axis"], "score": round(r["mean"], 1), "visits": r["n"]}
            )
    listed = [
        {**{k: p[k] for k in (*NAMED, "n")}, "mean": round(p["mean"], 1), "grade": grades[k]} for k, p in places.items()
    ]
    return {
        "visits": sum(by_channel.values()),
        "places": len(places),
        "visits_by_channel": dict(sorted(by_channel.items())),
        "places_by_grade": {b["code"]: sum(1 for g in grades.values() if g == b["code"]) for b in bands},
        "weak_by_channel": dict(sorted(weak_on.items())),
        "since_previous": moved if previous_rows is not None else None,
        "weakest_axes": sorted(
            ({"axis": a, "mean": round(s / n, 1), "visits": int(n)} for a, (s, n) in axis_sum.items()),
            key=lambda x: x["mean"],
        ),
        "below_threshold": sorted(below, key=lambda x: (x["score"], x["code"])),
        "places_list": sorted(listed, key=lambda x: (x["mean"], x["code"])),
    }
