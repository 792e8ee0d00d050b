"""JSON Schemas of the API's answers, for the OpenAPI document (openapi.py). schemathesis checks every answer the
fuzzing gets against them (tests/test_fuzz_api.py), so they cannot drift from the routes unnoticed."""

from __future__ import annotations

from typing import Any


def nullable(kind: str | dict) -> dict:
    if isinstance(kind, dict):
        return {"anyOf": [kind, {"type": "null"}]}
    return {"type": [kind, "null"]}


def obj(required: dict[str, Any], optional: dict[str, Any] | None = None, *, extra: bool = True) -> dict:
    schema: dict[str, Any] = {
        "type": "object",
        "properties": {**required, **(optional or {})},
        "required": list(required),
    }
    if not extra:
        schema["additionalProperties"] = False
    return schema


def items_of(item: dict, **more: Any) -> dict:
    return obj({"items": {"type": "array", "items": item}, **more})


STR, INT, NUM, BOOL = {"type": "string"}, {"type": "integer"}, {"type": "number"}, {"type": "boolean"}
DAY = {"type": "string", "format": "date"}
WHEN = {"type": "string", "format": "date-time"}
MEAN = nullable("number")
COUNTS = {"type": "array", "items": INT, "minItems": 5, "maxItems": 5}
METHOD = {"type": "object", "description": "how the ranking or blend is computed, in words (ar, en)"}

STATS = {"n": INT, "mean": MEAN, "satisfied_share": MEAN}
PUBLISHED = {"n": nullable("integer"), "mean": MEAN, "satisfied_share": MEAN}  # withheld below the public minimum
AREA_PROPS = obj(
    {
        "code": STR,
        "level": {"type": "string", "enum": ["region", "governorate", "locality"]},
        "parent_code": nullable("string"),
        "name_ar": STR,
        "name_en": STR,
        "approximate": BOOL,
        **PUBLISHED,
    },
    {"published": BOOL},
)
CENTER_PROPS = obj(
    {"id": INT, "code": STR, "name_ar": STR, "name_en": STR, "sector_code": STR, "n": nullable("integer")},
    {"mean": MEAN, "satisfied_share": MEAN, "published": BOOL},
)


def collection(props: dict, geometry: dict) -> dict:
    feature = obj(
        {
            "type": {"const": "Feature"},
            "id": {"type": ["string", "integer"]},
            "geometry": nullable(geometry),
            "properties": props,
        }
    )
    return obj(
        {"type": {"const": "FeatureCollection"}, "features": {"type": "array", "items": feature}, "meta": obj({})}
    )


POLYGONS = obj({"type": {"type": "string", "enum": ["Polygon", "MultiPolygon"]}, "coordinates": {"type": "array"}})
POINT = obj({"type": {"const": "Point"}, "coordinates": {"type": "array", "items": NUM, "minItems": 2}})

RANKED = obj(
    {"rank": nullable("integer"), "n": INT, "mean": MEAN, "ci_low": MEAN, "ci_high": MEAN, "bayes": MEAN},
    {"id": INT, "code": STR, "name_ar": STR, "name_en": STR, "sector_code": STR, "satisfied_share": MEAN},
)
COMMENT = obj(
    {"id": INT, "submitted_at": WHEN, "center_id": INT, "overall": INT, "comment": STR},
    {"center_name_ar": STR, "center_name_en": STR, "lang": nullable("string"), "sector_code": STR},
)
EMBED = obj(
    {
        "id": INT,
        "issuer": STR,
        "view": STR,
        "title": STR,
        "area_code": nullable("string"),
        "sector_code": nullable("string"),
        "filters": obj({}),
        "created_at": WHEN,
        "expires_at": WHEN,
        "revoked_at": nullable(WHEN),
        "status": {"type": "string", "enum": ["active", "revoked", "expired"]},
    },
    {"url": STR, "iframe": STR, "revoked_by": nullable("string")},
)
API_KEY = obj(
    {"id": INT, "prefix": STR, "name": STR, "created_at": WHEN, "expires_at": nullable(WHEN)},
    {"revoked_at": nullable(WHEN), "key": {"type": "string", "description": "shown once, when made"}},
)

