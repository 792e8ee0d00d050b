"""Sector comparison and center rankings for the official's jurisdiction (or an area in it)."""

from __future__ import annotations

import logging
from urllib.parse import urlencode

import dash_mantine_components as dmc
from dash import Dash, Input, Output, dcc, html, no_update
from sqlalchemy.exc import SQLAlchemyError

from marsad import comparisons, params, reports, services
from marsad.dashboard import i18n
from marsad.layers import figures
from marsad.queries.db import DatabaseUnavailable
from marsad.queries.filters import SOURCES
from marsad.queries.rollups import CRITERIA
from marsad.services import Services
from marsad.session import current_scope

log = logging.getLogger(__name__)
STATE, PERIOD, SOURCE, MIN_N = "cmp-state", "cmp-period", "cmp-source", "cmp-min"
OUT_SCORES, OUT_HEATMAP, OUT_TOP, OUT_BOTTOM = "cmp-scores", "cmp-heatmap", "cmp-top", "cmp-bottom"
OUT_NOTE, OUT_ALERT, OUT_URL, OUT_TITLE = "cmp-note", "cmp-alert", "cmp-url", "cmp-title"


def layout(lang: str = "ar", **query):
    svc = services.current()
    lang = lang if lang in i18n.LANGS else svc.settings.default_lang
    try:
        f = params.parse_filters({k: query.get(k) for k in ("from", "to")}, svc.catalog(), params.today_riyadh())
        period = [f.date_from.isoformat(), f.date_to.isoformat()]
    except (params.BadRequest, SQLAlchemyError, DatabaseUnavailable):
        period = [None, None]
    source = query.get("source") if query.get("source") in SOURCES else ""
    min_n = query.get("min_ratings") if str(query.get("min_ratings", "")).isdigit() else "20"
    return html.Div([
        dcc.Store(id=STATE, data={"lang": lang, "area": query.get("area")}),
        dcc.Store(id=OUT_URL),
        dmc.Group([dmc.Title(i18n.t("compare_title", lang), order=3, id=OUT_TITLE),
                   dcc.Link(i18n.t("back_to_map", lang), href=f"/?lang={lang}")], justify="space-between", p="md"),
        dmc.Group([
            dmc.DatePickerInput(id=PERIOD, label=i18n.t("period", lang), type="range", value=period,
                                valueFormat="YYYY-MM-DD", w=260),
            dmc.Select(id=SOURCE, label=i18n.t("source", lang), value=source, allowDeselect=False, w=200,
                       data=[{"value": "", "label": i18n.t("all_sources", lang)}]
                       + [{"value": s, "label": i18n.t(f"src_{s}", lang)} for s in SOURCES]),
            dmc.Select(id=MIN_N, label=i18n.t("min_ratings", lang), value=min_n, allowDeselect=False, w=200,
                       data=["5", "10", "20", "50", "100"]),
        ], px="md", align="end"),
        dmc.Alert(id=OUT_ALERT, color="red", variant="light", hide=True, m="md"),
        dmc.Text(comparisons.METHOD[lang], size="sm", c="dimmed", px="md", id="cmp-method"),
        dmc.SimpleGrid([dcc.Graph(id=OUT_SCORES, config={"displayModeBar": False}),
                        dcc.Graph(id=OUT_HEATMAP, config={"displayModeBar": False})], cols={"base": 1, "lg": 2}, p="md"),
        dmc.SimpleGrid([html.Div(id=OUT_TOP), html.Div(id=OUT_BOTTOM)], cols={"base": 1, "lg": 2}, px="md"),
        dmc.Text(id=OUT_NOTE, size="sm", c="dimmed", p="md"),
    ], lang=lang, dir="rtl" if lang == "ar" else "ltr")


def _table(rows: list[dict], title: str, lang: str, test_id: str):
    def fmt_ci(r):
        return f"{i18n.fmt_mean(r['ci_low'], lang)} – {i18n.fmt_mean(r['ci_high'], lang)}"

    head = html.Thead(html.Tr([html.Th(i18n.t(k, lang)) for k in
                               ("col_rank", "col_center", "sector", "col_score", "col_mean", "col_ci", "col_n")]))
    num = {"whiteSpace": "nowrap", "paddingInline": "10px"}
    body = html.Tbody([html.Tr([
        html.Td(i18n.fmt_count(r["rank"], lang), style=num), html.Td(i18n.name(r, lang), className="cmp-center-name"),
        html.Td(r["sector_label"]), html.Td(i18n.fmt_mean(r["bayes"], lang), style=num),
        html.Td(i18n.fmt_mean(r["mean"], lang), style=num), html.Td(fmt_ci(r), dir="ltr", style=num),
        html.Td(i18n.fmt_count(r["n"], lang), style=num),
    ]) for r in rows])
    return dmc.Stack([dmc.Title(title, order=5), dmc.Table([head, body], striped=True, id=test_id)], gap="xs")


