"""The audit log page: who viewed, downloaded or changed what, in plain words (audit_words.py), newest first, with
filters by official, by kind of action and by day. National analysts only; rows come by callback."""

from __future__ import annotations

from datetime import UTC, datetime

import dash_mantine_components as dmc
from dash import Dash, Input, Output, dcc, html

from marsad import context, i18n, params
from marsad.context import Context, Resources
from marsad.dashboard.audit_words import action_options, sentence
from marsad.dashboard.inputs import lang_of
from marsad.dashboard.page_header import header
from marsad.queries import audit

TABLE, LANG, WHO, ACTION, SINCE = "audit-table", "audit-lang", "audit-who", "audit-action", "audit-since"
LIMIT = 500  # rows read at once (the function refuses more)


def layout(ctx: Context, lang: str = "ar", **_query):
    lang = lang_of(lang, ctx.settings.default_lang)

    def t(key: str) -> str:
        return i18n.t(key, lang)

    return html.Div(
        [
            dcc.Store(id=LANG, data=lang),
            header("audit_title", lang),
            dmc.Group(
                [
                    dmc.TextInput(id=WHO, label=t("audit_user"), debounce=True, w=200),
                    dmc.Select(
                        id=ACTION,
                        label=t("audit_action"),
                        data=[{"value": "", "label": t("audit_every_action")}, *action_options(lang)],
                        value="",
                        allowDeselect=False,
                        w=260,
                    ),
                    dmc.TextInput(id=SINCE, label=t("audit_since"), placeholder="YYYY-MM-DD", debounce=True, w=160),
                ],
                px="md",
                align="flex-end",
            ),
            html.Div(id=TABLE, style={"padding": "8px 16px"}),
        ],
        lang=lang,
        dir="rtl" if lang == "ar" else "ltr",
    )


def _since(value) -> datetime | None:
    if not isinstance(value, str) or not value.strip():
        return None
    try:
        return datetime.fromisoformat(value.strip()[:10]).replace(tzinfo=UTC)
    except ValueError:
        raise params.BadRequest(f"a day is written YYYY-MM-DD, not {value.strip()[:20]!r}") from None


def register(app: Dash, res: Resources) -> None:
    @app.callback(
        Output(TABLE, "children"),
        Input(LANG, "data"),
        Input(WHO, "value"),
        Input(ACTION, "value"),
        Input(SINCE, "value"),
    )
    def fill(lang, who, action, since):
        lang = lang_of(lang)
        request = context.for_request(res)
        if request.official is None or not request.official.national:
            return dmc.Alert(i18n.t("audit_forbidden", lang), color="red")
        try:
            day = _since(since)
        except params.BadRequest as exc:
            return dmc.Alert(str(exc), color="red")
        who = who.strip()[:80] if isinstance(who, str) and who.strip() else None
        rows = audit.recent(res.engine, scope=request.scope, username=who, since=day, limit=LIMIT)
        if isinstance(action, str) and action:
            rows = [r for r in rows if r["action"] == action]
        if not rows:
            return dmc.Text(i18n.t("audit_none", lang), c="dimmed", id="audit-rows")
        catalog = request.ref.catalog()
        names = {s["code"]: i18n.name(s, lang) for s in (*catalog["sectors"], *catalog["services"])}
        areas = request.ref.area_index()
        head = html.Thead(html.Tr([html.Th(i18n.t(k, lang)) for k in ("audit_at", "audit_user", "audit_action")]))
        body = html.Tbody(
            [
                html.Tr(
                    [
                        html.Td(i18n.fmt_text_digits(r["at"].strftime("%Y-%m-%d %H:%M"), lang), dir="ltr"),
                        html.Td(r["username"]),
                        html.Td(sentence(r, lang, areas=areas, names=names)),
                    ]
                )
                for r in rows
            ]
        )
        return dmc.Table([head, body], striped=True, highlightOnHover=True, id="audit-rows")
