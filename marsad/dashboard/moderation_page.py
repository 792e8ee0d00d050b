"""Moderation for officials, within their jurisdiction: citizens' comments waiting for review (approve or
hide) and proposed centers (approve: the center goes on the map; or reject)."""

from __future__ import annotations

import logging

import dash_mantine_components as dmc
from dash import ALL, Dash, Input, Output, State, ctx, dcc, html, no_update
from sqlalchemy.exc import SQLAlchemyError

from marsad import services
from marsad.dashboard import i18n
from marsad.queries import moderation
from marsad.db.engines import DatabaseUnavailable
from marsad.services import Services
from marsad.session import current_official, current_scope

log = logging.getLogger(__name__)
LANG, COMMENTS, PROPOSALS, NOTE, REFRESH = "mod-lang", "mod-comments", "mod-proposals", "mod-note", "mod-refresh"
DECIDE_COMMENT, DECIDE_PROPOSAL = "mod-comment", "mod-proposal"  # pattern-matching types


def layout(lang: str = "ar", **_query):
    lang = lang if lang in i18n.LANGS else services.current().settings.default_lang
    return html.Div([
        dcc.Store(id=LANG, data=lang), dcc.Store(id=REFRESH, data=0),
        dmc.Group([dmc.Title(i18n.t("moderation_title", lang), order=3),
                   dcc.Link(i18n.t("back_to_map", lang), href=f"/?lang={lang}")], justify="space-between", p="md"),
        dmc.Alert(id=NOTE, color="blue", variant="light", hide=True, mx="md"),
        dmc.Title(i18n.t("mod_pending_comments", lang), order=4, px="md"),
        dmc.Stack(id=COMMENTS, gap="xs", p="md"),
        dmc.Title(i18n.t("mod_proposals", lang), order=4, px="md"),
        dmc.Stack(id=PROPOSALS, gap="xs", p="md"),
    ], lang=lang, dir="rtl" if lang == "ar" else "ltr")


def _comment(row: dict, lang: str):
    return dmc.Paper([
        dmc.Group([dmc.Badge(f"{i18n.fmt_count(row['overall'], lang)} / {i18n.fmt_count(5, lang)}"),
                   dcc.Link(i18n.name({"name_ar": row["center_name_ar"], "name_en": row["center_name_en"]}, lang),
                            href=f"/center/{row['center_id']}?lang={lang}"),
                   html.Span(i18n.fmt_day(row["submitted_at"], lang), className="marsad-date")]),
        html.P(row["comment"], dir="auto", className="marsad-comment"),
        dmc.Group([dmc.Button(i18n.t("mod_approve", lang), color="green", size="xs",
                              id={"type": DECIDE_COMMENT, "id": row["id"], "do": "approved"}),
                   dmc.Button(i18n.t("mod_hide", lang), color="red", variant="light", size="xs",
                              id={"type": DECIDE_COMMENT, "id": row["id"], "do": "hidden"})]),
    ], p="sm", withBorder=True, className="mod-comment", **{"data-id": str(row["id"])})


def _proposal(row: dict, lang: str, sectors: dict, index: dict):
    where = " › ".join(i18n.name(index[c], lang) for c in (row["region_code"], row["governorate_code"],
                                                            row["locality_code"]) if c in index)
    return dmc.Paper([
        html.Div(row["name"], dir="auto", style={"fontWeight": 600}),
        dmc.Text(f"{sectors.get(row['sector_code'], row['sector_code'])} · {where}", size="sm", c="dimmed"),
        html.Span(f"{row['lat']:.5f}, {row['lon']:.5f}", className="marsad-date", dir="ltr"),
        dmc.Group([dmc.Button(i18n.t("mod_approve", lang), color="green", size="xs",
                              id={"type": DECIDE_PROPOSAL, "id": row["id"], "do": "approve"}),
                   dmc.Button(i18n.t("mod_reject", lang), color="red", variant="light", size="xs",
                              id={"type": DECIDE_PROPOSAL, "id": row["id"], "do": "reject"})]),
    ], p="sm", withBorder=True, className="mod-proposal", **{"data-id": str(row["id"])})


def register(app: Dash, svc: Services) -> None:
    @app.callback(Output(COMMENTS, "children"), Output(PROPOSALS, "children"), Input(LANG, "data"),
                  Input(REFRESH, "data"))
    def fill(lang, _refresh):
        lang = lang if lang in i18n.LANGS else "ar"
        try:
            scope = current_scope()
            comments = moderation.pending_comments(svc.engine, scope=scope, limit=50)
            proposals = moderation.proposals(svc.engine, scope=scope) if scope.centers is None else []
        except (SQLAlchemyError, DatabaseUnavailable):
            log.exception("moderation queue failed")
            return dmc.Alert(i18n.t("db_error", lang), color="red"), None
        sectors = {s["code"]: i18n.name(s, lang) for s in svc.catalog()["sectors"]}
        empty = dmc.Text(i18n.t("mod_empty", lang), c="dimmed")
        return ([_comment(r, lang) for r in comments] or [empty],
                [_proposal(r, lang, sectors, svc.area_index()) for r in proposals] or [empty])

    @app.callback(
        Output(NOTE, "children"), Output(NOTE, "hide"), Output(REFRESH, "data"),
        Input({"type": DECIDE_COMMENT, "id": ALL, "do": ALL}, "n_clicks"),
        Input({"type": DECIDE_PROPOSAL, "id": ALL, "do": ALL}, "n_clicks"),
        State(LANG, "data"), State(REFRESH, "data"), prevent_initial_call=True,
    )
    def decide(_c, _p, lang, refresh):
        lang = lang if lang in i18n.LANGS else "ar"
        trigger = ctx.triggered_id
        if not isinstance(trigger, dict) or not (ctx.triggered and ctx.triggered[0]["value"]):
            return no_update, no_update, no_update
        if not isinstance(trigger.get("id"), int):
            return no_update, no_update, no_update
        try:
            scope = current_scope()
            if trigger.get("type") == DECIDE_COMMENT and trigger.get("do") in moderation.COMMENT_STATUSES:
                done = moderation.set_comment_status(svc.engine, scope=scope, rating_id=trigger["id"],
                                                     status=trigger["do"])
                svc.audit("moderate", "comment", {"id": trigger["id"], "status": trigger["do"]})
            elif trigger.get("type") == DECIDE_PROPOSAL and trigger.get("do") in ("approve", "reject") \
                    and scope.centers is None:
                done = moderation.decide_proposal(svc.engine, scope=scope, proposal_id=trigger["id"],
                                                  approve=trigger["do"] == "approve",
                                                  decided_by=current_official().username) is not None
                svc.audit("moderate", "proposal", {"id": trigger["id"], "decision": trigger["do"]})
            else:
                return no_update, no_update, no_update
        except (SQLAlchemyError, DatabaseUnavailable):
            log.exception("moderation failed")
            return i18n.t("db_error", lang), False, no_update
        if done:
            svc.bump_data_version()
        return (i18n.t("mod_done" if done else "mod_gone", lang), False, (refresh or 0) + 1)
