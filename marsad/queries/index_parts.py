"""The combined index's parts that are not ratings, per child area of a parent (or per center) over some days, in the jurisdiction
(row policies and the scope clause): mystery-shopper visits (mean score, n), focus-group sessions (mean of each
session's mean axis score, n), complaints (a separate KPI); and the index's declared method."""

from __future__ import annotations

from datetime import date

from sqlalchemy import Engine, text

from marsad.db.transactions import scoped
from marsad.jurisdiction import Scope
from marsad.queries.filters import ROLLUP_AREA_COLUMN

# the column each grouping reads; identifiers come only from here
KEY_COLUMN = {**ROLLUP_AREA_COLUMN, "center": "center_id"}


def method(engine: Engine, version: int | None = None) -> dict:
    """The index's method: the latest version, or `version`."""
    with engine.connect() as conn:
        row = (
            conn.execute(
                text(
                    "SELECT version, weights, band_set, published_on, note_ar, note_en FROM index_method "
                    "WHERE CAST(:v AS integer) IS NULL OR version = :v ORDER BY version DESC LIMIT 1"
                ),
                {"v": version},
            )
            .mappings()
            .first()
        )
    if row is None:
        raise LookupError(f"no index method {version}")
    return dict(row)


def _where(scope: Scope, t: str, *, by: str, parent: dict | None, sector: str | None) -> tuple[str, dict]:
    sql, params = scope.clause_on(t)
    parts = [sql, f"{t}.{KEY_COLUMN[by]} IS NOT NULL"]
    if parent is not None:
        parts.append(f"{t}.{ROLLUP_AREA_COLUMN[parent['level']]} = :parent")
        params["parent"] = parent["code"]
    if sector is not None:
        parts.append(f"{t}.sector_code = :sector")
        params["sector"] = sector
    return " AND ".join(parts), params


def parts(
    engine: Engine, *, scope: Scope, by: str, parent: dict | None, date_from: date, date_to: date,
    sector: str | None, complaints: bool = True,
) -> dict[str, dict]:  # fmt: skip
    """{"mystery_shopper" | "focus_group": {key: (value 0-100, n)}, "complaints": {key: KPI}}; the key is the child
    area's code (`by`: an area level) or the center's id (`by`: "center"). Without `complaints`, "complaints" is
    empty (the map does not show them, and they are the one large table here: 0.15 s of 0.2 s nationally)."""
    key = KEY_COLUMN[by]
    days = {"a": date_from, "b": date_to}
    out: dict[str, dict] = {}
    with scoped(engine, scope) as conn:
        where, params = _where(scope, "v", by=by, parent=parent, sector=sector)
        out["mystery_shopper"] = {
            r[0]: (float(r[1]), int(r[2]))
            for r in conn.execute(
                text(
                    f"SELECT v.{key}, avg(v.score), count(*) FROM shopper_visit v WHERE v.visited_on BETWEEN :a AND :b "
                    f"AND {where} GROUP BY 1"
                ),
                {**params, **days},
            )
        }
        where, params = _where(scope, "g", by=by, parent=parent, sector=sector)
        out["focus_group"] = {
            r[0]: (float(r[1]), int(r[2]))
            for r in conn.execute(
                text(
                    f"SELECT g.{key}, avg(s.mean), count(*) FROM focus_group g JOIN (SELECT group_id, avg(score) AS "
                    f"mean FROM focus_group_axis GROUP BY 1) s ON s.group_id = g.id WHERE g.held_on BETWEEN :a AND :b "
                    f"AND {where} GROUP BY 1"
                ),
                {**params, **days},
            )
        }
        out["complaints"] = {}
        if not complaints:
            return out
        where, params = _where(scope, "c", by=by, parent=parent, sector=sector)
        out["complaints"] = {
            r["code"]: {k: r[k] for k in ("cases", "closed_on_time", "satisfaction", "answered")}
            for r in conn.execute(
                text(
                    f"SELECT c.{key} AS code, count(*) AS cases, "
                    "avg((c.closed_at IS NOT NULL AND c.closed_at <= c.deadline)::int)::float8 AS closed_on_time, "
                    "avg(c.satisfied)::float8 AS satisfaction, count(c.satisfied) AS answered FROM complaint c "
                    f"WHERE (c.received_at AT TIME ZONE 'Asia/Riyadh')::date BETWEEN :a AND :b AND {where} GROUP BY 1"
                ),
                {**params, **days},
            ).mappings()
        }
    return out
