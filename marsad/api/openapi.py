"""The OpenAPI 3.1 description of /api/v1, served at /api/v1/openapi.json and, readable offline, at /api/v1/docs.

Request bodies come from the pydantic models that validate them and answers from the schemas in
openapi_schemas.py, which the fuzzing test checks every answer against (tests/test_fuzz_api.py)."""

from __future__ import annotations

from typing import Any

from flask import Response, jsonify

from marsad.api import api_docs
from marsad.api.openapi_schemas import RESPONSES
from marsad.api.routes import api
from marsad.exports import MEDIA
from marsad.queries.filters import SOURCES
from marsad.reports.content import KINDS
from marsad.schemas import (
    AlertUpdate,
    ApiKeyIn,
    CodeCheck,
    CodeRequest,
    EmbedIn,
    ProposalIn,
    RatingBatch,
    RatingIn,
    SubscriptionIn,
)

MODELS = (CodeRequest, CodeCheck, RatingIn, ProposalIn, RatingBatch, ApiKeyIn, EmbedIn, SubscriptionIn, AlertUpdate)
ERROR = {
    "type": "object",
    "properties": {"error": {"type": "string"}, "status": {"type": "integer"}},
    "required": ["error", "status"],
}
ERRORS = {
    400: "invalid input (the message says which parameter and why)",
    401: "sign-in needed",
    403: "outside your jurisdiction, or not for your role",
    404: "not found (or not in your jurisdiction)",
    409: "conflict",
    410: "expired",
    422: "refused",
    429: "too many requests (see Retry-After)",
    503: "the database or a service is unavailable; try again in a moment",
}
PUBLIC: dict[str, Any] = {"security": []}
RATER: dict[str, Any] = {"security": [{"rater": []}]}
OFFICIAL: dict[str, Any] = {"security": [{"official": []}, {"api_key": []}]}
SIGNED_IN: dict[str, Any] = {"security": [{"official": []}]}  # a password or single sign-on, not a key


def _q(name: str, schema: dict, description: str, required: bool = False) -> dict:
    return {"name": name, "in": "query", "required": required, "schema": schema, "description": description}


def _path_id(name: str) -> dict:
    return {
        "name": name,
        "in": "path",
        "required": True,
        "schema": {"type": "integer", "minimum": 1, "maximum": 2**31 - 1},
    }


DATE = {"type": "string", "format": "date"}
CODE = {"type": "string", "maxLength": 200}
COUNT = {"type": "integer", "minimum": 1}
AREA = _q("area", CODE, "area code (region, governorate or locality) inside your jurisdiction")
FILTERS = [
    _q("from", DATE, "first day (Asia/Riyadh), default a year before `to`"),
    _q("to", DATE, "last day, default today"),
    _q("sector", CODE, "sector code"),
    _q("service", CODE, "service code (of the sector, if given)"),
    _q("source", {"type": "string", "enum": list(SOURCES)}, "rating source"),
]
PUBLIC_PERIOD = _q(
    "period", {"type": "string", "pattern": r"^(12m|\d{4}-Q[1-4])$"}, "12m (default) or a complete quarter, 2026-Q3"
)
EXPORT = [
    _q("format", {"type": "string", "enum": ["json", "csv", "xlsx"]}, "json (default), or the rows as a file"),
    _q("export_lang", {"type": "string", "enum": ["ar", "en"]}, "language of an Excel file's sheet names"),
]
MIN_RATINGS = _q("min_ratings", {"type": "integer", "minimum": 1, "maximum": 100000}, "fewest ratings to be ranked")
LIMIT = _q("limit", {"type": "integer", "minimum": 1, "maximum": 200}, "how many")


