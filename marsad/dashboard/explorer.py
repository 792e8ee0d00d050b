"""The explorer page: choropleth with drill-down, clustered centers, filters, KPIs and charts."""

from __future__ import annotations

import logging
from functools import partial
import dash_leaflet as dl
import dash_mantine_components as dmc
import orjson
from dash import ALL, Dash, Input, Output, State, ctx, dcc, html, no_update
from sqlalchemy.exc import SQLAlchemyError

from marsad import context, i18n, params
from marsad.audit_trail import audited
from marsad.context import Context, Resources
from marsad.dashboard import ids, url_sync
from marsad.dashboard.inputs import answer, lang_of, period_of, picking_end_date
from marsad.dashboard.plain import plain
from marsad.dashboard.views import explorer as view_mod
from marsad.db.engines import DatabaseUnavailable
from marsad.layers.classes import NO_DATA, hideout, legend_items
from marsad.queries.filters import SOURCES

log = logging.getLogger(__name__)
EMPTY = {"type": "FeatureCollection", "features": []}
NATIONAL = "__national__"
COUNTRY_VIEW = {"SA": ([24.0, 45.0], 5), "JO": ([31.2, 36.5], 7), "BH": ([26.05, 50.55], 10)}


def _initial(ctx: Context, query: dict) -> tuple[dict, dict, list[str]]:
    """Filter control values from the URL, keeping only valid ones; the catalog for the options."""
    warnings = []
    try:
        catalog = ctx.ref.catalog()
    except (SQLAlchemyError, DatabaseUnavailable):
        return {}, {"sectors": [], "services": []}, ["db"]
    values = {}  # each value is kept only if it is valid together with those kept before it
    for key in ("sector", "service", "source", "from", "to"):
        value = query.get(key)
        if not value:
            continue
        try:
            params.parse_filters({**values, key: value}, catalog, params.today_riyadh())
            values[key] = value
        except params.BadRequest as exc:
            warnings.append(str(exc))
    return values, catalog, warnings


def _options(items: list[dict], lang: str, all_label: str) -> list[dict]:
    return [{"value": "", "label": all_label}] + [{"value": s["code"], "label": i18n.name(s, lang)} for s in items]


