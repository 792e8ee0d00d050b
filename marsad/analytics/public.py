"""Figures the public may see, and the rule that keeps small groups of ratings from being recovered from them.

Periods are fixed: `12m` (the last four complete calendar quarters) and each of the last eight complete quarters
(`2026-Q3`); free date ranges are refused, so no two public periods differ by a few days. Only citizens' app
ratings are public (the other instruments are internal).

A cell (a center, locality, governorate or region in a period) is published when it rests on at least the public
minimum of ratings and no published figure would let it be recovered by subtraction:
- along the map's hierarchy, one level at a time: for each published area, its total minus its published
  children (localities of a governorate, centers of a locality, …) must be 0 or at least the minimum; when not,
  the smallest published children are withheld too (complementary suppression) until it is;
- across periods: a 12-month figure minus its published quarters must be 0 or at least the minimum; when not,
  the 12-month figure is withheld.
Every route asks `cells()`, so a cell is published or withheld the same way everywhere.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, timedelta

from marsad import params
from marsad.context import Context
from marsad.jurisdiction import Scope
from marsad.queries import centers as center_queries
from marsad.queries import stats
from marsad.queries.filters import Filters
from marsad.queries.rollups import CRITERIA

SOURCE = "app"
QUARTERS_SHOWN = 8
Key = tuple[str, object]  # (level, code or center id)


@dataclass(frozen=True)
class PublicPeriod:
    key: str
    date_from: date
    date_to: date
    quarters: tuple[str, ...]  # the quarters it is made of

    def filters(self) -> Filters:
        return Filters(date_from=self.date_from, date_to=self.date_to, source=SOURCE)


def _quarter(year: int, q: int) -> PublicPeriod:
    start = date(year, 3 * q - 2, 1)
    end = (date(year + 1, 1, 1) if q == 4 else date(year, 3 * q + 1, 1)) - timedelta(days=1)
    key = f"{year}-Q{q}"
    return PublicPeriod(key, start, end, (key,))


def public_periods(today: date) -> list[PublicPeriod]:
    """`12m` first, then the complete quarters, newest first."""
    year, q = today.year, (today.month - 1) // 3  # the quarter before the current one
    if q == 0:
        year, q = year - 1, 4
    quarters = []
    for _ in range(QUARTERS_SHOWN):
        quarters.append(_quarter(year, q))
        year, q = (year - 1, 4) if q == 1 else (year, q - 1)
    last4 = quarters[:4]
    twelve = PublicPeriod("12m", last4[-1].date_from, last4[0].date_to, tuple(p.key for p in last4))
    return [twelve, *quarters]


def parse_period(query: Mapping, today: date) -> PublicPeriod:
    """The `period` parameter (default 12m); free date ranges and other sources are refused, saying why."""
    if any(query.get(k) for k in ("from", "to")):
        raise params.BadRequest(
            "public figures are given for fixed periods only: period=12m (the last four complete "
            "quarters) or a complete quarter such as period=2026-Q3; from and to are not accepted"
        )
    source = params.parse_text(query, "source")
    if source not in (None, SOURCE):
        raise params.BadRequest("public figures are of citizens' app ratings only; leave source out")
    key = params.parse_text(query, "period") or "12m"
    periods = {p.key: p for p in public_periods(today)}
    if key not in periods:
        raise params.BadRequest(f"unknown period {key!r}; expected one of {', '.join(periods)}")
    return periods[key]


@dataclass
class Cells:
    """One period's public cells: every count, and which cells are published."""

    period: PublicPeriod
    counts: dict[Key, dict]  # n1..n5 (centers: and criterion counts and sums)
    published: set[Key]

    def n(self, key: Key) -> int:
        c = self.counts.get(key)
        return sum(int(c[f"n{i}"]) for i in range(1, 6)) if c else 0

    def show(self, key: Key) -> dict | None:
        """The cell's counts when published, else None."""
        return self.counts.get(key) if key in self.published else None


LEVELS = ("region", "governorate", "locality", "center")


def _counts(ctx: Context, period: PublicPeriod) -> dict[Key, dict]:
    out: dict[Key, dict] = {}
    for level in LEVELS:
        rows = stats.counts_by(
            ctx.engine,
            scope=Scope.national(),
            filters=period.filters(),
            area=None,
            by=level,
            criteria=level == "center",
        )
        out.update({(level, r["key"]): r for r in rows if r["key"] is not None})
    return out


