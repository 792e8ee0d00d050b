"""Officials' writes, within their jurisdiction: moderating comments and proposed centers, and uploading
batches of survey, mystery-shopper and focus-group ratings. Part of the /api/v1 blueprint."""

from __future__ import annotations

import hashlib

from flask import jsonify, request
from pydantic import TypeAdapter

from marsad import context, params
from marsad.api.citizens import body_of
from marsad.api.routes import _error, api
from marsad.audit_trail import record
from marsad.citizens.service import comment_fields
from marsad.context import OutOfScope
from marsad.queries import ingest, moderation
from marsad.schemas import BatchRating, RatingBatch

RATINGS = TypeAdapter(list[BatchRating])


@api.get("/moderation/comments")
def pending_comments():
    """Comments waiting for moderation in the official's jurisdiction, oldest first."""
    ctx = context.current()
    limit = params.parse_int(request.args, "limit", default=50, lo=1, hi=200)
    rows = moderation.pending_comments(ctx.engine, scope=ctx.scope, limit=limit)
    record(ctx, "api", "moderation_comments", {"limit": limit})
    return jsonify({"items": [{**r, "submitted_at": r["submitted_at"].isoformat()} for r in rows]})


@api.post("/moderation/comments/<int:rating_id>")
def moderate_comment(rating_id: int):
    """Approve or hide a comment: {"status": "approved" | "hidden"}."""
    ctx = context.current()
    data = request.get_json(silent=True) or {}
    status = data.get("status") if isinstance(data, dict) else None
    if status not in moderation.COMMENT_STATUSES:
        raise params.BadRequest("status must be approved or hidden")
    if not moderation.set_comment_status(ctx.engine, scope=ctx.scope, rating_id=rating_id, status=status):
        return _error(404, f"no comment {rating_id} in your jurisdiction")
    record(ctx, "moderate", "comment", {"id": rating_id, "status": status})
    ctx.cache.bump_data_version()
    return jsonify({"id": rating_id, "status": status})


@api.get("/proposals")
def list_proposals():
    ctx = context.current()
    status = params.parse_choice(request.args, "status", ("pending", "approved", "rejected")) or "pending"
    rows = moderation.proposals(ctx.engine, scope=ctx.scope, status=status)
    record(ctx, "api", "proposals", {"status": status})
    return jsonify({"items": [{**r, "created_at": r["created_at"].isoformat()} for r in rows]})


@api.post("/proposals/<int:proposal_id>")
def decide_proposal(proposal_id: int):
    """Approve or reject a proposed center: {"decision": "approve" | "reject"}."""
    ctx = context.current()
    data = request.get_json(silent=True) or {}
    decision = data.get("decision") if isinstance(data, dict) else None
    if decision not in ("approve", "reject"):
        raise params.BadRequest("decision must be approve or reject")
    if ctx.scope.centers is not None or ctx.official is None:
        raise OutOfScope("center managers cannot decide on new centers")
    done = moderation.decide_proposal(
        ctx.engine,
        scope=ctx.scope,
        proposal_id=proposal_id,
        approve=decision == "approve",
        decided_by=ctx.official.username,
    )
    if done is None:
        return _error(404, f"no pending proposal {proposal_id} in your jurisdiction")
    record(ctx, "moderate", "proposal", {"id": proposal_id, "decision": decision})
    ctx.cache.bump_data_version()
    return jsonify(done)


@api.post("/ratings/batch")
def add_rating_batch():
    """Officials upload up to 5,000 survey, mystery-shopper or focus-group ratings for centers in their
    jurisdiction; all or none are stored, and they reach the rollups within seconds. With an Idempotency-Key
    header, sending the same batch again (its answer was lost) stores nothing and answers as the first time."""
    ctx = context.current()
    scope = ctx.scope
    if ctx.official is None or ctx.official.role == "center_manager":
        raise OutOfScope("center managers cannot upload ratings")
    key = params.idempotency_key(request.headers.get("Idempotency-Key"))
    batch = body_of(RatingBatch)
    written = RATINGS.dump_json(batch.ratings)  # pydantic's own writer: 7 ms per 5,000
    ratings = written.decode()
    request_hash = "" if key is None else hashlib.sha256(written).hexdigest()
    official = ctx.official.username
    if key is not None and (seen := ingest.replayed(ctx.engine, official=official, key=key)) is not None:
        return _replay(seen, request_hash)
    unknown = ingest.unknown_pairs(ctx.engine, scope=scope, ratings=ratings)
    if unknown:
        shown = ", ".join(f"{c}/{s}" for c, s in unknown[:5])
        raise params.BadRequest(
            f"{len(unknown)} center/service pairs are not active centers in your jurisdiction "
            f"offering that service: {shown}"
        )
    comments = [{"i": i, **comment_fields(r.comment, r.lang)} for i, r in enumerate(batch.ratings, 1) if r.comment]
    stored = ingest.add_batch(ctx.engine, scope=scope, ratings=ratings, count=len(batch.ratings), comments=comments,
                              official=official, key=key, request_hash=request_hash)  # fmt: skip
    if stored is None:  # the same key, sent at the same time, was stored by the other request
        seen = ingest.replayed(ctx.engine, official=official, key=key or "")
        return _replay(seen, request_hash) if seen else _error(409, "this Idempotency-Key is in use; send it again")
    record(ctx, "ingest", "ratings", {"count": stored})
    return jsonify({"stored": stored}), 201


def _replay(seen: dict, request_hash: str):
    if seen["request_hash"] != request_hash:
        return _error(422, "this Idempotency-Key was used for a different batch")
    return jsonify({"stored": seen["stored"], "replayed": True}), 200
