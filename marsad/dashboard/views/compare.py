"""What the compare page shows for one state, computed without Dash: sector scores with intervals, the criteria
heatmap, sector trends, top and bottom centers and the child areas ranked."""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlencode

from marsad import i18n, params
from marsad.analytics import rankings
from marsad.context import Context
from marsad.dashboard.views import api_files
from marsad.layers import figures
from marsad.queries.filters import CHILD_LEVEL, Filters
from marsad.queries.rollups import CRITERIA

DEFAULT_MIN_RATINGS = 20


@dataclass(frozen=True)
class Selection:
    """The page state, checked: language, the query it came from, the area (inside the jurisdiction, else the
    official's home) and the filters."""

    lang: str
    query: dict
    area: dict | None
    filters: Filters


@dataclass
class CompareView:
    scores_fig: dict
    heatmap_fig: dict
    trends_fig: dict
    top: list[dict]  # ranked centers, best first (at most 10)
    bottom: list[dict]  # worst first
    areas: list[dict] | None  # child areas ranked; None at a locality
    areas_title: str
    sector_names: dict[str, str]
    note: str
    search: str  # the query string of this view
    files: dict[str, str]  # "sectors_csv", "rankings_xlsx", ...: the API's rows of this view as files


def select(ctx: Context, *, lang: str, area_code: str | None, period: list, source: str | None) -> Selection:
    """The page's selection; params.BadRequest for a period or source that cannot be read."""
    query = {"from": period[0], "to": period[1], "source": source or None}
    filters = params.parse_filters(query, ctx.ref.catalog(), params.today_riyadh())
    area, _ = ctx.area_or_home(area_code if isinstance(area_code, str) else None)
    return Selection(lang=lang, query=query, area=area, filters=filters)


def min_ratings_of(value: object) -> int:
    text = str(value)
    return int(text) if text.isascii() and text.isdecimal() and 1 <= int(text) <= 100_000 else DEFAULT_MIN_RATINGS


def build(ctx: Context, sel: Selection, *, min_ratings: int, source: str | None) -> CompareView:
    lang, area, filters = sel.lang, sel.area, sel.filters
    sectors = rankings.sectors(ctx, filters=filters, area=area, min_ratings=min_ratings)
    centers = rankings.center_ranking(ctx, filters=filters, area=area, min_ratings=min_ratings)
    trends = rankings.sector_trends(ctx, filters=filters, area=area)
    child = CHILD_LEVEL[area["level"] if area else None]
    areas = None
    if child is not None:
        areas = [
            r
            for r in rankings.area_ranking(ctx, filters=filters, area=area, min_ratings=min_ratings)
            if r["rank"] is not None
        ]
    where = i18n.name(area, lang) if area else i18n.t("national", lang)
    name_key = "name_ar" if lang == "ar" else "name_en"
    sector_names = {s["code"]: s[name_key] for s in ctx.ref.catalog()["sectors"]}
    ranked = [c for c in centers if c["rank"] is not None]
    rtl = lang == "ar"
    unranked = len(centers) - len(ranked)
    api_query = {
        "area": area and area["code"],
        "from": filters.date_from.isoformat(),
        "to": filters.date_to.isoformat(),
        "source": source or None,
        "min_ratings": min_ratings,
    }
    search = "?" + urlencode(
        [
            (k, v)
            for k, v in (
                ("lang", lang),
                ("area", area and area["code"]),
                ("from", filters.date_from.isoformat()),
                ("to", filters.date_to.isoformat()),
                ("source", source or None),
                ("min_ratings", str(min_ratings)),
            )
            if v
        ]
    )
    return CompareView(
        scores_fig=figures.sector_scores(
            sectors,
            title=i18n.t("sector_scores", lang),
            rtl=rtl,
            name_key=name_key,
            few_label=i18n.t("few_ratings", lang),
            empty=i18n.t("no_ratings_here", lang),
        ),
        heatmap_fig=figures.criteria_heatmap(
            sectors,
            title=i18n.t("criteria_heatmap", lang),
            rtl=rtl,
            name_key=name_key,
            criteria=[(c, i18n.t(f"crit_{c}", lang)) for c in CRITERIA],
            empty=i18n.t("no_ratings_here", lang),
        ),
        trends_fig=figures.sector_trends(
            trends,
            title=i18n.t("sector_trends", lang),
            rtl=rtl,
            names=sector_names,
            fmt_period=lambda d, b: i18n.fmt_period(d, b, lang),
            empty=i18n.t("no_ratings_here", lang),
        ),
        top=ranked[:10],
        bottom=ranked[::-1][: min(10, len(ranked) - 10)] if len(ranked) > 10 else [],  # never the top ones again
        areas=areas,
        areas_title=f"{i18n.t('areas_ranked', lang)}: {i18n.t('level_' + child, lang)}{i18n.sep(lang)}{where}"
        if child
        else "",
        sector_names=sector_names,
        note=i18n.t("unranked_note", lang, n=i18n.fmt_count(unranked, lang), m=i18n.fmt_count(min_ratings, lang)),
        search=search,
        files={
            f"{path}_{fmt}": href
            for path, extra in (("sectors", {}), ("rankings", {"level": "center", "limit": 200}))
            for fmt, href in api_files.links(path, {**api_query, **extra}, lang).items()
        },
    )