def _ok(schema: str, description: str = "ok", status: int = 200, *, files: bool = False) -> dict:
    content: dict[str, Any] = {"application/json": {"schema": {"$ref": f"#/components/schemas/{schema}"}}}
    if files:
        content.update({MEDIA["csv"].split(";")[0]: {"schema": {"type": "string"}}})
        content.update({MEDIA["xlsx"]: {"schema": {"type": "string", "format": "binary"}}})
    return {str(status): {"description": description, "content": content}}


def _errors(*codes: int) -> dict:
    return {
        str(code): {
            "description": ERRORS[code],
            "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}},
        }
        for code in codes
    }


def _body(schema: str | dict) -> dict:
    ref = {"$ref": f"#/components/schemas/{schema}"} if isinstance(schema, str) else schema
    return {"required": True, "content": {"application/json": {"schema": ref}}}


def _op(security: dict, summary: str, responses: dict, **more: Any) -> dict:
    return {**security, "summary": summary, "responses": responses, **more}


def _paths() -> dict[str, dict]:
    official_errors = _errors(400, 401, 403, 429, 503)
    return {
        "/api/v1/health": {
            "get": _op(
                PUBLIC,
                "service and database status",
                {
                    **_ok("Health"),
                    "503": {
                        "description": "the database does not answer",
                        "content": {"application/json": {"schema": {"type": "object"}}},
                    },
                },
            )
        },
        "/api/v1/openapi.json": {"get": _op(PUBLIC, "this document", {"200": {"description": "OpenAPI 3.1"}})},
        "/api/v1/docs": {
            "get": _op(
                PUBLIC,
                "this document as a page (works offline)",
                {"200": {"description": "HTML", "content": {"text/html": {"schema": {"type": "string"}}}}},
            )
        },
        # officials (basic auth, single sign-on or a personal API key), within their jurisdiction
        "/api/v1/areas": {
            "get": _op(
                OFFICIAL,
                "child areas of `parent` (or the regions) with their figures",
                {**_ok("Areas", "GeoJSON FeatureCollection", files=True), **official_errors},
                parameters=[
                    _q("parent", CODE, "parent area code"),
                    _q("level", {"type": "string", "enum": ["region", "governorate", "locality"]}, "child level"),
                    *FILTERS,
                    *EXPORT,
                ],
            )
        },
        "/api/v1/centers": {
            "get": _op(
                OFFICIAL,
                "an area's active centers with their figures",
                {**_ok("Centers", "GeoJSON FeatureCollection", files=True), **official_errors},
                parameters=[{**AREA, "required": True}, *FILTERS, *EXPORT],
            )
        },
        "/api/v1/centers/{center_id}": {
            "get": _op(
                OFFICIAL,
                "a center's profile: score with interval, criteria, distribution, trend, comments, peer ranks",
                {**_ok("CenterProfile"), **official_errors, **_errors(404)},
                parameters=[_path_id("center_id"), *FILTERS[:2], MIN_RATINGS],
            )
        },
        "/api/v1/summary": {
            "get": _op(
                OFFICIAL,
                "KPIs of the jurisdiction or an area in it, with the change against the previous period",
                {**_ok("Summary"), **official_errors},
                parameters=[AREA, *FILTERS],
            )
        },
        "/api/v1/sectors": {
            "get": _op(
                OFFICIAL,
                "sectors compared, with 95% intervals and criteria",
                {**_ok("Sectors", files=True), **official_errors},
                parameters=[AREA, *FILTERS, MIN_RATINGS, *EXPORT],
            )
        },
        "/api/v1/rankings": {
            "get": _op(
                OFFICIAL,
                "top or bottom centers or child areas, fairly ranked",
                {**_ok("Rankings", files=True), **official_errors},
                parameters=[
                    AREA,
                    _q("level", {"type": "string", "enum": ["center", "area"]}, "what to rank"),
                    _q("order", {"type": "string", "enum": ["top", "bottom"]}, "which end"),
                    LIMIT,
                    MIN_RATINGS,
                    *FILTERS,
                    *EXPORT,
                ],
            )
        },
        "/api/v1/comments": {
            "get": _op(
                OFFICIAL,
                "approved comments, searched (Arabic spelling variants match) and paged",
                {**_ok("Comments", files=True), **official_errors},
                parameters=[
                    AREA,
                    _q("center", {"type": "integer", "minimum": 1, "maximum": 2**31 - 1}, "one center"),
                    _q("q", CODE, "search words"),
                    _q("min_score", {"type": "integer", "minimum": 1, "maximum": 5}, "lowest overall score"),
                    _q("max_score", {"type": "integer", "minimum": 1, "maximum": 5}, "highest overall score"),
                    _q("lang", {"type": "string", "enum": ["ar", "en"]}, "comments written in"),
                    _q("cursor", CODE, "next page (next_cursor of the previous one)"),
                    _q("limit", {"type": "integer", "minimum": 1, "maximum": 100}, "page size"),
                    *FILTERS,
                    *EXPORT,
                ],
            )
        },
        "/api/v1/audit": {
            "get": _op(
                OFFICIAL,
                "the audit log, newest first (national analysts only)",
                {**_ok("Audit"), **official_errors},
                parameters=[
                    _q("before", COUNT, "entries before this id (next_before of the previous page)"),
                    _q("limit", {"type": "integer", "minimum": 1, "maximum": 500}, "page size"),
                    _q("username", CODE, "one official's entries"),
                ],
            )
        },
        "/api/v1/moderation/comments": {
            "get": _op(
                OFFICIAL,
                "comments waiting for moderation, oldest first",
                {**_ok("PendingComments"), **official_errors},
                parameters=[LIMIT],
            )
        },
        "/api/v1/moderation/comments/{rating_id}": {
            "post": _op(
                OFFICIAL,
                "approve or hide a comment",
                {**_ok("Moderated"), **official_errors, **_errors(404)},
                parameters=[_path_id("rating_id")],
                requestBody=_body(
                    {
                        "type": "object",
                        "properties": {"status": {"type": "string", "enum": ["approved", "hidden"]}},
                        "required": ["status"],
                    }
                ),
            )
        },
        "/api/v1/proposals": {
            "get": _op(
                OFFICIAL,
                "centers proposed by citizens",
                {**_ok("Proposals"), **official_errors},
                parameters=[_q("status", {"type": "string", "enum": ["pending", "approved", "rejected"]}, "status")],
            )
        },
        "/api/v1/proposals/{proposal_id}": {
            "post": _op(
                OFFICIAL,
                "approve (the center goes on the map) or reject a proposed center",
                {**_ok("Decided"), **official_errors, **_errors(404)},
                parameters=[_path_id("proposal_id")],
                requestBody=_body(
                    {
                        "type": "object",
                        "properties": {"decision": {"type": "string", "enum": ["approve", "reject"]}},
                        "required": ["decision"],
                    }
                ),
            )
        },
        "/api/v1/ratings/batch": {
            "post": _op(
                OFFICIAL,
                "upload up to 5,000 survey, mystery-shopper or focus-group ratings (all or none)",
                {**_ok("Stored", "stored", 201), **official_errors},
                requestBody=_body("RatingBatch"),
            )
        },
        "/api/v1/embeds": {
            "get": _op(
                OFFICIAL,
                "your embeds (a national analyst's: everyone's), newest first",
                {**_ok("Embeds"), **official_errors},
            ),
            "post": _op(
                OFFICIAL,
                "embed a view: a signed link (/embed/<token>) and iframe code, within your jurisdiction",
                {**_ok("Embed", "made", 201), **official_errors},
                requestBody=_body("EmbedIn"),
            ),
        },
        "/api/v1/embeds/{embed_id}": {
            "delete": _op(
                OFFICIAL,
                "revoke an embed: its link stops at once",
                {**_ok("Revoked"), **official_errors, **_errors(404)},
                parameters=[_path_id("embed_id")],
            )
        },
        "/api/v1/keys": {
            "get": _op(SIGNED_IN, "your API keys (never the keys themselves)", {**_ok("ApiKeys"), **official_errors}),
            "post": _op(
                SIGNED_IN,
                "a personal API key acting with your jurisdiction; shown once",
                {**_ok("ApiKey", "made", 201), **official_errors},
                requestBody=_body("ApiKeyIn"),
            ),
        },
        "/api/v1/keys/{key_id}": {
            "delete": _op(
                SIGNED_IN,
                "revoke one of your API keys",
                {**_ok("Revoked"), **official_errors, **_errors(404)},
                parameters=[_path_id("key_id")],
            )
        },
        "/api/v1/alerts": {
            "get": _op(
                OFFICIAL,
                "alerts in your jurisdiction (a center falling), newest first",
                {**_ok("Alerts"), **official_errors},
                parameters=[
                    _q(
                        "status",
                        {"type": "string", "enum": ["open", "new", "acknowledged", "resolved"]},
                        "open (default: not resolved) or a status",
                    ),
                    AREA,
                    _q("center", {"type": "integer", "minimum": 1, "maximum": 2**31 - 1}, "one center"),
                    _q("limit", {"type": "integer", "minimum": 1, "maximum": 1000}, "how many"),
                ],
            )
        },
        "/api/v1/alerts/{alert_id}": {
            "post": _op(
                OFFICIAL,
                "acknowledge an alert (with a note) or resolve it",
                {**_ok("AlertHandled"), **official_errors, **_errors(404)},
                parameters=[_path_id("alert_id")],
                requestBody=_body("AlertUpdate"),
            )
        },
        "/api/v1/subscriptions": {
            "get": _op(OFFICIAL, "your report subscriptions", {**_ok("Subscriptions"), **official_errors})
        },
        "/api/v1/subscriptions/{kind}": {
            "put": _op(
                OFFICIAL,
                "subscribe to a kind of report, change it or stop it (national analysts: anyone's, by username)",
                {**_ok("Subscription"), **official_errors, **_errors(404)},
                parameters=[
                    {
                        "name": "kind",
                        "in": "path",
                        "required": True,
                        "schema": {"type": "string", "enum": list(KINDS)},
                    }
                ],
                requestBody=_body("SubscriptionIn"),
            )
        },
        "/api/v1/inbox": {
            "get": _op(
                OFFICIAL,
                "the reports delivered to you, newest first",
                {**_ok("Inbox"), **official_errors},
                parameters=[_q("limit", {"type": "integer", "minimum": 1, "maximum": 500}, "how many")],
            )
        },
        "/api/v1/inbox/{delivery_id}.pdf": {
            "get": _op(
                OFFICIAL,
                "one delivered report as its PDF",
                {
                    "200": {
                        "description": "the PDF",
                        "content": {"application/pdf": {"schema": {"type": "string", "format": "binary"}}},
                    },
                    **official_errors,
                    **_errors(404),
                },
                parameters=[_path_id("delivery_id")],
            )
        },
        # anyone: published aggregates only (fixed periods, app ratings, small counts withheld)
        "/api/v1/public/areas": {
            "get": _op(
                PUBLIC,
                "areas with public aggregates",
                {**_ok("Areas", "GeoJSON FeatureCollection", files=True), **_errors(400, 503)},
                parameters=[_q("parent", CODE, "parent area code"), PUBLIC_PERIOD, *EXPORT],
            )
        },
        "/api/v1/public/centers": {
            "get": _op(
                PUBLIC,
                "an area's centers with public aggregates",
                {**_ok("Centers", "GeoJSON FeatureCollection", files=True), **_errors(400, 503)},
                parameters=[{**AREA, "required": True}, _q("sector", CODE, "sector code"), PUBLIC_PERIOD, *EXPORT],
            )
        },
        "/api/v1/public/centers/{center_id}": {
            "get": _op(
                PUBLIC,
                "a center's public profile",
                {**_ok("PublicCenter"), **_errors(400, 404, 503)},
                parameters=[_path_id("center_id"), PUBLIC_PERIOD],
            )
        },
        "/api/v1/public/nearby": {
            "get": _op(
                PUBLIC,
                "nearby centers ranked by distance and rating",
                {**_ok("Nearby"), **_errors(400, 503)},
                parameters=[
                    _q("lat", {"type": "number", "minimum": -90, "maximum": 90}, "latitude", True),
                    _q("lon", {"type": "number", "minimum": -180, "maximum": 180}, "longitude", True),
                    _q("radius_km", {"type": "number", "minimum": 0.1, "maximum": 100}, "search radius, default 10"),
                    _q("sector", CODE, "sector code"),
                    _q("service", CODE, "service code"),
                    _q("limit", {"type": "integer", "minimum": 1, "maximum": 100}, "default 20"),
                ],
            )
        },
        "/api/v1/public/codes": {
            "post": _op(
                PUBLIC,
                "send a one-time code to a mobile number",
                {**_ok("CodeSent", "sent", 202), **_errors(400, 429, 503)},
                requestBody=_body("CodeRequest"),
            )
        },
        "/api/v1/public/codes/check": {
            "post": _op(
                PUBLIC,
                "exchange the code for a bearer token",
                {**_ok("Token", "token"), **_errors(400, 409, 410, 429, 503)},
                requestBody=_body("CodeCheck"),
            )
        },
        "/api/v1/ratings": {
            "post": _op(
                RATER,
                "rate a center or an e-platform",
                {
                    **_ok("Stored", "stored", 201),
                    **_ok("Stored", "replayed: this Idempotency-Key was seen before"),
                    **_errors(400, 401, 409, 422, 429, 503),
                },
                parameters=[
                    {
                        "name": "Idempotency-Key",
                        "in": "header",
                        "required": False,
                        "schema": {"type": "string", "pattern": "^[A-Za-z0-9._:-]{8,100}$"},
                        "description": "the same key again returns the first rating instead of a second one",
                    }
                ],
                requestBody=_body("RatingIn"),
            )
        },
        "/api/v1/public/proposals": {
            "post": _op(
                RATER,
                "propose a missing center",
                {**_ok("Stored", "queued for moderation", 201), **_errors(400, 401, 422, 429, 503)},
                requestBody=_body("ProposalIn"),
            )
        },
    }


