"""Embedded views at /embed/<token>: a Dash app of its own on the same server, open without sign-in, read-only.

Every callback opens the embed from the token in the page's address (access.py) and reads with the embed's
context: the issuer's jurisdiction now, narrowed to the embed's area and sector, with the embed's fixed filters.
Nothing a browser sends can widen it: the filters are not inputs, a drill-down is to an area inside the scope
(levels above are not offered), and the token is checked against its row at each request. Each load is audited
in the issuer's name."""

from __future__ import annotations

import logging
from functools import partial
from urllib.parse import parse_qs

import dash_mantine_components as dmc
import orjson
from dash import ALL, Dash, Input, Output, State, ctx, dcc, html, no_update
from flask import Flask
from sqlalchemy.exc import SQLAlchemyError

from marsad import dash_apps, i18n, params
from marsad.audit_trail import audited
from marsad.context import Resources
from marsad.dashboard import ids
from marsad.dashboard.explorer import breadcrumb, kpi_texts
from marsad.dashboard.explorer_layout import KPI_TEXTS, NATIONAL, kpi_grid, map_panel
from marsad.dashboard.inputs import answer
from marsad.dashboard.plain import plain
from marsad.dashboard.views import explorer as view_mod
from marsad.db.engines import DatabaseUnavailable
from marsad.embeds.access import Embed, EmbedRefused, open_embed

log = logging.getLogger(__name__)
PREFIX = "/embed/"
URL, PAGE, AREA, HEAD, BODY = "emb-url", "emb-page", "emb-area", "emb-head", "emb-body"

OUT = {
    "head": Output(HEAD, "children"),
    "body_style": Output(BODY, "style"),
    "alert": Output(ids.ALERT, "children"),
    "alert_hide": Output(ids.ALERT, "hide"),
    "areas": Output(ids.AREAS, "data"),
    "centers": Output(ids.CENTERS, "data"),
    "viewport": Output(ids.MAP, "viewport"),
    "breadcrumb": Output(ids.BREADCRUMB, "children"),
    **{k.replace("-", "_"): Output(k, "children") for k in KPI_TEXTS},
    "distribution": Output(ids.DISTRIBUTION, "figure"),
    "trend": Output(ids.TREND, "figure"),
    "centers_note": Output(ids.CENTERS_NOTE, "children"),
}
HIDDEN: dict[str, str] = {"display": "none"}
SHOWN: dict[str, str] = {}


def token_of(pathname: object) -> str:
    """The token in /embed/<token> (empty when the path holds none)."""
    if not isinstance(pathname, str) or not pathname.startswith(PREFIX):
        return ""
    return pathname[len(PREFIX) :].strip("/")


def lang_in(search: object, embed_lang: object, default: str) -> str:
    query = parse_qs(search.lstrip("?")) if isinstance(search, str) else {}
    asked = (query.get("lang") or [""])[-1]
    return i18n.lang_of(asked, i18n.lang_of(embed_lang, default))


def _period(request, state: dict) -> tuple[str, str] | None:
    """The embed's period as two ISO days (its fixed dates, or the default period as of today)."""
    try:
        f = params.parse_filters(state, request.ref.catalog(), params.today_riyadh())
    except params.BadRequest:
        return None
    return f.date_from.isoformat(), f.date_to.isoformat()


def _caption(embed: Embed, lang: str, period: tuple[str, str] | None) -> str:
    f = embed.filters
    catalog = embed.ctx.ref.catalog()
    parts = [embed.row["issuer"]]
    if embed.row["sector_code"]:
        sector = next((s for s in catalog["sectors"] if s["code"] == embed.row["sector_code"]), None)
        parts.append(i18n.name(sector, lang) if sector else embed.row["sector_code"])
    if f.get("source"):
        parts.append(i18n.t(f"src_{f['source']}", lang))
    if period:
        parts.append(f"{i18n.t('period', lang)}: " + i18n.fmt_text_digits(f"{period[0]} – {period[1]}", lang))
    return i18n.sep(lang).join(parts)


def _present(v: view_mod.View, *, embed: Embed, lang: str, period: tuple[str, str] | None, national: bool) -> dict:
    """The embed's outputs for view `v`, as plain data (cached with the view under the embed page's name)."""
    shown = v.n_shown
    if not v.area:
        note = ""
    elif shown < v.n_centers:
        note = i18n.t("too_many_centers", lang, n=i18n.fmt_count(v.n_centers, lang))
    else:
        note = i18n.t("centers_shown", lang, n=i18n.fmt_count(shown, lang))
    head = dmc.Stack(
        [
            dmc.Title(embed.row["title"], order=3, id="emb-title"),
            dmc.Text(_caption(embed, lang, period), size="sm", c="dimmed", id="emb-caption"),
        ],
        gap=0,
    )
    return answer(
        OUT,
        head=plain(head),
        body_style=SHOWN,
        alert=None,
        alert_hide=True,
        areas=v.areas,
        centers=v.centers,
        viewport={"bounds": v.bounds, "transition": "flyToBounds"} if v.bounds else no_update,
        breadcrumb=plain(breadcrumb(v.lineage, lang, national=national)),
        **kpi_texts(v.kpis, lang),
        distribution=v.distribution_fig,
        trend=v.trend_fig,
        centers_note=note,
    )


def _refused(reason: str, lang: str) -> dict:
    return answer(
        OUT,
        head=None,
        body_style=HIDDEN,
        alert=i18n.t(f"emb_refused_{reason}", lang),
        alert_hide=False,
        areas={"type": "FeatureCollection", "features": []},
        centers={"type": "FeatureCollection", "features": []},
    )


