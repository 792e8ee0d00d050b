"""What an official's filters offer: the catalog's sectors, services and e-platforms limited to what their
jurisdiction holds (an agency head for health is not offered education; a governor, only the sectors with centers
in their region), so that no choice can only lead to an empty view."""

from __future__ import annotations

from marsad.context import Context
from marsad.queries import centers as center_queries


def catalog(ctx: Context) -> dict:
    """The catalog (Reference.catalog) within the jurisdiction; the whole of it for a national official."""
    full = ctx.ref.catalog()
    scope = ctx.scope
    if scope.areas is None and scope.sectors is None and scope.centers is None:
        return full
    held = ctx.memo("offered", center_queries.offered)
    sectors, services = set(held["sectors"]), set(held["services"])
    return {
        **full,
        "sectors": [s for s in full["sectors"] if s["code"] in sectors],
        "services": [s for s in full["services"] if s["code"] in services and s["sector_code"] in sectors],
        "platforms": [p for p in full["platforms"] if scope.allows_sector(p["sector_code"])],
    }


def services_of(ctx: Context, sector: str | None) -> list[dict]:
    """The offered services of one sector (none for "all sectors")."""
    return [s for s in catalog(ctx)["services"] if s["sector_code"] == sector]
