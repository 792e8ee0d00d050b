"""Every list route answers JSON, or with `format=csv|xlsx` the same rows as a file (marsad/exports.py): the same
scoped payload the JSON carries, limited in size with a clear message, with the filters, period, jurisdiction and
time of export in the file, and, for officials, an audit row naming the view and how many rows left."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime

from flask import Response, jsonify, request

from marsad import exports, i18n, params
from marsad.audit_trail import record
from marsad.context import Context
from marsad.queries.audit import scope_json

AREA_COLUMNS = ("code", "level", "parent_code", "name_ar", "name_en", "approximate", "n", "mean", "satisfied_share")
CENTER_COLUMNS = ("id", "code", "name_ar", "name_en", "sector_code", "lat", "lon", "n", "mean", "satisfied_share")
COMMENT_COLUMNS = (
    "id",
    "submitted_at",
    "center_id",
    "center_name_ar",
    "center_name_en",
    "sector_code",
    "service_code",
    "source",
    "overall",
    "lang",
    "comment",
)
RANK_COLUMNS = (
    "rank",
    "id",
    "code",
    "name_ar",
    "name_en",
    "sector_code",
    "n",
    "mean",
    "ci_low",
    "ci_high",
    "bayes",
    "satisfied_share",
    "satisfied_low",
)
NOT_EXPORTED = ("format", "export_lang")


def features(collection: dict) -> list[dict]:
    """GeoJSON features as rows: their properties, and a point's coordinates."""
    rows = []
    for f in collection["features"]:
        row = dict(f["properties"])
        geometry = f.get("geometry") or {}
        if geometry.get("type") == "Point":
            row["lon"], row["lat"] = geometry["coordinates"]
        rows.append(row)
    return rows


def respond(ctx: Context, target: str, payload: dict, rows: list[dict], columns: Sequence[str]) -> Response:
    """`payload` as JSON, or `rows` (the same rows) as the file `format` asks for."""
    fmt = params.parse_choice(request.args, "format", ("json", *exports.FORMATS)) or "json"
    if fmt == "json":
        return jsonify(payload)
    limit = ctx.settings.max_export_rows
    if len(rows) > limit:
        raise params.BadRequest(
            f"this export would hold {len(rows):,} rows, more than {limit:,}: narrow the area, "
            "the filters or the period"
        )
    lang = i18n.lang_of(params.parse_text(request.args, "export_lang"), ctx.settings.default_lang)
    asked = {k: v for k, v in request.args.to_dict(flat=True).items() if k not in NOT_EXPORTED}
    now = datetime.now(UTC).replace(microsecond=0)
    official = ctx.official
    meta = [
        ("view", target),
        *[(k, v) for k, v in sorted(asked.items())],
        *[(k, str(payload["meta"][k])) for k in ("from", "to", "period", "source") if k in payload.get("meta", {})],
        ("jurisdiction", "public figures" if official is None else str(scope_json(ctx.scope))),
        ("exported by", official.username if official else "public"),
        ("exported at (UTC)", now.isoformat()),
        ("rows", str(len(rows))),
    ]
    table = exports.Table(columns, [[r.get(c) for c in columns] for r in rows], meta)
    body = exports.render(table, fmt, lang=lang)
    if official is not None:
        record(ctx, "export", target, {"format": fmt, "rows": len(rows), **asked})
    name = f"marsad-{target.replace('/', '-')}-{now:%Y%m%d-%H%M%S}.{fmt}"
    return Response(
        body, mimetype=exports.MEDIA[fmt], headers={"Content-Disposition": f'attachment; filename="{name}"'}
    )
