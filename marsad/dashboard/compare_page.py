"""Sector comparison and rankings for the official's jurisdiction (or an area in it): sector scores with
intervals, criteria heatmap, sector trend lines, top and bottom centers, child areas ranked, and a
side-by-side comparison of 2–4 sectors or centers (see side_by_side.py)."""

from __future__ import annotations

import logging
from urllib.parse import urlencode

import dash_mantine_components as dmc
from dash import Dash, Input, Output, dcc, html, no_update
from sqlalchemy.exc import SQLAlchemyError

from marsad import params, reports, services
from marsad.scores import ranking
from marsad.dashboard import i18n, side_by_side, table_builders
from marsad.layers import figures
from marsad.db.engines import DatabaseUnavailable
from marsad.queries.filters import CHILD_LEVEL, SOURCES
from marsad.queries.rollups import CRITERIA
from marsad.services import Services
from marsad.session import current_scope

log = logging.getLogger(__name__)
STATE, PERIOD, SOURCE, MIN_N = "cmp-state", "cmp-period", "cmp-source", "cmp-min"
OUT_SCORES, OUT_HEATMAP, OUT_TOP, OUT_BOTTOM = "cmp-scores", "cmp-heatmap", "cmp-top", "cmp-bottom"
OUT_TRENDS, OUT_AREAS = "cmp-trends", "cmp-areas"
OUT_NOTE, OUT_ALERT, OUT_URL, OUT_TITLE = "cmp-note", "cmp-alert", "cmp-url", "cmp-title"


def layout(lang: str = "ar", **query):
    svc = services.current()
    lang = lang if lang in i18n.LANGS else svc.settings.default_lang
    period = params.period_of(query, params.today_riyadh())
    source = query.get("source") if query.get("source") in SOURCES else ""
    min_n = query.get("min_ratings") if str(query.get("min_ratings", "")).isdigit() else "20"
    graph = {"config": {"displayModeBar": False}}
    return html.Div([
        dcc.Store(id=STATE, data={"lang": lang, "area": query.get("area")}),
        dcc.Store(id=OUT_URL),
        dmc.Group([dmc.Title(i18n.t("compare_title", lang), order=3, id=OUT_TITLE),
                   dmc.Group([dcc.Link(i18n.t("comments_link", lang), href=f"/comments?lang={lang}", id="cmp-comments-link"),
                              dcc.Link(i18n.t("back_to_map", lang), href=f"/?lang={lang}")])],
                  justify="space-between", p="md"),
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
        dmc.Text(ranking.METHOD[lang], size="sm", c="dimmed", px="md", id="cmp-method"),
        dmc.SimpleGrid([dcc.Graph(id=OUT_SCORES, **graph), dcc.Graph(id=OUT_HEATMAP, **graph)],
                       cols={"base": 1, "lg": 2}, p="md"),
        html.Div(dcc.Graph(id=OUT_TRENDS, **graph), style={"padding": "0 16px"}),
        dmc.SimpleGrid([html.Div(id=OUT_TOP), html.Div(id=OUT_BOTTOM)], cols={"base": 1, "lg": 2}, px="md"),
        dmc.Text(id=OUT_NOTE, size="sm", c="dimmed", p="md"),
        html.Div(id=OUT_AREAS, style={"padding": "0 16px"}),
        side_by_side.section(lang, query),
    ], lang=lang, dir="rtl" if lang == "ar" else "ltr")


def read_state(svc: Services, state, period, source, scope) -> tuple[str, dict, dict | None, object]:
    """Language, query, area (kept only inside the scope, else the official's home) and filters."""
    state = state if isinstance(state, dict) else {}
    lang = state.get("lang") if state.get("lang") in i18n.LANGS else "ar"
    period = period if isinstance(period, list) and len(period) == 2 else [None, None]
    query = {"from": period[0], "to": period[1], "source": source or None}
    filters = params.parse_filters(query, svc.catalog(), params.today_riyadh())
    index = svc.area_index()
    area = index.get(state.get("area")) if isinstance(state.get("area"), str) else None
    if area is not None and not svc.allowed_area(scope, area["code"]):
        area = None
    if area is None and scope.home():
        area = index.get(scope.home())
    return lang, query, area, filters


def _area_table(svc: Services, scope, filters, area, min_ratings: int, lang: str):
    child = CHILD_LEVEL[area["level"] if area else None]
    if child is None:
        return None
    ranked = [r for r in reports.area_ranking(svc, scope=scope, filters=filters, area=area, min_ratings=min_ratings)
              if r["rank"] is not None]
    where = i18n.name(area, lang) if area else i18n.t("national", lang)
    return table_builders.ranking(ranked, title=f"{i18n.t('areas_ranked', lang)}: {i18n.t('level_' + child, lang)} · {where}",
                          lang=lang, test_id="cmp-area-table", name_label=i18n.t("col_area", lang))


