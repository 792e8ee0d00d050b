"""What each kind of report holds, read for one recipient's context with the same analytics and queries as the
pages (never a second copy of the numbers). Pure data out: render.py writes it as HTML and PDF."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

from marsad.analytics import profiles, rankings
from marsad.analytics.areas import map_areas
from marsad.context import Context
from marsad.layers import geojson
from marsad.queries import alerts as alert_queries
from marsad.queries import comments as comment_queries
from marsad.queries import stats
from marsad.queries.filters import Filters
from marsad.reports import programme
from marsad.reports.periods import ReportPeriod, containing
from marsad.scores import ranking

KINDS = {
    "center-weekly": "week",
    "area-monthly": "month",
    "area-quarterly": "quarter",
    "sector-quarterly": "quarter",
}
PEER_MIN_RATINGS = 5  # a week of one center is few ratings: ranks among peers need only a handful
AREA_MIN_RATINGS = 20
TREND_MONTHS = 12


class NotInScope(LookupError):
    """The report's subject (a center, an area, a sector) is not in the recipient's jurisdiction, or unknown."""


@dataclass
class Report:
    kind: str
    period: ReportPeriod
    subject: dict  # the center, the area (None: the jurisdiction) and the sector the report is about
    kpis: dict  # n, mean, satisfied_share, distribution, previous, change (against the previous period)
    year_ago: dict  # n, mean, satisfied_share of the same period a year before
    trend: list[dict]
    criteria: dict = field(default_factory=dict)
    services: list[dict] = field(default_factory=list)
    peers: dict = field(default_factory=dict)
    comments: list[dict] = field(default_factory=list)
    areas: list[dict] = field(default_factory=list)  # child areas with their figures (the map's table)
    map_features: list[dict] = field(default_factory=list)  # the same areas as GeoJSON features (the map)
    sectors: list[dict] = field(default_factory=list)
    top: list[dict] = field(default_factory=list)
    bottom: list[dict] = field(default_factory=list)
    alerts: list[dict] = field(default_factory=list)  # open alerts
    plans: list[dict] = field(default_factory=list)  # a center's open plans; an area's overdue ones
    index: list[dict] = field(default_factory=list)  # the combined index of the child areas (reports/programme.py)
    cycle: dict | None = None  # the latest evaluation cycle's overview
    method: dict = field(default_factory=lambda: ranking.METHOD)


def _filters(period: ReportPeriod | tuple[date, date], sector: str | None = None) -> Filters:
    start, end = (period.date_from, period.date_to) if isinstance(period, ReportPeriod) else period
    return Filters(date_from=start, date_to=end, sector=sector, service=None, source=None)


def _trend_window(period: ReportPeriod) -> tuple[date, date]:
    """The months up to the period's end, for the trend chart (weekly buckets would be too short a story)."""
    start = containing("month", period.date_to).date_from
    for _ in range(TREND_MONTHS - 1):
        start = containing("month", start - timedelta(days=1)).date_from
    return start, period.date_to


def _totals(k: dict) -> dict:
    return {m: k[m] for m in ("n", "mean", "satisfied_share")}


