"""The comments page without Dash: the areas offered, and one page of approved comments in the jurisdiction."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from urllib.parse import urlencode

from marsad import i18n, params
from marsad.context import Context
from marsad.dashboard.views import api_files
from marsad.queries import comments as comment_queries

PAGE = 20


def area_options(ctx: Context, lang: str) -> list[dict]:
    """Regions and governorates inside the jurisdiction, each region followed by its governorates."""
    index = ctx.ref.area_index()
    allowed = [
        a
        for a in index.values()
        if a["level"] != "locality" and ctx.allows_area(a["code"]) and a["country"] == ctx.settings.country
    ]
    allowed.sort(
        key=lambda a: (a["code"] if a["level"] == "region" else a["parent_code"], a["level"] != "region", a["code"])
    )
    return [{"value": "", "label": i18n.t("all_areas", lang)}] + [
        {"value": a["code"], "label": ("— " if a["level"] == "governorate" else "") + i18n.name(a, lang)}
        for a in allowed
    ]


@dataclass
class CommentsPage:
    rows: list[dict]
    next_cursor: tuple[datetime, int] | None
    search: str | None  # the words searched, for highlights
    sector_names: dict[str, str]
    audit: dict  # what the official asked for
    url: str  # the query string of this view
    files: dict[str, str]  # format -> the API's link to every matching comment as a file


def request_of(*, area, sector, service, source, clang, period: list, search, score, center, cursor) -> dict:
    """The page's controls as the comment query's parameters (empty ones left out)."""
    score = score if isinstance(score, list) and len(score) == 2 else [1, 5]
    query = {
        "area": area,
        "sector": sector,
        "service": service,
        "source": source,
        "lang": clang,
        "from": period[0],
        "to": period[1],
        "q": search,
        "min_score": score[0],
        "max_score": score[1],
        "center": center,
        "limit": PAGE,
        "cursor": cursor,
    }
    return {k: v for k, v in query.items() if v not in (None, "")}


def page(ctx: Context, query: dict, *, lang: str) -> CommentsPage:
    """One page of comments; params.BadRequest for controls that cannot be read or an area outside the
    jurisdiction."""
    q = params.parse_comment_query(query, ctx.ref.catalog(), ctx.ref.area_index(), params.today_riyadh())
    if q.area is not None and not ctx.allows_area(q.area["code"]):
        raise params.BadRequest(i18n.t("out_of_scope", lang, code=q.area["code"]))
    rows, next_cursor = comment_queries.comments(ctx.engine, scope=ctx.scope, q=q)
    url = {"lang": lang, **{k: v for k, v in query.items() if k not in ("limit", "cursor", "lang")}}
    if query.get("lang"):
        url["clang"] = query["lang"]
    if url.get("min_score") == 1:
        url.pop("min_score")
    if url.get("max_score") == 5:
        url.pop("max_score")
    return CommentsPage(
        rows=rows,
        next_cursor=next_cursor,
        search=q.search,
        sector_names={s["code"]: i18n.name(s, lang) for s in ctx.ref.catalog()["sectors"]},
        audit={k: v for k, v in query.items() if k not in ("limit", "cursor")},
        url="?" + urlencode(url),
        files=api_files.links("comments", query_of(query), lang),
    )


def query_of(query: dict) -> dict:
    """The comment query without its paging: what a file of the search holds."""
    return {k: v for k, v in query.items() if k not in ("limit", "cursor")}
