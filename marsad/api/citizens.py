"""Citizen endpoints (no official sign-in): nearby centers, public profiles, one-time codes, ratings,
proposals; and the officials' moderation of comments and proposals. Part of the /api/v1 blueprint."""

from __future__ import annotations

from flask import current_app, jsonify, request
from pydantic import BaseModel, ValidationError

from marsad import nearby as nearby_mod
from marsad import params, reports, services
from marsad.api.routes import OutOfScope, _error, _filters, api
from marsad.api.schemas import CodeCheck, CodeRequest, ProposalIn, RatingBatch, RatingIn
from marsad.citizens.senders import SendFailed
from marsad.citizens.service import Citizens, Refused
from marsad.queries import ingest, moderation
from marsad.session import current_official, current_scope, public_scope


def _citizens() -> Citizens:
    return current_app.extensions["marsad_citizens"]


def _body(model: type[BaseModel]):
    data = request.get_json(silent=True)
    if not isinstance(data, dict):
        raise params.BadRequest("send a JSON object as the request body (Content-Type: application/json)")
    try:
        return model.model_validate(data)
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
    body = _body(CodeRequest)
    ref = _citizens().request_code(phone=body.phone, lang=body.lang, address=_address())
    return jsonify({"sent": True, "ref": ref, "expires_in": _citizens().settings.otp_ttl_seconds}), 202


@api.post("/public/codes/check")
def check_code():
    """Exchange the code for a bearer token that signs the rater in."""
    body = _body(CodeCheck)
    return jsonify(_citizens().check_code(phone=body.phone, code=body.code, address=_address()))


@api.post("/ratings")
def add_rating():
    """Rate a center or an e-platform (bearer token); the Idempotency-Key header makes retries safe."""
    body = _body(RatingIn)
    key = request.headers.get("Idempotency-Key")
    status, rating = _citizens().submit_rating(token=_token(), body=body, idempotency_key=key, address=_address())
    return jsonify(rating), status


@api.post("/public/proposals")
def propose_center():
    """Propose a missing center (bearer token); officials of its area approve or reject it."""
    body = _body(ProposalIn)
    return jsonify(_citizens().propose(token=_token(), body=body, catalog=services.current().catalog(),
                                       address=_address())), 201


@api.get("/public/nearby")
def public_nearby():
    """Active centers within radius_km of (lat, lon), ranked by the documented distance–rating blend."""
    svc = services.current()
    lat = _float("lat", -90, 90)
    lon = _float("lon", -180, 180)
    radius = _float("radius_km", 0.1, 100, default=10.0)
    filters = params.parse_filters({k: request.args.get(k) for k in ("sector", "service")}, svc.catalog(),
                                   params.today_riyadh())
    limit = params.parse_int(request.args, "limit", default=20, lo=1, hi=100)
    items = nearby_mod.nearby(svc, lat=lat, lon=lon, radius_km=radius, sector=filters.sector, service=filters.service,
                              limit=limit, today=params.today_riyadh())
    return jsonify({"items": items, "method": nearby_mod.METHOD, "min_ratings": svc.settings.min_public_ratings,
                    "radius_km": radius})


def _float(name: str, lo: float, hi: float, default: float | None = None) -> float:
    raw = request.args.get(name)
    if raw is None or raw == "":
        if default is None:
            raise params.BadRequest(f"{name} is required")
        return default
    try:
        value = float(raw)
    except ValueError:
        raise params.BadRequest(f"{name} must be a number, got {raw[:40]!r}") from None
    if not lo <= value <= hi:  # also refuses nan
        raise params.BadRequest(f"{name} must be between {lo} and {hi}")
    return value


@api.get("/public/centers/<int:center_id>")
def public_center(center_id: int):
    """A center's public profile: aggregates and approved comments only; no score under the public minimum."""
    svc = services.current()
    profile = reports.public_profile(svc, scope=public_scope(), filters=_filters(), center_id=center_id)
    if profile is None:
        return _error(404, f"no active center {center_id}")
    return jsonify(profile)


@api.get("/moderation/comments")
def pending_comments():
    """Comments waiting for moderation in the official's jurisdiction, oldest first."""
    svc = services.current()
    limit = params.parse_int(request.args, "limit", default=50, lo=1, hi=200)
    rows = moderation.pending_comments(svc.engine, scope=current_scope(), limit=limit)
    svc.audit("api", "moderation_comments", {"limit": limit})
    return jsonify({"items": [{**r, "submitted_at": r["submitted_at"].isoformat()} for r in rows]})


@api.post("/moderation/comments/<int:rating_id>")
def moderate_comment(rating_id: int):
    """Approve or hide a comment: {"status": "approved" | "hidden"}."""
    svc = services.current()
    data = request.get_json(silent=True) or {}
    status = data.get("status") if isinstance(data, dict) else None
    if status not in moderation.COMMENT_STATUSES:
        raise params.BadRequest("status must be approved or hidden")
    if not moderation.set_comment_status(svc.engine, scope=current_scope(), rating_id=rating_id, status=status):
        return _error(404, f"no comment {rating_id} in your jurisdiction")
    svc.audit("moderate", "comment", {"id": rating_id, "status": status})
    svc.bump_data_version()
    return jsonify({"id": rating_id, "status": status})


@api.get("/proposals")
def list_proposals():
    svc = services.current()
    status = params.parse_choice(request.args, "status", ("pending", "approved", "rejected")) or "pending"
    rows = moderation.proposals(svc.engine, scope=current_scope(), status=status)
    svc.audit("api", "proposals", {"status": status})
    return jsonify({"items": [{**r, "created_at": r["created_at"].isoformat()} for r in rows]})


@api.post("/proposals/<int:proposal_id>")
def decide_proposal(proposal_id: int):
    """Approve or reject a proposed center: {"decision": "approve" | "reject"}."""
    svc = services.current()
    official = current_official()
    data = request.get_json(silent=True) or {}
    decision = data.get("decision") if isinstance(data, dict) else None
    if decision not in ("approve", "reject"):
        raise params.BadRequest("decision must be approve or reject")
    scope = current_scope()
    if scope.centers is not None:
        raise OutOfScope("center managers cannot decide on new centers")
    done = moderation.decide_proposal(svc.engine, scope=scope, proposal_id=proposal_id,
                                      approve=decision == "approve", decided_by=official.username)
    if done is None:
        return _error(404, f"no pending proposal {proposal_id} in your jurisdiction")
    svc.audit("moderate", "proposal", {"id": proposal_id, "decision": decision})
    svc.bump_data_version()
    return jsonify(done)


@api.post("/ratings/batch")
def add_rating_batch():
    """Officials upload up to 5,000 survey, mystery-shopper or focus-group ratings for centers in their
    jurisdiction; all or none are stored, and they reach the rollups within seconds."""
    svc = services.current()
    scope = current_scope()
    if current_official().role == "center_manager":
        raise OutOfScope("center managers cannot upload ratings")
    batch = _body(RatingBatch)
    unknown = ingest.unknown_pairs(svc.engine, scope=scope, pairs=[(r.center_id, r.service_code) for r in batch.ratings])
    if unknown:
        shown = ", ".join(f"{c}/{s}" for c, s in unknown[:5])
        raise params.BadRequest(f"{len(unknown)} center/service pairs are not active centers in your jurisdiction "
                                f"offering that service: {shown}")
    rows = [Citizens.batch_row(r) for r in batch.ratings]
    stored = ingest.add_batch(svc.engine, scope=scope, rows=rows)
    svc.audit("ingest", "ratings", {"count": stored})
    return jsonify({"stored": stored}), 201
