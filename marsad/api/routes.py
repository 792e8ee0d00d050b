"""JSON API /api/v1 over the same query functions as the dashboard."""

from __future__ import annotations

import logging

from flask import Blueprint, jsonify, request
from sqlalchemy.exc import SQLAlchemyError
from werkzeug.exceptions import HTTPException

from marsad import context, i18n, params
from marsad.analytics import profiles, public
from marsad.analytics import rankings as ranking_data
from marsad.api.export_responses import (
    AREA_COLUMNS,
    CENTER_COLUMNS,
    COMMENT_COLUMNS,
    RANK_COLUMNS,
    features,
    respond,
)
from marsad.audit_trail import record
from marsad.comments.normalize import highlight
from marsad.context import Context, NotSignedIn, OutOfScope, UnknownArea
from marsad.db.engines import DatabaseUnavailable
from marsad.exports import FORMATS
from marsad.geodata import boundaries
from marsad.layers import places
from marsad.layers.geojson import areas_collection, centers_collection
from marsad.queries import audit, stats
from marsad.queries import comments as comment_queries
from marsad.queries.areas import ping
from marsad.scores import ranking

log = logging.getLogger(__name__)
api = Blueprint("api_v1", __name__, url_prefix="/api/v1")


def _error(status: int, message: str):
    return jsonify({"error": message, "status": status}), status


@api.errorhandler(params.BadRequest)
def _bad_request(exc):
    return _error(400, str(exc))


@api.errorhandler(NotSignedIn)
def _not_signed_in(exc):
    return _error(401, "sign in to use this endpoint")


@api.errorhandler(UnknownArea)
def _unknown_area(exc):
    return _error(400, str(exc))


@api.errorhandler(OutOfScope)
def _out_of_scope(exc):
    return _error(403, str(exc))


@api.errorhandler(SQLAlchemyError)
@api.errorhandler(DatabaseUnavailable)
def _database_down(exc):
    log.exception("database error in %s", request.path)
    return _error(503, "the database is unavailable; try again in a moment")


@api.errorhandler(404)
def _not_found(exc):
    return _error(404, f"no such endpoint: {request.path}")


@api.errorhandler(405)
def _bad_method(exc):
    return _error(405, f"{request.method} is not allowed on {request.path}")


@api.errorhandler(Exception)
def _unexpected(exc):
    if isinstance(exc, HTTPException):
        body, status = _error(exc.code or 500, exc.description or exc.name)
        return body, status, [(k, v) for k, v in exc.get_headers() if k.lower() != "content-type"]
    log.exception("unexpected error in %s", request.path)
    return _error(500, "internal error; it has been logged")


@api.route("/<path:unknown>", methods=["GET", "POST", "PUT", "PATCH", "DELETE"])
def unknown_endpoint(unknown):
    return _error(404, f"no such endpoint: {request.path}")


@api.get("/health")
def health():
    """Public: says whether the service and its database answer, and nothing about the data."""
    try:
        ping(context.app_resources().engine)
    except (SQLAlchemyError, DatabaseUnavailable):
        return jsonify({"status": "degraded", "database": "unavailable"}), 503
    return jsonify({"status": "ok", "database": "ok"})


def _filters(ctx: Context):
    return params.parse_filters(request.args, ctx.ref.catalog(), params.today_riyadh())


def _area(ctx: Context, *, required: bool = False) -> dict | None:
    """The `area` parameter: 400 when unknown, 403 when outside the jurisdiction (Context.area_in_scope)."""
    area = params.parse_area(request.args, "area", ctx.ref.area_index(), required=required)
    return ctx.area_in_scope(area["code"]) if area else None


def _audit(ctx: Context, target: str) -> None:
    record(ctx, "api", target, request.args.to_dict(flat=True))


def _areas(ctx: Context) -> dict:
    """Children of `parent` (or the regions) with stats, in the official's jurisdiction."""
    req = params.parse_area_request(request.args, ctx.ref.area_index())
    filters = _filters(ctx)
    ctx.area_in_scope(req.parent["code"] if req.parent else None)
    _audit(ctx, "areas")
    rows = ctx.memo(
        "child_areas",
        stats.child_areas,
        filters=filters,
        parent=req.parent,
        country=req.parent["country"] if req.parent else ctx.settings.country,
    )
    collection = areas_collection(rows, ctx.ref.area_shapes())
    collection["meta"] = {
        "level": req.level,
        "parent": req.parent["code"] if req.parent else None,
        "from": filters.date_from.isoformat(),
        "to": filters.date_to.isoformat(),
    }
    return collection