def layout(request: Context, lang: str = "ar", **query):
    settings = request.settings
    official = request.official
    assert official is not None
    lang = lang_of(lang, settings.default_lang)
    values, catalog, warnings = _initial(request, query)
    filters = params.parse_filters(values, catalog, params.today_riyadh())
    period = [filters.date_from.isoformat(), filters.date_to.isoformat()]
    sector_services = [s for s in catalog["services"] if s["sector_code"] == values.get("sector")]
    center, zoom = COUNTRY_VIEW.get(settings.country, COUNTRY_VIEW["SA"])
    alert_text = (i18n.t("db_error", lang) if warnings == ["db"] else
                  i18n.t("bad_link", lang, msg="; ".join(warnings)) if warnings else None)
    tiles = [dl.TileLayer(url=settings.tile_url, attribution=settings.tile_attribution)] if settings.tile_url else []
    legend = html.Div(
        [html.Div(i18n.t("legend", lang), style={"fontWeight": 600})]
        + [html.Div([html.I(style={"background": c}), html.Span(label, dir="ltr")])
           for c, label in reversed(legend_items())]
        + [html.Div([html.I(style={"background": NO_DATA}), i18n.t("no_ratings", lang)])],
        id=ids.LEGEND, className="marsad-legend",
        style={"position": "absolute", "bottom": "12px", "insetInlineStart": "12px", "zIndex": 1000},
    )
    header = dmc.Group([
        dmc.Stack([dmc.Title(i18n.t("app_title", lang), order=2, id="app-title"),
                   dmc.Text(i18n.t("app_subtitle", lang), c="dimmed", size="sm")], gap=0),
        dmc.Group([
            _official_badge(official, catalog, request.ref.area_index(), lang),
            dcc.Link(i18n.t("switch_lang", lang), href="/?lang=" + ("en" if lang == "ar" else "ar"),
                     id="lang-switch", refresh=True),
            dcc.Link(i18n.t("compare_link", lang), href=f"/compare?lang={lang}", id="compare-link"),
            dcc.Link(i18n.t("comments_link", lang), href=f"/comments?lang={lang}", id="comments-link"),
            dcc.Link(i18n.t("moderation_link", lang), href=f"/moderation?lang={lang}", id="moderation-link"),
            *([dcc.Link(i18n.t("audit_link", lang), href=f"/audit?lang={lang}", id="audit-link")]
              if official.national else []),
            html.A(i18n.t("sign_out", lang), href="/sign-out", id="sign-out"),
        ], gap="lg"),
    ], justify="space-between", p="md")
    controls = dmc.Stack([
        dmc.Title(i18n.t("filters", lang), order=4),
        dmc.Select(id=ids.SECTOR, label=i18n.t("sector", lang), value=values.get("sector", ""),
                   data=_options(catalog["sectors"], lang, i18n.t("all_sectors", lang)), allowDeselect=False),
        dmc.Select(id=ids.SERVICE, label=i18n.t("service", lang), value=values.get("service", ""),
                   data=_options(sector_services, lang, i18n.t("all_services", lang)), allowDeselect=False),
        dmc.Select(id=ids.SOURCE, label=i18n.t("source", lang), value=values.get("source", ""),
                   data=[{"value": "", "label": i18n.t("all_sources", lang)}]
                   + [{"value": s, "label": i18n.t(f"src_{s}", lang)} for s in SOURCES], allowDeselect=False),
        dmc.DatePickerInput(id=ids.PERIOD, label=i18n.t("period", lang), type="range", value=period,
                            valueFormat="YYYY-MM-DD", allowSingleDateInRange=True),
        dmc.Text(i18n.t("help_share", lang), size="xs", c="dimmed"),
        dmc.Alert(i18n.t("approximate_note", lang), color="gray", variant="light", id="approx-note"),
    ], gap="sm")
    kpi_cards = dmc.SimpleGrid(_kpi_cards(lang), id=ids.KPIS, cols={"base": 2, "md": 4}, spacing="sm")
    body = dmc.Grid([
        dmc.GridCol(controls, span={"base": 12, "md": 3}),
        dmc.GridCol(dmc.Stack([
            dmc.Alert(alert_text, id=ids.LINK_ALERT, color="red", variant="light", hide=alert_text is None),
            dmc.Alert(id=ids.ALERT, color="red", variant="light", hide=True),
            dmc.Group([dmc.Breadcrumbs([], id=ids.BREADCRUMB, separator="›"),
                       dmc.Text(id=ids.LEVEL_TITLE, c="dimmed", size="sm")], justify="space-between"),
            kpi_cards,
            html.Div([
                dl.MapContainer([
                    *tiles,
                    dl.GeoJSON(id=ids.AREAS, data=EMPTY, hideout=hideout(),
                               style={"variable": "marsad.map.areaStyle"},
                               hoverStyle={"variable": "marsad.map.areaHover"}),
                    dl.GeoJSON(id=ids.CENTERS, data=EMPTY, hideout={**hideout(), "popup": view_mod.popup_context(
                                   catalog, lang)}, cluster=True,
                               zoomToBoundsOnClick=True, superClusterOptions={"radius": 60, "maxZoom": 12},
                               pointToLayer={"variable": "marsad.map.centerPoint"},
                               onEachFeature={"variable": "marsad.map.centerFeature"},
                               clusterToLayer={"variable": "marsad.map.clusterIcon"}),
                    dl.ScaleControl(position="topleft", imperial=False),
                ], id=ids.MAP, center=center, zoom=zoom, className="marsad-map", attributionControl=False),
                legend,
            ], style={"position": "relative"}),
            dmc.Text(id=ids.CENTERS_NOTE, size="sm", c="dimmed"),
            dmc.SimpleGrid([dcc.Graph(id=ids.DISTRIBUTION, config={"displayModeBar": False}),
                            dcc.Graph(id=ids.TREND, config={"displayModeBar": False})],
                           cols={"base": 1, "lg": 2}),
        ], gap="sm"), span={"base": 12, "md": 9}),
    ], p="md")
    return html.Div([
        dcc.Store(id=ids.STATE, data={"lang": lang, "area": query.get("area")}),
        dcc.Store(id=ids.URL_SYNC),
        header, body,
    ], lang=lang, dir="rtl" if lang == "ar" else "ltr")



def _official_badge(official, catalog: dict, index: dict, lang: str):
    """Who is signed in: name, role and jurisdiction."""
    if official.national:
        parts = [i18n.t("all_country", lang)]
    else:
        sector_names = {s["code"]: i18n.name(s, lang) for s in catalog["sectors"]}
        parts = [i18n.name(index[a], lang) for a in official.areas if a in index]
        parts += [sector_names.get(s, s) for s in official.sectors]
        if official.centers:
            parts.append(i18n.t("centers_count", lang, n=i18n.fmt_count(len(official.centers), lang)))
    return dmc.Stack([
        dmc.Text(official.display_name, fw=600, size="sm", id="official-name"),
        dmc.Text(f"{i18n.t('role_' + official.role, lang)} · {i18n.t('jurisdiction', lang)}: {'، '.join(parts)}"
                 if lang == "ar" else
                 f"{i18n.t('role_' + official.role, lang)} · {i18n.t('jurisdiction', lang)}: {', '.join(parts)}",
                 size="xs", c="dimmed", id="official-scope"),
    ], gap=0)


