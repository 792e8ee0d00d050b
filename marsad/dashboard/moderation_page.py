"""Moderation for officials, within their jurisdiction: citizens' comments waiting for review (approve or
hide) and proposed centers (approve: the center goes on the map; or reject)."""

from __future__ import annotations

import logging

import dash_mantine_components as dmc
from dash import ALL, Dash, Input, Output, State, ctx, dcc, html, no_update
from sqlalchemy.exc import SQLAlchemyError

from marsad import badges, context, i18n
from marsad.context import Context, Resources
from marsad.dashboard.inputs import lang_of
from marsad.dashboard.page_header import header
from marsad.dashboard.views import moderation as view
from marsad.db.engines import DatabaseUnavailable

log = logging.getLogger(__name__)
LANG, COMMENTS, PROPOSALS, NOTE, REFRESH = "mod-lang", "mod-comments", "mod-proposals", "mod-note", "mod-refresh"
DECIDE_COMMENT, DECIDE_PROPOSAL = "mod-comment", "mod-proposal"  # pattern-matching types


def layout(ctx: Context, lang: str = "ar", **_query):
    lang = lang_of(lang, ctx.settings.default_lang)
    return html.Div(
        [
            dcc.Store(id=LANG, data=lang),
            dcc.Store(id=REFRESH, data=0),
            header("moderation_title", lang),
            dmc.Alert(id=NOTE, color="blue", variant="light", hide=True, mx="md"),
            dmc.Title(i18n.t("mod_pending_comments", lang), order=4, px="md"),
            dmc.Stack(id=COMMENTS, gap="xs", p="md"),
            dmc.Title(i18n.t("mod_proposals", lang), order=4, px="md"),
            dmc.Stack(id=PROPOSALS, gap="xs", p="md"),
        ],
        lang=lang,
        dir="rtl" if lang == "ar" else "ltr",
    )


def _comment(row: dict, lang: str):
    return dmc.Paper(
        [
            dmc.Group(
                [
                    badges.score(row["overall"], lang),
                    dcc.Link(
                        i18n.name({"name_ar": row["center_name_ar"], "name_en": row["center_name_en"]}, lang),
                        href=f"/center/{row['center_id']}?lang={lang}",
                    ),
                    html.Span(i18n.fmt_day(row["submitted_at"], lang), className="marsad-date"),
                ]
            ),
            html.P(row["comment"], dir="auto", className="marsad-comment"),
            dmc.Group(
                [
                    dmc.Button(
                        i18n.t("mod_approve", lang),
                        color="green",
                        size="xs",
                        id={"type": DECIDE_COMMENT, "id": row["id"], "do": "approved"},
                    ),
                    dmc.Button(
                        i18n.t("mod_hide", lang),
                        color="red",
                        variant="light",
                        size="xs",
                        id={"type": DECIDE_COMMENT, "id": row["id"], "do": "hidden"},
                    ),
                ]
            ),
        ],
        p="sm",
        withBorder=True,
        className="mod-comment",
        **{"data-id": str(row["id"])},
    )


def _proposal(row: dict, lang: str, sectors: dict, index: dict):
    where = " › ".join(
        i18n.name(index[c], lang)
        for c in (row["region_code"], row["governorate_code"], row["locality_code"])
        if c in index
    )
    return dmc.Paper(
        [
            html.Div(row["name"], dir="auto", style={"fontWeight": 600}),
            dmc.Text(
                f"{sectors.get(row['sector_code'], row['sector_code'])}{i18n.sep(lang)}{where}", size="sm", c="dimmed"
            ),
            html.Span(f"{row['lat']:.5f}, {row['lon']:.5f}", className="marsad-date", dir="ltr"),
            dmc.Group(
                [
                    dmc.Button(
                        i18n.t("mod_approve", lang),
                        color="green",
                        size="xs",
                        id={"type": DECIDE_PROPOSAL, "id": row["id"], "do": "approve"},
                    ),
                    dmc.Button(
                        i18n.t("mod_reject", lang),
                        color="red",
                        variant="light",
                        size="xs",
                        id={"type": DECIDE_PROPOSAL, "id": row["id"], "do": "reject"},
                    ),
                ]
            ),
        ],
        p="sm",
        withBorder=True,
        className="mod-proposal",
        **{"data-id": str(row["id"])},
    )


def register(app: Dash, res: Resources) -> None:
    @app.callback(
        Output(COMMENTS, "children"), Output(PROPOSALS, "children"), Input(LANG, "data"), Input(REFRESH, "data")
    )
    def fill(lang, _refresh):
        lang = lang_of(lang)
        try:
            q = view.queue(context.for_request(res), lang=lang)
        except (SQLAlchemyError, DatabaseUnavailable):
            log.exception("moderation queue failed")
            return dmc.Alert(i18n.t("db_error", lang), color="red"), None
        empty = dmc.Text(i18n.t("mod_empty", lang), c="dimmed")
        return (
            [_comment(r, lang) for r in q.comments] or [empty],
            [_proposal(r, lang, q.sector_names, q.area_index) for r in q.proposals] or [empty],
        )

    @app.callback(
        Output(NOTE, "children"),
        Output(NOTE, "hide"),
        Output(REFRESH, "data"),
        Input({"type": DECIDE_COMMENT, "id": ALL, "do": ALL}, "n_clicks"),
        Input({"type": DECIDE_PROPOSAL, "id": ALL, "do": ALL}, "n_clicks"),
        State(LANG, "data"),
        State(REFRESH, "data"),
        prevent_initial_call=True,
    )
    def decide(_c, _p, lang, refresh):
        lang = lang_of(lang)
        trigger = ctx.triggered_id
        if not isinstance(trigger, dict) or not (ctx.triggered and ctx.triggered[0]["value"]):
            return no_update, no_update, no_update
        kind = {DECIDE_COMMENT: "comment", DECIDE_PROPOSAL: "proposal"}.get(str(trigger.get("type")))
        if kind is None or not isinstance(trigger.get("id"), int) or not isinstance(trigger.get("do"), str):
            return no_update, no_update, no_update
        try:
            done = view.decide(context.for_request(res), kind=kind, item_id=trigger["id"], decision=trigger["do"])
        except (SQLAlchemyError, DatabaseUnavailable):
            log.exception("moderation failed")
            return i18n.t("db_error", lang), False, no_update
        if done is None:
            return no_update, no_update, no_update
        return (i18n.t("mod_done" if done else "mod_gone", lang), False, (refresh or 0) + 1)