def _centers(ctx: Context) -> dict:
    """The active centers of `area` with stats, in the official's jurisdiction."""
    area = params.parse_area(request.args, "area", ctx.ref.area_index(), required=True)
    assert area is not None
    filters = _filters(ctx)
    ctx.area_in_scope(area["code"])
    _audit(ctx, "centers")
    rows = ctx.memo("centers", stats.centers, filters=filters, area=area)
    collection = centers_collection(rows)
    collection["meta"] = {
        "area": area["code"],
        "from": filters.date_from.isoformat(),
        "to": filters.date_to.isoformat(),
    }
    return collection


@api.get("/areas")
def areas():
    ctx = context.current()
    collection = _areas(ctx)
    return respond(ctx, "areas", collection, features(collection), AREA_COLUMNS)


@api.get("/centers")
def centers():
    ctx = context.current()
    collection = _centers(ctx)
    return respond(ctx, "centers", collection, features(collection), CENTER_COLUMNS)


@api.get("/summary")
def summary():
    ctx = context.current()
    area = _area(ctx)
    filters = _filters(ctx)
    _audit(ctx, "summary")
    data = ctx.memo("kpis", stats.kpis, filters=filters, area=area)
    return jsonify(
        {
            **data,
            "area": area["code"] if area else None,
            "from": filters.date_from.isoformat(),
            "to": filters.date_to.isoformat(),
        }
    )


@api.get("/comments")
def comments():
    """Approved comments in scope, newest first; `q` searches with Arabic normalisation; `cursor` pages."""
    ctx = context.current()
    q = params.parse_comment_query(request.args, ctx.ref.catalog(), ctx.ref.area_index(), params.today_riyadh())
    ctx.area_in_scope(q.area["code"] if q.area else None)
    _audit(ctx, "comments")
    # a file holds every matching comment (up to the export limit, refused above it), not one page
    whole = request.args.get("format") in FORMATS
    page = ctx.settings.max_export_rows + 1 if whole else None
    rows, cursor = ctx.read(lambda e: comment_queries.comments(e, scope=ctx.scope, q=q, page=page))
    items = [
        {
            **r,
            "submitted_at": r["submitted_at"].isoformat(),
            "highlight": [{"text": t, "match": m} for t, m in highlight(r["comment"], q.search or "")],
        }
        for r in rows
    ]
    payload = {"items": items, "next_cursor": params.encode_cursor(cursor)}
    return respond(ctx, "comments", payload, items, COMMENT_COLUMNS)


@api.get("/sectors")
def sectors():
    """Sectors compared: ranked mean with 95% interval and n, and each criterion's mean (the heatmap)."""
    ctx = context.current()
    area = _area(ctx)
    filters = _filters(ctx)
    min_ratings = params.parse_int(request.args, "min_ratings", default=30, lo=1, hi=100_000)
    _audit(ctx, "sectors")
    rows = ranking_data.sectors(ctx, filters=filters, area=area, min_ratings=min_ratings)
    payload = {"sectors": rows, "method": ranking.METHOD, "min_ratings": min_ratings}
    flat = [{**r, **{f"criterion_{c}": v for c, v in r["criteria"].items()}} for r in rows]
    criteria = tuple(f"criterion_{c}" for c in (rows[0]["criteria"] if rows else {}))
    return respond(ctx, "sectors", payload, flat, (*RANK_COLUMNS, *criteria))


@api.get("/rankings")
def rankings():
    """Top or bottom centers (level=center) or child areas (level=area) of `area`, fairly ranked."""
    ctx = context.current()
    area = _area(ctx)
    filters = _filters(ctx)
    level = params.parse_choice(request.args, "level", ("center", "area")) or "center"
    order = params.parse_choice(request.args, "order", ("top", "bottom")) or "top"
    limit = params.parse_int(request.args, "limit", default=10, lo=1, hi=200)
    min_ratings = params.parse_int(request.args, "min_ratings", default=20, lo=1, hi=100_000)
    _audit(ctx, "rankings")
    if level == "area" and area is None:
        area, _ = ctx.area_or_home(None)  # the areas under the official's own, never those above it
    if level == "area" and area is not None and area["level"] == "locality":
        raise params.BadRequest("a locality has no child areas to rank")
    build = ranking_data.center_ranking if level == "center" else ranking_data.area_ranking
    ranked = build(ctx, filters=filters, area=area, min_ratings=min_ratings)
    listed = [r for r in ranked if r["rank"] is not None]
    if order == "bottom":
        listed = listed[::-1]
    items = listed[:limit]
    payload = {
        "items": items,
        "unranked": len(ranked) - len(listed),
        "method": ranking.METHOD,
        "min_ratings": min_ratings,
        "level": level,
        "order": order,
    }
    return respond(ctx, f"rankings/{level}", payload, items, RANK_COLUMNS)


