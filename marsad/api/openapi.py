"""The OpenAPI 3.1 description of /api/v1, served at /api/v1/openapi.json. Request bodies come from the
pydantic models that validate them, so the description cannot drift from the checks."""

from __future__ import annotations

from typing import Any

from flask import jsonify

from marsad.api.routes import api
from marsad.queries.filters import SOURCES
from marsad.schemas import CodeCheck, CodeRequest, ProposalIn, RatingBatch, RatingIn

MODELS = (CodeRequest, CodeCheck, RatingIn, ProposalIn, RatingBatch)
ERROR = {
    "type": "object",
    "properties": {"error": {"type": "string"}, "status": {"type": "integer"}},
    "required": ["error", "status"],
}


def _q(name: str, schema: dict, description: str, required: bool = False) -> dict:
    return {"name": name, "in": "query", "required": required, "schema": schema, "description": description}


DATE = {"type": "string", "format": "date"}
CODE = {"type": "string", "maxLength": 200}
FILTERS = [
    _q("from", DATE, "first day (Asia/Riyadh), default a year before `to`"),
    _q("to", DATE, "last day, default today"),
    _q("sector", CODE, "sector code"),
    _q("service", CODE, "service code (of the sector, if given)"),
    _q("source", {"type": "string", "enum": list(SOURCES)}, "rating source"),
]


def _responses(ok: str, *codes: int, status: str = "200") -> dict:
    out = {status: {"description": ok, "content": {"application/json": {"schema": {"type": "object"}}}}}
    for code in codes:
        out[str(code)] = {
            "description": {
                400: "invalid input",
                401: "sign-in needed",
                403: "outside your jurisdiction",
                404: "not found",
                409: "conflict",
                410: "expired",
                422: "refused",
                429: "too many requests",
                503: "unavailable",
            }[code],
            "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}},
        }
    return out


def _body(model) -> dict:
    return {
        "required": True,
        "content": {"application/json": {"schema": {"$ref": f"#/components/schemas/{model.__name__}"}}},
    }


