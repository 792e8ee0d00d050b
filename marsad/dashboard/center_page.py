"""A center's profile for officials: small map, sector, services, score with interval, criteria,
distribution, score over time, recent comments and its rank among peers. Data come by callback (views/center.py)."""

from __future__ import annotations

import logging
from urllib.parse import urlencode

import dash_leaflet as dl
import dash_mantine_components as dmc
from dash import Dash, Input, Output, dcc, html, no_update
from sqlalchemy.exc import SQLAlchemyError

from marsad import badges, context, i18n, params, place_names
from marsad.audit_trail import record
from marsad.context import Context, Resources
from marsad.dashboard import center_programme, charts, dates, file_links, url_sync
from marsad.dashboard.inputs import answer, lang_of, period_of, picking_end_date, state_of, whole_number
from marsad.dashboard.views import api_files
from marsad.dashboard.views import center as view
from marsad.db.engines import DatabaseUnavailable
from marsad.layers import figures
from marsad.layers.classes import color_for
from marsad.queries.rollups import CRITERIA

log = logging.getLogger(__name__)
STATE, PERIOD, BODY, ALERT, URL = "ctr-state", "ctr-period", "ctr-body", "ctr-alert", "ctr-url"
OUT = {
    "body": Output(BODY, "children"),
    "alert": Output(ALERT, "children"),
    "alert_hide": Output(ALERT, "hide"),
    "url": Output(URL, "data"),
    **{f"file_{fmt}": Output(f"ctr-file-{fmt}", "href") for fmt in api_files.FORMATS},
}


