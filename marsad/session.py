"""The signed-in official's jurisdiction, taken from the session only.

Until sign-in lands (issue 3), every visitor sees the national scope.
"""

from __future__ import annotations

from marsad.queries.scope import Scope


def current_scope() -> Scope:
    return Scope.national()
