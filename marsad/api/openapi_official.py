"""The OpenAPI description of the officials' routes (signed in; each within its official's jurisdiction)."""

from __future__ import annotations

from marsad.api.openapi_parts import (
    AREA,
    CODE,
    COUNT,
    EXPORT,
    FILTERS,
    LIMIT,
    MIN_RATINGS,
    OFFICIAL,
    SIGNED_IN,
    body,
    errors,
    ok,
    op,
    path_id,
    q,
)
from marsad.reports.delivery import SUBSCRIBABLE


def paths() -> dict[str, dict]:
    official_errors = errors(400, 401, 403, 429, 503)
    return {
        "/api/v1/areas": {
            "get": op(
                OFFICIAL,
                "child areas of `parent` (or the regions) with their figures",
                {**ok("Areas", "GeoJSON FeatureCollection", files=True), **official_errors},
                parameters=[
                    q("parent", CODE, "parent area code"),
                    q("level", {"type": "string", "enum": ["region", "governorate", "locality"]}, "child level"),
                    *FILTERS,
                    *EXPORT,
                ],
            )
        },
        "/api/v1/centers": {
            "get": op(
                OFFICIAL,
                "an area's active centers with their figures",
                {**ok("Centers", "GeoJSON FeatureCollection", files=True), **official_errors},
                parameters=[{**AREA, "required": True}, *FILTERS, *EXPORT],
            )
        },
        "/api/v1/centers/{center_id}": {
            "get": op(
                OFFICIAL,
                "a center's profile: score with interval, criteria, distribution, trend, comments, peer ranks",
                {**ok("CenterProfile"), **official_errors, **errors(404)},
                parameters=[path_id("center_id"), *FILTERS[:2], MIN_RATINGS],
            )
        },
        "/api/v1/summary": {
            "get": op(
                OFFICIAL,
                "KPIs of the jurisdiction or an area in it, with the change against the previous period",
                {**ok("Summary"), **official_errors},
                parameters=[AREA, *FILTERS],
            )
        },
        "/api/v1/sectors": {
            "get": op(
                OFFICIAL,
                "sectors compared, with 95% intervals and criteria",
                {**ok("Sectors", files=True), **official_errors},
                parameters=[AREA, *FILTERS, MIN_RATINGS, *EXPORT],
            )
        },
        "/api/v1/rankings": {
            "get": op(
                OFFICIAL,
                "top or bottom centers or child areas, fairly ranked",
                {**ok("Rankings", files=True), **official_errors},
                parameters=[
                    AREA,
                    q("level", {"type": "string", "enum": ["center", "area"]}, "what to rank"),
                    q("order", {"type": "string", "enum": ["top", "bottom"]}, "which end"),
                    LIMIT,
                    MIN_RATINGS,
                    *FILTERS,
                    *EXPORT,
                ],
            )
        },
        "/api/v1/comments": {
            "get": op(
                OFFICIAL,
                "approved comments, searched (Arabic spelling variants match) and paged",
                {**ok("Comments", files=True), **official_errors},
                parameters=[
                    AREA,
                    q("center", {"type": "integer", "minimum": 1, "maximum": 2**31 - 1}, "one center"),
                    q("q", CODE, "search words"),
                    q("min_score", {"type": "integer", "minimum": 1, "maximum": 5}, "lowest overall score"),
                    q("max_score", {"type": "integer", "minimum": 1, "maximum": 5}, "highest overall score"),
                    q("lang", {"type": "string", "enum": ["ar", "en"]}, "comments written in"),
                    q("cursor", CODE, "next page (next_cursor of the previous one)"),
                    q("limit", {"type": "integer", "minimum": 1, "maximum": 100}, "page size"),
                    *FILTERS,
                    *EXPORT,
                ],
            )
        },
        "/api/v1/audit": {
            "get": op(
                OFFICIAL,
                "the audit log, newest first (national analysts only)",
                {**ok("Audit"), **official_errors},
                parameters=[
                    q("before", COUNT, "entries before this id (next_before of the previous page)"),
                    q("limit", {"type": "integer", "minimum": 1, "maximum": 500}, "page size"),
                    q("username", CODE, "one official's entries"),
                ],
            )
        },
        "/api/v1/moderation/comments": {
            "get": op(
                OFFICIAL,
                "comments waiting for moderation, oldest first",
                {**ok("PendingComments"), **official_errors},
                parameters=[LIMIT],
            )
        },
        "/api/v1/moderation/comments/{rating_id}": {
            "post": op(
                OFFICIAL,
                "approve or hide a comment",
                {**ok("Moderated"), **official_errors, **errors(404)},
                parameters=[path_id("rating_id")],
                requestBody=body(
                    {
                        "type": "object",
                        "properties": {"status": {"type": "string", "enum": ["approved", "hidden"]}},
                        "required": ["status"],
                    }
                ),
            )
        },
        "/api/v1/proposals": {
            "get": op(
                OFFICIAL,
                "centers proposed by citizens",
                {**ok("Proposals"), **official_errors},
                parameters=[q("status", {"type": "string", "enum": ["pending", "approved", "rejected"]}, "status")],
            )
        },
        "/api/v1/proposals/{proposal_id}": {
            "post": op(
                OFFICIAL,
                "approve (the center goes on the map) or reject a proposed center",
                {**ok("Decided"), **official_errors, **errors(404)},
                parameters=[path_id("proposal_id")],
                requestBody=body(
                    {
                        "type": "object",
                        "properties": {"decision": {"type": "string", "enum": ["approve", "reject"]}},
                        "required": ["decision"],
                    }
                ),
            )
        },
        "/api/v1/ratings/batch": {
            "post": op(
                OFFICIAL,
                "upload up to 5,000 survey, mystery-shopper or focus-group ratings (all or none)",
                {
                    **ok("Stored", "stored", 201),
                    **ok("Stored", "replayed: this Idempotency-Key was used for this batch before; nothing stored"),
                    **official_errors,
                    **errors(409, 422),
                },
                parameters=[
                    {
                        "name": "Idempotency-Key",
                        "in": "header",
                        "required": False,
                        "schema": {"type": "string", "pattern": "^[A-Za-z0-9._:-]{8,100}$"},
                        "description": "send a batch again under the same key (its answer was lost) and it is stored "
                        "once; keys are remembered for 7 days",
                    }
                ],
                requestBody=body("RatingBatch"),
            )
        },
        "/api/v1/embeds": {
            "get": op(
                OFFICIAL,
                "your embeds (a national analyst's: everyone's), newest first",
                {**ok("Embeds"), **official_errors},
            ),
            "post": op(
                OFFICIAL,
                "embed a view: a signed link (/embed/<token>) and iframe code, within your jurisdiction",
                {**ok("Embed", "made", 201), **official_errors},
                requestBody=body("EmbedIn"),
            ),
        },
        "/api/v1/embeds/{embed_id}": {
            "delete": op(
                OFFICIAL,
                "revoke an embed: its link stops at once",
                {**ok("Revoked"), **official_errors, **errors(404)},
                parameters=[path_id("embed_id")],
            )
        },
        "/api/v1/keys": {
            "get": op(SIGNED_IN, "your API keys (never the keys themselves)", {**ok("ApiKeys"), **official_errors}),
            "post": op(
                SIGNED_IN,
                "a personal API key acting with your jurisdiction; shown once",
                {**ok("ApiKey", "made", 201), **official_errors},
                requestBody=body("ApiKeyIn"),
            ),
        },
        "/api/v1/keys/{key_id}": {
            "delete": op(
                SIGNED_IN,
                "revoke one of your API keys",
                {**ok("Revoked"), **official_errors, **errors(404)},
                parameters=[path_id("key_id")],
            )
        },
        "/api/v1/alerts": {
            "get": op(
                OFFICIAL,
                "alerts in your jurisdiction (a center falling), newest first",
                {**ok("Alerts"), **official_errors},
                parameters=[
                    q(
                        "status",
                        {"type": "string", "enum": ["open", "new", "acknowledged", "resolved"]},
                        "open (default: not resolved) or a status",
                    ),
                    AREA,
                    q("center", {"type": "integer", "minimum": 1, "maximum": 2**31 - 1}, "one center"),
                    q("limit", {"type": "integer", "minimum": 1, "maximum": 1000}, "how many"),
                ],
            )
        },
        "/api/v1/alerts/{alert_id}": {
            "post": op(
                OFFICIAL,
                "acknowledge an alert (with a note) or resolve it",
                {**ok("AlertHandled"), **official_errors, **errors(404)},
                parameters=[path_id("alert_id")],
                requestBody=body("AlertUpdate"),
            )
        },
        "/api/v1/subscriptions": {
            "get": op(OFFICIAL, "your report subscriptions", {**ok("Subscriptions"), **official_errors})
        },
        "/api/v1/subscriptions/{kind}": {
            "put": op(
                OFFICIAL,
                "subscribe to a kind of report, change it or stop it (national analysts: anyone's, by username)",
                {**ok("Subscription"), **official_errors, **errors(404)},
                parameters=[
                    {
                        "name": "kind",
                        "in": "path",
                        "required": True,
                        "schema": {"type": "string", "enum": list(SUBSCRIBABLE)},
                    }
                ],
                requestBody=body("SubscriptionIn"),
            )
        },
        "/api/v1/inbox": {
            "get": op(
                OFFICIAL,
                "the reports delivered to you, newest first",
                {**ok("Inbox"), **official_errors},
                parameters=[q("limit", {"type": "integer", "minimum": 1, "maximum": 500}, "how many")],
            )
        },
        "/api/v1/inbox/{delivery_id}.pdf": {
            "get": op(
                OFFICIAL,
                "one delivered report as its PDF",
                {
                    "200": {
                        "description": "the PDF",
                        "content": {"application/pdf": {"schema": {"type": "string", "format": "binary"}}},
                    },
                    **official_errors,
                    **errors(404),
                },
                parameters=[path_id("delivery_id")],
            )
        },
    }