def center_weekly(ctx: Context, *, center_id: int, period: ReportPeriod) -> Report:
    """A center manager's week: the week's figures with the change against the previous week and the same week a
    year ago, per criterion and per service, rank among same-sector centers of its governorate and region, and
    the week's approved comments."""
    f = _filters(period)
    profile = profiles.center_standing(ctx, filters=f, center_id=center_id, min_ratings=PEER_MIN_RATINGS)
    if profile is None:
        raise NotInScope(f"no center {center_id} in this jurisdiction")
    own = ctx.scope.narrowed_to_centers({center_id})
    kpis = stats.kpis(ctx.engine, scope=own, filters=f, area=None)
    year_ago = stats.kpis(ctx.engine, scope=own, filters=_filters(period.year_before()), area=None)
    names = {s["code"]: s for s in ctx.ref.catalog()["services"]}
    services = [
        {
            **_mean_of(r),
            "code": r["key"],
            **{k: names.get(r["key"], {}).get(k, r["key"]) for k in ("name_ar", "name_en")},
        }
        for r in stats.counts_by(ctx.engine, scope=own, filters=f, area=None, by="service")
    ]
    comments, _ = comment_queries.comments(
        ctx.engine, scope=own, q=comment_queries.CommentQuery(filters=f, limit=comment_queries.MAX_PAGE)
    )
    return Report(
        kind="center-weekly",
        period=period,
        subject={"center": profile["center"], "area": None, "sector": profile["center"]["sector_code"]},
        kpis=kpis,
        year_ago=_totals(year_ago),
        trend=stats.trend(ctx.engine, scope=own, filters=_filters(_trend_window(period)), area=None),
        criteria=profile["criteria"],
        services=sorted(services, key=lambda s: -s["n"]),
        peers=profile["peers"],
        comments=comments,
        alerts=alert_queries.listed(ctx.engine, scope=own, status="open", center_id=center_id, limit=20),
        plans=programme.center_plans(ctx, center_id),
    )


def _mean_of(counts: dict) -> dict:
    n = sum(int(counts[f"n{i}"]) for i in range(1, 6))
    total = sum(i * int(counts[f"n{i}"]) for i in range(1, 6))
    return {
        "n": n,
        "mean": round(total / n, 4) if n else None,
        "satisfied_share": round((int(counts["n4"]) + int(counts["n5"])) / n, 4) if n else None,
    }


def area_report(
    ctx: Context, *, kind: str, period: ReportPeriod, area_code: str | None = None, sector: str | None = None
) -> Report:
    """A governor's or agency head's month or quarter: the jurisdiction's (or an area's in it) figures and trend,
    its child areas (the map), the sectors compared with intervals, and the top and bottom centers."""
    try:
        area, refused = ctx.area_or_home(area_code)
    except ValueError as exc:
        raise NotInScope(str(exc)) from exc
    if refused:
        raise NotInScope(f"area {area_code} is not in this jurisdiction")
    if sector is not None:
        if sector not in {s["code"] for s in ctx.ref.catalog()["sectors"]}:
            raise NotInScope(f"unknown sector {sector!r}")
        if ctx.scope.sectors is not None and sector not in ctx.scope.sectors:
            raise NotInScope(f"sector {sector} is not in this jurisdiction")
    f = _filters(period, sector)
    ranked = [r for r in rankings.center_ranking(ctx, filters=f, area=area, min_ratings=AREA_MIN_RATINGS) if r["rank"]]
    _, children = map_areas(ctx, filters=f, area=area)
    shown = [r for r in children if ctx.allows_area(r["code"])]
    sectors = {s["code"]: s for s in ctx.ref.catalog()["sectors"]}
    return Report(
        kind=kind,
        period=period,
        subject={
            "center": None,
            "area": area,
            "sector": sector,
            "sector_name": {"ar": sectors[sector]["name_ar"], "en": sectors[sector]["name_en"]} if sector else None,
        },
        kpis=stats.kpis(ctx.engine, scope=ctx.scope, filters=f, area=area),
        year_ago=_totals(
            stats.kpis(ctx.engine, scope=ctx.scope, filters=_filters(period.year_before(), sector), area=area)
        ),
        trend=stats.trend(ctx.engine, scope=ctx.scope, filters=_filters(_trend_window(period), sector), area=area),
        areas=shown,
        map_features=geojson.areas_collection(shown, ctx.ref.area_shapes())["features"],
        sectors=rankings.sectors(ctx, filters=f, area=area, min_ratings=AREA_MIN_RATINGS),
        top=ranked[:10],
        bottom=ranked[::-1][:10],
        alerts=[
            a
            for a in alert_queries.listed(ctx.engine, scope=ctx.scope, status="open", area=area, limit=50)
            if sector is None or a["sector_code"] == sector
        ],
        plans=programme.overdue_plans(ctx, area, sector),
        index=programme.area_index(ctx, area, period, sector),
        cycle=programme.latest_cycle(ctx, period),
    )
