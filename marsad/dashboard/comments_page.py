"""Citizens' comments for officials: filters, Arabic-aware search with highlights, keyset pages
("show more" appends the next page). Only approved comments in the official's scope are listed."""

from __future__ import annotations

import logging
from urllib.parse import urlencode

import dash_mantine_components as dmc
from dash import Dash, Input, Output, Patch, State, ctx, dcc, html, no_update
from sqlalchemy.exc import SQLAlchemyError

from marsad import params, services
from marsad.comments.normalize import highlight
from marsad.dashboard import i18n, url_sync
from marsad.queries import comments as comment_queries
from marsad.queries import centers as center_queries
from marsad.db.engines import DatabaseUnavailable
from marsad.queries.filters import SOURCES
from marsad.services import Services
from marsad.session import current_scope

log = logging.getLogger(__name__)
P = "cm-"
STATE, AREA, SECTOR, SERVICE, SOURCE, LANG, SCORE, PERIOD, SEARCH = (
    f"{P}state", f"{P}area", f"{P}sector", f"{P}service", f"{P}source", f"{P}lang", f"{P}score", f"{P}period",
    f"{P}q")
LIST, MORE, CURSOR, NOTE, ALERT, URL, CENTER = (f"{P}list", f"{P}more", f"{P}cursor", f"{P}note", f"{P}alert",
                                                f"{P}url", f"{P}center")
FILTER_INPUTS = (AREA, SECTOR, SERVICE, SOURCE, LANG, SCORE, PERIOD, SEARCH)
PAGE = 20


def _area_options(svc: Services, scope, lang: str) -> list[dict]:
    index = svc.area_index()
    allowed = [a for a in index.values() if a["level"] != "locality" and svc.allowed_area(scope, a["code"])
               and a["country"] == svc.settings.country]
    allowed.sort(key=lambda a: (a["code"] if a["level"] == "region" else a["parent_code"], a["level"] != "region",
                                a["code"]))
    return [{"value": "", "label": i18n.t("all_areas", lang)}] + [
        {"value": a["code"], "label": ("— " if a["level"] == "governorate" else "") + i18n.name(a, lang)}
        for a in allowed]


