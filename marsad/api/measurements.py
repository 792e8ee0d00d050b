"""Instruments' files through the API (part of the /api/v1 blueprint): an official loads a mystery-shopper visits file
(CSV or Excel, as multipart field `file`) into a cycle, limited to their jurisdiction; all rows or none, with every
bad row listed. Center managers do not load visits of their own centers."""

from __future__ import annotations

import tempfile
from pathlib import Path

from flask import jsonify, request

from marsad import context, params
from marsad.api.routes import _error, api
from marsad.audit_trail import record
from marsad.context import OutOfScope
from marsad.measurements import rows, service, tabular

UPLOAD_LIMIT = 20 * 1024 * 1024  # bytes
LOADERS = ("analyst", "governor", "governorate_official", "agency_head")


def problems_of(exc: rows.NotLoaded) -> list[dict]:
    return [{"row": r, "column": c, "message": m} for r, c, m in exc.problems.items]


@api.post("/measurements/visits")
def load_visits():
    """?cycle=NAME[&from=&to= for a new cycle's days]; multipart `file`: a .csv or .xlsx of visits (`marsad
    measurements import` explains the columns)."""
    ctx = context.current()
    if ctx.official is None or ctx.official.role not in LOADERS:
        raise OutOfScope("visits are loaded by analysts, governors, governorate officials and agency heads")
    cycle = params.parse_text(request.args, "cycle")
    if not cycle or len(cycle) > 80:
        raise params.BadRequest("cycle: give the cycle's name (at most 80 characters)")
    if request.content_length is None or request.content_length > UPLOAD_LIMIT:
        return _error(413, f"send a file of at most {UPLOAD_LIMIT // 1024 // 1024} MB as multipart field 'file'")
    first, last = params.parse_date(request.args, "from"), params.parse_date(request.args, "to")
    if (first is None) != (last is None) or (first and last and last < first):
        raise params.BadRequest("from, to: give both days of a new cycle, the first no later than the last")
    upload = request.files.get("file")
    if upload is None or not upload.filename:
        raise params.BadRequest("file: send the visits file as multipart field 'file'")
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "upload"
        upload.save(path)
        try:
            loaded = service.import_visits(
                ctx.engine,
                path,
                cycle=cycle,
                scope=ctx.scope,
                by=ctx.official.username,
                name=upload.filename,
                opens=(first, last) if first and last else None,
            )
        except tabular.FileError as exc:
            return _error(400, str(exc))
        except rows.NotLoaded as exc:
            record(ctx, "measurements", "visits_refused", {"cycle": cycle, "problems": len(exc.problems.items)})
            body = {"error": str(exc), "status": 422, "problems": problems_of(exc)}
            return jsonify(body), 422
    record(ctx, "measurements", "visits", {"cycle": cycle, "rows": loaded.rows, "file": upload.filename[:200]})
    return jsonify({"loaded": loaded.rows, "cycle": loaded.cycle, "created_cycle": loaded.created_cycle}), 201