def install(server: Flask, *, res: Resources) -> Dash:
    app = dash_apps.make(
        "marsad_embed",
        server=server,  # a Flask server is accepted
        url_base_pathname=PREFIX,
    )
    default = res.settings.default_lang

    app.layout = dmc.MantineProvider(
        dmc.DirectionProvider(
            html.Div([dcc.Location(id=URL), html.Div(id=PAGE)], className="marsad-embed", style={"padding": "8px"}),
            direction="rtl" if default == "ar" else "ltr",
            id=ids.DIRECTION,
        )
    )

    @app.callback(Output(PAGE, "children"), Input(URL, "pathname"), Input(URL, "search"))
    def page(pathname, search):
        # the page's frame in the embed's language; its numbers come from `render` (no data in a layout)
        lang = lang_in(search, None, default)
        try:
            embed = opened(pathname)
        except EmbedRefused as exc:
            return dmc.Alert(i18n.t(f"emb_refused_{exc.reason}", lang), color="gray", id="emb-refused")
        except (SQLAlchemyError, DatabaseUnavailable):
            return dmc.Alert(i18n.t("db_error", lang), color="red")
        lang = lang_in(search, embed.filters.get("lang"), default)
        return html.Div(
            [
                dcc.Store(id=AREA, data=None),
                html.Div(id=HEAD),
                dmc.Alert(id=ids.ALERT, color="gray", variant="light", hide=True),
                dmc.Stack(
                    [
                        dmc.Breadcrumbs([], id=ids.BREADCRUMB, separator="›"),
                        kpi_grid(lang),
                        map_panel(embed.ctx, embed.ctx.ref.catalog(), lang, profile_links=False),
                        dmc.Text(id=ids.CENTERS_NOTE, size="sm", c="dimmed"),
                        dmc.SimpleGrid(
                            [
                                dcc.Graph(id=ids.DISTRIBUTION, config={"displayModeBar": False}),
                                dcc.Graph(id=ids.TREND, config={"displayModeBar": False}),
                            ],
                            cols={"base": 1, "lg": 2},
                        ),
                        dmc.Text(i18n.t("emb_footer", lang), size="xs", c="dimmed"),
                    ],
                    id=BODY,
                    gap="sm",
                ),
            ],
            lang=lang,
            dir="rtl" if lang == "ar" else "ltr",
        )

    def opened(pathname) -> Embed:
        return open_embed(res, token_of(pathname))

    @app.callback(
        Output(AREA, "data"),
        Input(ids.AREAS, "clickData"),
        Input({"type": ids.CRUMB, "code": ALL}, "n_clicks"),
        State(URL, "pathname"),
        State(AREA, "data"),
        prevent_initial_call=True,
    )
    def navigate(click, crumbs, pathname, current):
        trigger = ctx.triggered_id
        if trigger == ids.AREAS:
            code = ((click or {}).get("properties") or {}).get("code") if isinstance(click, dict) else None
        elif isinstance(trigger, dict) and ctx.triggered and ctx.triggered[0]["value"]:
            code = None if trigger["code"] == NATIONAL else trigger["code"]
        else:
            return no_update
        if code is not None and not isinstance(code, str):
            return no_update
        try:
            embed = opened(pathname)
        except (EmbedRefused, SQLAlchemyError, DatabaseUnavailable):
            return no_update
        scope = embed.ctx.scope
        if code is None:
            allowed = scope.areas is None
        else:
            allowed = code in embed.ctx.ref.area_index() and embed.ctx.allows_area(code)
        return code if allowed and code != current else no_update

    @app.callback(
        output=OUT,
        inputs={"area": Input(AREA, "data"), "pathname": State(URL, "pathname"), "search": State(URL, "search")},
    )
    def render(area, pathname, search):
        lang = lang_in(search, None, default)
        try:
            embed = opened(pathname)
            lang = lang_in(search, embed.filters.get("lang"), default)
            request = embed.ctx
            f = embed.filters
            home = embed.row["area_code"]
            asked = area if isinstance(area, str) and area else home
            state = {
                "area": asked,
                "sector": embed.row["sector_code"],
                "service": f.get("service"),
                "source": f.get("source"),
                "from": f.get("from"),
                "to": f.get("to"),
            }
            period = _period(request, state)
            with audited(request, "embed_view", "explorer", {"embed": embed.row["id"], "area": asked}):
                out = view_mod.build(
                    request,
                    state=state,
                    lang=lang,
                    present=partial(
                        _present, embed=embed, lang=lang, period=period, national=request.scope.areas is None
                    ),
                    page=f"embed:{embed.row['id']}",
                )
        except EmbedRefused as exc:
            return _refused(exc.reason, lang)
        except (SQLAlchemyError, DatabaseUnavailable):
            log.exception("embed render failed")
            return answer(OUT, alert=i18n.t("db_error", lang), alert_hide=False)
        return {**out, "areas": orjson.Fragment(out["areas"]), "centers": orjson.Fragment(out["centers"])}

    app.clientside_callback(
        """function(search) {
            var lang = new URLSearchParams(search || "").get("lang") === "en" ? "en" : "ar";
            document.documentElement.setAttribute("lang", lang);
            return lang === "ar" ? "rtl" : "ltr";
        }""",
        Output(ids.DIRECTION, "direction"),
        Input(URL, "search"),
    )
    return app
