"""The public site at /public/: a Dash app of its own on the same server, open without sign-in, that can
reach only public data (public scope, published aggregates, approved comments) and the citizen service."""

from __future__ import annotations

from urllib.parse import parse_qs

import dash_mantine_components as dmc
from dash import Dash, Input, Output, dcc, html
from flask import Flask
from sqlalchemy.exc import SQLAlchemyError

from marsad import context, dash_apps, i18n, link_menu
from marsad.context import Context, Resources
from marsad.db.engines import DatabaseUnavailable
from marsad.public import near_me, profile, propose, rate, signin

URL, PAGE, DIRECTION = "pub-url", "pub-page", "pub-direction"


def install(server: Flask, *, res: Resources) -> Dash:
    pub = context.public(res)  # the same for every request: no official, the public scope
    app = dash_apps.make(
        "marsad_public",
        server=server,  # a Flask server is accepted
        url_base_pathname="/public/",
    )
    app.layout = dmc.MantineProvider(
        dmc.DirectionProvider(html.Div([dcc.Location(id=URL), html.Div(id=PAGE)]), direction="rtl", id=DIRECTION)
    )

    @app.callback(Output(PAGE, "children"), Input(URL, "pathname"), Input(URL, "search"))
    def route(pathname, search):
        pathname = pathname if isinstance(pathname, str) else "/public/"
        search = search if isinstance(search, str) else ""
        query = {k: v[-1] for k, v in parse_qs(search.lstrip("?")).items()}
        lang = i18n.lang_of(query.get("lang"), pub.settings.default_lang)
        path = (pathname or "/public/").rstrip("/") + "/"
        try:
            if path.startswith("/public/center/"):
                body = profile.layout(pub, lang, path[len("/public/center/") :].strip("/"))
            elif path == "/public/rate/":
                body = rate.layout(pub, lang, query)
            elif path == "/public/propose/":
                body = propose.layout(pub, lang)
            else:
                body = near_me.layout(pub, lang)
        except (SQLAlchemyError, DatabaseUnavailable):
            body = dmc.Alert(i18n.t("db_error", lang), color="red")
        other = "en" if lang == "ar" else "ar"
        header = dmc.Group(
            [
                dcc.Link(dmc.Title(i18n.t("pub_title", lang), order=3), href=f"/public/?lang={lang}", id="pub-home"),
                dmc.Group(
                    [
                        _platforms(pub, lang),
                        dcc.Link(
                            i18n.t("pub_propose_link", lang), href=f"/public/propose?lang={lang}", id="pub-propose-link"
                        ),
                        html.A(
                            i18n.t("switch_lang", lang),
                            href=f"{pathname or '/public/'}?lang={other}"
                            + "".join(f"&{k}={v}" for k, v in query.items() if k in ("center", "platform")),
                            id="pub-lang-switch",
                        ),
                    ]
                ),
            ],
            justify="space-between",
        )
        return html.Div(dmc.Stack([header, body], p="md", gap="md"), lang=lang, dir="rtl" if lang == "ar" else "ltr")

    app.clientside_callback(
        """function(search) {
            var lang = new URLSearchParams(search || "").get("lang") === "en" ? "en" : "ar";
            document.documentElement.setAttribute("lang", lang);
            return lang === "ar" ? "rtl" : "ltr";
        }""",
        Output(DIRECTION, "direction"),
        Input(URL, "search"),
    )
    signin.register(app)
    near_me.register(app, res)
    rate.register(app)
    propose.register(app, res)
    return app


def _platforms(pub: Context, lang: str):
    items = pub.ref.catalog().get("platforms", [])
    if not items:
        return html.Span()
    return link_menu.links(
        "pub-platforms",
        i18n.t("pub_platforms", lang),
        [(None, i18n.name(p, lang), f"/public/rate?platform={p['code']}&lang={lang}") for p in items],
    )
