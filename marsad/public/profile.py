"""A center's public profile: aggregates and approved comments only, nothing under the public minimum."""

from __future__ import annotations

import dash_mantine_components as dmc
from dash import dcc, html

from marsad import badges, i18n, params
from marsad.analytics import profiles, public
from marsad.context import Context
from marsad.layers import figures
from marsad.queries.rollups import CRITERIA


def layout(pub: Context, lang: str, center_id: str):
    number = params.whole_number(center_id)
    if number is None:
        return dmc.Alert(i18n.t("pub_no_center", lang), color="red", id="pub-alert")
    period = public.public_periods(params.today_riyadh())[0]  # the last four complete quarters
    p = profiles.public_profile(pub, period=period, center_id=number)
    if p is None:
        return dmc.Alert(i18n.t("pub_no_center", lang), color="red", id="pub-alert")
    c = p["center"]
    sector = next((s for s in pub.ref.catalog()["sectors"] if s["code"] == c["sector_code"]), None)
    rtl = lang == "ar"
    if p["published"]:
        s = p["score"]
        summary = dmc.Group(
            [
                html.Div(i18n.fmt_mean(s["mean"], lang), className="kpi-value", id="pub-mean"),
                dmc.Text(i18n.t("pub_ratings", lang, n=i18n.fmt_count(s["n"], lang)), id="pub-n"),
                dmc.Text(f"{i18n.t('kpi_satisfied', lang)}: {i18n.fmt_share(s['satisfied_share'], lang)}", size="sm"),
            ]
        )
        charts = dmc.SimpleGrid(
            [
                dcc.Graph(
                    figure=figures.criteria_bars(
                        p["criteria"],
                        title=i18n.t("criteria", lang),
                        rtl=rtl,
                        labels=[(k, i18n.t(f"crit_{k}", lang)) for k in CRITERIA],
                    ),
                    config={"displayModeBar": False},
                ),
                dcc.Graph(
                    figure=figures.distribution(
                        p["distribution"],
                        title=i18n.t("distribution", lang),
                        rtl=rtl,
                        hover=i18n.t("count_hover", lang),
                    ),
                    config={"displayModeBar": False},
                ),
            ],
            cols={"base": 1, "md": 2},
        )
    else:
        summary = dmc.Text(i18n.t("pub_too_few_long", lang, m=i18n.fmt_count(p["min_ratings"], lang)), id="pub-n")
        charts = None
    comments = [
        dmc.Paper(
            [
                dmc.Group(
                    [
                        badges.score(x["overall"], lang),
                        html.Span(i18n.fmt_text_digits(x["submitted_on"], lang), className="marsad-date"),
                    ]
                ),
                html.P(x["comment"], dir="auto", className="marsad-comment"),
            ],
            p="xs",
            withBorder=True,
            className="pub-comment",
        )
        for x in p["comments"]
    ]
    return dmc.Stack(
        [
            dmc.Title(i18n.name(c, lang), order=3, id="pub-center-name"),
            dmc.Text(i18n.name(sector, lang) if sector else c["sector_code"], c="dimmed"),
            dmc.Group([dmc.Badge(i18n.name(s, lang), variant="light") for s in p["services"]], gap="xs"),
            summary,
            dcc.Link(
                dmc.Button(i18n.t("pub_rate_this", lang)),
                href=f"/public/rate?center={c['id']}&lang={lang}",
                id="pub-rate-link",
            ),
            charts,
            dmc.Title(i18n.t("recent_comments", lang), order=4),
            dmc.Stack(comments or [dmc.Text(i18n.t("no_comments", lang), c="dimmed")], gap="xs"),
        ],
        gap="sm",
    )