def layout(lang: str = "ar", **query):
    svc = services.current()
    lang = lang if lang in i18n.LANGS else svc.settings.default_lang
    catalog, scope = svc.catalog(), current_scope()
    try:
        f = params.parse_filters({k: query.get(k) for k in ("from", "to", "sector", "service", "source")}, catalog,
                                 params.today_riyadh())
    except params.BadRequest:
        f = params.parse_filters({}, catalog, params.today_riyadh())
    sectors = [s for s in catalog["sectors"] if scope.sectors is None or s["code"] in scope.sectors]
    area_options = _area_options(svc, scope, lang)
    area = query.get("area") if any(o["value"] == query.get("area") for o in area_options) else ""
    scores = [int(query[k]) if query.get(k) in ("1", "2", "3", "4", "5") else d
              for k, d in (("min_score", 1), ("max_score", 5))]
    center = query.get("center") if str(query.get("center", "")).isdigit() else None
    center_info = (center_queries.center_info(svc.engine, scope=scope, ids=[int(center)]).get(int(center))
                   if center else None)

    def select(id_, label, value, data):
        return dmc.Select(id=id_, label=label, value=value, data=data, allowDeselect=False, w=200, searchable=True)

    return html.Div([
        dcc.Store(id=STATE, data={"lang": lang, "center": center_info and center_info["id"]}),
        dcc.Store(id=CURSOR), dcc.Store(id=URL),
        dmc.Group([dmc.Title(i18n.t("comments_title", lang), order=3),
                   dmc.Group([dcc.Link(i18n.t("compare_link", lang), href=f"/compare?lang={lang}"),
                              dcc.Link(i18n.t("back_to_map", lang), href=f"/?lang={lang}")])],
                  justify="space-between", p="md"),
        dmc.Group([
            dmc.TextInput(id=SEARCH, label=i18n.t("search", lang), value=query.get("q") or "", debounce=400, w=260,
                          placeholder=i18n.t("search_hint", lang)),
            select(AREA, i18n.t("col_area", lang), area, area_options),
            select(SECTOR, i18n.t("sector", lang), f.sector or "",
                   [{"value": "", "label": i18n.t("all_sectors", lang)}]
                   + [{"value": s["code"], "label": i18n.name(s, lang)} for s in sectors]),
            select(SERVICE, i18n.t("service", lang), f.service or "",
                   [{"value": "", "label": i18n.t("all_services", lang)}]
                   + [{"value": s["code"], "label": i18n.name(s, lang)} for s in catalog["services"]
                      if s["sector_code"] == f.sector]),
            select(SOURCE, i18n.t("source", lang), f.source or "",
                   [{"value": "", "label": i18n.t("all_sources", lang)}]
                   + [{"value": s, "label": i18n.t(f"src_{s}", lang)} for s in SOURCES]),
            select(LANG, i18n.t("comment_lang", lang), query.get("clang") if query.get("clang") in ("ar", "en") else "",
                   [{"value": "", "label": i18n.t("all_langs", lang)}, {"value": "ar", "label": "العربية"},
                    {"value": "en", "label": "English"}]),
            dmc.DatePickerInput(id=PERIOD, label=i18n.t("period", lang), type="range",
                                value=[f.date_from.isoformat(), f.date_to.isoformat()], valueFormat="YYYY-MM-DD", w=240),
            dmc.Stack([dmc.Text(i18n.t("score", lang), size="sm", fw=500),
                       dmc.RangeSlider(id=SCORE, min=1, max=5, step=1, minRange=0, value=scores, w=180,
                                       marks=[{"value": i, "label": i18n.fmt_count(i, lang)} for i in range(1, 6)])],
                      gap=4, pb="md"),
        ], px="md", align="end"),
        dmc.Group([dmc.Badge(f"{i18n.t('col_center', lang)}: {i18n.name(center_info, lang)}", variant="light", size="lg"),
                   dcc.Link(i18n.t("profile", lang), href=f"/center/{center_info['id']}?lang={lang}"),
                   dcc.Link(i18n.t("clear_center", lang), href=f"/comments?lang={lang}", refresh=True)],
                  px="md", id=CENTER) if center_info else html.Div(id=CENTER),
        dmc.Alert(id=ALERT, color="red", variant="light", hide=True, m="md"),
        dmc.Text(i18n.t("moderation_note", lang), size="xs", c="dimmed", px="md"),
        dmc.Stack(id=LIST, gap="xs", p="md"),
        dmc.Group([dmc.Button(i18n.t("show_more", lang), id=MORE, variant="light", display="none"),
                   dmc.Text(id=NOTE, size="sm", c="dimmed")], px="md", pb="xl"),
    ], lang=lang, dir="rtl" if lang == "ar" else "ltr")


def _card(row: dict, search: str | None, lang: str, sector_names: dict):
    pieces = [html.Mark(text) if match else text for text, match in highlight(row["comment"], search or "")]
    score = row["overall"]
    return dmc.Paper([
        dmc.Group([
            dmc.Badge(f"{i18n.fmt_count(score, lang)} / {i18n.fmt_count(5, lang)}",
                      color="green" if score >= 4 else "red" if score <= 2 else "gray", className="cm-score"),
            dcc.Link(i18n.name({"name_ar": row["center_name_ar"], "name_en": row["center_name_en"]}, lang),
                     href=f"/center/{row['center_id']}?lang={lang}", className="cm-center"),
            dmc.Text(sector_names.get(row["sector_code"], row["sector_code"]), size="xs", c="dimmed"),
            dmc.Text(i18n.t(f"src_{row['source']}", lang), size="xs", c="dimmed"),
            html.Span(i18n.fmt_day(row["submitted_at"], lang), dir="ltr", className="marsad-date"),
        ], gap="sm"),
        html.P(pieces, dir="auto", className="marsad-comment cm-text"),
    ], p="sm", withBorder=True, radius="md", className="cm-item", **{"data-id": str(row["id"])})


