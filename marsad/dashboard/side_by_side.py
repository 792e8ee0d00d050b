"""Side-by-side comparison of 2–4 sectors or 2–4 centers chosen by the user (part of the compare page; the numbers:
views/side_by_side.py).

Centers are found by a server-side search within the official's scope, so the page never ships the list
of every center."""

from __future__ import annotations

import logging

import dash_mantine_components as dmc
from dash import Dash, Input, Output, State, ctx, dcc, html, no_update
from sqlalchemy.exc import SQLAlchemyError

from marsad import context, i18n, params
from marsad.audit_trail import record
from marsad.context import Resources
from marsad.dashboard import table_builders
from marsad.dashboard.ids import CMP_PERIOD, CMP_SOURCE, CMP_STATE
from marsad.dashboard.inputs import answer, lang_of, period_of, picking_end_date, state_of
from marsad.dashboard.views import compare as compare_view
from marsad.dashboard.views import side_by_side as view
from marsad.db.engines import DatabaseUnavailable

log = logging.getLogger(__name__)
KIND, PICK = "sbs-kind", "sbs-pick"
OUT = {
    "figure": Output("sbs-figure", "figure"),
    "style": Output("sbs-figure", "style"),
    "table": Output("sbs-table", "children"),
    "hint": Output("sbs-hint", "children"),
}
HIDDEN = {"display": "none"}


def section(lang: str, query: dict):
    kind = view.kind_of(query.get("pick_kind"))
    chosen = view.picked(kind, (query.get("pick") or "").split(","))
    return dmc.Stack(
        [
            dmc.Title(i18n.t("side_by_side", lang), order=4),
            dmc.Group(
                [
                    dmc.SegmentedControl(
                        id=KIND,
                        value=kind,
                        data=[
                            {"value": "sectors", "label": i18n.t("sectors", lang)},
                            {"value": "centers", "label": i18n.t("centers", lang)},
                        ],
                    ),
                    dmc.MultiSelect(
                        id=PICK,
                        value=chosen,
                        data=[],
                        searchable=True,
                        maxValues=view.MAX_ITEMS,
                        clearable=True,
                        placeholder=i18n.t("pick_items", lang),
                        w=520,
                        nothingFoundMessage=i18n.t("nothing_found", lang),
                    ),
                ],
                align="end",
            ),
            dmc.Text(id="sbs-hint", size="sm", c="dimmed"),
            dcc.Graph(id="sbs-figure", config={"displayModeBar": False}, style=HIDDEN),
            html.Div(id="sbs-table"),
        ],
        p="md",
        gap="sm",
    )


def register(app: Dash, res: Resources) -> None:
    @app.callback(
        Output(PICK, "data"),
        Input(KIND, "value"),
        Input(PICK, "searchValue"),
        State(PICK, "value"),
        State(CMP_STATE, "data"),
    )
    def options(kind, search, value, state):
        """The search box empties itself when an option is picked, before the new value reaches the server:
        answering that would drop the option just picked, so an emptied search keeps the last results."""
        if ctx.triggered_id == PICK and not search:
            return no_update
        lang = lang_of(state_of(state).get("lang"))
        kind = view.kind_of(kind)
        try:
            return view.options(
                context.for_request(res),
                kind=kind,
                search=search if isinstance(search, str) else "",
                chosen=view.picked(kind, value),
                lang=lang,
            )
        except (SQLAlchemyError, DatabaseUnavailable):
            log.exception("side-by-side options failed")
            return no_update

    @app.callback(
        output=OUT,
        inputs={
            "kind": Input(KIND, "value"),
            "value": Input(PICK, "value"),
            "state": Input(CMP_STATE, "data"),
            "period": Input(CMP_PERIOD, "value"),
            "source": Input(CMP_SOURCE, "value"),
        },
    )
    def compare(kind, value, state, period, source):
        if picking_end_date(period):
            return no_update
        kind = view.kind_of(kind)
        chosen = view.picked(kind, value)
        state = state_of(state)
        lang = lang_of(state.get("lang"))
        try:
            request = context.for_request(res)
            sel = compare_view.select(
                request, lang=lang, area_code=state.get("area"), period=period_of(period), source=source
            )
            if len(chosen) < 2:
                return answer(OUT, figure={}, style=HIDDEN, table=None, hint=i18n.t("pick_hint", lang))
            record(
                request,
                "view",
                "compare_side_by_side",
                {"kind": kind, "pick": ",".join(chosen), **{k: v for k, v in sel.query.items() if v}},
            )
            v = view.build(request, sel, kind=kind, chosen=chosen)
        except params.BadRequest as exc:
            return answer(OUT, table=None, hint=str(exc))
        except (SQLAlchemyError, DatabaseUnavailable):
            log.exception("side-by-side failed")
            return answer(OUT, table=None, hint=i18n.t("db_error", lang))
        if not v.items:
            return answer(OUT, figure={}, style=HIDDEN, table=None, hint=v.hint)
        return answer(
            OUT,
            figure=v.figure,
            style={},
            hint=v.hint,
            table=table_builders.measures(
                v.items, labels=v.labels, lang=lang, criteria=v.criteria, test_id="sbs-measures"
            ),
        )
