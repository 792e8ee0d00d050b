"""A center's profile for officials: small map, sector, services, score with interval, criteria,
distribution, score over time, recent comments and its rank among peers. Data come by callback."""

from __future__ import annotations

import logging
from urllib.parse import urlencode

import dash_leaflet as dl
import dash_mantine_components as dmc
from dash import Dash, Input, Output, dcc, html, no_update
from sqlalchemy.exc import SQLAlchemyError

from marsad import params, reports, services
from marsad.dashboard import i18n, url_sync
from marsad.layers import figures
from marsad.layers.classes import color_for
from marsad.queries import areas as area_queries
from marsad.db.engines import DatabaseUnavailable
from marsad.queries.rollups import CRITERIA
from marsad.services import Services
from marsad.session import current_scope

log = logging.getLogger(__name__)
STATE, PERIOD, BODY, ALERT, URL = "ctr-state", "ctr-period", "ctr-body", "ctr-alert", "ctr-url"


def layout(center_id: str | None = None, lang: str = "ar", **query):
    svc = services.current()
    lang = lang if lang in i18n.LANGS else svc.settings.default_lang
    period = params.period_of(query, params.today_riyadh())
    return html.Div([
        dcc.Store(id=STATE, data={"lang": lang, "center": center_id}),
        dcc.Store(id=URL),
        dmc.Group([dmc.Title(i18n.t("center_profile", lang), order=3, id="ctr-title"),
                   dmc.Group([dcc.Link(i18n.t("compare_link", lang), href=f"/compare?lang={lang}"),
                              dcc.Link(i18n.t("back_to_map", lang), href=f"/?lang={lang}")])],
                  justify="space-between", p="md"),
        dmc.Group([dmc.DatePickerInput(id=PERIOD, label=i18n.t("period", lang), type="range", value=period,
                                       valueFormat="YYYY-MM-DD", w=260)], px="md"),
        dmc.Alert(id=ALERT, color="red", variant="light", hide=True, m="md"),
        dcc.Loading(html.Div(id=BODY, style={"padding": "16px"})),
    ], lang=lang, dir="rtl" if lang == "ar" else "ltr")


def _stat(label: str, value: str, test_id: str, note: str | None = None):
    return dmc.Paper([dmc.Text(label, size="sm", c="dimmed"), html.Div(value, className="kpi-value", id=test_id),
                      dmc.Text(note or "", size="xs", c="dimmed")], p="sm", withBorder=True, radius="md")


def _small_map(profile: dict, outline: dict | None):
    c = profile["center"]
    layers = [dl.GeoJSON(data={"type": "Feature", "geometry": outline, "properties": {}},
                         style={"color": "#6b7280", "weight": 1.5, "fillOpacity": 0.05})] if outline else []
    if c.get("lat") is not None:
        layers.append(dl.CircleMarker(center=[c["lat"], c["lon"]], radius=9, color="#1f2937", weight=2,
                                      fillColor=color_for(profile["score"]["mean"]), fillOpacity=0.95))
    return dl.MapContainer(layers + [dl.ScaleControl(position="bottomleft", imperial=False)],
                           center=[c.get("lat") or 24, c.get("lon") or 45], zoom=11, id="ctr-map",
                           style={"height": "260px", "borderRadius": "8px"}, attributionControl=False)


