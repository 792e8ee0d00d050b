"""Embeds through the API (part of the /api/v1 blueprint): create (the link and iframe code), list, revoke."""

from __future__ import annotations

from flask import jsonify

from marsad import context
from marsad.api.citizens import body_of
from marsad.api.routes import _error, api
from marsad.audit_trail import record
from marsad.embeds import issue
from marsad.schemas import EmbedIn


@api.post("/embeds")
def create_embed():
    """An embed of a view inside the official's jurisdiction → its link (/embed/<token>) and iframe code."""
    ctx = context.current()
    body = body_of(EmbedIn)
    made = issue.create(ctx, body)
    record(ctx, "embed", "create", {"id": made["id"], "area": body.area, "sector": body.sector, "days": body.days})
    return jsonify(made), 201


@api.get("/embeds")
def list_embeds():
    """The official's embeds (a national analyst's: everyone's), newest first."""
    ctx = context.current()
    return jsonify({"items": issue.listed(ctx)})


@api.delete("/embeds/<int:embed_id>")
def revoke_embed(embed_id: int):
    ctx = context.current()
    if not issue.revoke(ctx, embed_id):
        return _error(404, f"no active embed {embed_id} that you manage")
    record(ctx, "embed", "revoke", {"id": embed_id})
    return jsonify({"id": embed_id, "revoked": True})