def register(app: Dash, svc: Services) -> None:
    @app.callback(
        Output(SERVICE, "data"), Output(SERVICE, "value"),
        Input(SECTOR, "value"), State(SERVICE, "value"), State(STATE, "data"), prevent_initial_call=True,
    )
    def service_options(sector, service, state):
        lang = state.get("lang") if isinstance(state, dict) and state.get("lang") in i18n.LANGS else "ar"
        offered = [s for s in svc.catalog()["services"] if s["sector_code"] == sector]
        keep = service if any(s["code"] == service for s in offered) else ""
        return ([{"value": "", "label": i18n.t("all_services", lang)}]
                + [{"value": s["code"], "label": i18n.name(s, lang)} for s in offered]), keep

    @app.callback(
        Output(LIST, "children"), Output(CURSOR, "data"), Output(MORE, "display"), Output(NOTE, "children"),
        Output(ALERT, "children"), Output(ALERT, "hide"), Output(URL, "data"),
        *[Input(i, "value") for i in FILTER_INPUTS], Input(MORE, "n_clicks"),
        State(STATE, "data"), State(CURSOR, "data"), State(LIST, "children"),
    )
    def render(area, sector, service, source, clang, score, period, search, _more, state, cursor, shown):
        state = state if isinstance(state, dict) else {}
        lang = state.get("lang") if state.get("lang") in i18n.LANGS else "ar"
        period = period if isinstance(period, list) and len(period) == 2 else [None, None]
        if period[0] and not period[1]:
            return (no_update,) * 7
        appending = ctx.triggered_id == MORE
        if appending and not cursor:
            return (no_update,) * 7
        score = score if isinstance(score, list) and len(score) == 2 else [1, 5]
        query = {"area": area, "sector": sector, "service": service, "source": source, "lang": clang,
                 "from": period[0], "to": period[1], "q": search, "min_score": score[0], "max_score": score[1],
                 "center": state.get("center"), "limit": PAGE, "cursor": cursor if appending else None}
        query = {k: v for k, v in query.items() if v not in (None, "")}
        try:
            scope = current_scope()
            q = params.parse_comment_query(query, svc.catalog(), svc.area_index(), params.today_riyadh())
            if q.area is not None and not svc.allowed_area(scope, q.area["code"]):
                raise params.BadRequest(i18n.t("out_of_scope", lang, code=q.area["code"]))
            rows, next_cursor = comment_queries.comments(svc.engine, scope=scope, q=q)
            svc.audit("view", "comments", {k: v for k, v in query.items() if k not in ("limit", "cursor")})
        except params.BadRequest as exc:
            return no_update, no_update, no_update, no_update, str(exc), False, no_update
        except (SQLAlchemyError, DatabaseUnavailable):
            log.exception("comments failed")
            return no_update, no_update, no_update, no_update, i18n.t("db_error", lang), False, no_update
        sector_names = {s["code"]: i18n.name(s, lang) for s in svc.catalog()["sectors"]}
        cards = [_card(r, q.search, lang, sector_names) for r in rows]
        total = (len(shown) if appending and isinstance(shown, list) else 0) + len(cards)
        note = i18n.t("comments_shown", lang, n=i18n.fmt_count(total, lang)) if total else i18n.t("no_comments", lang)
        if appending:
            children = Patch()
            children.extend(cards)
        else:
            children = cards
        url = {"lang": lang, **{k: v for k, v in query.items() if k not in ("limit", "cursor", "lang")}}
        if clang:
            url["clang"] = clang
        if url.get("min_score") == 1:
            url.pop("min_score")
        if url.get("max_score") == 5:
            url.pop("max_score")
        return (children, params.encode_cursor(next_cursor), "block" if next_cursor else "none", note, None, True,
                "?" + urlencode(url))

    url_sync.register(app, URL)
