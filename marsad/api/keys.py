"""Officials' personal API keys (part of the /api/v1 blueprint): create (the key is shown once), list, revoke.
Only a password or single sign-on session manages keys: a key cannot make more keys."""

from __future__ import annotations

import flask
from flask import jsonify

from marsad import context, params
from marsad.api.citizens import body_of
from marsad.api.routes import _error, api
from marsad.audit_trail import record
from marsad.context import Context, OutOfScope
from marsad.dashboard.api_key_auth import new_key
from marsad.queries import api_keys
from marsad.schemas import ApiKeyIn


def _managing() -> Context:
    ctx = context.current()
    if flask.g.get("api_key"):
        raise OutOfScope("API keys are managed after signing in with a password, not with a key")
    ctx.account_id("API keys")
    return ctx


def _listed(row: dict) -> dict:
    return {**row, **{k: row[k].isoformat() for k in ("created_at", "expires_at", "revoked_at") if row.get(k)}}


@api.post("/keys")
def create_key():
    """A new personal API key acting with the official's jurisdiction: {"name", "days"} → the key, shown once."""
    ctx = _managing()
    body = body_of(ApiKeyIn)
    if body.days is not None and body.days > ctx.settings.api_key_max_days:
        raise params.BadRequest(f"a key may live {ctx.settings.api_key_max_days} days at most")
    assert ctx.official is not None
    key, prefix, digest = new_key()
    row = api_keys.create(
        ctx.resources.quick_engine,
        official_id=ctx.official.id,
        prefix=prefix,
        key_hash=digest,
        name=body.name,
        days=body.days,
    )
    record(ctx, "api_key", "create", {"prefix": prefix, "name": body.name, "days": body.days})
    return jsonify({**_listed(row), "key": key}), 201


@api.get("/keys")
def list_keys():
    ctx = _managing()
    assert ctx.official is not None
    return jsonify({"items": [_listed(r) for r in api_keys.of_official(ctx.resources.quick_engine, ctx.official.id)]})


@api.delete("/keys/<int:key_id>")
def revoke_key(key_id: int):
    ctx = _managing()
    assert ctx.official is not None
    if not api_keys.revoke(ctx.resources.quick_engine, official_id=ctx.official.id, key_id=key_id):
        return _error(404, f"you have no active key {key_id}")
    record(ctx, "api_key", "revoke", {"id": key_id})
    return jsonify({"id": key_id, "revoked": True})
