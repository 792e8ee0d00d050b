"""Rating a center or an e-platform: a mobile number confirmed by a one-time code, then the form.
The sign-in token lives in the browser tab's session storage only; each form carries an idempotency
key, so a double click or a retry after a lost answer stores one rating."""

from __future__ import annotations

import logging
import uuid

import dash_mantine_components as dmc
from dash import Dash, Input, Output, State, dcc, html, no_update
from sqlalchemy.exc import SQLAlchemyError

from marsad import i18n, params
from marsad.citizens.service import Refused
from marsad.context import Context
from marsad.db.engines import DatabaseUnavailable
from marsad.public import refusals, signin
from marsad.queries import centers as center_queries
from marsad.queries.rollups import CRITERIA
from marsad.schemas import RatingIn

log = logging.getLogger(__name__)
TARGET, KEY, SERVICE, OVERALL, COMMENT, SUBMIT = (
    "rate-target",
    "rate-key",
    "rate-service",
    "rate-overall",
    "rate-comment",
    "rate-submit",
)
FORM, ALERT, DONE, TOKEN = signin.FORM, signin.ALERT, signin.DONE, signin.TOKEN


def _target(pub: Context, query: dict, lang: str) -> dict | None:
    """What is rated: an active center (with its services) or an e-platform (with its sector's services)."""
    catalog = pub.ref.catalog()
    center = str(query.get("center") or "")
    center_id = params.whole_number(center)
    if center_id is not None:
        info = center_queries.center_info(pub.engine, scope=pub.scope, ids=[center_id]).get(center_id)
        location = center_queries.center_location(pub.engine, scope=pub.scope, center_id=center_id)
        if info and location and location["status"] == "active":
            services = center_queries.center_services(pub.engine, scope=pub.scope, center_id=center_id)
            return {"center_id": info["id"], "label": i18n.name(info, lang), "services": services}
    platform = query.get("platform")
    found = next((p for p in catalog["platforms"] if p["code"] == platform), None)
    if found:
        return {
            "platform_code": found["code"],
            "label": i18n.name(found, lang),
            "services": [s for s in catalog["services"] if s["sector_code"] == found["sector_code"]],
        }
    return None


def layout(pub: Context, lang: str, query: dict):
    target = _target(pub, query, lang)
    if target is None:
        return dmc.Alert(i18n.t("pub_no_target", lang), color="red", id=ALERT)
    stars = [
        dmc.Group(
            [dmc.Text(i18n.t(f"crit_{c}", lang), size="sm", w=140), dmc.Rating(id=f"rate-c-{c}", value=0, count=5)]
        )
        for c in CRITERIA
    ]
    return dmc.Stack(
        [
            dcc.Store(
                id=TARGET,
                data={k: v for k, v in target.items() if k in ("center_id", "platform_code")} | {"lang": lang},
            ),
            dcc.Store(id=KEY, data=uuid.uuid4().hex),
            dmc.Title(i18n.t("pub_rate_title", lang, name=target["label"]), order=3),
            dmc.Alert(id=ALERT, color="red", variant="light", hide=True),
            signin.block(lang),
            dmc.Stack(
                [
                    dmc.Select(
                        id=SERVICE,
                        label=i18n.t("pub_service_used", lang),
                        w=320,
                        allowDeselect=False,
                        data=[{"value": s["code"], "label": i18n.name(s, lang)} for s in target["services"]],
                    ),
                    dmc.Group(
                        [
                            dmc.Text(i18n.t("pub_overall", lang), fw=600, w=140),
                            dmc.Rating(id=OVERALL, value=0, count=5, size="lg"),
                        ]
                    ),
                    *stars,
                    dmc.Textarea(
                        id=COMMENT,
                        label=i18n.t("pub_comment", lang),
                        inputProps={"maxLength": 1000},
                        autosize=True,
                        minRows=3,
                        description=i18n.t("pub_comment_note", lang),
                    ),
                    dmc.Button(i18n.t("pub_submit", lang), id=SUBMIT, w=200),
                ],
                id=FORM,
                gap="xs",
                display="none",
            ),
            dmc.Alert(id=DONE, color="green", variant="light", hide=True),
        ],
        gap="sm",
        maw=640,
    )


def register(app: Dash) -> None:
    def lang_of(target):
        return i18n.lang_of(target.get("lang") if isinstance(target, dict) else None)

    @app.callback(
        Output(ALERT, "children"),
        Output(ALERT, "hide"),
        Output(DONE, "children"),
        Output(DONE, "hide"),
        Output(FORM, "display", allow_duplicate=True),
        Output(TOKEN, "data", allow_duplicate=True),
        Input(SUBMIT, "n_clicks"),
        State(TOKEN, "data"),
        State(KEY, "data"),
        State(TARGET, "data"),
        State(SERVICE, "value"),
        State(OVERALL, "value"),
        State(COMMENT, "value"),
        *[State(f"rate-c-{c}", "value") for c in CRITERIA],
        prevent_initial_call=True,
    )
    def submit(_n, token, key, target, service, overall, comment, *criteria):
        lang = lang_of(target)
        target = target if isinstance(target, dict) else {}
        comment = comment if isinstance(comment, str) else ""
        if not overall:
            return i18n.t("pub_need_overall", lang), False, None, True, no_update, no_update
        if not service:
            return i18n.t("pub_need_service", lang), False, None, True, no_update, no_update
        try:
            body = RatingIn.model_validate(
                {
                    **{k: v for k, v in target.items() if k in ("center_id", "platform_code")},
                    "service_code": service,
                    "overall": overall,
                    "comment": comment.strip() or None,
                    "criteria": {c: v for c, v in zip(CRITERIA, criteria) if v},
                }
            )
            _status, rating = signin.citizens().submit_rating(
                token=token, body=body, idempotency_key=key, address=signin.address()
            )
        except ValueError:  # pydantic's ValidationError is a ValueError
            return i18n.t("pub_err_form", lang), False, None, True, no_update, no_update
        except Refused as exc:
            return refusals.said(exc, lang), False, None, True, no_update, (None if exc.status == 401 else no_update)
        except (SQLAlchemyError, DatabaseUnavailable):
            log.exception("rating failed")
            return i18n.t("db_error", lang), False, None, True, no_update, no_update
        message = i18n.t("pub_thanks", lang) + (
            " " + i18n.t("pub_thanks_comment", lang) if rating.get("comment") else ""
        )
        return (
            None,
            True,
            html.Span(message, id="rate-thanks", **{"data-id": str(rating["id"])}),  # type: ignore[arg-type]  # data-* attributes
            False,
            "none",
            no_update,
        )
