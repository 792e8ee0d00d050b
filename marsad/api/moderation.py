"""Officials' writes, within their jurisdiction: moderating comments and proposed centers, and uploading
batches of survey, mystery-shopper and focus-group ratings. Part of the /api/v1 blueprint."""

from __future__ import annotations

from flask import jsonify, request

from marsad import params, services
from marsad.api.citizens import body_of
from marsad.api.routes import OutOfScope, _error, api
from marsad.api.schemas import RatingBatch
from marsad.citizens.service import Citizens
from marsad.queries import ingest, moderation
from marsad.session import current_official, current_scope


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
    batch = body_of(RatingBatch)
    unknown = ingest.unknown_pairs(svc.engine, scope=scope, pairs=[(r.center_id, r.service_code) for r in batch.ratings])
    if unknown:
        shown = ", ".join(f"{c}/{s}" for c, s in unknown[:5])
        raise params.BadRequest(f"{len(unknown)} center/service pairs are not active centers in your jurisdiction "
                                f"offering that service: {shown}")
    rows = [Citizens.batch_row(r) for r in batch.ratings]
    stored = ingest.add_batch(svc.engine, scope=scope, rows=rows)
    svc.audit("ingest", "ratings", {"count": stored})
    return jsonify({"stored": stored}), 201
