"""The pieces the OpenAPI document is made of: error answers, sign-in schemes, common parameters and the helpers
that write an operation (openapi.py puts the document together)."""

from __future__ import annotations

from typing import Any

from marsad.exports import MEDIA
from marsad.queries.filters import SOURCES

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
    413: "the file is too large",
    422: "refused",
    429: "too many requests (see Retry-After)",
    503: "the database or a service is unavailable; try again in a moment",
}
PUBLIC: dict[str, Any] = {"security": []}
RATER: dict[str, Any] = {"security": [{"rater": []}]}
OFFICIAL: dict[str, Any] = {"security": [{"official": []}, {"api_key": []}]}
SIGNED_IN: dict[str, Any] = {"security": [{"official": []}]}  # a password or single sign-on, not a key


def q(name: str, schema: dict, description: str, required: bool = False) -> dict:
    return {"name": name, "in": "query", "required": required, "schema": schema, "description": description}


def path_id(name: str) -> dict:
    return {
        "name": name,
        "in": "path",
        "required": True,
        "schema": {"type": "integer", "minimum": 1, "maximum": 2**31 - 1},
    }


DATE = {"type": "string", "format": "date"}
CODE = {"type": "string", "maxLength": 200}
COUNT = {"type": "integer", "minimum": 1}
AREA = q("area", CODE, "area code (region, governorate or locality) inside your jurisdiction")
FILTERS = [
    q("from", DATE, "first day (Asia/Riyadh), default a year before `to`"),
    q("to", DATE, "last day, default today"),
    q("sector", CODE, "sector code"),
    q("service", CODE, "service code (of the sector, if given)"),
    q("source", {"type": "string", "enum": list(SOURCES)}, "rating source"),
]
PUBLIC_PERIOD = q(
    "period", {"type": "string", "pattern": r"^(12m|\d{4}-Q[1-4])$"}, "12m (default) or a complete quarter, 2026-Q3"
)
EXPORT = [
    q("format", {"type": "string", "enum": ["json", "csv", "xlsx"]}, "json (default), or the rows as a file"),
    q("export_lang", {"type": "string", "enum": ["ar", "en"]}, "language of an Excel file's sheet names"),
]
MIN_RATINGS = q("min_ratings", {"type": "integer", "minimum": 1, "maximum": 100000}, "fewest ratings to be ranked")
LIMIT = q("limit", {"type": "integer", "minimum": 1, "maximum": 200}, "how many")


def ok(schema: str, description: str = "ok", status: int = 200, *, files: bool = False) -> dict:
    content: dict[str, Any] = {"application/json": {"schema": {"$ref": f"#/components/schemas/{schema}"}}}
    if files:
        content.update({MEDIA["csv"].split(";")[0]: {"schema": {"type": "string"}}})
        content.update({MEDIA["xlsx"]: {"schema": {"type": "string", "format": "binary"}}})
    return {str(status): {"description": description, "content": content}}


def errors(*codes: int) -> dict:
    return {
        str(code): {
            "description": ERRORS[code],
            "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}},
        }
        for code in codes
    }


def body(schema: str | dict) -> dict:
    ref = {"$ref": f"#/components/schemas/{schema}"} if isinstance(schema, str) else schema
    return {"required": True, "content": {"application/json": {"schema": ref}}}


def op(security: dict, summary: str, responses: dict, **more: Any) -> dict:
    return {**security, "summary": summary, "responses": responses, **more}
