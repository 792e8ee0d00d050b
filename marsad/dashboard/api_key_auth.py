"""Signing in to the API with a personal key (`Authorization: Bearer mk_…`): the key's official, as their row says
now (a disabled official's keys stop at once; a narrowed jurisdiction narrows them), rate-limited per key."""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets
import time
from typing import Any

import flask
from sqlalchemy import Engine
from werkzeug.exceptions import TooManyRequests

from marsad.db.engines import retry_if_disconnected
from marsad.queries import api_keys, officials
from marsad.queries.officials import Official

KEY = re.compile(r"^mk_([0-9a-f]{12})_([A-Za-z0-9_-]{43})$")


def digest(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def new_key() -> tuple[str, str, str]:
    """(the key as shown once, its prefix, the digest stored)."""
    prefix, secret = secrets.token_hex(6), secrets.token_urlsafe(32)
    return f"mk_{prefix}_{secret}", prefix, digest(secret)


def official_for(engine: Engine, cache: Any, value: str, *, per_minute: int) -> Official | None:
    """The official a key acts for, or None (malformed, unknown, revoked, expired, or the official disabled).
    TooManyRequests past `per_minute` requests of one key."""
    m = KEY.match(value.strip())
    if m is None:
        return None
    prefix, secret = m.groups()
    found = retry_if_disconnected(lambda: api_keys.usable(engine, prefix))
    if found is None or not hmac.compare_digest(found[1], digest(secret)):
        return None
    minute = int(time.time() // 60)
    backend = getattr(cache, "cache", cache)  # flask-caching's backend counts (atomically with Redis)
    used = backend.inc(f"marsad:apikey:{prefix}:{minute}") or 0
    if used > per_minute:
        raise TooManyRequests(f"more than {per_minute} requests a minute with this key; slow down", retry_after=60)
    official = retry_if_disconnected(lambda: officials.by_id(engine, found[0]))
    if official is None or official.disabled:
        return None
    flask.g.api_key = prefix
    return official
