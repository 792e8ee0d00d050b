"""The signed-in official and their jurisdiction, taken from the verified request only."""

from __future__ import annotations

import flask

from marsad.queries.officials import Official
from marsad.jurisdiction import Scope


class NotSignedIn(PermissionError):
    """No verified official on this request."""


def current_official() -> Official:
    official = flask.g.get("official") if flask.has_request_context() else None
    if official is None:
        raise NotSignedIn("sign in to see this")
    return official


def current_scope() -> Scope:
    """The official's scope; a center manager's is also limited to the localities of their centers."""
    scope = current_official().scope()
    if scope.centers is not None and scope.areas is None:
        from marsad import services

        scope = services.current().with_center_areas(scope)
    return scope


def public_scope() -> Scope:
    """What anyone may read without signing in: every area, but only through the public endpoints,
    which publish aggregates and suppress those resting on fewer than the public minimum of ratings."""
    return Scope.national()
