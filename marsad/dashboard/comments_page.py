"""Citizens' comments for officials: filters, Arabic-aware search with highlights, keyset pages
("show more" appends the next page). Only approved comments in the official's scope are listed
(views/comments.py)."""

from __future__ import annotations

import logging
from typing import Any

import dash_mantine_components as dmc
from dash import Dash, Input, Output, Patch, State, ctx, dcc, html, no_update
from sqlalchemy.exc import SQLAlchemyError

from marsad import badges, context, i18n, params
from marsad.audit_trail import record
from marsad.comments.normalize import highlight
from marsad.context import Context, Resources
from marsad.dashboard import dates, file_links, offered, url_sync
from marsad.dashboard.inputs import answer, lang_of, period_of, picking_end_date, state_of, whole_number
from marsad.dashboard.views import api_files
from marsad.dashboard.views import comments as view
from marsad.db.engines import DatabaseUnavailable
from marsad.queries import centers as center_queries
from marsad.queries.filters import SOURCES

log = logging.getLogger(__name__)
P = "cm-"
STATE, AREA, SECTOR, SERVICE, SOURCE, LANG, SCORE, PERIOD, SEARCH = (
    f"{P}state",
    f"{P}area",
    f"{P}sector",
    f"{P}service",
    f"{P}source",
    f"{P}lang",
    f"{P}score",
    f"{P}period",
    f"{P}q",
)
LIST, MORE, CURSOR, NOTE, ALERT, URL, CENTER = (
    f"{P}list",
    f"{P}more",
    f"{P}cursor",
    f"{P}note",
    f"{P}alert",
    f"{P}url",
    f"{P}center",
)
OUT = {
    "list": Output(LIST, "children"),
    "cursor": Output(CURSOR, "data"),
    "more": Output(MORE, "display"),
    "note": Output(NOTE, "children"),
    "alert": Output(ALERT, "children"),
    "alert_hide": Output(ALERT, "hide"),
    "url": Output(URL, "data"),
    **{f"file_{fmt}": Output(f"{P}file-{fmt}", "href") for fmt in api_files.FORMATS},
}