def register(app: Dash, svc: Services) -> None:
    @app.callback(
        Output(OUT_SCORES, "figure"), Output(OUT_HEATMAP, "figure"), Output(OUT_TOP, "children"),
        Output(OUT_BOTTOM, "children"), Output(OUT_NOTE, "children"), Output(OUT_ALERT, "children"),
        Output(OUT_ALERT, "hide"), Output(OUT_URL, "data"),
        Input(STATE, "data"), Input(PERIOD, "value"), Input(SOURCE, "value"), Input(MIN_N, "value"),
    )
    def render(state, period, source, min_n):
        state = state if isinstance(state, dict) else {}
        lang = state.get("lang") if state.get("lang") in i18n.LANGS else "ar"
        period = period if isinstance(period, list) and len(period) == 2 else [None, None]
        if period[0] and not period[1]:
            return (no_update,) * 8
        query = {"from": period[0], "to": period[1], "source": source or None}
        try:
            scope = current_scope()
            index = svc.area_index()
            filters = params.parse_filters(query, svc.catalog(), params.today_riyadh())
            area = index.get(state.get("area")) if isinstance(state.get("area"), str) else None
            if area is not None and not svc.allowed_area(scope, area["code"]):
                area = None
            if area is None and scope.home():
                area = index.get(scope.home())
            min_ratings = int(min_n) if str(min_n).isdigit() and 1 <= int(min_n) <= 100_000 else 20
            svc.audit("view", "compare", {k: v for k, v in {**query, "area": area and area["code"]}.items() if v})
            sectors = reports.sectors(svc, scope=scope, filters=filters, area=area, min_ratings=min_ratings)
            centers = reports.center_ranking(svc, scope=scope, filters=filters, area=area, min_ratings=min_ratings)
        except params.BadRequest as exc:
            return (*(no_update,) * 5, str(exc), False, no_update)
        except (SQLAlchemyError, DatabaseUnavailable):
            log.exception("compare render failed")
            return (*(no_update,) * 5, i18n.t("db_error", lang), False, no_update)
        name_key = "name_ar" if lang == "ar" else "name_en"
        sector_names = {s["code"]: s[name_key] for s in svc.catalog()["sectors"]}
        ranked = [{**c, "sector_label": sector_names.get(c["sector_code"], c["sector_code"])}
                  for c in centers if c["rank"] is not None]
        rtl = lang == "ar"
        scores = figures.sector_scores(sectors, title=i18n.t("sector_scores", lang), rtl=rtl, name_key=name_key,
                                       few_label=i18n.t("few_ratings", lang))
        heat = figures.criteria_heatmap(sectors, title=i18n.t("criteria_heatmap", lang), rtl=rtl, name_key=name_key,
                                        criteria=[(c, i18n.t(f"crit_{c}", lang)) for c in CRITERIA])
        unranked = len(centers) - len(ranked)
        note = i18n.t("unranked_note", lang, n=i18n.fmt_count(unranked, lang), m=i18n.fmt_count(min_ratings, lang))
        search = "?" + urlencode([(k, v) for k, v in (("lang", lang), ("area", area and area["code"]),
                                                      ("from", filters.date_from.isoformat()),
                                                      ("to", filters.date_to.isoformat()), ("source", source or None),
                                                      ("min_ratings", str(min_ratings))) if v])
        return (scores.to_dict(), heat.to_dict(), _table(ranked[:10], i18n.t("top_centers", lang), lang, "cmp-top-table"),
                _table(ranked[::-1][:10], i18n.t("bottom_centers", lang), lang, "cmp-bottom-table"), note, None, True,
                search)

    app.clientside_callback(
        """function(search) {
            if (search && window.location.search !== search) {
                window.history.replaceState(null, "", window.location.pathname + search);
            }
        }""",
        Input(OUT_URL, "data"), prevent_initial_call=True,
    )
