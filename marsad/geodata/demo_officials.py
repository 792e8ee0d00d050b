"""One demo official per role, with fresh random passwords written to a private file (never the repo)."""

from __future__ import annotations

import secrets
from pathlib import Path

from sqlalchemy import Engine, text

from marsad.queries import officials


def _busiest_center(engine: Engine, region: str, sector: str) -> int:
    with engine.connect() as conn:
        return conn.execute(text(
            "SELECT center_id FROM rating_daily WHERE region_code = :r AND sector_code = :s "
            "GROUP BY center_id ORDER BY sum(n1 + n2 + n3 + n4 + n5) DESC, center_id LIMIT 1"),
            {"r": region, "s": sector}).scalar()


def create(engine: Engine, *, country: str, path: Path) -> list[tuple[str, str, str]]:
    """(username, password, description) for each demo official; replaces earlier demo officials."""
    region = f"{country}-01" if country == "SA" else None
    with engine.connect() as conn:
        region = region or conn.execute(text(
            "SELECT min(code) FROM admin_area WHERE level = 'region' AND country = :c"), {"c": country}).scalar()
    center = _busiest_center(engine, region, "passports")
    specs = [
        ("analyst", "محللة الأداء الوطني", "analyst", {"national": True}, "everything"),
        ("governor", "أمير المنطقة", "governor", {"areas": [region]}, f"region {region}"),
        ("health_head", "رئيس قطاع الصحة", "agency_head", {"sectors": ["health"]}, "health, nationwide"),
        ("health_region", "مدير الصحة في المنطقة", "agency_head",
         {"sectors": ["health"], "areas": [region]}, f"health in {region}"),
        ("center_manager", "مدير مكتب الجوازات", "center_manager", {"centers": [center]}, f"center {center}"),
    ]
    with engine.begin() as conn:
        conn.execute(text("UPDATE official SET disabled = true, username = username || '.old.' || id "
                          "WHERE username = ANY(:names)"), {"names": [s[0] for s in specs]})
    out = []
    for username, name, role, jurisdiction, description in specs:
        password = secrets.token_urlsafe(12)
        officials.add(engine, username=username, display_name=name, role=role, password=password, **jurisdiction)
        out.append((username, password, description))
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("".join(f"{u}\t{p}\t{d}\n" for u, p, d in out))
    path.chmod(0o600)
    return out
