"""What citizens write: one-time codes, raters, tokens, rate limits, ratings with idempotency keys, and
proposals of missing centers. Runs on the citizen engine (role marsad_citizen); numbers, codes and tokens
arrive here only as HMACs."""

from __future__ import annotations

import hmac
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime

from sqlalchemy import Connection, Engine, text


@contextmanager
def as_rater(engine: Engine, rater_hmac: str | None = None) -> Iterator[Connection]:
    """A transaction in which the citizen role sees (and may add) only this rater's ratings."""
    with engine.begin() as conn:
        conn.execute(text("SELECT set_config('marsad.rater', :r, true)"), {"r": rater_hmac or ""})
        yield conn


def hit(conn: Connection, bucket: str, *, limit: int, per: str = "hour") -> bool:
    """Count one hit in `bucket` for the current hour (or day); False once its hits exceed `limit`."""
    if per not in ("hour", "day"):
        raise ValueError(f"unknown window {per!r}")
    hits = conn.execute(
        text(
            "INSERT INTO rate_limit (bucket, window_start, hits) VALUES (:b, date_trunc(:per, now()), 1) "
            "ON CONFLICT (bucket, window_start) DO UPDATE SET hits = rate_limit.hits + 1 RETURNING hits"
        ),
        {"b": bucket, "per": per},
    ).scalar_one()
    return hits <= limit


def hits(conn: Connection, bucket: str, *, per: str = "hour") -> int:
    """The hits counted in `bucket` in the current hour (or day)."""
    return conn.execute(
        text(
            "SELECT coalesce(max(hits), 0) FROM rate_limit WHERE bucket = :b AND window_start = date_trunc(:per, now())"
        ),
        {"b": bucket, "per": per},
    ).scalar_one()


def create_challenge(
    conn: Connection, *, phone_hmac: str, challenge_hmac: str, code_hmac: str, ttl_seconds: int
) -> None:
    """A code for the number, bound to the challenge its requester holds; other challenges stay as they are."""
    conn.execute(
        text(
            "INSERT INTO otp_challenge (phone_hmac, challenge_hmac, code_hmac, expires_at) "
            "VALUES (:p, :ch, :c, now() + make_interval(secs => :ttl))"
        ),
        {"p": phone_hmac, "ch": challenge_hmac, "c": code_hmac, "ttl": ttl_seconds},
    )


def check_challenge(
    conn: Connection, *, phone_hmac: str, challenge_hmac: str, code_hmac: str, max_attempts: int
) -> str:
    """'ok' (the code is used up), 'wrong', 'expired', 'locked' (too many attempts at this challenge) or 'none'."""
    row = (
        conn.execute(
            text(
                "SELECT id, code_hmac, expires_at < now() AS expired, attempts FROM otp_challenge "
                "WHERE challenge_hmac = :ch AND phone_hmac = :p AND used_at IS NULL FOR UPDATE"
            ),
            {"p": phone_hmac, "ch": challenge_hmac},
        )
        .mappings()
        .first()
    )
    if row is None:
        return "none"
    if row["expired"]:
        return "expired"
    if row["attempts"] >= max_attempts:
        return "locked"
    if hmac.compare_digest(row["code_hmac"], code_hmac):
        conn.execute(
            text("UPDATE otp_challenge SET used_at = now(), attempts = attempts + 1 WHERE id = :id"), {"id": row["id"]}
        )
        return "ok"
    conn.execute(text("UPDATE otp_challenge SET attempts = attempts + 1 WHERE id = :id"), {"id": row["id"]})
    return "locked" if row["attempts"] + 1 >= max_attempts else "wrong"


def known_address(conn: Connection, *, phone_hmac: str, address_hmac: str) -> bool:
    """Whether the number signed in from this address before."""
    return bool(
        conn.execute(
            text("SELECT EXISTS (SELECT 1 FROM rater_address WHERE phone_hmac = :p AND address_hmac = :a)"),
            {"p": phone_hmac, "a": address_hmac},
        ).scalar_one()
    )


def remember_address(conn: Connection, *, phone_hmac: str, address_hmac: str) -> None:
    conn.execute(
        text(
            "INSERT INTO rater_address (phone_hmac, address_hmac) VALUES (:p, :a) "
            "ON CONFLICT (phone_hmac, address_hmac) DO UPDATE SET seen_at = now()"
        ),
        {"p": phone_hmac, "a": address_hmac},
    )


def rater_id(conn: Connection, *, phone_hmac: str) -> int:
    return conn.execute(
        text(
            "INSERT INTO rater (phone_hmac) VALUES (:p) ON CONFLICT (phone_hmac) DO UPDATE SET phone_hmac = excluded.phone_hmac "
            "RETURNING id"
        ),
        {"p": phone_hmac},
    ).scalar_one()


def create_token(conn: Connection, *, token_hmac: str, rater: int, ttl_hours: int) -> datetime:
    return conn.execute(
        text(
            "INSERT INTO rater_token (token_hmac, rater_id, expires_at) "
            "VALUES (:t, :r, now() + make_interval(hours => :h)) RETURNING expires_at"
        ),
        {"t": token_hmac, "r": rater, "h": ttl_hours},
    ).scalar_one()


def rater_by_token(conn: Connection, *, token_hmac: str) -> dict | None:
    row = (
        conn.execute(
            text(
                "SELECT r.id, r.phone_hmac FROM rater_token t JOIN rater r ON r.id = t.rater_id "
                "WHERE t.token_hmac = :t AND t.expires_at > now()"
            ),
            {"t": token_hmac},
        )
        .mappings()
        .first()
    )
    return dict(row) if row else None


