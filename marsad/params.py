"""Parsing and validating what arrives from outside (API query strings, the page URL).

Unknown codes and malformed values raise BadRequest with a message meant for the person who sent them.
"""

from __future__ import annotations

import base64
import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any, overload

from marsad.queries.comments import MAX_PAGE, CommentQuery
from marsad.queries.filters import CHILD_LEVEL, LEVELS, SOURCES, Filters, default_period

MAX_DAYS = 5 * 366


class BadRequest(ValueError):
    """The request cannot be served as asked; str(exc) says why."""


IDEMPOTENCY_KEY = re.compile(r"[A-Za-z0-9._:-]{8,100}")


def idempotency_key(value: str | None) -> str | None:
    """An Idempotency-Key header (None when absent): 8 to 100 letters, digits or . _ : -"""
    if value is not None and not IDEMPOTENCY_KEY.fullmatch(value):
        raise BadRequest("Idempotency-Key must be 8 to 100 letters, digits or . _ : -")
    return value


FIRST_DAY, LAST_DAY = date(2000, 1, 1), date(2099, 12, 31)


def _date(value: str, name: str) -> date:
    try:
        day = date.fromisoformat(value)
    except (TypeError, ValueError):
        raise BadRequest(f"{name} must be a date as YYYY-MM-DD, got {value!r}") from None
    if not FIRST_DAY <= day <= LAST_DAY:
        raise BadRequest(f"{name} must be between {FIRST_DAY} and {LAST_DAY}")
    return day


def _one(query: Mapping, name: str) -> str | None:
    value = query.get(name)
    if isinstance(value, list | tuple):
        value = value[-1] if value else None
    if value is None:
        return None
    value = str(value).strip()
    if len(value) > 200:
        raise BadRequest(f"{name} is too long")
    if "\x00" in value:
        raise BadRequest(f"{name} contains a NUL character")
    return value or None


def parse_text(query: Mapping, name: str) -> str | None:
    """A short text parameter (at most 200 characters, no NUL), stripped; None when absent or empty."""
    return _one(query, name)


def parse_date(query: Mapping, name: str) -> date | None:
    """A day parameter (YYYY-MM-DD, within the dates Marsad holds); None when absent."""
    value = _one(query, name)
    return None if value is None else _date(value, name)


def parse_filters(query: Mapping, catalog: dict, today: date) -> Filters:
    """Filters from `from`, `to`, `sector`, `service`, `source` (all optional)."""
    start, end = default_period(today)
    raw_from, raw_to = _one(query, "from"), _one(query, "to")
    date_to = _date(raw_to, "to") if raw_to else end
    date_from = _date(raw_from, "from") if raw_from else date_to - (end - start)
    if date_from > date_to:
        raise BadRequest("'from' is after 'to'")
    if (date_to - date_from).days > MAX_DAYS:
        raise BadRequest(f"the period is longer than {MAX_DAYS} days")
    sector, service, source = _one(query, "sector"), _one(query, "service"), _one(query, "source")
    sectors = {s["code"] for s in catalog["sectors"]}
    services = {s["code"]: s["sector_code"] for s in catalog["services"]}
    if sector is not None and sector not in sectors:
        raise BadRequest(f"unknown sector {sector!r}")
    if service is not None:
        if service not in services:
            raise BadRequest(f"unknown service {service!r}")
        if sector is not None and services[service] != sector:
            raise BadRequest(f"service {service!r} does not belong to sector {sector!r}")
    if source is not None and source not in SOURCES:
        raise BadRequest(f"unknown source {source!r}; expected one of {', '.join(SOURCES)}")
    return Filters(date_from=date_from, date_to=date_to, sector=sector, service=service, source=source)


def period_of(query: Mapping, today: date) -> list[str]:
    """[from, to] for a date-range picker: the link's period when valid, else the default one."""
    empty: dict[str, list] = {"sectors": [], "services": []}
    try:
        f = parse_filters({k: query.get(k) for k in ("from", "to")}, empty, today)
    except BadRequest:
        f = parse_filters({}, empty, today)
    return [f.date_from.isoformat(), f.date_to.isoformat()]


def parse_area(query: Mapping, name: str, index: dict[str, dict], *, required: bool = False) -> dict | None:
    code = _one(query, name)
    if code is None:
        if required:
            raise BadRequest(f"{name} is required")
        return None
    if code not in index:
        raise BadRequest(f"unknown area code {code!r}")
    return index[code]


@dataclass(frozen=True)
class AreaRequest:
    level: str
    parent: dict | None


