"""Sign-in: dash-auth basic auth against the `official` table (default) or OIDC single sign-on.

Whichever is used, a request that passes puts the official on `flask.g` for that request only;
`marsad.context.for_request()` reads it from there and nowhere else, and builds the scope from it.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import logging
import threading
import time

import flask
from dash import Dash
from dash_auth import BasicAuth
from sqlalchemy import Engine
from sqlalchemy.exc import SQLAlchemyError
from werkzeug.exceptions import ServiceUnavailable, TooManyRequests

from marsad.dashboard import api_key_auth
from marsad.dashboard.signin_throttle import SignInThrottle
from marsad.db.engines import retry_if_disconnected
from marsad.queries import officials
from marsad.queries.officials import ROLES, Official

PUBLIC_ROUTES = [
    "/api/v1/health",
    "/api/v1/public/<path:rest>",
    "/api/v1/ratings",
    "/api/v1/openapi.json",
    "/api/v1/docs",
    "/public/",
    "/public/<path:rest>",
    "/embed/<path:rest>",  # embedded views: each request is checked against its signed token (marsad/embeds)
]


class TooManyAttempts(TooManyRequests):
    """Failed sign-ins from this address or for this username: 429 with Retry-After."""

    def __init__(self, retry_after: float):
        seconds = max(1, round(retry_after))
        super().__init__(f"Too many failed sign-ins. Try again in {seconds} seconds.", retry_after=seconds)


class OfficialAuth(BasicAuth):
    """Basic auth whose users are the enabled rows of `official`.

    Password hashes are slow on purpose, and basic auth sends the password with every request, so a
    successful check is remembered for `remember_seconds` under an HMAC of the credentials; the
    official's row is still read on every request, and the remembered check holds only while the row is enabled and
    its password unchanged (`marsad users disable` and `set-password` take effect on the next request). Failed
    checks are throttled (signin_throttle.py); unknown usernames cost the same work as known ones.
    """

    def __init__(
        self,
        app: Dash,
        *,
        engine: Engine,
        secret: str,
        throttle: SignInThrottle,
        keys_per_minute: int,
        remember_seconds: int = 60,
    ):
        """`engine`: one for single statements (make_engine(single_statements=True)), as this read runs on
        every request."""
        self._engine = engine
        self._secret = secret.encode()
        self._remember = remember_seconds
        self._throttle = throttle
        self._keys_per_minute = keys_per_minute
        self._verified: dict[bytes, tuple[int, str, float]] = {}
        self._lock = threading.Lock()
        super().__init__(app, auth_func=lambda u, p: False, public_routes=PUBLIC_ROUTES)

    def _official(self, username: str, password: str) -> Official | None:
        key = hmac.new(self._secret, f"{username}\0{password}".encode(), hashlib.sha256).digest()
        now = time.monotonic()
        with self._lock:
            hit = self._verified.get(key)
        if hit and hit[2] > now:
            official = retry_if_disconnected(lambda: officials.still_signed_in(self._engine, hit[0], hit[1]))
            if official is not None and official.username == username:
                return official
            with self._lock:
                self._verified.pop(key, None)
            return None
        address = flask.request.remote_addr or "-"
        wait = self._throttle.retry_after(username, address)
        if wait > 0:
            raise TooManyAttempts(wait)
        found = retry_if_disconnected(lambda: officials.check(self._engine, username, password))
        if found is None:
            self._throttle.failed(username, address)
            return None
        official, fingerprint = found
        self._throttle.succeeded(username, address)
        with self._lock:
            if len(self._verified) > 10_000:
                self._verified.clear()
            self._verified[key] = (official.id, fingerprint, now + self._remember)
        return official

    def is_authorized(self) -> bool:
        scheme, _, value = flask.request.headers.get("Authorization", "").partition(" ")
        if scheme.lower() == "bearer":
            return _api_key(self._engine, self._throttle.cache, value, self._keys_per_minute)
        if scheme.lower() != "basic" or not value or len(value) > 1024:
            return False
        try:
            username, password = base64.b64decode(value, validate=True).decode("utf-8").split(":", 1)
        except (ValueError, UnicodeDecodeError, binascii.Error):
            return False
        if not username or len(username) > 200 or any(ord(ch) < 32 or ord(ch) == 127 for ch in username + password):
            return False  # malformed (a NUL, a control character): not a name anyone has
        try:
            official = self._official(username, password)
        except SQLAlchemyError as exc:
            raise ServiceUnavailable("the database is unavailable; try again in a moment") from exc
        if official is None:
            return False
        flask.g.official = official
        return True

    def login_request(self):
        challenge = {"WWW-Authenticate": 'Basic realm="Marsad", charset="UTF-8"'}
        if flask.request.path.startswith("/api/"):
            return api_unauthorized("sign in: basic auth with your Marsad account, or Bearer <API key>", challenge)
        return flask.Response("Sign in with your Marsad account.", status=401, mimetype="text/plain", headers=challenge)


def api_unauthorized(message: str, headers: dict | None = None) -> flask.Response:
    """The API's 401, as JSON like its other errors."""
    return flask.Response(
        flask.json.dumps({"error": message, "status": 401}), status=401, mimetype="application/json", headers=headers
    )