@api.get("/centers/<int:center_id>")
def center_profile(center_id: int):
    """One center: services, score with interval, criteria, distribution, trend, recent comments, peer ranks."""
    ctx = context.current()
    filters = _filters(ctx)
    min_ratings = params.parse_int(request.args, "min_ratings", default=20, lo=1, hi=100_000)
    profile = profiles.center_profile(ctx, filters=filters, center_id=center_id, min_ratings=min_ratings)
    if profile is None:
        return _error(404, f"no center {center_id} in your jurisdiction")
    _audit(ctx, "center")
    return jsonify(
        {
            **profile,
            "trend": [{**t, "period": t["period"].isoformat()} for t in profile["trend"]],
            "recent_comments": [
                {**c, "submitted_at": c["submitted_at"].isoformat()} for c in profile["recent_comments"]
            ],
        }
    )


@api.get("/audit")
def audit_log():
    """The audit log, newest first, for national analysts only; `before` pages by id."""
    ctx = context.current()
    if ctx.official is None or not ctx.official.national:
        raise OutOfScope("only national analysts can read the audit log")
    before = params.parse_int(request.args, "before", default=None, lo=1, hi=2**63 - 1)
    limit = params.parse_int(request.args, "limit", default=100, lo=1, hi=500)
    username = params.parse_text(request.args, "username")
    rows = audit.recent(ctx.engine, scope=ctx.scope, before_id=before, username=username, limit=limit)
    _audit(ctx, "audit")
    return jsonify(
        {"entries": [{**r, "at": r["at"].isoformat()} for r in rows], "next_before": rows[-1]["id"] if rows else None}
    )


def _public_figures(ctx: Context, period: public.PublicPeriod, collection: dict, level_of) -> dict:
    """The collection as the public may see it: each feature's figures only where its cell is published
    (analytics/public.py: fixed periods, app ratings, complementary suppression)."""
    cells = public.cells(ctx, period)
    features = []
    for f in collection["features"]:
        p = dict(f["properties"])
        shown = public.figures(cells.show((level_of(p), p.get("code") if level_of(p) != "center" else p["id"])))
        p.update({k: shown[k] for k in ("published", "n", "mean", "satisfied_share")})
        features.append({**f, "properties": p})
    meta = {
        **collection["meta"],
        "period": period.key,
        "from": period.date_from.isoformat(),
        "to": period.date_to.isoformat(),
        "source": public.SOURCE,
        "min_ratings": ctx.settings.min_public_ratings,
    }
    return {**collection, "features": features, "meta": meta}


def _public_query() -> None:
    """Public figures do not take filters that would split them further (each split would need its own
    suppression); a sector may narrow the list of centers only."""
    for name in ("sector", "service"):
        if request.args.get(name) and (name == "service" or request.path.endswith("/areas")):
            raise params.BadRequest(f"public figures are not split by {name}; leave {name} out")


@api.get("/public/places")
def public_places():
    """No sign-in: the shipped cities and towns as the maps' place names, in one language (a day in caches)."""
    settings = context.current_public().settings
    lang = i18n.lang_of(request.args.get("lang"))
    response = jsonify(places.labels(boundaries.places(settings.country), lang))
    response.headers["Cache-Control"] = "public, max-age=86400"
    return response


@api.get("/public/areas")
def public_areas():
    """No sign-in: areas with public aggregates only."""
    ctx = context.current_public()
    _public_query()
    period = public.parse_period(request.args, params.today_riyadh())
    req = params.parse_area_request(request.args, ctx.ref.area_index())
    rows = ctx.memo(
        "public_child_areas",
        stats.child_areas,
        filters=period.filters(),
        parent=req.parent,
        country=req.parent["country"] if req.parent else ctx.settings.country,
    )
    collection = areas_collection(rows, ctx.ref.area_shapes())
    collection["meta"] = {"level": req.level, "parent": req.parent["code"] if req.parent else None}
    published = _public_figures(ctx, period, collection, lambda p: p["level"])
    return respond(ctx, "public/areas", published, features(published), (*AREA_COLUMNS, "published"))


@api.get("/public/centers")
def public_centers():
    """No sign-in: the active centers of an area (of a sector, if given) with public aggregates only."""
    ctx = context.current_public()
    _public_query()
    period = public.parse_period(request.args, params.today_riyadh())
    area = params.parse_area(request.args, "area", ctx.ref.area_index(), required=True)
    assert area is not None
    sector = params.parse_filters(
        {"sector": request.args.get("sector")}, ctx.ref.catalog(), params.today_riyadh()
    ).sector
    rows = ctx.memo("public_centers", stats.centers, filters=period.filters(), area=area)
    collection = centers_collection(r for r in rows if sector is None or r["sector_code"] == sector)
    collection["meta"] = {"area": area["code"], "sector": sector}
    published = _public_figures(ctx, period, collection, lambda p: "center")
    return respond(ctx, "public/centers", published, features(published), (*CENTER_COLUMNS, "published"))
