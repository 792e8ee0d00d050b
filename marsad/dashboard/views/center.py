"""What a center's profile page shows, computed without Dash."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from urllib.parse import urlencode

from marsad import i18n, params
from marsad.analytics import index as combined
from marsad.analytics import profiles
from marsad.context import Context
from marsad.dashboard.views import api_files
from marsad.queries import areas as area_queries
from marsad.queries import cycles as cycle_queries
from marsad.queries import plans as plan_queries
from marsad.reports import periods

MIN_RATINGS = 20  # for the rank among peers


@dataclass
class CenterView:
    profile: dict  # analytics.profiles.center_profile
    sector_label: str
    place: str  # region › governorate › locality
    peers: list[tuple[str, str]]  # (level, the rank among peers as a sentence)
    outline: dict | None  # the governorate's outline, for the small map
    period_search: str  # from=…&to=…
    search: str  # this view's query string
    files: dict[str, str]  # format -> the API's link to the center's approved comments of the period as a file
    span: tuple[date, date]  # the period's first and last day
    quarter: periods.ReportPeriod  # the last quarter complete by the period's end
    index: dict  # analytics.index.center of that quarter
    plans: list[dict]  # the center's improvement plans (queries.plans.listed)
    plan_axes: dict[str, dict]  # the axes plans are named by (queries.cycles.default_axes), by code


def build(ctx: Context, *, center_id: int, period: list, lang: str) -> CenterView | None:
    """None when there is no such center in the jurisdiction (unknown and out-of-scope look the same);
    params.BadRequest for a period that cannot be read."""
    filters = params.parse_filters({"from": period[0], "to": period[1]}, ctx.ref.catalog(), params.today_riyadh())
    profile = profiles.center_profile(ctx, filters=filters, center_id=center_id, min_ratings=MIN_RATINGS)
    if profile is None:
        return None
    c = profile["center"]
    index = ctx.ref.area_index()
    sector = next((s for s in ctx.ref.catalog()["sectors"] if s["code"] == c["sector_code"]), None)
    peers = [
        (
            level,
            i18n.t(
                "peer_rank",
                lang,
                rank=i18n.fmt_count(p["rank"], lang),
                of=i18n.fmt_count(p["of"], lang),
                where=i18n.name(index[p["area"]], lang),
            )
            if p["rank"]
            else i18n.t(
                "peer_unranked",
                lang,
                where=i18n.name(index[p["area"]], lang),
                m=i18n.fmt_count(profile["min_ratings"], lang),
            ),
        )
        for level, p in profile["peers"].items()
    ]
    quarter = periods.latest_complete("quarter", filters.date_to + timedelta(days=1))
    period_search = urlencode({"from": filters.date_from.isoformat(), "to": filters.date_to.isoformat()})
    return CenterView(
        profile=profile,
        sector_label=i18n.name(sector, lang) if sector else c["sector_code"],
        place=" › ".join(i18n.name(index[code], lang) for code in c["lineage"] if code in index),
        peers=peers,
        outline=area_queries.outline(ctx.engine, c["governorate_code"]),
        period_search=period_search,
        search=f"?{urlencode({'lang': lang})}&{period_search}",
        files=api_files.links(
            "comments",
            {"center": center_id, "from": filters.date_from.isoformat(), "to": filters.date_to.isoformat()},
            lang,
        ),
        span=(filters.date_from, filters.date_to),
        quarter=quarter,
        index=combined.center(ctx, center_id=center_id, date_from=quarter.date_from, date_to=quarter.date_to),
        plans=plan_queries.listed(
            ctx.engine, scope=ctx.scope.narrowed_to_centers({center_id}), status=None, today=params.today_riyadh()
        ),
        plan_axes={a["code"]: a for a in cycle_queries.default_axes(ctx.engine)},
    )
