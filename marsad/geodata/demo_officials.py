"""One demo official per role, with fresh random passwords written to a private file (never the repo)."""

from __future__ import annotations

import secrets
from pathlib import Path
from typing import Any

from sqlalchemy import Engine

from marsad.queries import areas, centers, officials


def create(engine: Engine, *, country: str, path: Path) -> list[tuple[str, str, str]]:
    """(username, password, description) for each demo official; replaces earlier demo officials."""
    region = areas.first_region(engine, country)  # SA-01 (Riyadh) with the shipped boundaries
    if region is None:
        raise ValueError(f"no regions of {country} are loaded: run `marsad demo --country {country}` first")
    # a passports office, or in a small demo without one there, the region's busiest center
    center = centers.busiest_center(engine, region=region, sector="passports") or centers.busiest_center(
        engine, region=region, sector=None
    )
    specs: list[tuple[str, str, str, dict[str, Any], str]] = [
        ("analyst", "محللة الأداء الوطني", "analyst", {"national": True}, "everything"),
        ("governor", "أمير المنطقة", "governor", {"areas": [region]}, f"region {region}"),
        ("health_head", "رئيس قطاع الصحة", "agency_head", {"sectors": ["health"]}, "health, nationwide"),
        (
            "health_region",
            "مدير الصحة في المنطقة",
            "agency_head",
            {"sectors": ["health"], "areas": [region]},
            f"health in {region}",
        ),
        ("center_manager", "مدير مكتب الجوازات", "center_manager", {"centers": [center]}, f"center {center}"),
    ]
    officials.retire(engine, [s[0] for s in specs])
    out = []
    for username, name, role, jurisdiction, description in specs:
        password = secrets.token_urlsafe(12)
        officials.add(engine, username=username, display_name=name, role=role, password=password, **jurisdiction)
        out.append((username, password, description))
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("".join(f"{u}\t{p}\t{d}\n" for u, p, d in out))
    path.chmod(0o600)
    return out
