"""Proposing a missing center: a pin on the map, a name, the sector and its services. It waits for the
officials of the area it falls in, who approve it onto the map or reject it."""

from __future__ import annotations

import logging

import dash_leaflet as dl
import dash_mantine_components as dmc
from dash import Dash, Input, Output, State, html, no_update
from pydantic import ValidationError
from sqlalchemy.exc import SQLAlchemyError

from marsad import context, i18n
from marsad.citizens.service import Refused
from marsad.context import Context, Resources
from marsad.db.engines import DatabaseUnavailable
from marsad.public import near_me, refusals, signin
from marsad.schemas import ProposalIn

log = logging.getLogger(__name__)
MAP, PIN, NAME, SECTOR, SERVICES, SUBMIT = (
    "prop-map",
    "prop-pin",
    "prop-name",
    "prop-sector",
    "prop-services",
    "prop-submit",
)


def layout(pub: Context, lang: str):
    catalog = pub.ref.catalog()
    return dmc.Stack(
        [
            dmc.Title(i18n.t("pub_propose_title", lang), order=3),
            dmc.Alert(id=signin.ALERT, color="red", variant="light", hide=True),
            dmc.Text(i18n.t("pub_propose_pin", lang), size="sm", c="dimmed"),
            dl.MapContainer(
                [
                    dl.GeoJSON(
                        data=near_me.basemap(pub),
                        style={"color": "#9ca3af", "weight": 1, "fillColor": "#f3f4f6", "fillOpacity": 0.6},
                        interactive=False,
                    ),
                    dl.LocateControl(position="topleft", drawCircle=False, showPopup=False),
                    dl.LayerGroup(id=PIN),
                ],
                id=MAP,
                center=[24.0, 45.0],
                zoom=5,
                style={"height": "320px"},
                attributionControl=False,
                eventHandlers={"locationfound": {"variable": "marsad.pub.located"}},
            ),  # visible from the start:
            signin.block(lang),  # Leaflet needs its size
            dmc.Stack(
                [
                    dmc.TextInput(id=NAME, label=i18n.t("pub_propose_name", lang), w=360),
                    dmc.Select(
                        id=SECTOR,
                        label=i18n.t("sector", lang),
                        w=360,
                        allowDeselect=False,
                        data=[{"value": s["code"], "label": i18n.name(s, lang)} for s in catalog["sectors"]],
                    ),
                    dmc.MultiSelect(
                        id=SERVICES, label=i18n.t("pub_propose_services", lang), w=360, data=[], maxValues=20
                    ),
                    dmc.Button(i18n.t("pub_propose_submit", lang), id=SUBMIT, w=200),
                ],
                id=signin.FORM,
                gap="xs",
                display="none",
            ),
            dmc.Alert(id=signin.DONE, color="green", variant="light", hide=True),
        ],
        gap="sm",
        maw=720,
    )


def register(app: Dash, res: Resources) -> None:
    pub = context.public(res)  # the same for every request: no official, the public scope

    @app.callback(Output(PIN, "children"), Input(MAP, "clickData"), prevent_initial_call=True)
    def show_pin(click):
        pin = near_me.latlng_of(click)
        return [dl.Marker(position=list(pin))] if pin else no_update

    @app.callback(
        Output(SERVICES, "data"),
        Output(SERVICES, "value"),
        Input(SECTOR, "value"),
        State(signin.LANG, "data"),
        prevent_initial_call=True,
    )
    def services_of(sector, lang):
        lang = i18n.lang_of(lang)
        return [
            {"value": s["code"], "label": i18n.name(s, lang)}
            for s in pub.ref.catalog()["services"]
            if s["sector_code"] == sector
        ], []

    @app.callback(
        Output(signin.ALERT, "children"),
        Output(signin.ALERT, "hide"),
        Output(signin.DONE, "children"),
        Output(signin.DONE, "hide"),
        Output(signin.FORM, "display", allow_duplicate=True),
        Input(SUBMIT, "n_clicks"),
        State(signin.TOKEN, "data"),
        State(signin.LANG, "data"),
        State(MAP, "clickData"),
        State(NAME, "value"),
        State(SECTOR, "value"),
        State(SERVICES, "value"),
        prevent_initial_call=True,
    )
    def submit(_n, token, lang, click, name, sector, services):
        lang = i18n.lang_of(lang)
        pin = near_me.latlng_of(click)
        if pin is None:
            return i18n.t("pub_propose_need_pin", lang), False, None, True, no_update
        try:
            body = ProposalIn.model_validate(
                {
                    "name": name or "",
                    "sector_code": sector or "",
                    "service_codes": services or [],
                    "lat": pin[0],
                    "lon": pin[1],
                }
            )
            done = signin.citizens().propose(
                token=token, body=body, catalog=pub.ref.catalog(), address=signin.address()
            )
        except ValidationError:
            return i18n.t("pub_err_form", lang), False, None, True, no_update
        except Refused as exc:
            return refusals.said(exc, lang), False, None, True, no_update
        except (SQLAlchemyError, DatabaseUnavailable):
            log.exception("proposal failed")
            return i18n.t("db_error", lang), False, None, True, no_update
        return (
            None,
            True,
            html.Span(i18n.t("pub_propose_thanks", lang), id="prop-thanks", **{"data-id": str(done["id"])}),  # type: ignore[arg-type]  # data-* attributes
            False,
            "none",
        )