def layout(ctx: Context, center_id: str | None = None, lang: str = "ar", **query):
    lang = lang_of(lang, ctx.settings.default_lang)
    period = params.period_of(query, params.today_riyadh())
    return html.Div(
        [
            dcc.Store(id=STATE, data={"lang": lang, "center": center_id}),
            dcc.Store(id=URL),
            dmc.Group(
                [
                    dmc.Title(i18n.t("center_profile", lang), order=3, id="ctr-title"),
                    dmc.Group(
                        [
                            file_links.menu(
                                "ctr-files",
                                lang,
                                [
                                    (f"ctr-file-{fmt}", i18n.t(f"dl_comments_{fmt}", lang), "#")
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
                [dates.period_picker(PERIOD, lang, period, w=260)],
                px="md",
            ),
            dmc.Alert(id=ALERT, color="red", variant="light", hide=True, m="md"),
            dcc.Loading(html.Div(id=BODY, style={"padding": "16px"})),
        ],
        lang=lang,
        dir="rtl" if lang == "ar" else "ltr",
    )


def _stat(label: str, value: str, test_id: str, note: str | None = None):
    return dmc.Paper(
        [
            dmc.Text(label, size="sm", c="dimmed"),
            html.Div(value, className="kpi-value", id=test_id),
            dmc.Text(note or "", size="xs", c="dimmed"),
        ],
        p="sm",
        withBorder=True,
        radius="md",
    )


def _small_map(profile: dict, outline: dict | None, lang: str):
    c = profile["center"]
    layers = (
        [
            dl.GeoJSON(
                data={"type": "Feature", "geometry": outline, "properties": {}},
                style={"color": "#6b7280", "weight": 1.5, "fillOpacity": 0.05},
            )
        ]
        if outline
        else []
    )
    if c.get("lat") is not None:
        layers.append(
            dl.CircleMarker(
                center=[c["lat"], c["lon"]],
                radius=9,
                color="#1f2937",
                weight=2,
                fillColor=color_for(profile["score"]["mean"]),
                fillOpacity=0.95,
            )
        )
    return dl.MapContainer(
        [*layers, place_names.layer(lang), dl.ScaleControl(position="bottomleft", imperial=False)],
        center=[c.get("lat") or 24, c.get("lon") or 45],
        zoom=9,  # the center among the towns around it (place names), not a dot on an empty square
        id="ctr-map",
        style={"height": "260px", "borderRadius": "8px"},
        attributionControl=False,
    )


def body(v: view.CenterView, lang: str):
    profile = v.profile
    c, score = profile["center"], profile["score"]
    rtl = lang == "ar"
    peers = [dmc.Text(text, size="sm", id=f"ctr-peer-{level}") for level, text in v.peers]
    crit = [(k, i18n.t(f"crit_{k}", lang)) for k in CRITERIA]
    quiet: dcc.Graph.Config = {"displayModeBar": False}  # the graphs show no toolbar
    comments = [
        dmc.Paper(
            [
                dmc.Group(
                    [
                        badges.score(x["overall"], lang),
                        html.Span(i18n.fmt_day(x["submitted_at"], lang), dir="ltr", className="marsad-date"),
                    ]
                ),
                html.P(x["comment"], dir="auto", className="marsad-comment"),
            ],
            p="xs",
            withBorder=True,
            className="ctr-comment",
        )
        for x in profile["recent_comments"]
    ]
    return dmc.Stack(
        [
            dmc.Grid(
                [
                    dmc.GridCol(
                        dmc.Stack(
                            [
                                dmc.Title(i18n.name(c, lang), order=3, id="ctr-name"),
                                dmc.Text(f"{i18n.t('sector', lang)}: {v.sector_label}", id="ctr-sector"),
                                dmc.Text(v.place, size="sm", c="dimmed"),
                                html.Span(f"{i18n.t('code', lang)}: {c['code']}", className="marsad-date"),
                                dmc.Group(
                                    [dmc.Badge(i18n.name(s, lang), variant="light") for s in profile["services"]],
                                    gap="xs",
                                    id="ctr-services",
                                ),
                                *peers,
                            ],
                            gap="xs",
                        ),
                        span={"base": 12, "md": 7},
                    ),
                    dmc.GridCol(_small_map(profile, v.outline, lang), span={"base": 12, "md": 5}),
                ]
            ),
            dmc.SimpleGrid(
                [
                    _stat(i18n.t("kpi_n", lang), i18n.fmt_count(score["n"], lang), "ctr-n"),
                    _stat(
                        i18n.t("kpi_mean", lang),
                        i18n.fmt_mean(score["mean"], lang),
                        "ctr-mean",
                        f"{i18n.t('col_ci', lang)}: {i18n.fmt_mean(score['ci_low'], lang)} – {i18n.fmt_mean(score['ci_high'], lang)}",
                    ),
                    _stat(
                        i18n.t("kpi_satisfied", lang), i18n.fmt_share(score["satisfied_share"], lang), "ctr-satisfied"
                    ),
                ],
                cols={"base": 1, "sm": 3},
            ),
            dmc.SimpleGrid(
                [
                    center_programme.index_card(v.index, v.quarter.key, lang),
                    center_programme.plans_card(v.plans, v.plan_axes, lang),
                ],
                cols={"base": 1, "md": 2},
            ),
            dmc.SimpleGrid(
                [
                    dcc.Graph(
                        figure=charts.trend(profile["trend"], lang, span=v.span),
                        config=quiet,
                    ),
                    dcc.Graph(
                        figure=figures.criteria_bars(
                            profile["criteria"],
                            title=i18n.t("criteria", lang),
                            rtl=rtl,
                            labels=crit,
                            empty=i18n.t("no_ratings_here", lang),
                        ),
                        config=quiet,
                    ),
                    dcc.Graph(
                        figure=charts.distribution(profile["distribution"], lang),
                        config=quiet,
                    ),
                ],
                cols={"base": 1, "lg": 3},
            ),
            dmc.Group(
                [
                    dmc.Title(i18n.t("recent_comments", lang), order=4),
                    dcc.Link(
                        i18n.t("all_comments", lang),
                        id="ctr-all-comments",
                        href=f"/comments?{urlencode({'lang': lang, 'center': c['id']})}&{v.period_search}",
                    ),
                ]
            ),
            dmc.Stack(comments or [dmc.Text(i18n.t("no_comments", lang), c="dimmed")], gap="xs", id="ctr-comments"),
        ],
        gap="md",
    )


def register(app: Dash, res: Resources) -> None:
    @app.callback(output=OUT, inputs={"state": Input(STATE, "data"), "period": Input(PERIOD, "value")})
    def render(state, period):
        if picking_end_date(period):
            return no_update
        state = state_of(state)
        lang = lang_of(state.get("lang"))
        center_id = whole_number(state.get("center"))
        if center_id is None:
            return answer(OUT, body=None, alert=i18n.t("no_center", lang), alert_hide=False)
        period = period_of(period)
        try:
            ctx = context.for_request(res)
            v = view.build(ctx, center_id=center_id, period=period, lang=lang)
            if v is None:  # unknown and out-of-scope centers look the same
                return answer(OUT, body=None, alert=i18n.t("no_center", lang), alert_hide=False)
            record(ctx, "view", "center", {"center": str(center_id), "from": period[0], "to": period[1]})
        except params.BadRequest as exc:
            return answer(OUT, alert=str(exc), alert_hide=False)
        except (SQLAlchemyError, DatabaseUnavailable):
            log.exception("center profile failed")
            return answer(OUT, alert=i18n.t("db_error", lang), alert_hide=False)
        return answer(
            OUT,
            body=body(v, lang),
            alert=None,
            alert_hide=True,
            url=v.search,
            **{f"file_{fmt}": href for fmt, href in v.files.items()},
        )

    url_sync.register(app, URL)
