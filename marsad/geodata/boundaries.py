"""The shipped boundaries (marsad/geodata/data/boundaries.geojson, made by scripts/extract_geodata.py)."""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path

from sqlalchemy import Engine

from marsad.queries import load

DATA = Path(__file__).parent / "data" / "boundaries.geojson"
LEVEL_ORDER = ("region", "governorate", "locality")


@cache
def shipped() -> dict:
    return json.loads(DATA.read_text())


def shipped_areas(country: str) -> list[dict]:
    """Area rows of one country, parents before children."""
    rows = []
    for f in shipped()["features"]:
        p = f["properties"]
        if p["country"] != country:
            continue
        rows.append(
            {
                "code": p["code"],
                "level": p["level"],
                "parent_code": p["parent_code"],
                "country": country,
                "name_ar": p["name_ar"],
                "name_en": p["name_en"],
                "approximate": p["approximate"],
                "population": p.get("population"),
                "geojson": json.dumps(f["geometry"]),
                "lon": p.get("lon"),
                "lat": p.get("lat"),
            }
        )
    return sorted(rows, key=lambda r: LEVEL_ORDER.index(r["level"]))


def load_shipped(engine: Engine, country: str) -> int:
    rows = shipped_areas(country)
    with engine.begin() as conn:
        return load.upsert_areas(conn, [{k: v for k, v in r.items() if k not in ("lon", "lat")} for r in rows])
