"""Alerts: written by the detection job (as the owner), listed and handled by officials within their jurisdiction
(row-level security and the scope clause, like the ratings)."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Engine, text

from marsad.db.transactions import scoped
from marsad.jurisdiction import Scope
from marsad.queries.filters import ROLLUP_AREA_COLUMN

STATUSES = ("new", "acknowledged", "resolved")
# a center alert is named and placed by its center; an area alert by its area (a point inside it for the map)
COLUMNS = (
    "a.id, a.kind, a.axis, a.term, a.mentions, a.plan_id, a.center_id, a.area_level, coalesce(c.name_ar, ar.name_ar) AS name_ar, "
    "coalesce(c.name_en, ar.name_en) AS name_en, a.sector_code, a.region_code, a.governorate_code, a.locality_code, "
    "s.name_ar AS sector_ar, s.name_en AS sector_en, a.day, a.window_days, a.drop, a.z, a.n_recent, a.status, a.note, a.created_at, a.updated_at, a.updated_by, "
    "ST_Y(coalesce(c.geom, ST_PointOnSurface(ar.geom))) AS lat, ST_X(coalesce(c.geom, ST_PointOnSurface(ar.geom))) AS lon"
)
FROM = (
    "alert a JOIN sector s ON s.code = a.sector_code LEFT JOIN service_center c ON c.id = a.center_id "
    "LEFT JOIN admin_area ar ON a.center_id IS NULL AND ar.code = coalesce(a.governorate_code, a.region_code)"
)


def center_codes(engine: Engine) -> dict[int, dict]:
    """Active centers' sector and area codes, for the alert rows (owner)."""
    with engine.connect() as conn:
        rows = conn.execute(
            text(
                "SELECT id, sector_code, region_code, governorate_code, locality_code FROM service_center "
                "WHERE status = 'active'"
            )
        ).mappings()
        return {r["id"]: dict(r) for r in rows}


def quiet_key(where: dict, detail: str | None) -> tuple:
    """What an alert is about, to keep from alerting it twice: its center or area (and sector), and its axis (a
    place's comment surge is one alert, named by its strongest term). `where`: the alert row's center and area
    columns."""
    if where["center_id"] is not None:
        return (where["center_id"], None, None, None, detail)
    area = where["governorate_code"] or where["region_code"]
    return (None, where["area_level"], area, where["sector_code"], detail)


def alerted_since(engine: Engine, day: date, *, kind: str) -> set[tuple]:
    """quiet_key of every alert of `kind` on or after `day` (owner): they are not alerted again meanwhile."""
    with engine.connect() as conn:
        rows = conn.execute(
            text(
                "SELECT DISTINCT center_id, area_level, CASE WHEN center_id IS NULL THEN coalesce(governorate_code, "
                "region_code) END, CASE WHEN center_id IS NULL THEN sector_code END, axis "
                "FROM alert WHERE day >= :d AND kind = :k"
            ),
            {"d": day, "k": kind},
        )
        return {tuple(r) for r in rows}


def folds_unseen(engine: Engine, today: date) -> int | None:
    """The fold count when ratings were folded since the alert job last ran, or the day changed; else None."""
    with engine.connect() as conn:
        folds, seen, day = conn.execute(
            text(
                "SELECT (SELECT CASE WHEN is_called THEN last_value ELSE 0 END FROM fold_count), "
                "(SELECT folds FROM alert_run), (SELECT day FROM alert_run)"
            )
        ).one()
        return folds if folds != seen or day != today else None


def mark_run(engine: Engine, *, folds: int, today: date) -> None:
    with engine.begin() as conn:
        conn.execute(
            text(
                "INSERT INTO alert_run (folds, day) VALUES (:f, :d) "
                "ON CONFLICT (one) DO UPDATE SET folds = :f, day = :d, at = now()"
            ),
            {"f": folds, "d": today},
        )


def insert_plan_alerts(engine: Engine, today: date) -> int:
    """Alerts for open plans past their deadline (plan_overdue: window_days holds the days over) or with an action
    past its due day and not done (plan_late: n_recent holds how many); once a plan and kind (owner)."""
    with engine.begin() as conn:
        return conn.execute(
            text(
                "INSERT INTO alert (kind, plan_id, center_id, sector_code, region_code, governorate_code, locality_code, "
                "day, window_days, drop, z, n_recent) "
                "SELECT 'plan_overdue', p.id, p.center_id, p.sector_code, p.region_code, p.governorate_code, "
                "p.locality_code, :t, :t - p.deadline, 0, 0, 0 FROM improvement_plan p "
                "WHERE p.status = 'open' AND p.deadline < :t "
                "UNION ALL SELECT 'plan_late', p.id, p.center_id, p.sector_code, p.region_code, p.governorate_code, "
                "p.locality_code, :t, 0, 0, 0, count(*) FROM improvement_plan p JOIN plan_action a ON a.plan_id = p.id "
                "WHERE p.status = 'open' AND a.due < :t AND NOT a.done GROUP BY p.id "
                "ON CONFLICT DO NOTHING"  # once a plan and kind (alert_once_a_plan), once a center, kind and day
            ),
            {"t": today},
        ).rowcount


