"""Moderation for officials, within their jurisdiction: citizens' comments waiting for review (how many, by sector
and score; approve or hide one, or the ticked ones at once; undo within a minute) and proposed centers (approve:
the center goes on the map; or reject)."""

from __future__ import annotations

import logging

import dash_mantine_components as dmc
from dash import ALL, Dash, Input, Output, State, ctx, dcc, html, no_update
from sqlalchemy.exc import SQLAlchemyError

from marsad import badges, context, i18n
from marsad.context import Context, Resources
from marsad.dashboard import offered
from marsad.dashboard.inputs import lang_of, next_count
from marsad.dashboard.page_header import header
from marsad.dashboard.views import moderation as view
from marsad.db.engines import DatabaseUnavailable

log = logging.getLogger(__name__)
LANG, COMMENTS, PROPOSALS, NOTE, REFRESH = "mod-lang", "mod-comments", "mod-proposals", "mod-note", "mod-refresh"
SECTOR, BAND, COUNT, APPROVE_ALL, HIDE_ALL = (
    "mod-sector",
    "mod-band",
    "mod-count",
    "mod-approve-picked",
    "mod-hide-picked",
)
UNDO, UNDO_TOKEN, NOTE_BOX = "mod-undo", "mod-undo-token", "mod-note-box"
DECIDE_COMMENT, DECIDE_PROPOSAL, PICK = "mod-comment", "mod-proposal", "mod-pick"  # pattern-matching types


