"""The alerts page: the open alerts of the official's jurisdiction (a center or an area falling, an axis at or below
the threshold, a surge of comments about one problem, a plan overdue or late), each acknowledged with a note or
resolved here. Rows come by callback (no data in a layout)."""

from __future__ import annotations

import logging

import dash_mantine_components as dmc
from dash import ALL, Dash, Input, Output, State, dcc, html, no_update
from sqlalchemy.exc import SQLAlchemyError

from marsad import context, i18n
from marsad.alerts import text
from marsad.audit_trail import record
from marsad.context import Context, Resources
from marsad.dashboard.inputs import clicked_item, lang_of, next_count
from marsad.dashboard.page_header import header
from marsad.db.engines import DatabaseUnavailable
from marsad.queries import alerts

log = logging.getLogger(__name__)
LANG, TABLE, REFRESH, NOTE, DONE = "al-lang", "al-table", "al-refresh", "al-note", "al-done"
DO = "al-do"  # pattern-matching type: {"type": DO, "id": alert id, "do": acknowledged | resolved}


def layout(ctx: Context, lang: str = "ar", **_query):
    lang = lang_of(lang, ctx.settings.default_lang)
    return html.Div(
        [
            dcc.Store(id=LANG, data=lang),
            dcc.Store(id=REFRESH, data=0),
            header("alerts_title", lang),
            dmc.TextInput(id=NOTE, label=i18n.t("alert_note", lang), maw=520, mx="md"),
            dmc.Alert(id=DONE, color="blue", variant="light", hide=True, mx="md", mt="sm"),
            html.Div(id=TABLE, style={"padding": "8px 16px"}),
        ],
        lang=lang,
        dir="rtl" if lang == "ar" else "ltr",
    )


def table(rows: list[dict], lang: str):
    if not rows:
        return dmc.Text(i18n.t("alerts_none", lang), c="dimmed", id="al-rows")
    body = []
    for r in rows:
        buttons = [
            dmc.Button(
                i18n.t(f"alert_do_{do}", lang),
                id={"type": DO, "id": r["id"], "do": do},
                size="xs",
                variant="light",
                color="blue" if do == "acknowledged" else "green",
            )
            for do in ("acknowledged", "resolved")
            if r["status"] != do
        ]
        body.append(
            html.Tr(
                [
                    html.Td(i18n.fmt_text_digits(r["day"].isoformat(), lang), dir="ltr"),
                    html.Td(dcc.Link(text.place(r, lang), href=text.link(r, lang))),
                    html.Td(text.describe(r, lang), dir="auto"),
                    html.Td(dmc.Badge(i18n.t("alert_" + r["status"], lang))),
                    html.Td(r["note"] or "", dir="auto"),
                    html.Td(dmc.Group(buttons, gap="xs")),
                ],
                id=f"al-row-{r['id']}",
            )
        )
    return dmc.Table([html.Tbody(body)], striped=True, highlightOnHover=True, id="al-rows")


def register(app: Dash, res: Resources) -> None:
    @app.callback(Output(TABLE, "children"), Input(LANG, "data"), Input(REFRESH, "data"))
    def fill(lang, _refresh):
        lang = lang_of(lang)
        request = context.for_request(res)
        try:
            rows = alerts.listed(request.engine, scope=request.scope, status="open", limit=500)
        except (SQLAlchemyError, DatabaseUnavailable):
            log.exception("listing alerts failed")
            return dmc.Alert(i18n.t("db_error", lang), color="red")
        return table(rows, lang)

    @app.callback(
        Output(REFRESH, "data"),
        Output(DONE, "children"),
        Output(DONE, "hide"),
        Input({"type": DO, "id": ALL, "do": ALL}, "n_clicks"),
        State(NOTE, "value"),
        State(LANG, "data"),
        State(REFRESH, "data"),
        prevent_initial_call=True,
    )
    def handle(clicks, note, lang, refresh):
        lang = lang_of(lang)
        trigger = clicked_item()
        if trigger is None:
            return no_update, no_update, no_update
        alert_id, do = trigger.get("id"), trigger.get("do")
        if not isinstance(alert_id, int) or isinstance(alert_id, bool) or do not in ("acknowledged", "resolved"):
            return no_update, no_update, no_update
        note = note.strip()[:2000] if isinstance(note, str) and note.strip() else None
        request = context.for_request(res)
        assert request.official is not None
        try:
            done = alerts.handle(
                request.engine,
                scope=request.scope,
                alert_id=alert_id,
                status=do,
                note=note,
                by=request.official.username,
            )
        except (SQLAlchemyError, DatabaseUnavailable):
            log.exception("handling an alert failed")
            return no_update, i18n.t("db_error", lang), False
        if done is not None:
            record(request, "alert", do, {"id": alert_id})
        count = next_count(refresh)
        return count, i18n.t("mod_done" if done else "alerts_gone", lang), False