def insert(engine: Engine, rows: list[dict]) -> int:
    if not rows:
        return 0
    with engine.begin() as conn:
        return conn.execute(
            text(
                "INSERT INTO alert (kind, axis, term, mentions, center_id, area_level, sector_code, region_code, "
                "governorate_code, locality_code, day, window_days, drop, z, n_recent) VALUES (:kind, :axis, :term, "
                ":mentions, :center_id, :area_level, :sector_code, :region_code, :governorate_code, :locality_code, "
                ":day, :window_days, :drop, :z, :n_recent) ON CONFLICT (kind, coalesce(center_id, 0), "
                "coalesce(area_level, ''), coalesce(governorate_code, region_code), sector_code, coalesce(axis, ''), "
                "coalesce(term, ''), day) DO NOTHING"
            ),
            rows,
        ).rowcount


def _where(
    scope: Scope,
    *,
    status: str | None,
    center_id: int | None,
    area: dict | None,
    after_id: int | None = None,
    since: datetime | None = None,
    alert_id: int | None = None,
) -> tuple[str, dict]:
    sql, params = scope.clause_on("a")
    parts = [sql]
    if status == "open":
        parts.append("a.status <> 'resolved'")
    elif status is not None:
        parts.append("a.status = :status")
        params["status"] = status
    if center_id is not None:
        parts.append("a.center_id = :center_id")
        params["center_id"] = center_id
    if area is not None:
        parts.append(f"a.{ROLLUP_AREA_COLUMN[area['level']]} = :area_code")
        params["area_code"] = area["code"]
    if after_id is not None:
        parts.append("a.id > :after_id")
        params["after_id"] = after_id
    if since is not None:
        parts.append("a.created_at >= :since")
        params["since"] = since
    if alert_id is not None:
        parts.append("a.id = :alert_id")
        params["alert_id"] = alert_id
    return " AND ".join(parts), params


def listed(
    engine: Engine,
    *,
    scope: Scope,
    status: str | None = "open",
    center_id: int | None = None,
    area: dict | None = None,
    limit: int = 200,
    after_id: int | None = None,
    since: datetime | None = None,
    oldest_first: bool = False,
) -> list[dict]:
    """Alerts in the jurisdiction, newest first (`status`: open = not resolved, or one of STATUSES, or None);
    `after_id`, `since`: only those raised later (alert e-mails), oldest first with `oldest_first`."""
    where, params = _where(scope, status=status, center_id=center_id, area=area, after_id=after_id, since=since)
    order = "a.id" if oldest_first else "a.day DESC, a.id DESC"
    with scoped(engine, scope) as conn:
        rows = conn.execute(
            text(f"SELECT {COLUMNS} FROM {FROM} WHERE {where} ORDER BY {order} LIMIT :n"),
            {**params, "n": limit},
        ).mappings()
        return [dict(r) for r in rows]


def one(engine: Engine, *, scope: Scope, alert_id: int) -> dict | None:
    """One alert, if it is in the jurisdiction."""
    where, params = _where(scope, status=None, center_id=None, area=None, alert_id=alert_id)
    with scoped(engine, scope) as conn:
        row = conn.execute(text(f"SELECT {COLUMNS} FROM {FROM} WHERE {where}"), params).mappings().first()
        return dict(row) if row else None


def handle(engine: Engine, *, scope: Scope, alert_id: int, status: str, note: str | None, by: str) -> dict | None:
    """Acknowledge (with a note) or resolve an alert in the jurisdiction; None when there is none such."""
    where, params = _where(scope, status=None, center_id=None, area=None)
    with scoped(engine, scope) as conn:
        row = (
            conn.execute(
                text(
                    f"UPDATE alert a SET status = :new, note = coalesce(:note, a.note), updated_at = now(), "
                    f"updated_by = :by WHERE a.id = :id AND {where} RETURNING a.id, a.status, a.note"
                ),
                {**params, "id": alert_id, "new": status, "note": note, "by": by},
            )
            .mappings()
            .first()
        )
        return dict(row) if row else None
