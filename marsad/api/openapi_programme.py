"""The OpenAPI description of the measurement programme's routes: instruments' files, the combined index,
improvement plans and evaluation cycles (signed in; each within its official's jurisdiction)."""

from __future__ import annotations

from marsad.api.openapi_parts import CODE, OFFICIAL, body, errors, ok, op, path_id, q


def paths() -> dict[str, dict]:
    official_errors = errors(400, 401, 403, 429, 503)
    return {
        "/api/v1/measurements/{kind}": {
            "post": op(
                OFFICIAL,
                "load an instrument's file (visits into a cycle, focus-group sessions or complaints; CSV or Excel, "
                "Arabic or English headers, Arabic-Indic digits, ISO, day-first or Hijri dates) within your "
                "jurisdiction: every row or none",
                {
                    **ok("VisitsLoaded", "loaded", 201),
                    **official_errors,
                    **errors(404, 413),
                    "422": {
                        "description": "nothing loaded: every bad row with its row number, column and what is wrong",
                        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/NotLoaded"}}},
                    },
                },
                parameters=[
                    {
                        "name": "kind",
                        "in": "path",
                        "required": True,
                        "schema": {"type": "string", "enum": ["visits", "focus-groups", "complaints"]},
                    },
                    q("cycle", {"type": "string", "minLength": 1, "maxLength": 80}, "the cycle (visits)"),
                    q("from", {"type": "string", "format": "date"}, "a new cycle's first day (national analysts)"),
                    q("to", {"type": "string", "format": "date"}, "a new cycle's last day"),
                ],
                requestBody={
                    "required": True,
                    "content": {
                        "multipart/form-data": {
                            "schema": {
                                "type": "object",
                                "properties": {"file": {"type": "string", "format": "binary"}},
                                "required": ["file"],
                            }
                        }
                    },
                },
            )
        },
        "/api/v1/index": {
            "get": op(
                OFFICIAL,
                "the combined index of the child areas of `parent` (or the regions) over a quarter or month, with each "
                "instrument's value, n and weight, the band, and the complaints KPI beside it (GeoJSON)",
                {**ok("Index", "GeoJSON FeatureCollection"), **official_errors},
                parameters=[
                    q("parent", CODE, "parent area code"),
                    q("level", {"type": "string", "enum": ["region", "governorate", "locality"]}, "child level"),
                    q(
                        "quarter",
                        {"type": "string", "pattern": "^[0-9]{4}-?Q[1-4]$"},
                        "e.g. 2026Q3 (default: the last)",
                    ),
                    q("month", {"type": "string", "pattern": "^[0-9]{4}-[0-9]{2}$"}, "e.g. 2026-10"),
                    q("sector", CODE, "one sector"),
                ],
            )
        },
        "/api/v1/plans": {
            "get": op(
                OFFICIAL,
                "improvement plans in your jurisdiction, deadline first, with their actions' counts",
                {**ok("Plans"), **official_errors},
                parameters=[q("status", {"type": "string", "enum": ["open", "closed", "overdue", "all"]}, "open")],
            ),
            "post": op(
                OFFICIAL,
                "open a plan for a center of your jurisdiction (governors, agency heads, analysts)",
                {**ok("Made", "opened", 201), **official_errors, **errors(404, 409)},
                requestBody=body("PlanIn"),
            ),
        },
        "/api/v1/plans/{plan_id}": {
            "get": op(
                OFFICIAL,
                "a plan with its actions and notes",
                {**ok("Plan"), **official_errors, **errors(404)},
                parameters=[path_id("plan_id")],
            )
        },
        "/api/v1/plans/{plan_id}/actions": {
            "post": op(
                OFFICIAL,
                "add an action to an open plan (its center's manager)",
                {**ok("Made", "added", 201), **official_errors, **errors(404, 409)},
                parameters=[path_id("plan_id")],
                requestBody=body("ActionIn"),
            )
        },
        "/api/v1/plans/{plan_id}/actions/{action_id}": {
            "post": op(
                OFFICIAL,
                "tick an action off, or back (its center's manager)",
                {**ok("ActionDone"), **official_errors, **errors(404)},
                parameters=[path_id("plan_id"), path_id("action_id")],
                requestBody=body("ActionUpdate"),
            )
        },
        "/api/v1/plans/{plan_id}/notes": {
            "post": op(
                OFFICIAL,
                "note on a plan (governors, agency heads, analysts)",
                {**ok("Made", "added", 201), **official_errors, **errors(404)},
                parameters=[path_id("plan_id")],
                requestBody=body("NoteIn"),
            )
        },
        "/api/v1/plans/{plan_id}/close": {
            "post": op(
                OFFICIAL,
                "close an open plan: its visits before and since, the difference with a 95 % interval and whether "
                "it is more than noise",
                {**ok("PlanOutcome"), **official_errors, **errors(404)},
                parameters=[path_id("plan_id")],
            )
        },
        "/api/v1/cycles": {
            "get": op(
                OFFICIAL,
                "evaluation cycles, oldest first, with their mystery-shopper visits in your jurisdiction",
                {**ok("Cycles"), **official_errors},
            )
        },
        "/api/v1/cycles/{cycle_id}": {
            "get": op(
                OFFICIAL,
                "a cycle's overview in your jurisdiction: visits by channel, places by grade, grades moved since the "
                "previous cycle, the weakest axes, places at or below the follow-up threshold",
                {**ok("CycleOverview"), **official_errors, **errors(404)},
                parameters=[path_id("cycle_id")],
            )
        },
    }
