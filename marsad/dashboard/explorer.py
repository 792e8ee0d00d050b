"""The explorer page: choropleth with drill-down, clustered centers, filters, KPIs and charts. The layout is in
explorer_layout.py, what a state shows in views/explorer.py; here, the callbacks."""

from __future__ import annotations

import logging
from functools import partial

import dash_mantine_components as dmc
import orjson
from dash import ALL, Dash, Input, Output, State, ctx, html, no_update
from sqlalchemy.exc import SQLAlchemyError

from marsad import calendars, context, i18n, params
from marsad.audit_trail import audited
from marsad.context import Resources
from marsad.dashboard import alert_layer, embed_dialog, explorer_header, ids, offered, url_sync
from marsad.dashboard.explorer_header import DOWNLOADS, download_id
from marsad.dashboard.explorer_layout import KPI_TEXTS, NATIONAL, legend_rows, legend_style, select_options
from marsad.dashboard.explorer_layout import layout as layout  # the page registers this module's layout
from marsad.dashboard.inputs import answer, lang_of, period_of, picking_end_date
from marsad.dashboard.plain import plain
from marsad.dashboard.views import explorer as view_mod
from marsad.db.engines import DatabaseUnavailable
from marsad.layers.classes import SCHEMES

log = logging.getLogger(__name__)


def kpi_texts(k: dict, lang: str) -> dict[str, str]:
    """The KPI cards' texts by output name: totals and their change against the previous period."""
    prev = k["previous"]
    ch = k["change"]
    suffix = i18n.t("vs_previous", lang)
    return {
        "kpi_n": i18n.fmt_count(k["n"], lang),
        "kpi_n_change": f"{i18n.fmt_signed(ch['n'], lang, digits=0)} {suffix}"
        if prev["n"]
        else i18n.t("no_previous", lang),
        "kpi_mean": i18n.fmt_mean(k["mean"], lang),
        "kpi_mean_change": f"{i18n.fmt_signed(ch['mean'], lang)} {suffix}" if ch["mean"] is not None else "",
        "kpi_satisfied": i18n.fmt_share(k["satisfied_share"], lang),
        "kpi_satisfied_change": f"{i18n.fmt_signed(ch['satisfied_share'], lang, percent=True)} {suffix}"
        if ch["satisfied_share"] is not None
        else "",
        "kpi_change": i18n.fmt_signed(ch["mean"], lang),
    }


def breadcrumb(lineage: list[dict], lang: str, *, national: bool) -> list:
    crumbs = ([(NATIONAL, i18n.t("national", lang))] if national else []) + [
        (a["code"], i18n.name(a, lang)) for a in lineage
    ]
    return [
        dmc.Button(
            label,
            id={"type": ids.CRUMB, "code": code},
            variant="subtle",
            size="compact-sm",
            disabled=i == len(crumbs) - 1,
        )
        for i, (code, label) in enumerate(crumbs)
    ]


def area_list(v: view_mod.View, lang: str):
    """The map's areas as buttons, in a disclosure under the map: the drill-down for a keyboard or a screen reader
    (the same pattern id as the breadcrumb's, so one callback follows both)."""
    if not v.area_list or not v.drillable:
        return None
    return html.Details(
        [
            html.Summary(i18n.t("area_list", lang)),
            html.Ul(
                [
                    html.Li(dmc.Button(text, id={"type": ids.CRUMB, "code": code}, variant="subtle", size="compact-sm"))
                    for code, text in v.area_list
                ],
                className="marsad-area-list",
            ),
        ]
    )


def _answer(v: view_mod.View, *, lang: str, national: bool) -> dict:
    """The explorer's outputs for view `v` by name, as plain data (cached with the view: building the components
    and making them plain took a third of a cached answer's time; the KPI cards are in the layout, and only their
    texts are sent)."""
    level_title = i18n.t(f"level_{v.level}", lang) + (
        i18n.sep(lang) + i18n.t("click_to_drill", lang) if v.drillable else ""
    )
    shown = v.n_shown
    if not v.area:
        note = i18n.t("centers_hint", lang)
    elif shown < v.n_centers:
        note = i18n.t("too_many_centers", lang, n=i18n.fmt_count(v.n_centers, lang))
    else:
        note = i18n.t("centers_shown", lang, n=i18n.fmt_count(shown, lang))
    alert = i18n.t("bad_link", lang, msg="; ".join(v.warnings)) if v.warnings else None
    viewport = {"bounds": v.bounds, "transition": "flyToBounds"} if v.bounds else no_update
    return answer(
        OUT,
        areas=v.areas,
        centers=v.centers,
        viewport=viewport,
        breadcrumb=plain(breadcrumb(v.lineage, lang, national=national)),
        area_list=plain(area_list(v, lang)),
        level_title=level_title,
        **kpi_texts(v.kpis, lang),
        distribution=v.distribution_fig,
        trend=v.trend_fig,
        centers_note=note,
        alert=alert,
        alert_hide=alert is None,
        url=v.search,
        period_caption=v.period_caption,
        print_caption=v.caption,
        lang_href="/" + v.other_lang_search,
        digits_href=explorer_header.digits_href("/" + v.search),
        legend_style=legend_style(v.measure is None),
        legend=plain(legend_rows(v.legend_title, v.legend, lang)),
        index_legend_style=legend_style(v.measure == "index"),
        compare_href="/compare" + v.search,
        **{download_id(name, fmt): f"/download/explorer/{name}.{fmt}{v.search}" for name, fmt in DOWNLOADS},
    )


