"""Instruments' files through the API (part of the /api/v1 blueprint): an official loads a file of mystery-shopper
visits (into a cycle), focus-group sessions or complaints (CSV or Excel, as multipart field `file`), limited to their
jurisdiction; all rows or none, with every bad row listed. Center managers load nothing about their own centers."""

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


def problems_of(exc: rows.NotLoaded) -> list[dict]:
    return [{"row": r, "column": c, "message": m} for r, c, m in exc.problems.items]


@api.post("/measurements/<kind>")
def load_file(kind: str):
    """kind: visits (?cycle=NAME[&from=&to= for a new cycle's days]), focus-groups or complaints; multipart `file`: a
    .csv or .xlsx (the README explains the columns)."""
    ctx = context.current()
    if kind not in service.KINDS:
        return _error(404, f"no instrument {kind!r}; kinds: {', '.join(service.KINDS)}")
    if not ctx.oversees():
        raise OutOfScope("files are loaded by analysts, governors, governorate officials and agency heads")
    assert ctx.official is not None
    cycle = params.parse_text(request.args, "cycle")
    if kind == "visits" and (not cycle or len(cycle) > 80):
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
        scope, by, name = ctx.scope, ctx.official.username, upload.filename
        try:
            if kind == "visits":
                assert cycle is not None
                opens = (first, last) if first and last else None
                loaded = service.import_visits(
                    ctx.engine, path, cycle=cycle, opens=opens, scope=scope, by=by, name=name
                )
            elif kind == "focus-groups":
                loaded = service.import_focus_groups(ctx.engine, path, scope=scope, by=by, name=name)
            else:
                loaded = service.import_complaints(ctx.engine, path, scope=scope, by=by, name=name)
        except tabular.FileError as exc:
            return _error(400, str(exc))
        except rows.NotLoaded as exc:
            record(ctx, "measurements", f"{kind}_refused", {"cycle": cycle, "problems": len(exc.problems.items)})
            body = {"error": str(exc), "status": 422, "problems": problems_of(exc)}
            return jsonify(body), 422
    record(ctx, "measurements", kind, {"cycle": cycle, "rows": loaded.rows, "file": upload.filename[:200]})
    answer: dict[str, object] = {"loaded": loaded.rows}
    if kind == "visits":
        answer |= {"cycle": loaded.cycle, "created_cycle": loaded.created_cycle}
    return jsonify(answer), 201
