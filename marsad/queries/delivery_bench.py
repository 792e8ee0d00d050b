"""The delivery benchmark's own rows (marsad.reports.delivery_bench): center managers of sampled centers, each
subscribed to the weekly report from a week ago, and taking their subscriptions and deliveries out again. The
managers stay, disabled, for the next run: the audit log refers to them. Run as the database owner."""

from __future__ import annotations

from sqlalchemy import Connection, text

PREFIX = "bench-cm-"
DOMAIN = "bench.invalid"


def add_managers(conn: Connection, n: int) -> int:
    """`n` center managers of active centers (whole governorates in a fixed pseudo-random order, so that peers are
    shared as they are when every center gets its report), subscribed to the center weekly report by e-mail since
    eight days ago: one week is due for each. How many were added."""
    remove(conn)
    conn.execute(
        text(
            "INSERT INTO official (username, display_name, role, centers) "
            f"SELECT '{PREFIX}' || id, 'Bench ' || id, 'center_manager', ARRAY[id] FROM service_center "
            "WHERE status = 'active' ORDER BY md5(governorate_code), id LIMIT :n "
            "ON CONFLICT (username) DO UPDATE SET disabled = false, centers = excluded.centers"
        ),
        {"n": n},
    )
    return conn.execute(
        text(
            "INSERT INTO subscription (official_id, kind, lang, email, created_by, created_at) "
            f"SELECT id, 'center-weekly', 'ar', username || '@{DOMAIN}', 'bench', now() - interval '8 days' "
            f"FROM official WHERE username LIKE '{PREFIX}%' AND NOT disabled"
        )
    ).rowcount


def remove(conn: Connection) -> None:
    mine = f"(SELECT id FROM official WHERE username LIKE '{PREFIX}%')"
    conn.execute(text(f"DELETE FROM report_delivery WHERE official_id IN {mine}"))
    conn.execute(text(f"DELETE FROM subscription WHERE official_id IN {mine}"))
    conn.execute(text(f"UPDATE official SET disabled = true WHERE username LIKE '{PREFIX}%'"))


def sent(conn: Connection) -> tuple[int, int]:
    """(sent, pending or failed) deliveries of the benchmark's managers."""
    row = conn.execute(
        text(
            "SELECT count(*) FILTER (WHERE d.status = 'sent'), count(*) FILTER (WHERE d.status <> 'sent') "
            f"FROM report_delivery d JOIN official o ON o.id = d.official_id WHERE o.username LIKE '{PREFIX}%'"
        )
    ).one()
    return row[0], row[1]
