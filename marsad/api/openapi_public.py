"""The OpenAPI description of the routes anyone may call: service status, the document itself, published
aggregates, and the citizens' sign-in, rating and proposals."""

from __future__ import annotations

from marsad.api.openapi_parts import AREA, CODE, EXPORT, PUBLIC, PUBLIC_PERIOD, RATER, body, errors, ok, op, path_id, q


def paths() -> dict[str, dict]:
    return {
        "/api/v1/health": {
            "get": op(
                PUBLIC,
                "service and database status",
                {
                    **ok("Health"),
                    "503": {
                        "description": "the database does not answer",
                        "content": {"application/json": {"schema": {"type": "object"}}},
                    },
                },
            )
        },
        "/api/v1/openapi.json": {"get": op(PUBLIC, "this document", {"200": {"description": "OpenAPI 3.1"}})},
        "/api/v1/docs": {
            "get": op(
                PUBLIC,
                "this document as a page (works offline)",
                {"200": {"description": "HTML", "content": {"text/html": {"schema": {"type": "string"}}}}},
            )
        },
        "/api/v1/public/places": {
            "get": op(
                PUBLIC,
                "the maps' place names: the shipped cities and towns (GeoNames) with the zoom tier they show from",
                {**ok("Places", "GeoJSON FeatureCollection of points: name, tier 1 (largest) to 5")},
                parameters=[q("lang", {"type": "string", "enum": ["ar", "en"]}, "language of the names (ar)")],
            )
        },
        "/api/v1/public/areas": {
            "get": op(
                PUBLIC,
                "areas with public aggregates",
                {**ok("Areas", "GeoJSON FeatureCollection", files=True), **errors(400, 503)},
                parameters=[q("parent", CODE, "parent area code"), PUBLIC_PERIOD, *EXPORT],
            )
        },
        "/api/v1/public/centers": {
            "get": op(
                PUBLIC,
                "an area's centers with public aggregates",
                {**ok("Centers", "GeoJSON FeatureCollection", files=True), **errors(400, 503)},
                parameters=[{**AREA, "required": True}, q("sector", CODE, "sector code"), PUBLIC_PERIOD, *EXPORT],
            )
        },
        "/api/v1/public/centers/{center_id}": {
            "get": op(
                PUBLIC,
                "a center's public profile",
                {**ok("PublicCenter"), **errors(400, 404, 503)},
                parameters=[path_id("center_id"), PUBLIC_PERIOD],
            )
        },
        "/api/v1/public/nearby": {
            "get": op(
                PUBLIC,
                "nearby centers ranked by distance and rating",
                {**ok("Nearby"), **errors(400, 503)},
                parameters=[
                    q("lat", {"type": "number", "minimum": -90, "maximum": 90}, "latitude", True),
                    q("lon", {"type": "number", "minimum": -180, "maximum": 180}, "longitude", True),
                    q("radius_km", {"type": "number", "minimum": 0.1, "maximum": 100}, "search radius, default 10"),
                    q("sector", CODE, "sector code"),
                    q("service", CODE, "service code"),
                    q("limit", {"type": "integer", "minimum": 1, "maximum": 100}, "default 20"),
                ],
            )
        },
        "/api/v1/public/codes": {
            "post": op(
                PUBLIC,
                "send a one-time code to a mobile number",
                {**ok("CodeSent", "sent", 202), **errors(400, 429, 503)},
                requestBody=body("CodeRequest"),
            )
        },
        "/api/v1/public/codes/check": {
            "post": op(
                PUBLIC,
                "exchange the code for a bearer token",
                {**ok("Token", "token"), **errors(400, 409, 410, 429, 503)},
                requestBody=body("CodeCheck"),
            )
        },
        "/api/v1/ratings": {
            "post": op(
                RATER,
                "rate a center or an e-platform",
                {
                    **ok("Stored", "stored", 201),
                    **ok("Stored", "replayed: this Idempotency-Key was seen before"),
                    **errors(400, 401, 409, 422, 429, 503),
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
                requestBody=body("RatingIn"),
            )
        },
        "/api/v1/public/proposals": {
            "post": op(
                RATER,
                "propose a missing center",
                {**ok("Stored", "queued for moderation", 201), **errors(400, 401, 422, 429, 503)},
                requestBody=body("ProposalIn"),
            )
        },
    }