def _groups(ctx: Context, index: dict[str, dict]) -> list[tuple[Key, list[Key]]]:
    """(parent, children) of the map's hierarchy, top-down: an area and the areas or centers right under it."""
    children: dict[Key, list[Key]] = defaultdict(list)
    for code, area in index.items():
        if area["parent_code"]:
            children[(index[area["parent_code"]]["level"], area["parent_code"])].append((area["level"], code))
    for center, (locality, governorate, _region) in center_queries.placements(
        ctx.engine, scope=Scope.national()
    ).items():
        parent = ("locality", locality) if locality else ("governorate", governorate)
        children[parent].append(("center", center))
    order = {"region": 0, "governorate": 1, "locality": 2}
    return sorted(children.items(), key=lambda item: order.get(item[0][0], 3))


def _complement(cells: Cells, groups: list[tuple[Key, list[Key]]], minimum: int) -> None:
    for parent, members in groups:
        if parent not in cells.published:
            continue  # a withheld total cannot be differenced
        shown = sorted((m for m in members if m in cells.published), key=lambda m: (cells.n(m), str(m)))
        residual = cells.n(parent) - sum(cells.n(m) for m in shown)
        while 0 < residual < minimum and shown:
            smallest = shown.pop(0)
            cells.published.discard(smallest)
            residual += cells.n(smallest)


def _summed(quarters: list[Cells]) -> dict[Key, dict]:
    """The counts of several periods added up, cell by cell (the 12 months from their four quarters: no reads)."""
    out: dict[Key, dict] = {}
    for q in quarters:
        for key, row in q.counts.items():
            mine = out.setdefault(key, {k: 0 for k in row if k != "key"} | {"key": row["key"]})
            for k, v in row.items():
                if k != "key":
                    mine[k] = mine.get(k, 0) + int(v)
    return out


def _compute(ctx: Context, index: dict[str, dict], period: PublicPeriod, quarters: list[Cells]) -> Cells:
    minimum = ctx.settings.min_public_ratings
    complete = quarters and {q.period.key for q in quarters} == set(period.quarters)
    counts = _summed(quarters) if complete else _counts(ctx, period)
    cells = Cells(period, counts, set())
    cells.published = {k for k in counts if cells.n(k) >= minimum}
    for key in list(cells.published):  # across periods: the 12-month figure minus its published quarters
        hidden = sum(q.n(key) for q in quarters if key not in q.published)
        if 0 < hidden < minimum:
            cells.published.discard(key)
    _complement(cells, _groups(ctx, index), minimum)
    return cells


def cells(ctx: Context, period: PublicPeriod) -> Cells:
    """The period's public cells, kept in this process and recomputed in the background once
    context.PUBLIC_REFRESH_SECONDS old.
    Public periods are complete quarters, which only back-dated uploads change: their figures may lag by that much.
    At 10M ratings, the first computation in a process took 5.5 s (warm_up() runs it at start)."""

    index = ctx.ref.area_index()  # read here: the background refresh runs outside any request
    quarters = []
    if period.key == "12m":
        by_key = {p.key: p for p in public_periods(params.today_riyadh())}
        quarters = [cells(ctx, by_key[q]) for q in period.quarters if q in by_key]

    def compute() -> Cells:
        return _compute(ctx, index, period, quarters)

    return ctx.resources.snapshots.get(f"public_cells:{period.key}:{period.date_to}", compute)


def warm_up(ctx: Context) -> None:
    """Compute the default public period's cells (and its quarters'), so that no citizen waits for them."""
    cells(ctx, public_periods(params.today_riyadh())[0])


def figures(counts: dict | None) -> dict:
    """n, mean, satisfied share, distribution and criteria of published counts; all None when withheld."""
    if counts is None:
        return {"published": False, "n": None, "mean": None, "satisfied_share": None}
    dist = [int(counts[f"n{i}"]) for i in range(1, 6)]
    n = sum(dist)
    out = {
        "published": True,
        "n": n,
        "mean": round(sum((i + 1) * c for i, c in enumerate(dist)) / n, 4),
        "satisfied_share": round((dist[3] + dist[4]) / n, 4),
        "distribution": dist,
    }
    if f"c_{CRITERIA[0]}_n" in counts:
        out["criteria"] = {
            c: (counts[f"c_{c}_sum"] / counts[f"c_{c}_n"] if counts[f"c_{c}_n"] else None) for c in CRITERIA
        }
    return out