def register(app: Dash, svc: Services) -> None:
    side_by_side.register(app, svc)

    @app.callback(
        Output(OUT_SCORES, "figure"), Output(OUT_HEATMAP, "figure"), Output(OUT_TRENDS, "figure"),
        Output(OUT_TOP, "children"), Output(OUT_BOTTOM, "children"), Output(OUT_AREAS, "children"),
        Output(OUT_NOTE, "children"), Output(OUT_ALERT, "children"), Output(OUT_ALERT, "hide"), Output(OUT_URL, "data"),
        Input(STATE, "data"), Input(PERIOD, "value"), Input(SOURCE, "value"), Input(MIN_N, "value"),
    )
    def render(state, period, source, min_n):
        if isinstance(period, list) and len(period) == 2 and period[0] and not period[1]:
            return (no_update,) * 10  # the user is still picking the end date
        lang = "ar"
        try:
            scope = current_scope()
            lang, query, area, filters = read_state(svc, state, period, source, scope)
            min_ratings = int(min_n) if str(min_n).isdigit() and 1 <= int(min_n) <= 100_000 else 20
            svc.audit("view", "compare", {k: v for k, v in {**query, "area": area and area["code"]}.items() if v})
            sectors = reports.sectors(svc, scope=scope, filters=filters, area=area, min_ratings=min_ratings)
            centers = reports.center_ranking(svc, scope=scope, filters=filters, area=area, min_ratings=min_ratings)
            trends = reports.sector_trends(svc, scope=scope, filters=filters, area=area)
            area_table = _area_table(svc, scope, filters, area, min_ratings, lang)
        except params.BadRequest as exc:
            return (*(no_update,) * 7, str(exc), False, no_update)
        except (SQLAlchemyError, DatabaseUnavailable):
            log.exception("compare render failed")
            return (*(no_update,) * 7, i18n.t("db_error", lang), False, no_update)
        name_key = "name_ar" if lang == "ar" else "name_en"
        sector_names = {s["code"]: s[name_key] for s in svc.catalog()["sectors"]}
        ranked = [c for c in centers if c["rank"] is not None]
        rtl = lang == "ar"
        scores = figures.sector_scores(sectors, title=i18n.t("sector_scores", lang), rtl=rtl, name_key=name_key,
                                       few_label=i18n.t("few_ratings", lang))
        heat = figures.criteria_heatmap(sectors, title=i18n.t("criteria_heatmap", lang), rtl=rtl, name_key=name_key,
                                        criteria=[(c, i18n.t(f"crit_{c}", lang)) for c in CRITERIA])
        trend_fig = figures.sector_trends(trends, title=i18n.t("sector_trends", lang), rtl=rtl, names=sector_names,
                                          fmt_period=lambda d, b: i18n.fmt_period(d, b, lang))
        unranked = len(centers) - len(ranked)
        note = i18n.t("unranked_note", lang, n=i18n.fmt_count(unranked, lang), m=i18n.fmt_count(min_ratings, lang))
        search = "?" + urlencode([(k, v) for k, v in (("lang", lang), ("area", area and area["code"]),
                                                      ("from", filters.date_from.isoformat()),
                                                      ("to", filters.date_to.isoformat()), ("source", source or None),
                                                      ("min_ratings", str(min_ratings))) if v])
        table = dict(lang=lang, name_label=i18n.t("col_center", lang),
                     sector_label=lambda r: sector_names.get(r["sector_code"], r["sector_code"]),
                     href=lambda r: f"/center/{r['id']}?lang={lang}")
        return (scores, heat, trend_fig,
                table_builders.ranking(ranked[:10], title=i18n.t("top_centers", lang), test_id="cmp-top-table", **table),
                table_builders.ranking(ranked[::-1][:10], title=i18n.t("bottom_centers", lang), test_id="cmp-bottom-table",
                               **table),
                area_table, note, None, True, search)

    # the address bar: the page's view plus the side-by-side choice
    app.clientside_callback(
        """function(search, kind, picked) {
            if (!search) { return; }
            var q = new URLSearchParams(search);
            if (picked && picked.length) { q.set("pick_kind", kind); q.set("pick", picked.join(",")); }
            var s = "?" + q.toString();
            if (window.location.search !== s) { window.history.replaceState(null, "", window.location.pathname + s); }
        }""",
        Input(OUT_URL, "data"), Input(side_by_side.KIND, "value"), Input(side_by_side.PICK, "value"),
        prevent_initial_call=True,
    )
