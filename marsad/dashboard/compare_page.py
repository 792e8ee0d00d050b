"""Sector comparison and rankings for the official's jurisdiction (or an area in it): sector scores with
intervals, criteria heatmap, sector trend lines, top and bottom centers, child areas ranked, and a
side-by-side comparison of 2–4 sectors or centers (see side_by_side.py). The numbers: views/compare.py."""

from __future__ import annotations

import logging
from typing import Any

import dash_mantine_components as dmc
from dash import Dash, Input, Output, dcc, html, no_update
from sqlalchemy.exc import SQLAlchemyError

from marsad import context, i18n, params
from marsad.audit_trail import record
from marsad.context import Context, Resources
from marsad.dashboard import dates, file_links, side_by_side, table_builders
from marsad.dashboard.ids import CMP_PERIOD as PERIOD
from marsad.dashboard.ids import CMP_SOURCE as SOURCE
from marsad.dashboard.ids import CMP_STATE as STATE
from marsad.dashboard.inputs import answer, lang_of, period_of, picking_end_date, state_of
from marsad.dashboard.views import compare as view
from marsad.db.engines import DatabaseUnavailable
from marsad.queries.filters import SOURCES
from marsad.scores import ranking

log = logging.getLogger(__name__)
MIN_N = "cmp-min"
FILES = ("sectors_csv", "sectors_xlsx", "rankings_csv", "rankings_xlsx")  # the download menu (API files)
OUT = {
    "scores": Output("cmp-scores", "figure"),
    "heatmap": Output("cmp-heatmap", "figure"),
    "trends": Output("cmp-trends", "figure"),
    "top": Output("cmp-top", "children"),
    "bottom": Output("cmp-bottom", "children"),
    "areas": Output("cmp-areas", "children"),
    "note": Output("cmp-note", "children"),
    "alert": Output("cmp-alert", "children"),
    "alert_hide": Output("cmp-alert", "hide"),
    "url": Output("cmp-url", "data"),
    **{f"file_{name}": Output(f"cmp-file-{name}", "href") for name in FILES},
}


def layout(ctx: Context, lang: str = "ar", **query):
    lang = lang_of(lang, ctx.settings.default_lang)
    period = params.period_of(query, params.today_riyadh())
    source = query.get("source") if query.get("source") in SOURCES else ""
    min_n = str(view.min_ratings_of(query.get("min_ratings")))
    quiet: dcc.Graph.Config = {"displayModeBar": False}  # the graphs show no toolbar
    return html.Div(
        [
            dcc.Store(id=STATE, data={"lang": lang, "area": query.get("area")}),
            dcc.Store(id="cmp-url"),
            dmc.Group(
                [
                    dmc.Title(i18n.t("compare_title", lang), order=3, id="cmp-title"),
                    dmc.Group(
                        [
                            file_links.menu(
                                "cmp-files",
                                lang,
                                [(f"cmp-file-{name}", i18n.t(f"dl_{name}", lang), "#") for name in FILES],
                            ),
                            dcc.Link(
                                i18n.t("comments_link", lang), href=f"/comments?lang={lang}", id="cmp-comments-link"
                            ),
                            dcc.Link(i18n.t("back_to_map", lang), href=f"/?lang={lang}"),
                        ]
                    ),
                ],
                justify="space-between",
                p="md",
            ),
            dmc.Group(
                [
                    dates.period_picker(PERIOD, lang, period, w=260),
                    dmc.Select(
                        id=SOURCE,
                        label=i18n.t("source", lang),
                        value=source,
                        allowDeselect=False,
                        w=200,
                        data=[{"value": "", "label": i18n.t("all_sources", lang)}]
                        + [{"value": s, "label": i18n.t(f"src_{s}", lang)} for s in SOURCES],
                    ),
                    dmc.Select(
                        id=MIN_N,
                        label=i18n.t("min_ratings", lang),
                        value=min_n,
                        allowDeselect=False,
                        w=200,
                        data=["5", "10", "20", "50", "100"],
                    ),
                ],
                px="md",
                align="end",
            ),
            dmc.Alert(id="cmp-alert", color="red", variant="light", hide=True, m="md"),
            dmc.Text(ranking.METHOD[lang], size="sm", c="dimmed", px="md", id="cmp-method"),
            dmc.SimpleGrid(
                [dcc.Graph(id="cmp-scores", config=quiet), dcc.Graph(id="cmp-heatmap", config=quiet)],
                cols={"base": 1, "lg": 2},
                p="md",
            ),
            html.Div(dcc.Graph(id="cmp-trends", config=quiet), style={"padding": "0 16px"}),
            dmc.SimpleGrid([html.Div(id="cmp-top"), html.Div(id="cmp-bottom")], cols={"base": 1, "lg": 2}, px="md"),
            dmc.Text(id="cmp-note", size="sm", c="dimmed", p="md"),
            html.Div(id="cmp-areas", style={"padding": "0 16px"}),
            side_by_side.section(lang, query),
        ],
        lang=lang,
        dir="rtl" if lang == "ar" else "ltr",
    )


