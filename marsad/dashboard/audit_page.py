"""The audit log page: who viewed or exported what. National analysts only; rows come by callback."""

from __future__ import annotations

import dash_mantine_components as dmc
from dash import Dash, Input, Output, dcc, html

from marsad import context, i18n
from marsad.context import Context, Resources
from marsad.dashboard.inputs import lang_of
from marsad.dashboard.page_header import header
from marsad.queries import audit

TABLE = "audit-table"


def layout(ctx: Context, lang: str = "ar", **_query):
    lang = lang_of(lang, ctx.settings.default_lang)
    return html.Div(
        [
            dcc.Store(id="audit-lang", data=lang),
            header("audit_title", lang),
            html.Div(id=TABLE, style={"padding": "0 16px"}),
        ],
        lang=lang,
        dir="rtl" if lang == "ar" else "ltr",
    )


def register(app: Dash, res: Resources) -> None:
    @app.callback(Output(TABLE, "children"), Input("audit-lang", "data"))
    def fill(lang):
        lang = lang_of(lang)
        request = context.for_request(res)
        if request.official is None or not request.official.national:
            return dmc.Alert(i18n.t("audit_forbidden", lang), color="red")
        rows = audit.recent(res.engine, scope=request.scope, limit=200)
        head = html.Thead(
            html.Tr([html.Th(i18n.t(k, lang)) for k in ("audit_at", "audit_user", "audit_action", "audit_params")])
        )
        body = html.Tbody(
            [
                html.Tr(
                    [
                        html.Td(r["at"].strftime("%Y-%m-%d %H:%M:%S"), dir="ltr"),
                        html.Td(r["username"]),
                        html.Td(f"{r['action']}{i18n.sep(lang)}{r['target']}"),
                        html.Td(" ".join(f"{k}={v}" for k, v in r["params"].items()), dir="ltr"),
                    ]
                )
                for r in rows
            ]
        )
        return dmc.Table([head, body], striped=True, highlightOnHover=True, id="audit-rows")
