"""'Embed this view' on the explorer: a dialog that makes an embed of the current state (area, filters, period,
language) with a title and a lifetime, and shows its link and iframe code once made (embeds/issue.py)."""

from __future__ import annotations

import logging

import dash_mantine_components as dmc
from dash import Dash, Input, Output, State, html, no_update
from pydantic import ValidationError
from sqlalchemy.exc import SQLAlchemyError

from marsad import context, i18n, params
from marsad.audit_trail import record
from marsad.context import OutOfScope, Resources, UnknownArea
from marsad.dashboard import ids
from marsad.dashboard.inputs import lang_of, period_of, state_of
from marsad.db.engines import DatabaseUnavailable
from marsad.embeds import issue
from marsad.schemas import EmbedIn

log = logging.getLogger(__name__)
OPEN, MODAL, TITLE, DAYS, CREATE, RESULT = "emb-open", "emb-modal", "emb-title-in", "emb-days", "emb-create", "emb-out"


def button(lang: str):
    return dmc.Button(i18n.t("emb_link", lang), id=OPEN, variant="light", size="compact-sm")


def modal(lang: str, *, max_days: int):
    return dmc.Modal(
        dmc.Stack(
            [
                dmc.TextInput(
                    id=TITLE, label=i18n.t("emb_title_label", lang), inputProps={"maxLength": 200}, required=True
                ),
                dmc.NumberInput(id=DAYS, label=i18n.t("emb_days", lang), value=min(30, max_days), min=1, max=max_days),
                dmc.Button(i18n.t("emb_create", lang), id=CREATE),
                html.Div(id=RESULT),
            ],
            gap="sm",
        ),
        id=MODAL,
        title=i18n.t("emb_link", lang),
        opened=False,
        size="lg",
    )


def register(app: Dash, res: Resources) -> None:
    @app.callback(Output(MODAL, "opened"), Input(OPEN, "n_clicks"), prevent_initial_call=True)
    def show(n):
        return bool(n)

    @app.callback(
        Output(RESULT, "children"),
        Input(CREATE, "n_clicks"),
        State(TITLE, "value"),
        State(DAYS, "value"),
        State(ids.STATE, "data"),
        State(ids.SECTOR, "value"),
        State(ids.SERVICE, "value"),
        State(ids.SOURCE, "value"),
        State(ids.PERIOD, "value"),
        prevent_initial_call=True,
    )
    def create(n, title, days, state, sector, service, source, period):
        if not n:
            return no_update
        state = state_of(state)
        lang = lang_of(state.get("lang"))
        start, end = period_of(period)
        asked = {
            "title": title,
            "area": state.get("area"),
            "sector": sector,
            "service": service,
            "source": source,
            "from": start,
            "to": end,
            "lang": lang,
            "days": days,
        }
        request = context.for_request(res)
        try:
            body = EmbedIn.model_validate({k: v for k, v in asked.items() if v not in (None, "")})
            made = issue.create(request, body)
        except ValidationError as exc:
            first = exc.errors()[0]
            where = ".".join(str(p) for p in first["loc"])
            return dmc.Alert(i18n.t("emb_error", lang, msg=f"{where}: {first['msg']}"), color="red")
        except (params.BadRequest, OutOfScope, UnknownArea) as exc:
            return dmc.Alert(i18n.t("emb_error", lang, msg=str(exc)), color="red")
        except (SQLAlchemyError, DatabaseUnavailable):
            log.exception("making an embed failed")
            return dmc.Alert(i18n.t("db_error", lang), color="red")
        record(request, "embed", "create", {"id": made["id"], "area": body.area, "sector": body.sector})
        return dmc.Stack(
            [
                dmc.Text(i18n.t("emb_created", lang), size="sm"),
                dmc.Code(made["url"], id="emb-made-url", block=True),
                dmc.Code(made["iframe"], id="emb-made-iframe", block=True),
            ],
            gap="xs",
        )
