"""Citizen endpoints (no official sign-in): nearby centers, public profiles, one-time codes, ratings and
proposals. Part of the /api/v1 blueprint."""

from __future__ import annotations

from flask import current_app, jsonify, request
from pydantic import BaseModel, ValidationError

from marsad import context, params
from marsad.analytics import nearby as nearby_mod
from marsad.analytics import profiles, public
from marsad.api.routes import _error, api
from marsad.citizens.senders import SendFailed
from marsad.citizens.service import Citizens, Refused
from marsad.schemas import NUL_CHECKED, CodeCheck, CodeRequest, ProposalIn, RatingIn
from marsad.scores import nearness


def _citizens() -> Citizens:
    return current_app.extensions["marsad_citizens"]


def body_of(model: type[BaseModel]):
    data = request.get_json(silent=True)
    if not isinstance(data, dict):
        raise params.BadRequest("send a JSON object as the request body (Content-Type: application/json)")
    if b"\\u0000" in request.get_data(cache=True):  # JSON writes a NUL only so: one search of the whole body
        raise params.BadRequest("the body contains a NUL character (\\u0000), which text cannot hold")
    try:
        return model.model_validate(data, context={NUL_CHECKED: True})
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first["loc"]) or "body"
        raise params.BadRequest(f"{where}: {first['msg']}") from None


def _token() -> str | None:
    scheme, _, value = request.headers.get("Authorization", "").partition(" ")
    return value.strip() if scheme.lower() == "bearer" else None


def _address() -> str:
    return request.remote_addr or "unknown"


@api.errorhandler(Refused)
def _refused(exc: Refused):
    return _error(exc.status, str(exc))


@api.errorhandler(SendFailed)
def _send_failed(exc):
    return _error(503, "the code could not be sent; try again in a moment")


@api.post("/public/codes")
def request_code():
    """Send a one-time code to a mobile number (by text message; in development, to the server log)."""
    body = body_of(CodeRequest)
    sent = _citizens().request_code(phone=body.phone, lang=body.lang, address=_address())
    return jsonify({"sent": True, **sent}), 202


@api.post("/public/codes/check")
def check_code():
    """Exchange the code for a bearer token that signs the rater in."""
    body = body_of(CodeCheck)
    return jsonify(
        _citizens().check_code(phone=body.phone, code=body.code, challenge=body.challenge, address=_address())
    )


@api.post("/ratings")
def add_rating():
    """Rate a center or an e-platform (bearer token); the Idempotency-Key header makes retries safe."""
    body = body_of(RatingIn)
    key = request.headers.get("Idempotency-Key")
    status, rating = _citizens().submit_rating(token=_token(), body=body, idempotency_key=key, address=_address())
    return jsonify(rating), status


@api.post("/public/proposals")
def propose_center():
    """Propose a missing center (bearer token); officials of its area approve or reject it."""
    body = body_of(ProposalIn)
    return jsonify(
        _citizens().propose(
            token=_token(), body=body, catalog=context.app_resources().reference.catalog(), address=_address()
        )
    ), 201


@api.get("/public/nearby")
def public_nearby():
    """Active centers within radius_km of (lat, lon), ranked by the documented distance–rating blend."""
    ctx = context.current_public()
    lat = params.parse_float(request.args, "lat", lo=-90, hi=90)
    lon = params.parse_float(request.args, "lon", lo=-180, hi=180)
    radius = params.parse_float(request.args, "radius_km", lo=0.1, hi=100, default=10.0)
    filters = params.parse_filters(
        {k: request.args.get(k) for k in ("sector", "service")}, ctx.ref.catalog(), params.today_riyadh()
    )
    limit = params.parse_int(request.args, "limit", default=20, lo=1, hi=100)
    items = nearby_mod.nearby(
        ctx,
        lat=lat,
        lon=lon,
        radius_km=radius,
        sector=filters.sector,
        service=filters.service,
        limit=limit,
        today=params.today_riyadh(),
    )
    return jsonify(
        {"items": items, "method": nearness.METHOD, "min_ratings": ctx.settings.min_public_ratings, "radius_km": radius}
    )


@api.get("/public/centers/<int:center_id>")
def public_center(center_id: int):
    """A center's public profile: aggregates and approved comments only; no score under the public minimum."""
    ctx = context.current_public()
    period = public.parse_period(request.args, params.today_riyadh())
    profile = profiles.public_profile(ctx, period=period, center_id=center_id)
    if profile is None:
        return _error(404, f"no active center {center_id}")
    return jsonify(profile)