def layout(request: Context, lang: str = "ar", **query):
    lang = lang_of(lang, request.settings.default_lang)
    catalog = offered.catalog(request)
    try:
        f = params.parse_filters(
            {k: query.get(k) for k in ("from", "to", "sector", "service", "source")}, catalog, params.today_riyadh()
        )
    except params.BadRequest:
        f = params.parse_filters({}, catalog, params.today_riyadh())
    sectors = catalog["sectors"]
    area_options = view.area_options(request, lang)
    area = query.get("area") if any(o["value"] == query.get("area") for o in area_options) else ""
    scores = [
        int(query[k]) if query.get(k) in ("1", "2", "3", "4", "5") else d
        for k, d in (("min_score", 1), ("max_score", 5))
    ]
    center = whole_number(query.get("center"))
    center_info = (
        center_queries.center_info(request.engine, scope=request.scope, ids=[center]).get(center) if center else None
    )

    def select(id_, label, value, data):
        return dmc.Select(id=id_, label=label, value=value, data=data, allowDeselect=False, w=200, searchable=True)

    return html.Div(
        [
            dcc.Store(id=STATE, data={"lang": lang, "center": center_info and center_info["id"]}),
            dcc.Store(id=CURSOR),
            dcc.Store(id=URL),
            dmc.Group(
                [
                    dmc.Title(i18n.t("comments_title", lang), order=3),
                    dmc.Group(
                        [
                            file_links.menu(
                                f"{P}files",
                                lang,
                                [
                                    (f"{P}file-{fmt}", i18n.t(f"dl_comments_{fmt}", lang), "#")
                                    for fmt in api_files.FORMATS
                                ],
                            ),
                            dcc.Link(i18n.t("compare_link", lang), href=f"/compare?lang={lang}"),
                            dcc.Link(i18n.t("back_to_map", lang), href=f"/?lang={lang}"),
                        ]
                    ),
                ],
                justify="space-between",
                p="md",
            ),
            dmc.Group(
                [
                    dmc.TextInput(
                        id=SEARCH,
                        label=i18n.t("search", lang),
                        value=query.get("q") or "",
                        debounce=400,
                        w=260,
                        placeholder=i18n.t("search_hint", lang),
                    ),
                    select(AREA, i18n.t("col_area", lang), area, area_options),
                    select(
                        SECTOR,
                        i18n.t("sector", lang),
                        f.sector or "",
                        [{"value": "", "label": i18n.t("all_sectors", lang)}]
                        + [{"value": s["code"], "label": i18n.name(s, lang)} for s in sectors],
                    ),
                    select(
                        SERVICE,
                        i18n.t("service", lang),
                        f.service or "",
                        [{"value": "", "label": i18n.t("all_services", lang)}]
                        + [
                            {"value": s["code"], "label": i18n.name(s, lang)}
                            for s in catalog["services"]
                            if s["sector_code"] == f.sector
                        ],
                    ),
                    select(
                        SOURCE,
                        i18n.t("source", lang),
                        f.source or "",
                        [{"value": "", "label": i18n.t("all_sources", lang)}]
                        + [{"value": s, "label": i18n.t(f"src_{s}", lang)} for s in SOURCES],
                    ),
                    select(
                        LANG,
                        i18n.t("comment_lang", lang),
                        query.get("clang") if query.get("clang") in ("ar", "en") else "",
                        [
                            {"value": "", "label": i18n.t("all_langs", lang)},
                            {"value": "ar", "label": "العربية"},
                            {"value": "en", "label": "English"},
                        ],
                    ),
                    dates.period_picker(PERIOD, lang, [f.date_from.isoformat(), f.date_to.isoformat()], w=240),
                    dmc.Stack(
                        [
                            dmc.Text(i18n.t("score", lang), size="sm", fw=500),
                            dmc.RangeSlider(
                                id=SCORE,
                                min=1,
                                max=5,
                                step=1,
                                minRange=0,
                                value=scores,
                                w=180,
                                thumbFromLabel=i18n.t("score_from", lang),
                                thumbToLabel=i18n.t("score_to", lang),
                                marks=[{"value": i, "label": i18n.fmt_count(i, lang)} for i in range(1, 6)],
                            ),
                        ],
                        gap=4,
                        pb="md",
                    ),
                ],
                px="md",
                align="end",
            ),
            dmc.Group(
                [
                    dmc.Badge(
                        f"{i18n.t('col_center', lang)}: {i18n.name(center_info, lang)}", variant="light", size="lg"
                    ),
                    dcc.Link(i18n.t("profile", lang), href=f"/center/{center_info['id']}?lang={lang}"),
                    dcc.Link(i18n.t("clear_center", lang), href=f"/comments?lang={lang}", refresh=True),
                ],
                px="md",
                id=CENTER,
            )
            if center_info
            else html.Div(id=CENTER),
            dmc.Alert(id=ALERT, color="red", variant="light", hide=True, m="md"),
            dmc.Text(i18n.t("moderation_note", lang), size="xs", c="dimmed", px="md"),
            dmc.Stack(id=LIST, gap="xs", p="md"),
            dmc.Group(
                [
                    dmc.Button(i18n.t("show_more", lang), id=MORE, variant="light", display="none"),
                    dmc.Text(id=NOTE, size="sm", c="dimmed"),
                ],
                px="md",
                pb="xl",
            ),
        ],
        lang=lang,
        dir="rtl" if lang == "ar" else "ltr",
    )