def parse_area_request(query: Mapping, index: dict[str, dict]) -> AreaRequest:
    """`level` and/or `parent`: the children of parent, or the top level when there is no parent."""
    level = _one(query, "level")
    parent = parse_area(query, "parent", index)
    if level is not None and level not in LEVELS:
        raise BadRequest(f"unknown level {level!r}; expected one of {', '.join(LEVELS)}")
    expected = CHILD_LEVEL[parent["level"] if parent else None]
    if expected is None:
        assert parent is not None  # only a locality has no child level
        raise BadRequest(f"{parent['code']} is a locality and has no child areas")
    if level is None:
        level = expected
    if level != expected:
        if parent is None:
            raise BadRequest(f"level {level!r} needs a parent area (the code of a {LEVELS[LEVELS.index(level) - 1]})")
        raise BadRequest(
            f"the children of {parent['code']} ({parent['level']}) are of level {expected!r}, not {level!r}"
        )
    return AreaRequest(level=level, parent=parent)


def whole_number(value: Any, *, lo: int = 1, hi: int = 2**31 - 1) -> int | None:
    """A whole number within [lo, hi] written in ASCII digits (not '²' or '٣', which str.isdigit accepts), else
    None."""
    text = str(value) if isinstance(value, int | str) and not isinstance(value, bool) else ""
    if not (text.isascii() and text.isdecimal()) or len(text) > 12:
        return None
    number = int(text)
    return number if lo <= number <= hi else None


def today_riyadh() -> date:
    return (datetime.now(UTC) + timedelta(hours=3)).date()  # Asia/Riyadh calendar day


@overload
def parse_int(query: Mapping, name: str, *, default: int, lo: int, hi: int) -> int: ...
@overload
def parse_int(query: Mapping, name: str, *, default: None, lo: int, hi: int) -> int | None: ...
def parse_int(query: Mapping, name: str, *, default: int | None, lo: int, hi: int) -> int | None:
    raw = _one(query, name)
    if raw is None:
        return default
    try:
        value = int(raw)
    except ValueError:
        raise BadRequest(f"{name} must be a whole number, got {raw!r}") from None
    if not lo <= value <= hi:
        raise BadRequest(f"{name} must be between {lo} and {hi}")
    return value


def parse_float(query: Mapping, name: str, *, lo: float, hi: float, default: float | None = None) -> float:
    raw = _one(query, name)
    if raw is None:
        if default is None:
            raise BadRequest(f"{name} is required")
        return default
    try:
        value = float(raw)
    except ValueError:
        raise BadRequest(f"{name} must be a number, got {raw[:40]!r}") from None
    if not lo <= value <= hi:  # also refuses nan
        raise BadRequest(f"{name} must be between {lo} and {hi}")
    return value


def encode_cursor(cursor: tuple[datetime, int] | None) -> str | None:
    if cursor is None:
        return None
    return base64.urlsafe_b64encode(f"{cursor[0].isoformat()}|{cursor[1]}".encode()).decode().rstrip("=")


def parse_cursor(query: Mapping) -> tuple[datetime, int] | None:
    raw = _one(query, "cursor")
    if raw is None:
        return None
    try:
        at, _, ident = base64.urlsafe_b64decode(raw + "=" * (-len(raw) % 4)).decode().partition("|")
        return datetime.fromisoformat(at), int(ident)
    except (ValueError, UnicodeDecodeError):
        raise BadRequest("cursor is not one this API gave out") from None


def parse_choice(query: Mapping, name: str, choices: tuple[str, ...]) -> str | None:
    value = _one(query, name)
    if value is not None and value not in choices:
        raise BadRequest(f"{name} must be one of {', '.join(choices)}")
    return value


def parse_comment_query(query: Mapping, catalog: dict, index: dict[str, dict], today: date) -> CommentQuery:
    """Comment filters: the usual filters, `area`, `center`, `min_score`/`max_score`, `lang`, search `q`,
    `cursor` and `limit`."""
    min_score = parse_int(query, "min_score", default=1, lo=1, hi=5)
    max_score = parse_int(query, "max_score", default=5, lo=1, hi=5)
    if min_score > max_score:
        raise BadRequest("min_score is above max_score")
    return CommentQuery(
        filters=parse_filters(query, catalog, today),
        area=parse_area(query, "area", index),
        center_id=parse_int(query, "center", default=None, lo=1, hi=2**31 - 1),
        min_score=min_score,
        max_score=max_score,
        lang=parse_choice(query, "lang", ("ar", "en")),
        search=_one(query, "q"),
        before=parse_cursor(query),
        limit=parse_int(query, "limit", default=25, lo=1, hi=MAX_PAGE),
    )
