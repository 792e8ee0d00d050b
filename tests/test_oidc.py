"""Single sign-on: identity-provider claims map to a jurisdiction, and the session's claims set the scope."""

from __future__ import annotations

import pytest
from pydantic import SecretStr

from marsad.dashboard.auth import official_from_claims

BASE = {"preferred_username": "amal", "name": "Amal"}


@pytest.mark.parametrize(
    "groups,expected",
    [
        (["marsad:role:analyst", "marsad:national"], ("analyst", True, (), (), ())),
        (["marsad:role:governor", "marsad:area:SA-01", "other-app:admin"], ("governor", False, ("SA-01",), (), ())),
        (
            ["marsad:role:agency_head", "marsad:sector:health", "marsad:area:SA-01"],
            ("agency_head", False, ("SA-01",), ("health",), ()),
        ),
        (["marsad:role:center_manager", "marsad:center:17"], ("center_manager", False, (), (), (17,))),
    ],
)
def test_claims_map_to_a_jurisdiction(groups, expected):
    o = official_from_claims({**BASE, "groups": groups})
    assert (o.role, o.national, o.areas, o.sectors, o.centers) == expected
    assert o.username == "amal" and o.display_name == "Amal"


@pytest.mark.parametrize(
    "groups",
    [
        [],  # nothing granted
        ["marsad:area:SA-01"],  # no role
        ["marsad:role:governor"],  # no jurisdiction
        ["marsad:role:governor", "marsad:role:analyst", "marsad:national"],  # two roles
        ["marsad:role:king", "marsad:national"],  # unknown role
        ["marsad:role:analyst", "marsad:national", "marsad:area:SA-01"],  # national plus a restriction
        ["marsad:role:center_manager", "marsad:center:abc"],  # malformed center id
        "marsad:role:analyst",  # a string, not a list, with no jurisdiction
    ],
)
def test_claims_that_grant_nothing(groups):
    assert official_from_claims({**BASE, "groups": groups}) is None


def test_custom_claim_name_and_prefix():
    claims = {"email": "x@gov.sa", "roles": ["obs/role:analyst", "obs/national"]}
    o = official_from_claims(claims, groups_claim="roles", prefix="obs/")
    assert o.username == "x@gov.sa" and o.national


def test_oidc_session_claims_set_the_scope(demo_settings, accounts):
    from marsad.app import create_app

    settings = demo_settings.model_copy(
        update={
            "oidc_metadata_url": "http://127.0.0.1:9/.well-known/openid-configuration",
            "oidc_client_id": "marsad",
            "oidc_client_secret": SecretStr("not-a-real-secret"),
        }
    )
    client = create_app(settings).server.test_client()
    assert client.get("/api/v1/summary").status_code == 401  # never data
    assert client.get("/").status_code == 503  # the (unreachable) identity provider: a clear error
    with client.session_transaction() as session:
        session["user"] = {**BASE, "groups": ["marsad:role:governor", "marsad:area:SA-02"]}
    own = client.get("/api/v1/summary")
    assert own.status_code == 200 and own.json["n"] > 0
    assert client.get("/api/v1/summary?area=SA-01").status_code == 403
    with client.session_transaction() as session:
        session["user"] = {**BASE, "groups": ["marsad:role:governor"]}  # grants nothing
    assert client.get("/api/v1/summary").status_code == 401