KPI_TEXTS = ("kpi-n", "kpi-n-change", "kpi-mean", "kpi-mean-change", "kpi-satisfied", "kpi-satisfied-change",
             "kpi-change")  # the cards' texts an answer sets (the cards themselves are in the layout)


def _kpi_card(title: str, test_id: str, note: str = "") -> dmc.Paper:
    return dmc.Paper([
        dmc.Text(title, size="sm", c="dimmed"),
        html.Div(className="kpi-value", id=f"kpi-{test_id}"),
        dmc.Text(note, size="xs", c="dimmed", id=f"kpi-{test_id}-change"),
    ], p="sm", withBorder=True, radius="md")


def _kpi_cards(lang: str) -> list:
    return [_kpi_card(i18n.t("kpi_n", lang), "n"), _kpi_card(i18n.t("kpi_mean", lang), "mean"),
            _kpi_card(i18n.t("kpi_satisfied", lang), "satisfied"),
            _kpi_card(i18n.t("kpi_change", lang), "change", note=i18n.t("mean", lang))]


def _kpi_texts(k: dict, lang: str) -> dict[str, str]:
    """The KPI cards' texts by output name: totals and their change against the previous period."""
    prev = k["previous"]
    ch = k["change"]
    suffix = i18n.t("vs_previous", lang)
    return {
        "kpi_n": i18n.fmt_count(k["n"], lang),
        "kpi_n_change": f"{i18n.fmt_signed(ch['n'], lang, digits=0)} {suffix}" if prev["n"]
        else i18n.t("no_previous", lang),
        "kpi_mean": i18n.fmt_mean(k["mean"], lang),
        "kpi_mean_change": f"{i18n.fmt_signed(ch['mean'], lang)} {suffix}" if ch["mean"] is not None else "",
        "kpi_satisfied": i18n.fmt_share(k["satisfied_share"], lang),
        "kpi_satisfied_change": f"{i18n.fmt_signed(ch['satisfied_share'], lang, percent=True)} {suffix}"
        if ch["satisfied_share"] is not None else "",
        "kpi_change": i18n.fmt_signed(ch["mean"], lang),
    }


def _breadcrumb(lineage: list[dict], lang: str, *, national: bool) -> list:
    crumbs = ([(NATIONAL, i18n.t("national", lang))] if national else []) + [
        (a["code"], i18n.name(a, lang)) for a in lineage]
    return [dmc.Button(label, id={"type": ids.CRUMB, "code": code}, variant="subtle", size="compact-sm",
                       disabled=i == len(crumbs) - 1)
            for i, (code, label) in enumerate(crumbs)]


def _answer(v: view_mod.View, *, lang: str, national: bool) -> dict:
    """The explorer's outputs for view `v` by name, as plain data (cached with the view: building the components
    and making them plain took a third of a cached answer's time; the KPI cards are in the layout, and only their
    texts are sent)."""
    level_title = i18n.t(f"level_{v.level}", lang) + " · " + i18n.t("click_to_drill", lang)
    shown = v.n_shown
    if not v.area:
        note = i18n.t("centers_hint", lang)
    elif shown < v.n_centers:
        note = i18n.t("too_many_centers", lang, n=i18n.fmt_count(v.n_centers, lang))
    else:
        note = f"{i18n.fmt_count(shown, lang)} {i18n.t('centers_shown', lang)}"
    alert = i18n.t("bad_link", lang, msg="; ".join(v.warnings)) if v.warnings else None
    viewport = {"bounds": v.bounds, "transition": "flyToBounds"} if v.bounds else no_update
    return answer(OUT, areas=v.areas, centers=v.centers, viewport=viewport,
                  breadcrumb=plain(_breadcrumb(v.lineage, lang, national=national)), level_title=level_title,
                  **_kpi_texts(v.kpis, lang), distribution=v.distribution_fig, trend=v.trend_fig, centers_note=note,
                  alert=alert, alert_hide=alert is None, url=v.search, lang_href="/" + v.other_lang_search,
                  compare_href="/compare" + v.search)


