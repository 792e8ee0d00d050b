"""Side-by-side comparison of 2–4 sectors or 2–4 centers chosen by the user (part of the compare page).

Centers are found by a server-side search within the official's scope, so the page never ships the list
of every center."""

from __future__ import annotations

import logging

import dash_mantine_components as dmc
from dash import Dash, Input, Output, State, ctx, dcc, html, no_update
from sqlalchemy.exc import SQLAlchemyError

from marsad import params, reports
from marsad.dashboard import i18n, table_builders
from marsad.layers import figures
from marsad.queries import centers as center_queries
from marsad.db.engines import DatabaseUnavailable
from marsad.queries.rollups import CRITERIA
from marsad.services import Services
from marsad.session import current_scope

log = logging.getLogger(__name__)
KIND, PICK, OUT_FIG, OUT_TABLE, OUT_HINT = "sbs-kind", "sbs-pick", "sbs-figure", "sbs-table", "sbs-hint"
MAX_ITEMS = 4


def _picked(kind: str, raw) -> list[str]:
    """The chosen codes (sectors) or ids (centers) from the browser: well-formed, unique, at most four."""
    values = raw if isinstance(raw, list) else []
    out = []
    for v in values:
        if isinstance(v, str) and v and v not in out and (v.isdigit() if kind == "centers" else len(v) <= 64):
            out.append(v)
    return out[:MAX_ITEMS]


def section(lang: str, query: dict):
    kind = query.get("pick_kind") if query.get("pick_kind") in ("sectors", "centers") else "sectors"
    picked = _picked(kind, (query.get("pick") or "").split(","))
    return dmc.Stack([
        dmc.Title(i18n.t("side_by_side", lang), order=4),
        dmc.Group([
            dmc.SegmentedControl(id=KIND, value=kind, data=[{"value": "sectors", "label": i18n.t("sectors", lang)},
                                                             {"value": "centers", "label": i18n.t("centers", lang)}]),
            dmc.MultiSelect(id=PICK, value=picked, data=[], searchable=True, maxValues=MAX_ITEMS, clearable=True,
                            placeholder=i18n.t("pick_items", lang), w=520, nothingFoundMessage=i18n.t("nothing_found", lang)),
        ], align="end"),
        dmc.Text(id=OUT_HINT, size="sm", c="dimmed"),
        dcc.Graph(id=OUT_FIG, config={"displayModeBar": False}, style={"display": "none"}),
        html.Div(id=OUT_TABLE),
    ], p="md", gap="sm")


def register(app: Dash, svc: Services) -> None:
    from marsad.dashboard import compare_page as page

    @app.callback(
        Output(PICK, "data"),
        Input(KIND, "value"), Input(PICK, "searchValue"), State(PICK, "value"), State(page.STATE, "data"),
    )
    def options(kind, search, value, state):
        """Sectors: the catalog's. Centers: those in scope matching the search, plus the ones already chosen.

        The search box empties itself when an option is picked, before the new value reaches the server:
        answering that would drop the option just picked, so an emptied search keeps the last results."""
        if ctx.triggered_id == PICK and not search:
            return no_update
        lang = (state or {}).get("lang") if isinstance(state, dict) and (state or {}).get("lang") in i18n.LANGS else "ar"
        kind = kind if kind in ("sectors", "centers") else "sectors"
        picked = _picked(kind, value)
        try:
            scope = current_scope()
            if kind == "sectors":
                allowed = [s for s in svc.catalog()["sectors"] if scope.sectors is None or s["code"] in scope.sectors]
                data = [{"value": s["code"], "label": i18n.name(s, lang)} for s in allowed]
            else:
                chosen = center_queries.center_info(svc.engine, scope=scope, ids=[int(v) for v in picked])
                found = center_queries.search(svc.engine, scope=scope, term=search if isinstance(search, str) else "",
                                              limit=30)
                rows = list(chosen.values()) + [r for r in found if r["id"] not in chosen]
                data = [{"value": str(r["id"]), "label": f"{i18n.name(r, lang)} ({r['code']})"} for r in rows]
        except (SQLAlchemyError, DatabaseUnavailable):
            log.exception("side-by-side options failed")
            return no_update
        return data

    @app.callback(
        Output(OUT_FIG, "figure"), Output(OUT_FIG, "style"), Output(OUT_TABLE, "children"), Output(OUT_HINT, "children"),
        Input(KIND, "value"), Input(PICK, "value"), Input(page.STATE, "data"), Input(page.PERIOD, "value"),
        Input(page.SOURCE, "value"),
    )
    def compare(kind, value, state, period, source):
        if isinstance(period, list) and len(period) == 2 and period[0] and not period[1]:
            return (no_update,) * 4
        kind = kind if kind in ("sectors", "centers") else "sectors"
        picked = _picked(kind, value)
        lang = "ar"
        try:
            scope = current_scope()
            lang, query, area, filters = page.read_state(svc, state, period, source, scope)
            if len(picked) < 2:
                return {}, {"display": "none"}, None, i18n.t("pick_hint", lang)
            svc.audit("view", "compare_side_by_side", {"kind": kind, "pick": ",".join(picked),
                                                      **{k: v for k, v in query.items() if v}})
            if kind == "sectors":
                rows = {r["code"]: r for r in reports.sectors(svc, scope=scope, filters=filters, area=area,
                                                              min_ratings=1)}
                items = [rows[c] for c in picked if c in rows]
            else:
                items = reports.center_comparison(svc, scope=scope, filters=filters, ids=[int(v) for v in picked])
        except params.BadRequest as exc:
            return no_update, no_update, None, str(exc)
        except (SQLAlchemyError, DatabaseUnavailable):
            log.exception("side-by-side failed")
            return no_update, no_update, None, i18n.t("db_error", lang)
        if len(items) < 2:
            return {}, {"display": "none"}, None, i18n.t("pick_hint", lang)
        labels = [i18n.name(it, lang) for it in items]
        criteria = [(c, i18n.t(f"crit_{c}", lang)) for c in CRITERIA]
        fig = figures.side_by_side(items, title=i18n.t("side_by_side", lang), rtl=lang == "ar", labels=labels,
                                   criteria=criteria, overall_label=i18n.t("col_mean", lang))
        where = i18n.name(area, lang) if area and kind == "sectors" else None
        hint = i18n.t("sbs_where", lang, where=where) if where else ""
        return (fig, {}, table_builders.measures(items, labels=labels, lang=lang, criteria=criteria,
                                                   test_id="sbs-measures"), hint)
