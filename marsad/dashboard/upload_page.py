"""The upload page: an official loads an instrument's file (mystery-shopper visits into a cycle, focus-group sessions,
complaints) within their jurisdiction, and sees what was loaded or every bad row (row, column, what is wrong), with
nothing loaded. The same checks as `marsad measurements import` and POST /api/v1/measurements/{kind}."""

from __future__ import annotations

import base64
import binascii
import logging
import tempfile
from pathlib import Path

import dash_mantine_components as dmc
from dash import Dash, Input, Output, State, dcc, html, no_update
from sqlalchemy.exc import SQLAlchemyError

from marsad import context, i18n
from marsad.audit_trail import record
from marsad.context import Context, Resources
from marsad.dashboard.inputs import lang_of
from marsad.dashboard.page_header import header
from marsad.db.engines import DatabaseUnavailable
from marsad.measurements import rows, service, tabular
from marsad.queries import cycles as cycle_queries

log = logging.getLogger(__name__)
LANG, KIND, CYCLE, FILE, RESULT = "up-lang", "up-kind", "up-cycle", "up-file", "up-result"
FILE_LABEL = "up-file-label"
# dcc.Upload's file input takes no attributes: its accessible name is put on it once it is drawn
NAME_THE_INPUT = """function(label) {
    let tries = 0;
    const name = () => {  // the store can arrive before the upload is drawn: look again a few times
        const input = document.querySelector('#up-file input[type=file]');
        if (input && label) { input.setAttribute('aria-label', label); }
        else if (tries++ < 50) { setTimeout(name, 100); }
    };
    name();
    return window.dash_clientside.no_update;
}"""
MAX_BYTES = 20 * 1024 * 1024


def layout(ctx: Context, lang: str = "ar", **_query):
    lang = lang_of(lang, ctx.settings.default_lang)
    allowed = ctx.oversees()
    try:
        cycles = cycle_queries.listed(ctx.engine, scope=ctx.scope) if allowed else []
    except (SQLAlchemyError, DatabaseUnavailable):
        log.exception("listing cycles failed")
        cycles = []
    body = (
        [
            dmc.SegmentedControl(
                id=KIND, value="visits", data=[{"value": k, "label": i18n.t(f"up_{k}", lang)} for k in service.KINDS]
            ),
            dmc.Select(
                id=CYCLE,
                label=i18n.t("up_cycle", lang),
                data=[c["name"] for c in reversed(cycles)],
                value=cycles[-1]["name"] if cycles else None,
                w=320,
            ),
            dcc.Upload(
                dmc.Paper(i18n.t("up_drop", lang), withBorder=True, p="lg"),
                id=FILE,
                accept=".csv,.xlsx",
                max_size=MAX_BYTES,
            ),
            html.Div(id=RESULT),
        ]
        if allowed
        else [dmc.Alert(i18n.t("up_not_yours", lang), color="gray"), html.Div(id=RESULT)]
    )
    return html.Div(
        [
            dcc.Store(id=LANG, data=lang),
            dcc.Store(id=FILE_LABEL, data=i18n.t("up_drop", lang)),
            header("up_title", lang),
            dmc.Stack(body, px="md", gap="sm"),
        ],
        lang=lang,
        dir="rtl" if lang == "ar" else "ltr",
    )


def problems_table(problems: rows.Problems, lang: str):
    body = [
        html.Tr([html.Td(i18n.fmt_count(r, lang)), html.Td(c, dir="auto"), html.Td(m, dir="auto")])
        for r, c, m in problems.items
    ]
    head = html.Tr([html.Th(i18n.t(k, lang)) for k in ("up_row", "up_column", "up_problem")])
    return dmc.Stack(
        [
            dmc.Alert(i18n.t("up_nothing", lang, n=i18n.fmt_count(len(problems.items), lang)), color="red"),
            dmc.Table([html.Thead(head), html.Tbody(body)], id="up-problems"),
        ]
    )


def register(app: Dash, res: Resources) -> None:
    app.clientside_callback(NAME_THE_INPUT, Output(FILE, "className"), Input(FILE_LABEL, "data"))

    @app.callback(
        Output(RESULT, "children"),
        Input(FILE, "contents"),
        State(FILE, "filename"),
        State(KIND, "value"),
        State(CYCLE, "value"),
        State(LANG, "data"),
        prevent_initial_call=True,
    )
    def load(contents, filename, kind, cycle, lang):
        lang = lang_of(lang)
        if not isinstance(contents, str) or not isinstance(filename, str) or kind not in service.KINDS:
            return no_update
        request = context.for_request(res)
        if not request.oversees():
            return dmc.Alert(i18n.t("up_not_yours", lang), color="gray")
        try:
            data = base64.b64decode(contents.partition(",")[2], validate=True)
        except (binascii.Error, ValueError):
            return dmc.Alert(i18n.t("up_unreadable", lang), color="red")
        if kind == "visits" and not (isinstance(cycle, str) and cycle):
            return dmc.Alert(i18n.t("up_cycle_needed", lang), color="red")
        try:
            loaded = _load(request, kind, data, filename, cycle)
        except tabular.FileError as exc:
            return dmc.Alert(str(exc), color="red")
        except rows.NotLoaded as exc:
            record(request, "measurements", f"{kind}_refused", {"problems": len(exc.problems.items)})
            return problems_table(exc.problems, lang)
        except (SQLAlchemyError, DatabaseUnavailable):
            log.exception("loading a file failed")
            return dmc.Alert(i18n.t("db_error", lang), color="red")
        record(request, "measurements", kind, {"rows": loaded.rows, "file": filename[:200], "cycle": cycle})
        return dmc.Alert(i18n.t("up_loaded", lang, n=i18n.fmt_count(loaded.rows, lang)), color="green", id="up-loaded")


def _load(request: Context, kind: str, data: bytes, filename: str, cycle: str | None) -> service.Loaded:
    assert request.official is not None
    scope, by = request.scope, request.official.username
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "upload"
        path.write_bytes(data)
        if kind == "visits":
            assert cycle is not None
            return service.import_visits(request.engine, path, cycle=cycle, scope=scope, by=by, name=filename)
        if kind == "focus-groups":
            return service.import_focus_groups(request.engine, path, scope=scope, by=by, name=filename)
        return service.import_complaints(request.engine, path, scope=scope, by=by, name=filename)
