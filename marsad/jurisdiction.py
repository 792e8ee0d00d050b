"""Scope: the jurisdiction a read is limited to. Built from the signed-in session, never from input.

Each dimension is either None (unrestricted) or a set to restrict to; an empty set matches nothing.
`areas` holds admin-area codes of any level (a region, a governorate or a locality).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass


@dataclass(frozen=True)
class Scope:
    areas: frozenset[str] | None
    sectors: frozenset[str] | None
    centers: frozenset[int] | None

    @classmethod
    def national(cls) -> Scope:
        return cls(areas=None, sectors=None, centers=None)

    @classmethod
    def of(cls, *, areas=None, sectors=None, centers=None) -> Scope:
        def fz(v):
            return None if v is None else frozenset(v)

        return cls(areas=fz(areas), sectors=fz(sectors), centers=fz(centers))

    def narrowed_to_centers(self, ids) -> Scope:
        """This scope further limited to the given centers (never widened)."""
        ids = frozenset(ids)
        return Scope(
            areas=self.areas, sectors=self.sectors, centers=ids if self.centers is None else self.centers & ids
        )

    def covers(self, lineage_codes: list[str]) -> bool:
        """Whether an area (given as the codes from its region down to itself) lies in this jurisdiction."""
        return self.areas is None or any(code in self.areas for code in lineage_codes)

    def clause_on(self, alias: str, center: str = "center_id") -> tuple[str, dict]:
        """clause() for a table that carries the usual columns (region_code, governorate_code, locality_code,
        sector_code, and the center's id in `center`) under `alias` (from code): alerts, visits, plans and the
        other instruments, and service_center itself (center="id")."""
        return self.clause(
            region=f"{alias}.region_code",
            governorate=f"{alias}.governorate_code",
            locality=f"{alias}.locality_code",
            sector=f"{alias}.sector_code",
            center=f"{alias}.{center}",
        )

    def allows_sector(self, code: str) -> bool:
        return self.sectors is None or code in self.sectors

    def allows_center(self, center: dict) -> bool:
        """Whether a center (its id, sector and area codes) lies in this jurisdiction, as the row policies decide."""
        codes = [center.get(k) for k in ("region_code", "governorate_code", "locality_code")]
        return (
            self.covers([c for c in codes if c])
            and self.allows_sector(center["sector_code"])
            and (self.centers is None or center["id"] in self.centers)
        )

    def home(self) -> str | None:
        """The area an official's views open on: their single area, else the national level."""
        return next(iter(self.areas)) if self.areas is not None and len(self.areas) == 1 else None

    def cache_key(self) -> str:
        def part(v):
            return "*" if v is None else ",".join(sorted(map(str, v)))

        raw = f"a={part(self.areas)};s={part(self.sectors)};c={part(self.centers)}"
        return hashlib.sha256(raw.encode()).hexdigest()[:24]

    def clause(self, *, region: str, governorate: str, locality: str, sector: str, center: str) -> tuple[str, dict]:
        """SQL condition (and its parameters) limiting rows to this scope, given column expressions.

        The column expressions are identifiers chosen by the caller from code, never from input.
        """
        parts: list[str] = []
        params: dict[str, list] = {}
        if self.areas is not None:
            parts.append(
                f"({region} = ANY(:scope_areas) OR {governorate} = ANY(:scope_areas) OR {locality} = ANY(:scope_areas))"
            )
            params["scope_areas"] = sorted(self.areas)
        if self.sectors is not None:
            parts.append(f"{sector} = ANY(:scope_sectors)")
            params["scope_sectors"] = sorted(self.sectors)
        if self.centers is not None:
            parts.append(f"{center} = ANY(:scope_centers)")
            params["scope_centers"] = sorted(self.centers)
        return (" AND ".join(parts) or "TRUE"), params
