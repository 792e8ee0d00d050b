"""API fuzzing from our own OpenAPI description (schemathesis): no generated input may cause a 5xx, and
every answer is JSON."""

from __future__ import annotations

import base64

import schemathesis
from hypothesis import HealthCheck, given, settings

OFFICIAL = ("/api/v1/summary", "/api/v1/sectors", "/api/v1/rankings", "/api/v1/comments", "/api/v1/ratings/batch")


def test_no_generated_request_causes_a_server_error(live_server, accounts):
    user, password = accounts["analyst"]
    basic = {"Authorization": "Basic " + base64.b64encode(f"{user}:{password}".encode()).decode()}
    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", live_server.app.server)
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) >= 12
    tried = []
    for op in operations:

        @given(case=op.as_strategy())
        @settings(max_examples=30, deadline=None, database=None, suppress_health_check=list(HealthCheck))
        def run(case):
            response = case.call(headers=basic if case.path.startswith(OFFICIAL) else {})
            tried.append(response.status_code)
            assert response.status_code < 500, (
                case.method,
                case.formatted_path,
                case.query,
                case.body,
                response.text[:300],
            )
            content_type = {k.lower(): v for k, v in response.headers.items()}.get("content-type", [""])
            assert "application/json" in str(content_type), (case.formatted_path, response.status_code)

        run()
    assert len(tried) >= 10 * len(operations) and any(s < 300 for s in tried) and any(s == 400 for s in tried)