def _api_key(engine: Engine, cache, value: str, per_minute: int) -> bool:
    """A personal API key signs in to the API only (not the pages)."""
    if not flask.request.path.startswith("/api/"):
        return False
    try:
        official = api_key_auth.official_for(engine, cache, value, per_minute=per_minute)
    except SQLAlchemyError as exc:
        raise ServiceUnavailable("the database is unavailable; try again in a moment") from exc
    if official is None:
        return False
    flask.g.official = official
    return True


def official_from_claims(claims: dict, *, groups_claim: str = "groups", prefix: str = "marsad:") -> Official | None:
    """Map identity-provider claims to an official, or None when they grant nothing.

    The groups claim (a list of strings) carries, with the prefix:
      role:<governor|governorate_official|agency_head|center_manager|analyst>   exactly one
      national | area:<code> | sector:<code> | center:<id>                      the jurisdiction
    e.g. ["marsad:role:agency_head", "marsad:sector:health", "marsad:area:SA-01"].
    """
    groups = claims.get(groups_claim) or []
    if isinstance(groups, str):
        groups = [groups]
    mine = [g[len(prefix) :] for g in groups if isinstance(g, str) and g.startswith(prefix)]
    roles = {g.split(":", 1)[1] for g in mine if g.startswith("role:")}
    if len(roles) != 1 or not roles <= set(ROLES):
        return None
    areas = tuple(sorted(g.split(":", 1)[1] for g in mine if g.startswith("area:")))
    sectors = tuple(sorted(g.split(":", 1)[1] for g in mine if g.startswith("sector:")))
    try:
        centers = tuple(sorted(int(g.split(":", 1)[1]) for g in mine if g.startswith("center:")))
    except ValueError:
        return None
    national = "national" in mine
    if national == bool(areas or sectors or centers):  # national alone, or a jurisdiction without it
        return None
    username = str(claims.get("preferred_username") or claims.get("email") or claims.get("sub") or "")
    if not username:
        return None
    return Official(
        id=0,
        username=username,
        display_name=str(claims.get("name") or username),
        role=roles.pop(),
        disabled=False,
        national=national,
        areas=areas,
        sectors=sectors,
        centers=centers,
    )


def install_oidc(app: Dash, settings, *, engine: Engine, cache) -> None:
    """OIDC sign-in (dash-auth[oidc]); the official comes from the session's userinfo claims, checked on every
    request against the `official` table: a disabled official of that name is signed out at once."""
    from dash_auth import OIDCAuth

    class OfficialOIDCAuth(OIDCAuth):
        def is_authorized(self) -> bool:
            scheme, _, value = flask.request.headers.get("Authorization", "").partition(" ")
            if scheme.lower() == "bearer":
                return _api_key(engine, cache, value, settings.api_key_requests_per_minute)
            claims = flask.session.get("user")
            if not isinstance(claims, dict):
                return False
            official = official_from_claims(
                claims, groups_claim=settings.oidc_groups_claim, prefix=settings.oidc_group_prefix
            )
            if official is None:
                return False
            try:
                if retry_if_disconnected(lambda: officials.is_disabled(engine, official.username)):
                    flask.session.clear()
                    return False
            except SQLAlchemyError as exc:
                raise ServiceUnavailable("the database is unavailable; try again in a moment") from exc
            flask.g.official = official
            return True

        def login_request(self, idp: str | None = None):
            path = flask.request.path
            if path.startswith("/api/"):  # machines: no redirect dance
                return api_unauthorized("sign in first (single sign-on), or send Bearer <API key>")
            if path.startswith("/_dash"):
                return flask.Response("Sign in first.", status=401, mimetype="text/plain")
            try:
                return super().login_request(idp)
            except Exception:  # the identity provider cannot be reached
                logging.getLogger(__name__).exception("single sign-on provider unreachable")
                return flask.Response("The sign-in service cannot be reached; try again in a moment.", status=503)

    auth = OfficialOIDCAuth(app, secret_key=None, public_routes=PUBLIC_ROUTES)
    auth.register_provider(
        "idp",
        token_endpoint_auth_method="client_secret_post",
        client_id=settings.oidc_client_id,
        client_secret=settings.oidc_client_secret.get_secret_value() if settings.oidc_client_secret else None,
        server_metadata_url=settings.oidc_metadata_url,
        client_kwargs={"scope": "openid profile email"},
    )