def layout(ctx: Context, lang: str = "ar", **_query):
    lang = lang_of(lang, ctx.settings.default_lang)
    sectors = [{"value": "", "label": i18n.t("all_sectors", lang)}] + [
        {"value": x["code"], "label": i18n.name(x, lang)} for x in offered.catalog(ctx)["sectors"]
    ]
    bands = [{"value": "", "label": i18n.t("mod_all_scores", lang)}] + [
        {"value": b, "label": i18n.t(f"mod_band_{b}", lang)} for b in ("low", "middle", "high")
    ]
    return html.Div(
        [
            dcc.Store(id=LANG, data=lang),
            dcc.Store(id=REFRESH, data=0),
            dcc.Store(id=UNDO_TOKEN),
            header("moderation_title", lang),
            dmc.Alert(
                dmc.Group(
                    [
                        html.Span(id=NOTE),
                        dmc.Button(i18n.t("mod_undo", lang), id=UNDO, size="xs", variant="light", display="none"),
                    ]
                ),
                id=NOTE_BOX,
                color="blue",
                variant="light",
                hide=True,
                mx="md",
            ),
            dmc.Title(i18n.t("mod_pending_comments", lang), order=4, px="md"),
            dmc.Group(
                [
                    dmc.Select(id=SECTOR, label=i18n.t("sector", lang), data=sectors, value="", allowDeselect=False),
                    dmc.SegmentedControl(id=BAND, data=bands, value=""),
                    dmc.Button(i18n.t("mod_approve_picked", lang), id=APPROVE_ALL, color="green", size="xs"),
                    dmc.Button(i18n.t("mod_hide_picked", lang), id=HIDE_ALL, color="red", variant="light", size="xs"),
                ],
                align="flex-end",
                px="md",
            ),
            dmc.Text(id=COUNT, px="md", pt="xs", size="sm"),
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
                    dmc.Checkbox(id={"type": PICK, "id": row["id"]}, **{"aria-label": i18n.t("mod_pick", lang)}),
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
        Output(COMMENTS, "children"),
        Output(PROPOSALS, "children"),
        Output(COUNT, "children"),
        Input(LANG, "data"),
        Input(REFRESH, "data"),
        Input(SECTOR, "value"),
        Input(BAND, "value"),
    )
    def fill(lang, _refresh, sector, band):
        lang = lang_of(lang)
        try:
            q = view.queue(context.for_request(res), lang=lang, sector=sector or None, band=band or None)
        except (SQLAlchemyError, DatabaseUnavailable):
            log.exception("moderation queue failed")
            return dmc.Alert(i18n.t("db_error", lang), color="red"), None, None
        empty = dmc.Text(i18n.t("mod_empty", lang), c="dimmed")
        count = i18n.t(
            "mod_waiting", lang, n=i18n.fmt_count(q.waiting, lang), shown=i18n.fmt_count(len(q.comments), lang)
        )
        return (
            [_comment(r, lang) for r in q.comments] or [empty],
            [_proposal(r, lang, q.sector_names, q.area_index) for r in q.proposals] or [empty],
            count,
        )

    @app.callback(
        Output(NOTE, "children"),
        Output(NOTE_BOX, "hide"),
        Output(REFRESH, "data"),
        Output(UNDO_TOKEN, "data"),
        Output(UNDO, "display"),
        Input({"type": DECIDE_COMMENT, "id": ALL, "do": ALL}, "n_clicks"),
        Input({"type": DECIDE_PROPOSAL, "id": ALL, "do": ALL}, "n_clicks"),
        Input(APPROVE_ALL, "n_clicks"),
        Input(HIDE_ALL, "n_clicks"),
        Input(UNDO, "n_clicks"),
        State({"type": PICK, "id": ALL}, "checked"),
        State({"type": PICK, "id": ALL}, "id"),
        State(UNDO_TOKEN, "data"),
        State(LANG, "data"),
        State(REFRESH, "data"),
        prevent_initial_call=True,
    )
    def decide(_c, _p, _a, _h, _u, picked, pick_ids, token, lang, refresh):
        lang = lang_of(lang)
        trigger = ctx.triggered_id
        if trigger is None or not (ctx.triggered and ctx.triggered[0]["value"]):
            return no_update, no_update, no_update, no_update, no_update
        pairs = zip(pick_ids, picked) if isinstance(pick_ids, list) and isinstance(picked, list) else []
        chosen = [p.get("id") for p, on in pairs if on is True and isinstance(p, dict)]
        try:
            said, new_token = _act(context.for_request(res), trigger, chosen, token)
        except (SQLAlchemyError, DatabaseUnavailable):
            log.exception("moderation failed")
            return i18n.t("db_error", lang), False, no_update, None, "none"
        if said is None:
            return no_update, no_update, no_update, no_update, no_update
        count = next_count(refresh)
        key, n = said
        shown = "inline-block" if new_token else "none"
        return i18n.t(key, lang, n=i18n.fmt_count(n, lang)), False, count, new_token, shown


def _ids(values) -> list[int]:
    return [v for v in values if isinstance(v, int) and not isinstance(v, bool) and 0 < v < 2**63]


def _act(request: Context, trigger, chosen: list, token) -> tuple[tuple[str, int] | None, str | None]:
    """What a click does: ((message key, how many), a new undo token or None); None for a click that is no
    decision."""
    if trigger == UNDO:
        back = view.undo(request, token) if isinstance(token, str) and len(token) < 4000 else None
        return (("mod_undone", len(back)) if back is not None else ("mod_undo_late", 0)), None
    if trigger in (APPROVE_ALL, HIDE_ALL):
        ids = _ids(chosen)
        if not ids:
            return ("mod_pick_first", 0), None
        done, new = view.decide_comments(request, ids=ids, decision="approved" if trigger == APPROVE_ALL else "hidden")
        return ("mod_decided", len(done)), new
    if not isinstance(trigger, dict) or not _ids([trigger.get("id")]) or not isinstance(trigger.get("do"), str):
        return None, None
    if trigger.get("type") == DECIDE_COMMENT:
        done, new = view.decide_comments(request, ids=[trigger["id"]], decision=trigger["do"])
        return ("mod_decided" if done else "mod_gone", len(done)), new
    if trigger.get("type") == DECIDE_PROPOSAL:
        decided = view.decide_proposal(request, item_id=trigger["id"], decision=trigger["do"])
        return (None if decided is None else ("mod_done" if decided else "mod_gone", 1)), None
    return None, None
