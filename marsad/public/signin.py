"""Signing a citizen in with a mobile number and a one-time code, shared by the rating and proposal pages.
The token is kept in the tab's session storage only; the page's form shows once there is one."""

from __future__ import annotations

import logging

import dash_mantine_components as dmc
from dash import Dash, Input, Output, State, ctx, dcc, no_update
from flask import current_app, request
from sqlalchemy.exc import SQLAlchemyError

from marsad import country, i18n
from marsad.citizens.senders import SendFailed
from marsad.citizens.service import Refused
from marsad.db.engines import DatabaseUnavailable
from marsad.public import refusals

log = logging.getLogger(__name__)
TOKEN, LANG, BLOCK, PHONE, SEND, CODE, CHECK = (
    "pub-token",
    "pub-form-lang",
    "pub-signin",
    "pub-phone",
    "pub-send",
    "pub-code",
    "pub-check",
)
CHALLENGE = "pub-challenge"
FORM, ALERT, DONE = "pub-form", "pub-form-alert", "pub-form-done"  # every page using this has these three


def citizens():
    return current_app.extensions["marsad_citizens"]


def address() -> str:
    return request.remote_addr or "unknown"


def block(lang: str):
    return dmc.Stack(
        [
            dcc.Store(id=TOKEN, storage_type="session"),
            dcc.Store(id=CHALLENGE, storage_type="session"),  # binds the code sent to this tab
            dcc.Store(id=LANG, data=lang),
            dmc.Text(i18n.t("pub_phone_why", lang), size="sm", c="dimmed"),
            dmc.Group(
                [
                    dmc.TextInput(
                        id=PHONE,
                        label=i18n.t("pub_phone", lang),
                        placeholder=country.current().phone_local,
                        w=220,
                        inputProps={"inputMode": "tel", "autoComplete": "tel"},
                    ),
                    dmc.Button(i18n.t("pub_send_code", lang), id=SEND),
                ],
                align="end",
            ),
            dmc.Group(
                [
                    dmc.TextInput(
                        id=CODE,
                        label=i18n.t("pub_code", lang),
                        w=220,
                        inputProps={"inputMode": "numeric", "autoComplete": "one-time-code"},
                    ),
                    dmc.Button(i18n.t("pub_check_code", lang), id=CHECK),
                ],
                align="end",
            ),
        ],
        id=BLOCK,
        gap="xs",
    )


def register(app: Dash) -> None:
    @app.callback(Output(BLOCK, "display"), Output(FORM, "display"), Input(TOKEN, "data"))
    def steps(token):
        return ("none", "flex") if token else ("flex", "none")

    @app.callback(
        Output(TOKEN, "data"),
        Output(CHALLENGE, "data"),
        Output(ALERT, "children", allow_duplicate=True),
        Output(ALERT, "hide", allow_duplicate=True),
        Output(DONE, "children", allow_duplicate=True),
        Output(DONE, "hide", allow_duplicate=True),
        Input(SEND, "n_clicks"),
        Input(CHECK, "n_clicks"),
        State(PHONE, "value"),
        State(CODE, "value"),
        State(LANG, "data"),
        State(CHALLENGE, "data"),
        prevent_initial_call=True,
    )
    def sign_in(_send, _check, phone, code, lang, challenge):
        lang = i18n.lang_of(lang)
        try:
            if ctx.triggered_id == SEND:
                sent = citizens().request_code(phone=str(phone or ""), lang=lang, address=address())
                return no_update, sent["challenge"], None, True, i18n.t("pub_code_sent", lang), False
            if not isinstance(code, str) or not code.strip():
                raise Refused(400, i18n.t("pub_enter_code", lang))
            if not isinstance(challenge, str) or not challenge:
                raise Refused(400, i18n.t("pub_enter_code", lang))
            checked = citizens().check_code(
                phone=str(phone or ""), code=code.strip(), challenge=challenge, address=address()
            )
            return checked["token"], no_update, None, True, None, True
        except Refused as exc:
            return no_update, no_update, refusals.said(exc, lang), False, None, True
        except SendFailed:
            return no_update, no_update, i18n.t("pub_send_failed", lang), False, None, True
        except (SQLAlchemyError, DatabaseUnavailable):
            log.exception("sign-in failed")
            return no_update, no_update, i18n.t("db_error", lang), False, None, True
