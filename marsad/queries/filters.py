"""Filters chosen by the user: sector, service, rating source and a date range (inclusive)."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, timedelta

SOURCES = ("app", "survey", "mystery_shopper", "focus_group")
LEVELS = ("region", "governorate", "locality")
CHILD_LEVEL = {None: "region", "region": "governorate", "governorate": "locality", "locality": None}
# rollup column holding the area code of each level; identifiers come only from here
ROLLUP_AREA_COLUMN = {"region": "region_code", "governorate": "governorate_code", "locality": "locality_code"}


@dataclass(frozen=True)
class Filters:
    date_from: date
    date_to: date
    sector: str | None = None
    service: str | None = None
    source: str | None = None

    def __post_init__(self):
        if self.date_from > self.date_to:
            raise ValueError("the start date is after the end date")
        if self.source is not None and self.source not in SOURCES:
            raise ValueError(f"unknown source {self.source!r}; expected one of {', '.join(SOURCES)}")

    @property
    def days(self) -> int:
        return (self.date_to - self.date_from).days + 1

    def previous(self) -> Filters:
        """The period of the same length just before this one."""
        return replace(
            self, date_from=self.date_from - timedelta(days=self.days), date_to=self.date_from - timedelta(days=1)
        )

    def cache_key(self) -> str:
        return f"{self.date_from}|{self.date_to}|{self.sector}|{self.service}|{self.source}"

    def clause(self, alias: str = "r") -> tuple[str, dict]:
        """Conditions on sector, service and source (the period is applied by the rollup choice)."""
        parts = ["TRUE"]
        params: dict = {}
        for name in ("sector", "service", "source"):
            value = getattr(self, name)
            if value is not None:
                column = {"sector": "sector_code", "service": "service_code", "source": "source"}[name]
                parts.append(f"{alias}.{column} = :{name}")
                params[name] = value
        return " AND ".join(parts), params


def default_period(today: date, days: int = 365) -> tuple[date, date]:
    return today - timedelta(days=days - 1), today
