"""The explorer map's alerts: the open alerts of the view's area and sector within the official's jurisdiction,
read afresh whenever the view changes (never from the view cache, so an alert raised or resolved since shows at
the next change) and drawn as rings around centers and areas."""

from __future__ import annotations

import logging

from dash import Dash, Input, Output
from sqlalchemy.exc import SQLAlchemyError

from marsad import context
from marsad.context import Resources
from marsad.dashboard import ids
from marsad.dashboard.inputs import lang_of
from marsad.db.engines import DatabaseUnavailable
from marsad.layers.alerts import alerts_collection
from marsad.queries import alerts

log = logging.getLogger(__name__)
LIMIT = 500


def register(app: Dash, res: Resources) -> None:
    @app.callback(Output(ids.ALERTS, "data"), Input(ids.STATE, "data"), Input(ids.SECTOR, "value"))
    def draw(state, sector):
        state = state if isinstance(state, dict) else {}
        lang = lang_of(state.get("lang"), res.settings.default_lang)
        request = context.for_request(res)
        area = request.ref.area_index().get(state.get("area")) if isinstance(state.get("area"), str) else None
        try:
            rows = alerts.listed(request.engine, scope=request.scope, status="open", area=area, limit=LIMIT)
        except (SQLAlchemyError, DatabaseUnavailable):
            log.exception("reading the map's alerts failed")
            rows = []
        if isinstance(sector, str) and sector:
            rows = [r for r in rows if r["sector_code"] == sector]
        return alerts_collection(rows, lang)