def _clean_state(state, default_calendar: str = "gregorian") -> dict:
    """The page state as sent by the browser, which may be forged: keep only well-formed values."""
    state = state if isinstance(state, dict) else {}
    area = state.get("area")
    return {
        "lang": lang_of(state.get("lang")),
        "area": area if isinstance(area, str) and area else None,
        "cal": calendars.calendar_of(state.get("cal"), default_calendar),
    }


# the explorer's outputs, by name (KPI_TEXTS become kpi_n, kpi_n_change, ...)
OUT = {
    "areas": Output(ids.AREAS, "data"),
    "centers": Output(ids.CENTERS, "data"),
    "viewport": Output(ids.MAP, "viewport"),
    "breadcrumb": Output(ids.BREADCRUMB, "children"),
    "area_list": Output(ids.AREA_LIST, "children"),
    "level_title": Output(ids.LEVEL_TITLE, "children"),
    **{k.replace("-", "_"): Output(k, "children") for k in KPI_TEXTS},
    "distribution": Output(ids.DISTRIBUTION, "figure"),
    "trend": Output(ids.TREND, "figure"),
    "centers_note": Output(ids.CENTERS_NOTE, "children"),
    "alert": Output(ids.ALERT, "children"),
    "alert_hide": Output(ids.ALERT, "hide"),
    "url": Output(ids.URL_SYNC, "data"),
    "period_caption": Output(ids.PERIOD_CAPTION, "children"),
    "print_caption": Output(ids.PRINT_CAPTION, "children"),
    "lang_href": Output("lang-switch", "href"),
    "digits_href": Output("digits-switch", "href"),
    "legend_style": Output(ids.LEGEND, "style"),
    "legend": Output(ids.LEGEND, "children"),
    "index_legend_style": Output(ids.INDEX_LEGEND, "style"),
    "compare_href": Output("compare-link", "href"),
    **{download_id(name, fmt): Output(download_id(name, fmt), "href") for name, fmt in DOWNLOADS},
}


def register(app: Dash, res: Resources) -> None:
    @app.callback(
        Output(ids.SERVICE, "data"),
        Output(ids.SERVICE, "value"),
        Input(ids.SECTOR, "value"),
        State(ids.SERVICE, "value"),
        State(ids.STATE, "data"),
        prevent_initial_call=True,
    )
    def service_options(sector, service, state):
        lang = _clean_state(state)["lang"]
        services = offered.services_of(context.for_request(res), sector)
        keep = service if any(s["code"] == service for s in services) else ""
        return select_options(services, lang, i18n.t("all_services", lang)), keep

    @app.callback(
        Output(ids.STATE, "data"),
        Input(ids.AREAS, "clickData"),
        Input({"type": ids.CRUMB, "code": ALL}, "n_clicks"),
        State(ids.STATE, "data"),
        prevent_initial_call=True,
    )
    def navigate(click, crumbs, state):
        state = _clean_state(state, res.settings.calendar)
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
        inputs={
            "state": Input(ids.STATE, "data"),
            "sector": Input(ids.SECTOR, "value"),
            "service": Input(ids.SERVICE, "value"),
            "source": Input(ids.SOURCE, "value"),
            "period": Input(ids.PERIOD, "value"),
            "measure": Input(ids.MEASURE, "value"),
            "classes": Input(ids.CLASSES, "value"),
        },
    )
    def render(state, sector, service, source, period, measure, classes):
        state = _clean_state(state, res.settings.calendar)
        lang = state["lang"]
        if picking_end_date(period):
            return no_update
        period = period_of(period)
        full = {
            "area": state.get("area"),
            "sector": sector,
            "service": service,
            "source": source,
            "from": period[0],
            "to": period[1],
            "measure": "index" if measure == "index" else None,
            "classes": classes if classes in SCHEMES[1:] else None,
        }
        try:
            request = context.for_request(res)
            with audited(request, "view", "explorer", {k: val for k, val in full.items() if val}):
                out = view_mod.build(
                    request,
                    state=full,
                    lang=lang,
                    present=partial(_answer, lang=lang, national=request.scope.areas is None),
                    calendar=state["cal"],
                )
        except (SQLAlchemyError, DatabaseUnavailable):
            log.exception("explorer render failed")
            return answer(OUT, alert=i18n.t("db_error", lang), alert_hide=False)
        # the map layers are encoded already: orjson puts them into the answer as they are
        return {**out, "areas": orjson.Fragment(out["areas"]), "centers": orjson.Fragment(out["centers"])}

    @app.callback(
        Output(ids.STATE, "data", allow_duplicate=True),
        Output(ids.HIJRI_BOX, "style"),
        Input(ids.CALENDAR, "value"),
        State(ids.STATE, "data"),
        prevent_initial_call=True,
    )
    def switch_calendar(calendar, state):
        state = _clean_state(state, res.settings.calendar)
        calendar = calendars.calendar_of(calendar, state["cal"])
        return {**state, "cal": calendar}, ({"display": "none"} if calendar == "gregorian" else None)

    @app.callback(Output(ids.PERIOD, "value"), Input(ids.HIJRI_PERIOD, "value"), prevent_initial_call=True)
    def pick_hijri(value):
        found = calendars.parse_period(value) if isinstance(value, str) else None
        if found is None:
            return no_update
        start, end = found
        return [start.isoformat(), min(end, params.today_riyadh()).isoformat()]  # figures reach today at most

    embed_dialog.register(app, res)
    alert_layer.register(app, res)
    url_sync.register(app, ids.URL_SYNC)
    app.clientside_callback(
        """function(state) {
            var lang = (state && state.lang) || "ar";
            document.documentElement.setAttribute("lang", lang);
            return lang === "ar" ? "rtl" : "ltr";
        }""",
        Output(ids.DIRECTION, "direction"),
        Input(ids.STATE, "data"),
    )
