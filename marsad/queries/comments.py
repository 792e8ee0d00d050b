"""Citizens' comments: filtered, searched (Arabic-normalised) and paged by keyset, within the scope.

Only approved comments are ever returned. Personal data was removed before they were stored.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, timezone

from sqlalchemy import Engine, text

from marsad.comments.normalize import normalize
from marsad.db.transactions import scoped
from marsad.jurisdiction import Scope
from marsad.queries.filters import ROLLUP_AREA_COLUMN, Filters

RIYADH = timezone(timedelta(hours=3))
MAX_PAGE = 100


@dataclass(frozen=True)
class CommentQuery:
    filters: Filters
    area: dict | None = None
    center_id: int | None = None
    min_score: int = 1
    max_score: int = 5
    lang: str | None = None
    search: str | None = None
    before: tuple[datetime, int] | None = None  # keyset cursor: (submitted_at, id) of the last row seen
    limit: int = 25


def _bounds(d_from: date, d_to: date) -> tuple[datetime, datetime]:
    """Riyadh calendar days [from, to] as UTC instants [start, end)."""
    return (datetime.combine(d_from, time(), RIYADH), datetime.combine(d_to + timedelta(days=1), time(), RIYADH))


def like_pattern(term: str) -> str:
    """`term` anywhere, for LIKE (its own % _ and \\ taken literally)."""
    return "%" + term.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"


def comments_sql(*, scope: Scope, q: CommentQuery, page: int | None = None) -> tuple[str, dict]:
    """`page`: rows a page holds (default q.limit, at most MAX_PAGE; exports ask for more)."""
    start, end = _bounds(q.filters.date_from, q.filters.date_to)
    where = [
        # implied by the status (only ratings with a comment have one), but said for the planner: the comment
        # indexes are partial (WHERE comment IS NOT NULL), and without it a national page of comments read every
        # month's partition (1.2-1.9 s at 10M ratings; 10 ms with the newest-first index)
        "x.comment IS NOT NULL",
        "x.comment_status = 'approved'",
        "x.submitted_at >= :start",
        "x.submitted_at < :end",
        "x.overall BETWEEN :min_score AND :max_score",
    ]
    params: dict = {
        "start": start,
        "end": end,
        "min_score": q.min_score,
        "max_score": q.max_score,
        "limit": (page or min(max(q.limit, 1), MAX_PAGE)) + 1,
    }
    ssql, sparams = scope.clause_on("c", center="id")
    where.append(ssql)
    params.update(sparams)
    for name, column in (("sector", "c.sector_code"), ("service", "x.service_code"), ("source", "x.source")):
        value = getattr(q.filters, name)
        if value is not None:
            where.append(f"{column} = :{name}")
            params[name] = value
    if q.area is not None:
        where.append(f"c.{ROLLUP_AREA_COLUMN[q.area['level']]} = :area_code")
        params["area_code"] = q.area["code"]
    if q.center_id is not None:
        where.append("x.center_id = :center_id")
        params["center_id"] = q.center_id
    if q.lang is not None:
        where.append("x.lang = :lang")
        params["lang"] = q.lang
    for i, word in enumerate(normalize(q.search or "").split()):
        where.append(f"x.comment_norm LIKE :word_{i}")
        params[f"word_{i}"] = like_pattern(word)
    if q.before is not None:
        where.append("(x.submitted_at, x.id) < (:before_at, :before_id)")
        params.update(before_at=q.before[0], before_id=q.before[1])
    sql = f"""
        SELECT x.id, x.submitted_at, x.overall, x.comment, x.lang, x.source, x.service_code,
               c.id AS center_id, c.code AS center_code, c.name_ar AS center_name_ar, c.name_en AS center_name_en,
               c.sector_code, c.region_code, c.governorate_code, c.locality_code
        FROM rating x JOIN service_center c ON c.id = x.center_id
        WHERE {" AND ".join(where)}
        ORDER BY x.submitted_at DESC, x.id DESC
        LIMIT :limit
    """
    return sql, params


def comments(
    engine: Engine, *, scope: Scope, q: CommentQuery, page: int | None = None
) -> tuple[list[dict], tuple[datetime, int] | None]:
    """A page of comments, newest first, and the cursor of the next page (None on the last one). `page`: its size
    when not the query's (an export asks for every row up to its limit, and one more to know it is over)."""
    sql, params = comments_sql(scope=scope, q=q, page=page)
    with scoped(engine, scope) as conn:
        rows = [dict(r) for r in conn.execute(text(sql), params).mappings()]
    page = page or min(max(q.limit, 1), MAX_PAGE)
    more = len(rows) > page
    rows = rows[:page]
    return rows, ((rows[-1]["submitted_at"], rows[-1]["id"]) if more else None)