def target_ok(conn: Connection, *, center_id: int | None, platform_code: str | None, service_code: str) -> bool:
    """An active center offering the service, or an e-platform of the service's sector."""
    if center_id is not None:
        return conn.execute(
            text(
                "SELECT EXISTS (SELECT 1 FROM service_center c JOIN center_service cs ON cs.center_id = c.id "
                "WHERE c.id = :c AND c.status = 'active' AND cs.service_code = :s)"
            ),
            {"c": center_id, "s": service_code},
        ).scalar_one()
    return conn.execute(
        text(
            "SELECT EXISTS (SELECT 1 FROM e_platform p JOIN service s ON s.sector_code = p.sector_code "
            "WHERE p.code = :p AND s.code = :s)"
        ),
        {"p": platform_code, "s": service_code},
    ).scalar_one()


def rated_recently(
    conn: Connection, *, rater_hmac: str, center_id: int | None, platform_code: str | None, service_code: str
) -> bool:
    """Whether this rater rated this center (or platform) and service in the last 24 hours."""
    return conn.execute(
        text(
            "SELECT EXISTS (SELECT 1 FROM rating WHERE rater_hmac = :r AND submitted_at > now() - interval '24 hours' "
            "AND service_code = :s AND center_id IS NOT DISTINCT FROM CAST(:c AS integer) "
            "AND platform_code IS NOT DISTINCT FROM CAST(:p AS text))"
        ),
        {"r": rater_hmac, "s": service_code, "c": center_id, "p": platform_code},
    ).scalar_one()


def lock_rater(conn: Connection, *, rater: int) -> None:
    """Serialise one rater's submissions (until the transaction ends), so that the one-a-day rule and
    idempotency keys hold under concurrent requests."""
    conn.execute(text("SELECT pg_advisory_xact_lock(7171, CAST(:r % 2147483647 AS integer))"), {"r": rater})


def replayed(conn: Connection, *, rater: int, key: str) -> dict | None:
    row = (
        conn.execute(
            text("SELECT request_hash, rating_id FROM idempotency_key WHERE rater_id = :r AND key = :k"),
            {"r": rater, "k": key},
        )
        .mappings()
        .first()
    )
    return dict(row) if row else None


RATING_COLUMNS = (
    "center_id",
    "platform_code",
    "service_code",
    "overall",
    "c_speed",
    "c_staff",
    "c_clarity",
    "c_facility",
    "c_outcome",
    "comment",
    "comment_norm",
    "comment_status",
    "lang",
    "rater_hmac",
)


def add_rating(conn: Connection, *, row: dict, rater: int, key: str | None, request_hash: str) -> int:
    """Insert the rating (source app, now), queue it for the rollups and record its idempotency key
    (the caller holds lock_rater, so the key cannot have been taken since it looked)."""
    cols = ", ".join(RATING_COLUMNS)
    values = ", ".join(f":{c}" for c in RATING_COLUMNS)
    rating_id, submitted_at = conn.execute(
        text(
            f"INSERT INTO rating ({cols}, source, submitted_at) VALUES ({values}, 'app', now()) RETURNING id, submitted_at"
        ),
        {c: row.get(c) for c in RATING_COLUMNS},
    ).one()
    conn.execute(  # the citizen role may add to the queue, not read it
        text("INSERT INTO rating_pending (rating_id, submitted_at) VALUES (:id, :at)"),
        {"id": rating_id, "at": submitted_at},
    )
    if key is not None:
        conn.execute(
            text("INSERT INTO idempotency_key (rater_id, key, request_hash, rating_id) VALUES (:r, :k, :h, :id)"),
            {"r": rater, "k": key, "h": request_hash, "id": rating_id},
        )
    return rating_id


def add_proposal(
    conn: Connection,
    *,
    name: str,
    sector_code: str,
    service_codes: list[str],
    lon: float,
    lat: float,
    rater: int | None,
    country: str,
) -> int | None:
    """A proposed center, placed in the areas containing its pin; None when the pin is outside the country.
    (The id is drawn first: the citizen role may add proposals but not read them back.)"""
    proposal_id = conn.execute(text("SELECT nextval(pg_get_serial_sequence('center_proposal', 'id'))")).scalar_one()
    inserted = conn.execute(
        text("""
        WITH pt AS (SELECT ST_SetSRID(ST_MakePoint(:lon, :lat), 4326) AS g),
             gov AS (SELECT a.code, a.parent_code FROM admin_area a, pt
                     WHERE a.level = 'governorate' AND a.country = :country AND ST_Intersects(a.geom, pt.g) LIMIT 1),
             loc AS (SELECT a.code FROM admin_area a, pt, gov
                     WHERE a.level = 'locality' AND a.parent_code = gov.code AND ST_Intersects(a.geom, pt.g) LIMIT 1)
        INSERT INTO center_proposal (id, name, sector_code, service_codes, geom, region_code, governorate_code,
                                     locality_code, rater_id)
        SELECT :id, :name, :sector, CAST(:services AS text[]), pt.g, gov.parent_code, gov.code,
               (SELECT code FROM loc), :rater
        FROM pt, gov
    """),
        {
            "id": proposal_id,
            "lon": lon,
            "lat": lat,
            "country": country,
            "name": name,
            "sector": sector_code,
            "services": service_codes,
            "rater": rater,
        },
    ).rowcount
    return proposal_id if inserted else None
