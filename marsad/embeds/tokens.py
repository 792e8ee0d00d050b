"""The signed token of an embed link: it names the embed, its view, its fixed filters and its narrowing, and is
signed with the app's secret (itsdangerous), so that an edited token is refused before anything is read."""

from __future__ import annotations

from typing import Any

from itsdangerous import BadData, URLSafeTimedSerializer

SALT = "marsad.embed.v1"


class BadToken(ValueError):
    """Not a token this app signed (edited, truncated, or signed with another secret), or older than allowed."""


def claims(row: dict) -> dict[str, Any]:
    """What a token says of an embed row: compared with the row at each use, so a token matches one row only."""
    return {
        "e": row["id"],
        "v": row["view"],
        "a": row["area_code"],
        "s": row["sector_code"],
        "f": dict(sorted((row["filters"] or {}).items())),
    }


def sign(secret: str, row: dict) -> str:
    if not secret:
        raise ValueError("no signing secret")
    return URLSafeTimedSerializer(secret, salt=SALT).dumps(claims(row))


def read(secret: str, token: str, *, max_age_seconds: int) -> dict[str, Any]:
    """The claims of a token this app signed; BadToken otherwise."""
    if not secret or not isinstance(token, str) or not token or len(token) > 2000:
        raise BadToken("not an embed token")
    try:
        payload = URLSafeTimedSerializer(secret, salt=SALT).loads(token, max_age=max_age_seconds)
    except BadData as exc:
        raise BadToken("not an embed token, or too old") from exc
    if not isinstance(payload, dict) or not isinstance(payload.get("e"), int):
        raise BadToken("not an embed token")
    return payload