def _tables(v: view.CompareView, lang: str) -> dict:
    table: dict[str, Any] = dict(
        lang=lang,
        name_label=i18n.t("col_center", lang),
        sector_label=lambda r: v.sector_names.get(r["sector_code"], r["sector_code"]),
        href=lambda r: f"/center/{r['id']}?lang={lang}",
    )
    areas = (
        None
        if v.areas is None
        else table_builders.ranking(
            v.areas, title=v.areas_title, lang=lang, test_id="cmp-area-table", name_label=i18n.t("col_area", lang)
        )
    )
    return {
        "top": table_builders.ranking(
            v.top,
            title=i18n.t("top_centers", lang),
            test_id="cmp-top-table",
            empty=i18n.t("no_ratings_here", lang),
            **table,
        ),
        "bottom": table_builders.ranking(
            v.bottom,
            title=i18n.t("bottom_centers", lang),
            test_id="cmp-bottom-table",
            empty=i18n.t("bottom_in_top", lang, n=i18n.fmt_count(len(v.top), lang)),
            **table,
        ),
        "areas": areas,
    }


def register(app: Dash, res: Resources) -> None:
    side_by_side.register(app, res)

    @app.callback(
        output=OUT,
        inputs={
            "state": Input(STATE, "data"),
            "period": Input(PERIOD, "value"),
            "source": Input(SOURCE, "value"),
            "min_n": Input(MIN_N, "value"),
        },
    )
    def render(state, period, source, min_n):
        if picking_end_date(period):
            return no_update
        state = state_of(state)
        lang = lang_of(state.get("lang"))
        try:
            ctx = context.for_request(res)
            sel = view.select(ctx, lang=lang, area_code=state.get("area"), period=period_of(period), source=source)
            min_ratings = view.min_ratings_of(min_n)
            record(
                ctx,
                "view",
                "compare",
                {k: v for k, v in {**sel.query, "area": sel.area and sel.area["code"]}.items() if v},
            )
            v = view.build(ctx, sel, min_ratings=min_ratings, source=source)
        except params.BadRequest as exc:
            return answer(OUT, alert=str(exc), alert_hide=False)
        except (SQLAlchemyError, DatabaseUnavailable):
            log.exception("compare render failed")
            return answer(OUT, alert=i18n.t("db_error", lang), alert_hide=False)
        return answer(
            OUT,
            scores=v.scores_fig,
            heatmap=v.heatmap_fig,
            trends=v.trends_fig,
            **_tables(v, lang),
            note=v.note,
            alert=None,
            alert_hide=True,
            url=v.search,
            **{f"file_{name}": v.files[name] for name in FILES},
        )

    # the address bar: the page's view plus the side-by-side choice
    app.clientside_callback(
        """function(search, kind, picked) {
            if (!search) { return; }
            var q = new URLSearchParams(search);
            if (picked && picked.length) { q.set("pick_kind", kind); q.set("pick", picked.join(",")); }
            var s = "?" + q.toString();
            if (window.location.search !== s) { window.history.replaceState(null, "", window.location.pathname + s); }
        }""",
        Input("cmp-url", "data"),
        Input(side_by_side.KIND, "value"),
        Input(side_by_side.PICK, "value"),
        prevent_initial_call=True,
    )
