"""Import official boundaries for one level from a GeoPackage, GeoJSON, Shapefile or CSV (WKT column).

Geometries are reprojected to EPSG:4326; invalid ones are repaired when the repair is still a polygon,
otherwise refused. Parents come from a field or, without one, from the parent polygon that holds each
area. The level is replaced in one transaction, with children and centers re-attached by location:
an import either loads entirely or leaves the database as it was.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

import geopandas as gpd
import pandas as pd
import shapely
from shapely.geometry import MultiPolygon, mapping
from sqlalchemy import Engine

from marsad.queries import boundaries as bq
from marsad.queries import load, rollups

PARENT_LEVEL = {"region": None, "governorate": "region", "locality": "governorate"}


class ImportRefused(Exception):
    def __init__(self, message: str, problems: list[str] | None = None):
        super().__init__(message)
        self.problems = problems or []


@dataclass(frozen=True)
class FieldMap:
    code: str = "code"
    name_ar: str = "name_ar"
    name_en: str = "name_en"
    parent: str | None = None


@dataclass
class ImportReport:
    level: str
    loaded: int = 0
    repaired: list[str] = field(default_factory=list)
    refused: list[str] = field(default_factory=list)
    removed: int = 0
    centers_moved: int = 0

    def summary(self) -> str:
        lines = [f"loaded {self.loaded} {self.level} areas"]
        if self.repaired:
            lines.append(f"repaired {len(self.repaired)} invalid geometries: {', '.join(self.repaired[:20])}")
        if self.refused:
            lines.append(f"refused {len(self.refused)} features:")
            lines += [f"  - {r}" for r in self.refused]
        if self.removed:
            lines.append(f"removed {self.removed} previous {self.level} areas not in the file")
        lines.append(f"re-attached service centers; {self.centers_moved} changed area")
        return "\n".join(lines)


def read_file(path: str | Path, *, layer: str | None = None, source_crs: str | None = None) -> gpd.GeoDataFrame:
    path = Path(path)
    if not path.exists():
        raise ImportRefused(f"{path} does not exist")
    try:
        if path.suffix.lower() == ".csv":
            frame = pd.read_csv(path, dtype=str)
            column = next((c for c in frame.columns if c.lower() in ("wkt", "geometry", "geom")), None)
            if column is None:
                raise ImportRefused(f"{path.name}: a CSV needs a WKT column named wkt, geometry or geom")
            geoms = shapely.from_wkt(frame[column].fillna(""), on_invalid="ignore")
            gdf = gpd.GeoDataFrame(frame.drop(columns=[column]), geometry=geoms, crs=source_crs or "EPSG:4326")
        else:
            gdf = gpd.read_file(path, layer=layer)
    except ImportRefused:
        raise
    except Exception as exc:  # pyogrio/GDAL errors carry the useful message
        raise ImportRefused(f"cannot read {path.name}: {exc}") from exc
    if gdf.crs is None:
        if source_crs is None:
            raise ImportRefused(f"{path.name} declares no coordinate system; pass --crs (e.g. EPSG:4326)")
        gdf = gdf.set_crs(source_crs)
    return gdf.to_crs(4326)


def _polygonal(geom) -> MultiPolygon | None:
    if geom is None or geom.is_empty:
        return None
    if geom.geom_type == "Polygon":
        return MultiPolygon([geom])
    if geom.geom_type == "MultiPolygon":
        return geom
    if geom.geom_type == "GeometryCollection":
        polys = [g for g in geom.geoms if g.geom_type in ("Polygon", "MultiPolygon")]
        return _polygonal(shapely.union_all(polys)) if polys else None
    return None


def validate(
    gdf: gpd.GeoDataFrame, *, level: str, country: str, fields: FieldMap, parents: dict[str, dict], report: ImportReport
) -> list[dict]:
    """Rows ready for loading; problems go to report.refused / report.repaired."""
    missing = [f for f in (fields.code, fields.name_ar, fields.name_en, fields.parent) if f and f not in gdf.columns]
    if missing:
        raise ImportRefused(f"missing fields {', '.join(missing)}; the file has: {', '.join(map(str, gdf.columns))}")
    parent_level = PARENT_LEVEL[level]
    parent_geoms = {c: shapely.from_geojson(p["geojson"]) for c, p in parents.items()} if parent_level else {}
    rows, seen = [], set()
    for i, rec in enumerate(gdf.itertuples(index=False), start=1):
        rec = rec._asdict()
        code = str(rec.get(fields.code) or "").strip()
        label = f"feature {i}" + (f" ({code})" if code else "")
        if not code:
            report.refused.append(f"{label}: empty code")
            continue
        if code in seen:
            report.refused.append(f"{label}: duplicate code")
            continue
        names = {k: str(rec.get(getattr(fields, k)) or "").strip() for k in ("name_ar", "name_en")}
        if not names["name_ar"] or not names["name_en"]:
            report.refused.append(f"{label}: missing Arabic or English name")
            continue
        geom = rec.get("geometry")
        poly = _polygonal(geom)
        if poly is None:
            kind = "no geometry" if geom is None or geom.is_empty else f"a {geom.geom_type}, not a polygon"
            report.refused.append(f"{label}: {kind}")
            continue
        if not poly.is_valid:
            reason = shapely.is_valid_reason(poly)
            poly = _polygonal(shapely.make_valid(poly))
            if poly is None or poly.is_empty:
                report.refused.append(f"{label}: invalid geometry that cannot be repaired ({reason})")
                continue
            report.repaired.append(f"{code} ({reason})")
        parent_code = None
        if parent_level:
            if fields.parent:
                parent_code = str(rec.get(fields.parent) or "").strip()
                if parent_code not in parents:
                    report.refused.append(f"{label}: unknown parent {parent_code!r} (no such {parent_level})")
                    continue
            else:
                point = poly.representative_point()
                parent_code = next((c for c, g in parent_geoms.items() if g.covers(point)), None)
                if parent_code is None:
                    report.refused.append(f"{label}: lies inside no {parent_level}; give --parent-field")
                    continue
        seen.add(code)
        rows.append(
            {
                "code": code,
                "level": level,
                "parent_code": parent_code,
                "country": country,
                "approximate": False,
                "geojson": json.dumps(mapping(poly)),
                **names,
            }
        )
    return rows


def import_file(
    engine: Engine,
    path: str | Path,
    *,
    level: str,
    country: str,
    fields: FieldMap,
    layer: str | None = None,
    source_crs: str | None = None,
    skip_invalid: bool = False,
) -> ImportReport:
    report = ImportReport(level=level)
    gdf = read_file(path, layer=layer, source_crs=source_crs)
    if gdf.empty:
        raise ImportRefused(f"{Path(path).name} has no features")
    parent_level = PARENT_LEVEL[level]
    parents = bq.areas_with_geometry(engine, level=parent_level, country=country) if parent_level else {}
    if parent_level and not parents:
        raise ImportRefused(f"there are no {parent_level} areas for {country} yet; import them first")
    rows = validate(gdf, level=level, country=country, fields=fields, parents=parents, report=report)
    if report.refused and not skip_invalid:
        raise ImportRefused(
            f"{len(report.refused)} of {len(gdf)} features refused; nothing was loaded "
            "(fix them, or pass --skip-invalid to load the rest)",
            report.refused,
        )
    if not rows:
        raise ImportRefused("no feature could be loaded; nothing was changed", report.refused)
    with engine.begin() as conn:
        clash = bq.codes_at_other_levels(conn, [r["code"] for r in rows], level=level)
        if clash:
            raise ImportRefused(f"codes already used at another level: {', '.join(sorted(clash)[:10])}")
        load.upsert_areas(conn, rows)
        report.loaded = len(rows)
        report.centers_moved = bq.reattach(conn, level=level, country=country, keep=[r["code"] for r in rows])
        report.removed = bq.remove_others(conn, level=level, country=country, keep=[r["code"] for r in rows])
        rollups.rebuild_derived(conn)
    return report
