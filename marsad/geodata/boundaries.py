"""The shipped boundaries (marsad/geodata/data/boundaries.geojson, made by scripts/extract_geodata.py)."""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path

from sqlalchemy import Connection, Engine

from marsad.queries import boundaries as bq
from marsad.queries import load, officials

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


@cache
def places(country: str) -> tuple[dict, ...]:
    """The shipped cities, towns and villages of a country (GeoNames points, whatever boundaries are loaded): names,
    position and population, for the map's place names."""
    return tuple(
        {k: r[k] for k in ("name_ar", "name_en", "lon", "lat", "population")}
        for r in shipped_areas(country)
        if r["level"] == "locality" and r["lon"] is not None
    )


def load_shipped(engine: Engine, country: str, *, keep: dict[str, list[str]] | None = None) -> int:
    """Load the shipped areas; an area of `keep` (imported levels' codes) is left as it is, not overwritten."""
    kept = {code for codes in (keep or {}).values() for code in codes}
    rows = [r for r in shipped_areas(country) if r["code"] not in kept]
    with engine.begin() as conn:
        return load.upsert_areas(conn, [{k: v for k, v in r.items() if k not in ("lon", "lat")} for r in rows])


def give_way(conn: Connection, *, country: str, imported: dict[str, list[str]]) -> None:
    """After the demo placed its centers in the shipped areas: at each level with imported boundaries, those
    replace the shipped ones (centers, children and officials re-attached by location) as an import would."""
    for level in LEVEL_ORDER:
        keep = imported.get(level)
        if not keep:
            continue
        gone = bq.codes_not_kept(conn, level=level, country=country, keep=keep)
        moved = bq.by_overlap(conn, old=gone, keep=keep)
        officials.remap_areas(conn, {c: moved[c] for c in gone if c in moved})
        bq.replace_level(conn, level=level, country=country, keep=keep, moved=moved)