RESPONSES: dict[str, dict] = {
    "Health": obj({"status": {"type": "string", "enum": ["ok"]}, "database": STR}),
    "Areas": collection(AREA_PROPS, POLYGONS),
    "Centers": collection(CENTER_PROPS, POINT),
    "Places": collection(obj({"name": STR, "tier": {"type": "integer", "minimum": 1, "maximum": 5}}), POINT),
    "Summary": obj(
        {
            **STATS,
            "distribution": COUNTS,
            "previous": obj(STATS),
            "change": obj({"n": INT, "mean": MEAN, "satisfied_share": MEAN}),
            "area": nullable("string"),
            "from": DAY,
            "to": DAY,
        }
    ),
    "Comments": items_of(COMMENT, next_cursor=nullable("string")),
    "Sectors": obj({"sectors": {"type": "array", "items": RANKED}, "method": METHOD, "min_ratings": INT}),
    "Rankings": items_of(
        RANKED,
        unranked=INT,
        method=METHOD,
        min_ratings=INT,
        level={"type": "string", "enum": ["center", "area"]},
        order={"type": "string", "enum": ["top", "bottom"]},
    ),
    "CenterProfile": obj(
        {
            "center": obj({"id": INT, "code": STR, "name_ar": STR, "name_en": STR, "lat": NUM, "lon": NUM}),
            "score": obj({"n": INT, "mean": MEAN}),
            "distribution": COUNTS,
            "trend": {"type": "array", "items": obj({"period": DAY, "n": INT, "mean": MEAN})},
            "recent_comments": {"type": "array"},
            "services": {"type": "array"},
        }
    ),
    "PublicCenter": obj(
        {
            "center": obj({"id": INT, "code": STR, "name_ar": STR, "name_en": STR}),
            "published": BOOL,
            "period": STR,
            "min_ratings": INT,
            "comments": {"type": "array"},
        }
    ),
    "Nearby": items_of(
        obj({"id": INT, "name_ar": STR, "name_en": STR, "distance_km": NUM, "lat": NUM, "lon": NUM}),
        method=METHOD,
        min_ratings=INT,
        radius_km=NUM,
    ),
    "Audit": obj(
        {
            "entries": {
                "type": "array",
                "items": obj({"id": INT, "at": WHEN, "username": STR, "action": STR, "target": STR, "params": obj({})}),
            },
            "next_before": nullable("integer"),
        }
    ),
    "PendingComments": items_of(obj({"id": INT, "submitted_at": WHEN, "center_id": INT, "comment": STR})),
    "Proposals": items_of(obj({"id": INT, "created_at": WHEN})),
    "Moderated": obj({"id": INT, "status": STR}),
    "Decided": obj({"id": INT}),
    "Stored": obj({}),
    "Embed": EMBED,
    "Embeds": items_of(EMBED),
    "ApiKey": API_KEY,
    "ApiKeys": items_of(API_KEY),
    "Subscription": obj(
        {"id": INT, "kind": STR, "lang": STR, "email": nullable("string"), "active": BOOL, "created_at": WHEN}
    ),
    "Subscriptions": items_of(
        obj({"id": INT, "kind": STR, "lang": STR, "email": nullable("string"), "active": BOOL, "created_at": WHEN})
    ),
    "Inbox": items_of(
        obj(
            {
                "id": INT,
                "kind": STR,
                "period_key": STR,
                "lang": STR,
                "status": {"type": "string", "enum": ["pending", "sent", "failed"]},
                "sent_at": nullable(WHEN),
                "has_pdf": BOOL,
            }
        )
    ),
    "Alerts": items_of(
        obj(
            {
                "id": INT,
                "kind": {"type": "string", "enum": ["drop", "axis", "surge", "plan_overdue", "plan_late"]},
                "plan_id": nullable("integer"),
                "axis": nullable("string"),
                "term": nullable("string"),
                "mentions": nullable("integer"),
                "center_id": nullable("integer"),
                "area_level": {"type": ["string", "null"], "enum": ["region", "governorate", None]},
                "sector_code": STR,
                "region_code": STR,
                "governorate_code": nullable("string"),
                "day": DAY,
                "window_days": INT,
                "drop": {
                    "type": "number",
                    "description": "drop: the satisfied share's fall; axis: the axis's share of the top score; "
                    "surge: the rise of the term's share of comments",
                },
                "n_recent": INT,
                "z": NUM,
                "status": {"type": "string", "enum": ["new", "acknowledged", "resolved"]},
                "note": nullable("string"),
            }
        )
    ),
    "VisitsLoaded": obj({"loaded": INT}, {"cycle": STR, "created_cycle": BOOL}),
    "NotLoaded": obj(
        {
            "error": STR,
            "status": {"const": 422},
            "problems": {"type": "array", "items": obj({"row": INT, "column": STR, "message": STR})},
        }
    ),
    "Index": obj(
        {
            "type": {"const": "FeatureCollection"},
            "features": {
                "type": "array",
                "items": obj(
                    {
                        "type": {"const": "Feature"},
                        "properties": obj(
                            {
                                "code": STR,
                                "index": nullable("number"),
                                "band": nullable("string"),
                                "partial": BOOL,
                                "missing": {"type": "array", "items": STR},
                                "components": {
                                    "type": "object",
                                    "additionalProperties": obj(
                                        {"value": nullable("number"), "n": INT, "weight": NUM, "weight_used": NUM}
                                    ),
                                },
                            }
                        ),
                    }
                ),
            },
            "meta": obj({"period": STR, "from": DAY, "to": DAY, "method": obj({"version": INT, "weights": {}})}),
        }
    ),
    "Made": obj({"id": INT}),
    "ActionDone": obj({"id": INT, "done": BOOL}),
    "Plans": items_of(
        obj(
            {
                "id": INT,
                "center_id": INT,
                "reason": {"type": "string", "enum": ["weak", "axis"]},
                "axis_code": nullable("string"),
                "opened_on": DAY,
                "deadline": DAY,
                "status": {"type": "string", "enum": ["open", "closed"]},
                "overdue": BOOL,
                "actions": INT,
                "done": INT,
            }
        )
    ),
    "Plan": obj(
        {
            "id": INT,
            "center_id": INT,
            "status": STR,
            "overdue": BOOL,
            "baseline": nullable("number"),
            "actions": {
                "type": "array",
                "items": obj({"id": INT, "action": STR, "owner": STR, "due": DAY, "done": BOOL}),
            },
            "notes": {"type": "array", "items": obj({"id": INT, "author": STR, "body": STR, "created_at": WHEN})},
        }
    ),
    "PlanOutcome": obj(
        {
            "before": obj({"n": INT, "mean": nullable("number")}),
            "after": obj({"n": INT, "mean": nullable("number")}),
            "difference": nullable("number"),
            "interval": {"anyOf": [{"type": "array", "items": NUM, "minItems": 2, "maxItems": 2}, {"type": "null"}]},
            "verdict": {"type": "string", "enum": ["improved", "worse", "no_clear_change", "too_few"]},
        }
    ),
    "Cycles": items_of(obj({"id": INT, "name": STR, "date_from": DAY, "date_to": DAY, "visits": INT, "places": INT})),
    "CycleOverview": obj(
        {
            "cycle": obj({"id": INT, "name": STR, "date_from": DAY, "date_to": DAY}),
            "previous": nullable(obj({"id": INT, "name": STR})),
            "axes": {"type": "array", "items": obj({"code": STR, "name_ar": STR, "name_en": STR, "weight": NUM})},
            "bands": {
                "type": "array",
                "items": obj({"code": STR, "name_ar": STR, "name_en": STR, "min_score": NUM}),
            },
            "threshold": NUM,
            "visits": INT,
            "places": INT,
            "visits_by_channel": {"type": "object", "additionalProperties": INT},
            "places_by_grade": {"type": "object", "additionalProperties": INT},
            "weak_by_channel": {"type": "object", "additionalProperties": INT},
            "since_previous": nullable(obj({"improved": INT, "declined": INT, "same": INT, "compared": INT})),
            "weakest_axes": {"type": "array", "items": obj({"axis": STR, "mean": NUM, "visits": INT})},
            "below_threshold": {
                "type": "array",
                "items": obj({"code": STR, "axis": STR, "score": NUM, "visits": INT, "sector_code": STR}),
            },
            "places_list": {
                "type": "array",
                "items": obj({"code": STR, "mean": NUM, "grade": STR, "n": INT, "sector_code": STR}),
            },
            "method": obj({"ar": STR, "en": STR}),
        }
    ),
    "AlertHandled": obj({"id": INT, "status": STR, "note": nullable("string")}),
    "Revoked": obj({"id": INT, "revoked": {"const": True}}),
    "CodeSent": obj({}),
    "Token": obj({}),
}