def spec() -> dict:
    schemas: dict[str, Any] = {"Error": ERROR, **RESPONSES}
    for model in MODELS:
        schema = model.model_json_schema(ref_template="#/components/schemas/{model}")
        schemas.update(schema.pop("$defs", {}))
        schemas[model.__name__] = schema
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "Marsad API",
            "version": "1",
            "description": "Citizen satisfaction with government service centers. Officials sign in with basic "
            "auth (or single sign-on), or send a personal API key as a bearer token, and see only their "
            "jurisdiction; list routes answer CSV or Excel with format=csv|xlsx. Citizens read public aggregates "
            "freely and rate with a token obtained by a one-time code.",
        },
        "paths": _paths(),
        "components": {
            "schemas": schemas,
            "securitySchemes": {
                "official": {"type": "http", "scheme": "basic", "description": "an official's username and password"},
                "api_key": {
                    "type": "http",
                    "scheme": "bearer",
                    "bearerFormat": "mk_<12 hex>_<43 characters>",
                    "description": "a personal API key (POST /api/v1/keys), acting with its official's jurisdiction",
                },
                "rater": {"type": "http", "scheme": "bearer", "description": "from POST /api/v1/public/codes/check"},
            },
        },
    }


@api.get("/openapi.json")
def openapi():
    return jsonify(spec())


@api.get("/docs")
def docs():
    return Response(api_docs.page(spec()), mimetype="text/html")