def spec() -> dict:
    schemas = {"Error": ERROR}
    for model in MODELS:
        schema = model.model_json_schema(ref_template="#/components/schemas/{model}")
        schemas.update(schema.pop("$defs", {}))
        schemas[model.__name__] = schema
    public: dict[str, Any] = {"security": []}
    bearer: dict[str, Any] = {"security": [{"rater": []}]}
    paths = {
        "/api/v1/health": {
            "get": {**public, "summary": "service and database status", "responses": _responses("ok", 503)}
        },
        "/api/v1/public/nearby": {
            "get": {
                **public,
                "summary": "nearby centers ranked by distance and rating",
                "parameters": [
                    _q("lat", {"type": "number", "minimum": -90, "maximum": 90}, "latitude", True),
                    _q("lon", {"type": "number", "minimum": -180, "maximum": 180}, "longitude", True),
                    _q("radius_km", {"type": "number", "minimum": 0.1, "maximum": 100}, "search radius, default 10"),
                    _q("sector", CODE, "sector code"),
                    _q("service", CODE, "service code"),
                    _q("limit", {"type": "integer", "minimum": 1, "maximum": 100}, "default 20"),
                ],
                "responses": _responses("centers, best first", 400, 503),
            }
        },
        "/api/v1/public/centers/{center_id}": {
            "get": {
                **public,
                "summary": "a center's public profile",
                "parameters": [
                    {
                        "name": "center_id",
                        "in": "path",
                        "required": True,
                        "schema": {"type": "integer", "minimum": 1, "maximum": 2**31 - 1},
                    },
                    *FILTERS[:2],
                ],
                "responses": _responses("the profile", 400, 404, 503),
            }
        },
        "/api/v1/public/areas": {
            "get": {
                **public,
                "summary": "areas with public aggregates",
                "parameters": [_q("parent", CODE, "parent area code"), *FILTERS],
                "responses": _responses("GeoJSON FeatureCollection", 400, 503),
            }
        },
        "/api/v1/public/centers": {
            "get": {
                **public,
                "summary": "an area's centers with public aggregates",
                "parameters": [_q("area", CODE, "area code", True), *FILTERS],
                "responses": _responses("GeoJSON FeatureCollection", 400, 503),
            }
        },
        "/api/v1/public/codes": {
            "post": {
                **public,
                "summary": "send a one-time code to a mobile number",
                "requestBody": _body(CodeRequest),
                "responses": _responses("sent", 400, 429, 503, status="202"),
            }
        },
        "/api/v1/public/codes/check": {
            "post": {
                **public,
                "summary": "exchange the code for a bearer token",
                "requestBody": _body(CodeCheck),
                "responses": _responses("token", 400, 409, 410, 429, 503),
            }
        },
        "/api/v1/ratings": {
            "post": {
                **bearer,
                "summary": "rate a center or an e-platform",
                "parameters": [
                    {
                        "name": "Idempotency-Key",
                        "in": "header",
                        "required": False,
                        "schema": {"type": "string", "pattern": "^[A-Za-z0-9._:-]{8,100}$"},
                        "description": "the same key again returns the first rating instead of a second one",
                    }
                ],
                "requestBody": _body(RatingIn),
                "responses": {
                    **_responses("stored", 400, 401, 409, 422, 429, 503, status="201"),
                    "200": {
                        "description": "replayed: this key was seen before",
                        "content": {"application/json": {"schema": {"type": "object"}}},
                    },
                },
            }
        },
        "/api/v1/public/proposals": {
            "post": {
                **bearer,
                "summary": "propose a missing center",
                "requestBody": _body(ProposalIn),
                "responses": _responses("queued for moderation", 400, 401, 422, 429, 503, status="201"),
            }
        },
    }
    official: dict[str, Any] = {"security": [{"official": []}]}
    for path, summary, extra in (
        ("/api/v1/summary", "KPIs of the jurisdiction or an area in it", [_q("area", CODE, "area code")]),
        ("/api/v1/sectors", "sectors compared, with intervals and criteria", [_q("area", CODE, "area code")]),
        (
            "/api/v1/rankings",
            "top or bottom centers or areas",
            [
                _q("area", CODE, "area code"),
                _q("level", {"type": "string", "enum": ["center", "area"]}, "what to rank"),
                _q("order", {"type": "string", "enum": ["top", "bottom"]}, "which end"),
            ],
        ),
        (
            "/api/v1/comments",
            "approved comments, searched and paged",
            [
                _q("area", CODE, "area code"),
                _q("q", CODE, "search words (Arabic spelling variants match)"),
                _q("cursor", CODE, "next page"),
            ],
        ),
    ):
        paths[path] = {
            "get": {
                **official,
                "summary": summary,
                "parameters": [*extra, *FILTERS],
                "responses": _responses("ok", 400, 401, 403, 503),
            }
        }
    paths["/api/v1/ratings/batch"] = {
        "post": {
            **official,
            "summary": "upload up to 5,000 survey, mystery-shopper or focus-group ratings (all or none)",
            "requestBody": _body(RatingBatch),
            "responses": _responses("stored", 400, 401, 403, 503, status="201"),
        }
    }
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "Marsad API",
            "version": "1",
            "description": "Citizen satisfaction with government service centers. Officials sign in with "
            "basic auth (or single sign-on) and see only their jurisdiction; citizens read "
            "public aggregates freely and rate with a token obtained by a one-time code.",
        },
        "paths": paths,
        "components": {
            "schemas": schemas,
            "securitySchemes": {
                "official": {"type": "http", "scheme": "basic"},
                "rater": {"type": "http", "scheme": "bearer", "description": "from POST /api/v1/public/codes/check"},
            },
        },
    }


@api.get("/openapi.json")
def openapi():
    return jsonify(spec())
