"""Batches of ratings uploaded by officials (surveys, mystery-shopper visits, focus groups), inserted in one
statement within the official's scope and queued for the rollups."""

from __future__ import annotations

import json

from sqlalchemy import Engine, text

from marsad.db.transactions import scoped
from marsad.jurisdiction import Scope
from marsad.queries.rollups import CRITERIA

COLUMNS = ("center_id", "service_code", "submitted_at", "overall", *[f"c_{c}" for c in CRITERIA],
           "comment", "comment_norm", "comment_status", "lang", "source")  # fmt: skip
# the ratings as the API's BatchRating writes them (r, numbered from 1 by WITH ORDINALITY), and the stored form of
# their comments (k, by that number); a rating's own comment is never read (only its stored form)
RATINGS = (
    "ROWS FROM (jsonb_to_recordset(CAST(:rows AS jsonb)) AS (center_id integer, service_code text, "
    "submitted_at timestamptz, overall smallint, criteria jsonb, lang text, source text)) WITH ORDINALITY "
    "AS r(center_id, service_code, submitted_at, overall, criteria, lang, source, i) "
    "LEFT JOIN jsonb_to_recordset(CAST(:comments AS jsonb)) "
    "AS k(i bigint, comment text, comment_norm text, comment_status text, lang text) ON k.i = r.i"
)
VALUES = ", ".join(
    ["r.center_id", "r.service_code", "r.submitted_at", "r.overall"]
    + [f"CAST(r.criteria ->> '{c}' AS smallint)" for c in CRITERIA]
    + ["k.comment", "k.comment_norm", "k.comment_status", "coalesce(k.lang, r.lang)", "r.source"]
)


def unknown_pairs(engine: Engine, *, scope: Scope, ratings: str) -> list[tuple[int, str]]:
    """The (center, service) pairs of `ratings` (a JSON array of objects with center_id and service_code) that are
    not an active center in scope offering that service."""
    with scoped(engine, scope) as conn:  # LATERAL ... LIMIT 1: two index probes per pair, never a hash of
        return [
            tuple(r)
            for r in conn.execute(
                text(  # every center's services (75 ms per 1,000 pairs)
                    "SELECT DISTINCT p.center_id, p.service_code "
                    "FROM jsonb_to_recordset(CAST(:rows AS jsonb)) AS p(center_id integer, service_code text) "
                    "LEFT JOIN LATERAL (SELECT 1 AS ok FROM center_service cs JOIN service_center sc ON sc.id = cs.center_id "
                    "WHERE cs.center_id = p.center_id AND cs.service_code = p.service_code AND sc.status = 'active' "
                    "LIMIT 1) x ON TRUE WHERE x.ok IS NULL ORDER BY 1, 2"
                ),
                {"rows": ratings},
            )
        ]


def add_batch(engine: Engine, *, scope: Scope, ratings: str, count: int, comments: list[dict], official: str,
              key: str | None = None, request_hash: str = "") -> int | None:  # fmt: skip
    """Insert the `count` ratings of `ratings` (a JSON array of the API's BatchRating) with `comments` (the stored
    form of their comments, each with `i`, its rating's place in the array from 1) and queue them; returns how many
    were stored. With an idempotency `key`, the key is claimed in the same statement: None when the official had
    already used it (nothing is stored; a concurrent upload with the same key waits for the first to commit or
    roll back)."""
    # the ratings as pydantic writes them, read by jsonb_to_recordset: binding each column as an array cost psycopg
    # 40 ms of Python per 1,000 rows, and a dict built for each rating to write as JSON 45 ms per 5,000
    claim, claimed = "", ""
    if key is not None:
        claim = (
            "claim AS (INSERT INTO batch_key (official, key, request_hash, stored) VALUES (:official, :key, :hash, :n) "
            "ON CONFLICT DO NOTHING RETURNING 1), "
        )
        claimed = " WHERE EXISTS (SELECT FROM claim)"
    with scoped(engine, scope) as conn:
        stored = conn.execute(
            text(
                f"WITH {claim}ins AS (INSERT INTO rating ({', '.join(COLUMNS)}) SELECT {VALUES} FROM {RATINGS}"
                f"{claimed} RETURNING id, submitted_at) "
                "INSERT INTO rating_pending (rating_id, submitted_at) SELECT id, submitted_at FROM ins"
            ),
            {
                "rows": ratings,
                "comments": json.dumps(comments, ensure_ascii=False),
                "official": official,
                "key": key,
                "hash": request_hash,
                "n": count,
            },
        ).rowcount
    return None if key is not None and stored == 0 else stored


def replayed(engine: Engine, *, official: str, key: str) -> dict | None:
    """The batch an official already uploaded under `key` (its request_hash and how many ratings it stored)."""
    with engine.connect() as conn:
        row = (
            conn.execute(
                text("SELECT request_hash, stored FROM batch_key WHERE official = :o AND key = :k"),
                {"o": official, "k": key},
            )
            .mappings()
            .first()
        )
    return dict(row) if row else None
