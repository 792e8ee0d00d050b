"""API fuzzing from our own OpenAPI document (schemathesis): every operation, each with its sign-in scheme (an
official's password or API key, a citizen's bearer token, or none), gets generated requests; no answer may be a
server error, and every answer must match the document (status, content type, schema). Run against a database
of its own, since the writes (moderation, uploads, embeds, keys) are fuzzed too."""

from __future__ import annotations

import random
import re

import pytest
import requests
import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from tests.conftest import site_of
from tests.test_citizens import CodeLog

CHECKS = (not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance)


@pytest.fixture(scope="module")
def site(fresh_engine_factory, tmp_path_factory, demo_settings):
    server = site_of(
        fresh_engine_factory,
        tmp_path_factory,
        demo_settings,
        name="marsad_fuzz",
        seed=11,
        api_key_requests_per_minute=100_000,
    )
    yield server
    server.stop()


def rater_token(site) -> str:
    import logging

    log = CodeLog()
    logging.getLogger().addHandler(log)
    try:
        number = "0559876543"
        challenge = requests.post(f"{site.url}/api/v1/public/codes", json={"phone": number}, timeout=30).json()
        code = re.search(r": (\d{6}) ", log.lines[-1]).group(1)
        r = requests.post(
            f"{site.url}/api/v1/public/codes/check",
            json={"phone": number, "code": code, "challenge": challenge["challenge"]},
            timeout=30,
        )
        return r.json()["token"]
    finally:
        logging.getLogger().removeHandler(log)


def kind_of(op) -> str:
    """Which sign-in the operation takes, from its security in the document."""
    security = op.definition.raw.get("security")
    if security == []:
        return "public"
    if security == [{"rater": []}]:
        return "rater"
    return "signed_in" if security == [{"official": []}] else "official"


def fuzz(op, headers, rng, statuses: list[int]):
    @given(case=op.as_strategy())
    @settings(max_examples=25, deadline=None, database=None, suppress_health_check=list(HealthCheck))
    def run(case):
        response = case.call(headers={**headers(rng), "Accept-Encoding": "identity"})  # the WSGI client does not unzip
        statuses.append(response.status_code)
        case.validate_response(response, checks=CHECKS)

    return run


def test_every_operation_answers_as_documented(site):
    analyst = site.accounts["analyst"]
    key = requests.post(f"{site.url}/api/v1/keys", json={"name": "fuzz"}, auth=analyst, timeout=30).json()["key"]
    basic = requests.auth._basic_auth_str(*analyst)
    headers_for = {
        "official": lambda rng: {"Authorization": basic if rng.random() < 0.5 else f"Bearer {key}"},
        "signed_in": lambda rng: {"Authorization": basic},
        "rater": lambda rng: {"Authorization": f"Bearer {token}"},
        "public": lambda rng: {},
    }
    token = rater_token(site)
    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", site.app.server)
    operations = [result.ok() for result in schema.get_all_operations()]
    documented = requests.get(f"{site.url}/api/v1/openapi.json", timeout=30).json()["paths"]
    labels = {op.label for op in operations}
    every = {f"{m.upper()} {p}" for p, item in documented.items() for m in item}
    assert labels == every - {"GET /api/v1/openapi.json"} and len(labels) >= 29  # schemathesis leaves out the document
    rng = random.Random(3)
    statuses: dict[str, list[int]] = {}
    for op in operations:
        run = fuzz(op, headers_for[kind_of(op)], rng, statuses.setdefault(op.label, []))
        run()
    # and one well-formed request of each kind, so that every answer's schema is checked on real rows
    by_label = {op.label: op for op in operations}
    center = requests.get(f"{site.url}/api/v1/rankings", auth=analyst, timeout=30).json()["items"][0]["id"]
    embed = requests.post(f"{site.url}/api/v1/embeds", json={"title": "t"}, auth=analyst, timeout=30).json()["id"]
    happy = [
        ("GET /api/v1/areas", {"query": {"parent": "SA-01"}}),
        ("GET /api/v1/areas", {"query": {"format": "csv"}}),
        ("GET /api/v1/centers", {"query": {"area": "SA-01"}}),
        ("GET /api/v1/centers/{center_id}", {"path_parameters": {"center_id": center}}),
        ("GET /api/v1/summary", {"query": {"area": "SA-01"}}),
        ("GET /api/v1/sectors", {}),
        ("GET /api/v1/rankings", {"query": {"level": "area"}}),
        ("GET /api/v1/comments", {}),
        ("GET /api/v1/audit", {}),
        ("GET /api/v1/moderation/comments", {}),
        ("GET /api/v1/proposals", {}),
        ("GET /api/v1/embeds", {}),
        ("DELETE /api/v1/embeds/{embed_id}", {"path_parameters": {"embed_id": embed}}),
        ("GET /api/v1/keys", {}),
        ("GET /api/v1/subscriptions", {}),
        ("GET /api/v1/alerts", {"query": {"status": "open"}}),
        ("GET /api/v1/inbox", {}),
        ("GET /api/v1/public/areas", {}),
        ("GET /api/v1/public/centers", {"query": {"area": "SA-01"}}),
        ("GET /api/v1/public/centers/{center_id}", {"path_parameters": {"center_id": center}}),
        ("GET /api/v1/public/nearby", {"query": {"lat": 24.7, "lon": 46.7, "radius_km": 50}}),
        ("GET /api/v1/health", {}),
        ("GET /api/v1/docs", {}),
    ]
    for label, parts in happy:
        op = by_label[label]
        case = op.Case(**parts)
        kind = "signed_in" if kind_of(op) == "official" else kind_of(op)  # the fuzzing may have revoked the key
        response = case.call(headers={**headers_for[kind](rng), "Accept-Encoding": "identity"})
        assert response.status_code < 300, (label, response.status_code, response.text[:200])
        case.validate_response(response, checks=CHECKS)
        statuses[label].append(response.status_code)
    calls = [s for found in statuses.values() for s in found]
    assert len(calls) >= 10 * len(operations)
    assert any(s == 400 for s in calls) and any(s == 404 for s in calls)


def test_the_documentation_page_lists_every_operation_and_fetches_nothing(live_server):
    document = requests.get(f"{live_server.url}/api/v1/openapi.json", timeout=30).json()
    page = requests.get(f"{live_server.url}/api/v1/docs", timeout=30)
    assert page.status_code == 200 and page.headers["Content-Type"].startswith("text/html")
    for path, item in document["paths"].items():
        for method in item:
            assert f"{method.upper()}</span> <code>{path}</code>" in page.text, (method, path)
    assert not re.search(r"(src|href)=['\"]?https?://", page.text)  # works offline: nothing from elsewhere
    assert "<script" not in page.text
