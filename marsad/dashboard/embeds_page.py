"""The embeds page: the official's embedded views (a national analyst's: everyone's) with their link, scope and
status, and a button to revoke each active one. Rows come by callback (no data in a layout)."""

from __future__ import annotations

import logging

import dash_mantine_components as dmc
from dash import ALL, Dash, Input, Output, State, dcc, html, no_update
from sqlalchemy.exc import SQLAlchemyError

from marsad import context, i18n
from marsad.audit_trail import record
from marsad.context import Context, OutOfScope, Resources
from marsad.dashboard.inputs import clicked_item, lang_of, next_count
from marsad.dashboard.page_header import header
from marsad.db.engines import DatabaseUnavailable
from marsad.embeds import issue

log = logging.getLogger(__name__)
LANG, TABLE, REFRESH, NOTE = "emb-lang", "emb-table", "emb-refresh", "emb-note"
REVOKE = "emb-revoke"  # pattern-matching type


def layout(ctx: Context, lang: str = "ar", **_query):
    lang = lang_of(lang, ctx.settings.default_lang)
    return html.Div(
        [
            dcc.Store(id=LANG, data=lang),
            dcc.Store(id=REFRESH, data=0),
            header("emb_manage", lang),
            dmc.Alert(id=NOTE, color="blue", variant="light", hide=True, mx="md"),
            html.Div(id=TABLE, style={"padding": "0 16px"}),
        ],
        lang=lang,
        dir="rtl" if lang == "ar" else "ltr",
    )


def _scope_text(row: dict, ctx: Context, lang: str) -> str:
    index = ctx.ref.area_index()
    sectors = {s["code"]: i18n.name(s, lang) for s in ctx.ref.catalog()["sectors"]}
    parts = []
    if row["area_code"]:
        area = index.get(row["area_code"])
        parts.append(i18n.name(area, lang) if area else row["area_code"])
    if row["sector_code"]:
        parts.append(sectors.get(row["sector_code"], row["sector_code"]))
    return i18n.sep(lang).join(parts) or i18n.t("emb_issuer_scope", lang)


def table(rows: list[dict], ctx: Context, lang: str):
    if not rows:
        return dmc.Text(i18n.t("emb_none", lang), c="dimmed", id="emb-rows")
    cols = ("emb_col_title", "emb_col_issuer", "emb_col_scope", "emb_col_expires", "emb_col_status", "emb_link_col")
    head = html.Thead(html.Tr([html.Th(i18n.t(k, lang)) for k in cols] + [html.Th("")]))
    body = html.Tbody(
        [
            html.Tr(
                [
                    html.Td(r["title"], dir="auto"),
                    html.Td(r["issuer"], dir="ltr"),
                    html.Td(_scope_text(r, ctx, lang)),
                    html.Td(i18n.fmt_text_digits((r["expires_at"] or "")[:10], lang), dir="ltr"),
                    html.Td(dmc.Badge(i18n.t(f"emb_status_{r['status']}", lang))),
                    html.Td(
                        dmc.Code(r["url"], className="marsad-embed-url", style={"wordBreak": "break-all"})
                        if r.get("url")
                        else "",
                        style={"maxWidth": "28rem"},
                    ),
                    html.Td(
                        dmc.Button(
                            i18n.t("emb_revoke", lang),
                            color="red",
                            variant="light",
                            size="xs",
                            id={"type": REVOKE, "id": r["id"]},
                        )
                        if r["status"] == "active"
                        else ""
                    ),
                ],
                id=f"emb-row-{r['id']}",
            )
            for r in rows
        ]
    )
    return dmc.Table([head, body], striped=True, highlightOnHover=True, id="emb-rows")


def register(app: Dash, res: Resources) -> None:
    @app.callback(Output(TABLE, "children"), Input(LANG, "data"), Input(REFRESH, "data"))
    def fill(lang, _refresh):
        lang = lang_of(lang)
        request = context.for_request(res)
        try:
            return table(issue.listed(request), request, lang)
        except OutOfScope as exc:
            return dmc.Alert(str(exc), color="red")
        except (SQLAlchemyError, DatabaseUnavailable):
            log.exception("listing embeds failed")
            return dmc.Alert(i18n.t("db_error", lang), color="red")

    @app.callback(
        Output(REFRESH, "data"),
        Output(NOTE, "children"),
        Output(NOTE, "hide"),
        Input({"type": REVOKE, "id": ALL}, "n_clicks"),
        State(LANG, "data"),
        State(REFRESH, "data"),
        prevent_initial_call=True,
    )
    def revoke(clicks, lang, refresh):
        lang = lang_of(lang)
        trigger = clicked_item()
        if trigger is None:
            return no_update, no_update, no_update
        embed_id = trigger.get("id")
        if not isinstance(embed_id, int) or isinstance(embed_id, bool):
            return no_update, no_update, no_update
        request = context.for_request(res)
        try:
            done = issue.revoke(request, embed_id)
        except OutOfScope as exc:
            return no_update, str(exc), False
        except (SQLAlchemyError, DatabaseUnavailable):
            log.exception("revoking an embed failed")
            return no_update, i18n.t("db_error", lang), False
        if done:
            record(request, "embed", "revoke", {"id": embed_id})
        count = next_count(refresh)
        return count, i18n.t("mod_done" if done else "mod_gone", lang), False