def body(svc: Services, profile: dict, lang: str, period_search: str):
    c, score = profile["center"], profile["score"]
    index = svc.area_index()
    names = {s["code"]: s for s in svc.catalog()["sectors"]}
    sector = names.get(c["sector_code"])
    rtl = lang == "ar"
    place = " › ".join(i18n.name(index[code], lang) for code in c["lineage"] if code in index)
    peers = [dmc.Text(i18n.t("peer_rank", lang, rank=i18n.fmt_count(p["rank"], lang), of=i18n.fmt_count(p["of"], lang),
                             where=i18n.name(index[p["area"]], lang)) if p["rank"] else
                      i18n.t("peer_unranked", lang, where=i18n.name(index[p["area"]], lang),
                             m=i18n.fmt_count(profile["min_ratings"], lang)),
                      size="sm", id=f"ctr-peer-{level}") for level, p in profile["peers"].items()]
    crit = [(k, i18n.t(f"crit_{k}", lang)) for k in CRITERIA]
    graph = {"config": {"displayModeBar": False}}
    comments = [dmc.Paper([
        dmc.Group([dmc.Badge(i18n.fmt_count(x["overall"], lang) + " / " + i18n.fmt_count(5, lang),
                             color="green" if x["overall"] >= 4 else "red" if x["overall"] <= 2 else "gray"),
                   html.Span(i18n.fmt_day(x["submitted_at"], lang), dir="ltr", className="marsad-date")]),
        html.P(x["comment"], dir="auto", className="marsad-comment"),
    ], p="xs", withBorder=True, className="ctr-comment") for x in profile["recent_comments"]]
    return dmc.Stack([
        dmc.Grid([
            dmc.GridCol(dmc.Stack([
                dmc.Title(i18n.name(c, lang), order=3, id="ctr-name"),
                dmc.Text(f"{i18n.t('sector', lang)}: {i18n.name(sector, lang) if sector else c['sector_code']}",
                         id="ctr-sector"),
                dmc.Text(place, size="sm", c="dimmed"),
                html.Span(f"{i18n.t('code', lang)}: {c['code']}", className="marsad-date"),
                dmc.Group([dmc.Badge(i18n.name(s, lang), variant="light") for s in profile["services"]], gap="xs",
                          id="ctr-services"),
                *peers,
            ], gap="xs"), span={"base": 12, "md": 7}),
            dmc.GridCol(_small_map(profile, area_queries.outline(svc.engine, c["governorate_code"])),
                        span={"base": 12, "md": 5}),
        ]),
        dmc.SimpleGrid([
            _stat(i18n.t("kpi_n", lang), i18n.fmt_count(score["n"], lang), "ctr-n"),
            _stat(i18n.t("kpi_mean", lang), i18n.fmt_mean(score["mean"], lang), "ctr-mean",
                  f"{i18n.t('col_ci', lang)}: {i18n.fmt_mean(score['ci_low'], lang)} – {i18n.fmt_mean(score['ci_high'], lang)}"),
            _stat(i18n.t("kpi_satisfied", lang), i18n.fmt_share(score["satisfied_share"], lang), "ctr-satisfied"),
        ], cols={"base": 1, "sm": 3}),
        dmc.SimpleGrid([
            dcc.Graph(figure=figures.trend(profile["trend"], title=i18n.t("trend", lang), rtl=rtl,
                                           mean_label=i18n.t("mean", lang), n_label=i18n.t("n", lang),
                                           fmt_period=lambda d, b: i18n.fmt_period(d, b, lang)), **graph),
            dcc.Graph(figure=figures.criteria_bars(profile["criteria"], title=i18n.t("criteria", lang), rtl=rtl,
                                                   labels=crit), **graph),
            dcc.Graph(figure=figures.distribution(profile["distribution"], title=i18n.t("distribution", lang), rtl=rtl,
                                                  hover=i18n.t("count_hover", lang)), **graph),
        ], cols={"base": 1, "lg": 3}),
        dmc.Group([dmc.Title(i18n.t("recent_comments", lang), order=4),
                   dcc.Link(i18n.t("all_comments", lang), id="ctr-all-comments",
                            href=f"/comments?{urlencode({'lang': lang, 'center': c['id']})}&{period_search}")]),
        dmc.Stack(comments or [dmc.Text(i18n.t("no_comments", lang), c="dimmed")], gap="xs", id="ctr-comments"),
    ], gap="md")


def register(app: Dash, svc: Services) -> None:
    @app.callback(
        Output(BODY, "children"), Output(ALERT, "children"), Output(ALERT, "hide"), Output(URL, "data"),
        Input(STATE, "data"), Input(PERIOD, "value"),
    )
    def render(state, period):
        state = state if isinstance(state, dict) else {}
        lang = state.get("lang") if state.get("lang") in i18n.LANGS else "ar"
        period = period if isinstance(period, list) and len(period) == 2 else [None, None]
        if period[0] and not period[1]:
            return (no_update,) * 4
        raw_id = str(state.get("center") or "")
        if not raw_id.isdigit() or not 0 < int(raw_id) < 2**31:
            return None, i18n.t("no_center", lang), False, no_update
        try:
            scope = current_scope()
            filters = params.parse_filters({"from": period[0], "to": period[1]}, svc.catalog(), params.today_riyadh())
            profile = reports.center_profile(svc, scope=scope, filters=filters, center_id=int(raw_id), min_ratings=20)
            if profile is None:  # unknown and out-of-scope centers look the same
                return None, i18n.t("no_center", lang), False, no_update
            svc.audit("view", "center", {"center": raw_id, "from": period[0], "to": period[1]})
            period_search = urlencode({"from": filters.date_from.isoformat(), "to": filters.date_to.isoformat()})
            return (body(svc, profile, lang, period_search), None, True,
                    f"?{urlencode({'lang': lang})}&{period_search}")
        except params.BadRequest as exc:
            return no_update, str(exc), False, no_update
        except (SQLAlchemyError, DatabaseUnavailable):
            log.exception("center profile failed")
            return no_update, i18n.t("db_error", lang), False, no_update

    url_sync.register(app, URL)