def _card(row: dict, search: str | None, lang: str, sector_names: dict):
    pieces = [html.Mark(text) if match else text for text, match in highlight(row["comment"], search or "")]
    score = row["overall"]
    return dmc.Paper(
        [
            dmc.Group(
                [
                    badges.score(score, lang, className="cm-score"),
                    dcc.Link(
                        i18n.name({"name_ar": row["center_name_ar"], "name_en": row["center_name_en"]}, lang),
                        href=f"/center/{row['center_id']}?lang={lang}",
                        className="cm-center",
                    ),
                    dmc.Text(sector_names.get(row["sector_code"], row["sector_code"]), size="xs", c="dimmed"),
                    dmc.Text(i18n.t(f"src_{row['source']}", lang), size="xs", c="dimmed"),
                    html.Span(i18n.fmt_day(row["submitted_at"], lang), dir="ltr", className="marsad-date"),
                ],
                gap="sm",
            ),
            html.P(pieces, dir="auto", className="marsad-comment cm-text"),
        ],
        p="sm",
        withBorder=True,
        radius="md",
        className="cm-item",
        **{"data-id": str(row["id"])},
    )


def register(app: Dash, res: Resources) -> None:
    @app.callback(
        Output(SERVICE, "data"),
        Output(SERVICE, "value"),
        Input(SECTOR, "value"),
        State(SERVICE, "value"),
        State(STATE, "data"),
        prevent_initial_call=True,
    )
    def service_options(sector, service, state):
        lang = lang_of(state_of(state).get("lang"))
        services = offered.services_of(context.for_request(res), sector)
        keep = service if any(s["code"] == service for s in services) else ""
        return (
            [{"value": "", "label": i18n.t("all_services", lang)}]
            + [{"value": s["code"], "label": i18n.name(s, lang)} for s in services]
        ), keep

    @app.callback(
        output=OUT,
        inputs={
            "area": Input(AREA, "value"),
            "sector": Input(SECTOR, "value"),
            "service": Input(SERVICE, "value"),
            "source": Input(SOURCE, "value"),
            "clang": Input(LANG, "value"),
            "score": Input(SCORE, "value"),
            "period": Input(PERIOD, "value"),
            "search": Input(SEARCH, "value"),
            "more": Input(MORE, "n_clicks"),
        },
        state={"state": State(STATE, "data"), "cursor": State(CURSOR, "data"), "shown": State(LIST, "children")},
    )
    def render(area, sector, service, source, clang, score, period, search, more, state, cursor, shown):
        state = state_of(state)
        lang = lang_of(state.get("lang"))
        appending = ctx.triggered_id == MORE
        if picking_end_date(period) or (appending and not cursor):
            return no_update
        query = view.request_of(
            area=area,
            sector=sector,
            service=service,
            source=source,
            clang=clang,
            period=period_of(period),
            search=search,
            score=score,
            center=state.get("center"),
            cursor=cursor if appending else None,
        )
        try:
            request = context.for_request(res)
            found = view.page(request, query, lang=lang)
            record(request, "view", "comments", found.audit)
        except params.BadRequest as exc:
            return answer(OUT, alert=str(exc), alert_hide=False)
        except (SQLAlchemyError, DatabaseUnavailable):
            log.exception("comments failed")
            return answer(OUT, alert=i18n.t("db_error", lang), alert_hide=False)
        cards = [_card(r, found.search, lang, found.sector_names) for r in found.rows]
        total = (len(shown) if appending and isinstance(shown, list) else 0) + len(cards)
        note = i18n.t("comments_shown", lang, n=i18n.fmt_count(total, lang)) if total else i18n.t("no_comments", lang)
        children: Any
        if appending:
            children = Patch()
            children.extend(cards)
        else:
            children = cards
        return answer(
            OUT,
            list=children,
            cursor=params.encode_cursor(found.next_cursor),
            more="block" if found.next_cursor else "none",
            note=note,
            alert=None,
            alert_hide=True,
            url=found.url,
            **{f"file_{fmt}": href for fmt, href in found.files.items()},
        )

    url_sync.register(app, URL)
