"""What a center's profile page shows, computed without Dash."""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlencode

from marsad import i18n, params
from marsad.analytics import profiles
from marsad.context import Context
from marsad.dashboard.views import api_files
from marsad.queries import areas as area_queries

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
    )
