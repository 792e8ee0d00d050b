"""Report subscriptions and the delivery ledger: the rows to send, claimed one at a time under a row lock held
until the send is recorded, so that a (recipient, report, period) goes out once."""

from __future__ import annotations

from sqlalchemy import Connection, Engine, text

SUBSCRIPTION = "id, official_id, kind, lang, email, active, created_at, created_by"


def subscribe(
    engine: Engine, *, official_id: int, kind: str, lang: str, email: str | None, active: bool, by: str
) -> dict:
    """Create or change an official's subscription to a kind of report."""
    with engine.begin() as conn:
        row = conn.execute(
            text(
                f"""INSERT INTO subscription (official_id, kind, lang, email, active, created_by)
                VALUES (:o, :k, :l, :e, :a, :by)
                ON CONFLICT (official_id, kind) DO UPDATE SET lang = :l, email = :e, active = :a
                RETURNING {SUBSCRIPTION}"""
            ),
            {"o": official_id, "k": kind, "l": lang, "e": email, "a": active, "by": by},
        )
        return dict(row.mappings().one())


def add_defaults(engine: Engine, *, lang: str) -> int:
    """Subscribe every enabled official without a subscription to their role's report (the in-app inbox only, until
    they give an address): a center manager of one center its weekly report, an agency head of one sector its
    quarterly report, everyone else their jurisdiction's quarterly report. How many were added."""
    with engine.begin() as conn:
        return conn.execute(
            text(
                """INSERT INTO subscription (official_id, kind, lang, created_by)
                SELECT o.id, CASE
                    WHEN o.role = 'center_manager' AND cardinality(o.centers) = 1 THEN 'center-weekly'
                    WHEN o.role = 'agency_head' AND cardinality(o.sectors) = 1 THEN 'sector-quarterly'
                    ELSE 'area-quarterly' END, :lang, 'default'
                FROM official o
                WHERE NOT o.disabled AND NOT EXISTS (SELECT 1 FROM subscription s WHERE s.official_id = o.id)"""
            ),
            {"lang": lang},
        ).rowcount


def subscriptions(engine: Engine, *, official_id: int | None = None) -> list[dict]:
    """Active subscriptions of enabled officials (of one official, if given), each with the last period already in
    the ledger (`last_key`; period keys of one kind sort as their periods do)."""
    with engine.connect() as conn:
        rows = conn.execute(
            text(
                f"SELECT {', '.join('s.' + c for c in SUBSCRIPTION.split(', '))}, "
                "(SELECT max(d.period_key) FROM report_delivery d WHERE d.official_id = s.official_id "
                "AND d.kind = s.kind) AS last_key FROM subscription s "
                "JOIN official o ON o.id = s.official_id WHERE s.active AND NOT o.disabled "
                "AND (CAST(:o AS integer) IS NULL OR s.official_id = :o) ORDER BY s.id"
            ),
            {"o": official_id},
        ).mappings()
        return [dict(r) for r in rows]


def plan(engine: Engine, rows: list[dict]) -> list[int]:
    """Ledger rows for (official_id, kind, period_key, lang, email) not there yet; the ids of every pending row."""
    with engine.begin() as conn:
        if rows:
            conn.execute(
                text(
                    "INSERT INTO report_delivery (official_id, kind, period_key, lang, email) "
                    "VALUES (:official_id, :kind, :period_key, :lang, :email) "
                    "ON CONFLICT (official_id, kind, period_key) DO NOTHING"
                ),
                rows,
            )
        return list(conn.execute(text("SELECT id FROM report_delivery WHERE status = 'pending' ORDER BY id")).scalars())


def claim(conn: Connection, delivery_id: int) -> dict | None:
    """Lock a pending delivery for this transaction; None when it is sent, failed, or being sent by another worker."""
    row = (
        conn.execute(
            text(
                "SELECT id, official_id, kind, period_key, lang, email, attempts FROM report_delivery "
                "WHERE id = :id AND status = 'pending' FOR UPDATE SKIP LOCKED"
            ),
            {"id": delivery_id},
        )
        .mappings()
        .first()
    )
    return dict(row) if row else None


def done(
    conn: Connection, delivery_id: int, *, pdf: bytes | None, status: str = "sent", error: str | None = None
) -> None:
    conn.execute(
        text(
            "UPDATE report_delivery SET status = :s, sent_at = now(), pdf = :pdf, last_error = :err, "
            "attempts = attempts + 1 WHERE id = :id"
        ),
        {"id": delivery_id, "s": status, "pdf": pdf, "err": error},
    )


def failed_attempt(engine: Engine, delivery_id: int, error: str) -> None:
    with engine.begin() as conn:
        conn.execute(
            text("UPDATE report_delivery SET attempts = attempts + 1, last_error = :e WHERE id = :id"),
            {"id": delivery_id, "e": error[:500]},
        )


def inbox(engine: Engine, *, official_id: int, limit: int = 100) -> list[dict]:
    with engine.connect() as conn:
        rows = conn.execute(
            text(
                "SELECT id, kind, period_key, lang, status, sent_at, (pdf IS NOT NULL) AS has_pdf FROM report_delivery "
                "WHERE official_id = :o ORDER BY id DESC LIMIT :n"
            ),
            {"o": official_id, "n": limit},
        ).mappings()
        return [dict(r) for r in rows]


def inbox_pdf(engine: Engine, *, official_id: int, delivery_id: int) -> tuple[dict, bytes] | None:
    with engine.connect() as conn:
        row = (
            conn.execute(
                text(
                    "SELECT id, kind, period_key, pdf FROM report_delivery WHERE id = :id AND official_id = :o "
                    "AND pdf IS NOT NULL"
                ),
                {"id": delivery_id, "o": official_id},
            )
            .mappings()
            .first()
        )
    return (dict(row), bytes(row["pdf"])) if row else None
