"""Plain-text error answers for the Flask routes that serve files and report pages (/download, /reports): the
same statuses as the API, said in a line of text."""

from __future__ import annotations

import logging

from flask import Blueprint, Response
from sqlalchemy.exc import SQLAlchemyError

from marsad import params
from marsad.context import NotSignedIn, OutOfScope, UnknownArea
from marsad.db.engines import DatabaseUnavailable

log = logging.getLogger(__name__)


def text(status: int, message: str) -> Response:
    return Response(message + "\n", status=status, mimetype="text/plain")


def install(blueprint: Blueprint, what: str) -> None:
    """400 for bad input, 403 outside the jurisdiction, 401 without sign-in, 503 when the database is down (logged
    as `what` failing)."""

    @blueprint.errorhandler(params.BadRequest)
    @blueprint.errorhandler(UnknownArea)
    def _bad(exc):
        return text(400, str(exc))

    @blueprint.errorhandler(OutOfScope)
    def _outside(exc):
        return text(403, str(exc))

    @blueprint.errorhandler(NotSignedIn)
    def _not_signed_in(exc):
        return text(401, "sign in first")

    @blueprint.errorhandler(SQLAlchemyError)
    @blueprint.errorhandler(DatabaseUnavailable)
    def _database(exc):
        log.error("%s failed: the database", what, exc_info=exc)
        return text(503, "the database is unavailable; try again in a moment")