def _clean_state(state) -> dict:
    """The page state as sent by the browser, which may be forged: keep only well-formed values."""
    state = state if isinstance(state, dict) else {}
    area = state.get("area")
    return {"lang": lang_of(state.get("lang")), "area": area if isinstance(area, str) and area else None}


# the explorer's outputs, by name (KPI_TEXTS become kpi_n, kpi_n_change, ...)
OUT = {
    "areas": Output(ids.AREAS, "data"), "centers": Output(ids.CENTERS, "data"), "viewport": Output(ids.MAP, "viewport"),
    "breadcrumb": Output(ids.BREADCRUMB, "children"), "level_title": Output(ids.LEVEL_TITLE, "children"),
    **{k.replace("-", "_"): Output(k, "children") for k in KPI_TEXTS},
    "distribution": Output(ids.DISTRIBUTION, "figure"), "trend": Output(ids.TREND, "figure"),
    "centers_note": Output(ids.CENTERS_NOTE, "children"), "alert": Output(ids.ALERT, "children"),
    "alert_hide": Output(ids.ALERT, "hide"), "url": Output(ids.URL_SYNC, "data"),
    "lang_href": Output("lang-switch", "href"), "compare_href": Output("compare-link", "href"),
}


def register(app: Dash, res: Resources) -> None:
    @app.callback(
        Output(ids.SERVICE, "data"), Output(ids.SERVICE, "value"),
        Input(ids.SECTOR, "value"), State(ids.SERVICE, "value"), State(ids.STATE, "data"),
        prevent_initial_call=True,
    )
    def service_options(sector, service, state):
        lang = _clean_state(state)["lang"]
        offered = [s for s in res.reference.catalog()["services"] if s["sector_code"] == sector]
        keep = service if any(s["code"] == service for s in offered) else ""
        return _options(offered, lang, i18n.t("all_services", lang)), keep

    @app.callback(
        Output(ids.STATE, "data"),
        Input(ids.AREAS, "clickData"), Input({"type": ids.CRUMB, "code": ALL}, "n_clicks"),
        State(ids.STATE, "data"),
        prevent_initial_call=True,
    )
    def navigate(click, crumbs, state):
        state = _clean_state(state)
        trigger = ctx.triggered_id
        if trigger == ids.AREAS:
            code = ((click or {}).get("properties") or {}).get("code") if isinstance(click, dict) else None
            if not isinstance(code, str):
                return no_update
        elif isinstance(trigger, dict) and ctx.triggered and ctx.triggered[0]["value"]:
            code = None if trigger["code"] == NATIONAL else trigger["code"]
        else:
            return no_update
        request = context.for_request(res)
        if code is None:
            allowed = request.scope.areas is None
        else:
            allowed = code in request.ref.area_index() and request.allows_area(code)
        if not allowed or code == state.get("area"):
            return no_update  # levels above the jurisdiction are not offered
        return {**state, "area": code}

    @app.callback(
        output=OUT,
        inputs={"state": Input(ids.STATE, "data"), "sector": Input(ids.SECTOR, "value"),
                "service": Input(ids.SERVICE, "value"), "source": Input(ids.SOURCE, "value"),
                "period": Input(ids.PERIOD, "value")},
    )
    def render(state, sector, service, source, period):
        state = _clean_state(state)
        lang = state["lang"]
        if picking_end_date(period):
            return no_update
        period = period_of(period)
        full = {"area": state.get("area"), "sector": sector, "service": service, "source": source,
                "from": period[0], "to": period[1]}
        try:
            request = context.for_request(res)
            with audited(request, "view", "explorer", {k: val for k, val in full.items() if val}):
                out = view_mod.build(request, state=full, lang=lang, present=partial(
                    _answer, lang=lang, national=request.scope.areas is None))
        except (SQLAlchemyError, DatabaseUnavailable):
            log.exception("explorer render failed")
            return answer(OUT, alert=i18n.t("db_error", lang), alert_hide=False)
        # the map layers are encoded already: orjson puts them into the answer as they are
        return {**out, "areas": orjson.Fragment(out["areas"]), "centers": orjson.Fragment(out["centers"])}

    url_sync.register(app, ids.URL_SYNC)
    app.clientside_callback(
        """function(state) {
            var lang = (state && state.lang) || "ar";
            document.documentElement.setAttribute("lang", lang);
            return lang === "ar" ? "rtl" : "ltr";
        }""",
        Output(ids.DIRECTION, "direction"), Input(ids.STATE, "data"),
    )
