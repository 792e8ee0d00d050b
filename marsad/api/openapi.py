"""The OpenAPI 3.1 description of /api/v1, served at /api/v1/openapi.json and, readable offline, at /api/v1/docs.

Request bodies come from the pydantic models that validate them and answers from the schemas in
openapi_schemas.py, which the fuzzing test checks every answer against (tests/test_fuzz_api.py)."""

from __future__ import annotations

from typing import Any

from flask import Response, jsonify

from marsad.api import api_docs, openapi_official, openapi_programme, openapi_public
from marsad.api.openapi_parts import ERROR
from marsad.api.openapi_schemas import RESPONSES
from marsad.api.routes import api
from marsad.schemas import (
    ActionIn,
    ActionUpdate,
    AlertUpdate,
    ApiKeyIn,
    CodeCheck,
    CodeRequest,
    EmbedIn,
    NoteIn,
    PlanIn,
    ProposalIn,
    RatingBatch,
    RatingIn,
    SubscriptionIn,
)

MODELS = (
    CodeRequest,
    CodeCheck,
    RatingIn,
    ProposalIn,
    RatingBatch,
    ApiKeyIn,
    EmbedIn,
    SubscriptionIn,
    AlertUpdate,
    PlanIn,
    ActionIn,
    ActionUpdate,
    NoteIn,
)


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
        "paths": {**openapi_public.paths(), **openapi_official.paths(), **openapi_programme.paths()},
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
