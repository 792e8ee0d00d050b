"""Import official boundaries for one level from a GeoPackage, GeoJSON, Shapefile or CSV (WKT column).

Geometries are reprojected to EPSG:4326; invalid ones are repaired when the repair is still a polygon,
otherwise refused. Parents come, as chosen (`parent_by`), from a field holding their codes or their names (Arabic
or English, normalised), or from the parent polygon that holds each area (the default without a field). The code
may be the file's own feature id (`fid`). The level is replaced in one transaction, with children and centers
re-attached by location; officials whose jurisdiction names an area the file does not have are refused, or
re-mapped when asked (by overlap, or by a file of old and new codes): an import either loads entirely or leaves
the database as it was.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path

import geopandas as gpd
import pandas as pd
import shapely
from shapely.geometry import MultiPolygon, mapping
from sqlalchemy import Engine

from marsad.comments.normalize import normalize
from marsad.queries import boundaries as bq
from marsad.queries import load, officials, rollups

PARENT_LEVEL = {"region": None, "governorate": "region", "locality": "governorate"}


class ImportRefused(Exception):
    def __init__(self, message: str, problems: list[str] | None = None):
        super().__init__(message)
        self.problems = problems or []


FLAGS = {"code": "--code-field", "name_ar": "--name-ar-field", "name_en": "--name-en-field", "parent": "--parent-field"}
PARENT_BY = ("code", "name", "location")
FID = "fid"  # as the code field: the file's own feature ids (a GeoPackage's fid)
ARABIC = re.compile(r"[\u0600-\u06FF]")


@dataclass(frozen=True)
class FieldMap:
    code: str = "code"
    name_ar: str = "name_ar"
    name_en: str = "name_en"
    parent: str | None = None
    parent_by: str | None = None  # code | name | location; default: code with a parent field, else location

    @property
    def parents_by(self) -> str:
        return self.parent_by or ("code" if self.parent else "location")


@dataclass
class ImportReport:
    level: str
    loaded: int = 0
    repaired: list[str] = field(default_factory=list)
    refused: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)  # loaded, but worth a look (a name in the other script)
    removed: int = 0
    centers_moved: int = 0
    remapped: dict[str, list[str]] = field(default_factory=dict)  # official -> their areas after re-mapping

    def summary(self) -> str:
        lines = [f"loaded {self.loaded} {self.level} areas"]
        if self.repaired:
            lines.append(f"repaired {len(self.repaired)} invalid geometries: {', '.join(self.repaired[:20])}")
        if self.refused:
            lines.append(f"refused {len(self.refused)} features:")
            lines += [f"  - {r}" for r in self.refused]
        if self.warnings:
            lines.append(f"{len(self.warnings)} warnings:")
            lines += [f"  - {w}" for w in self.warnings]
        for username, areas in self.remapped.items():
            lines.append(f"re-mapped official {username} to {', '.join(areas)}")
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
            gdf = gpd.read_file(path, layer=layer, fid_as_index=True)
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


def _text(value) -> str:
    """A field's value as text; empty for a missing one (None, NaN), never "nan"."""
    if value is None or (isinstance(value, float) and value != value):
        return ""
    return str(value).strip()


def _name_key(name: str) -> str:
    return normalize(name).lower()


def _parent_names(parents: dict[str, dict]) -> dict[str, set[str]]:
    """Each normalised Arabic or English parent name -> the codes so named."""
    out: dict[str, set[str]] = {}
    for code, p in parents.items():
        for key in ("name_ar", "name_en"):
            if p.get(key):
                out.setdefault(_name_key(p[key]), set()).add(code)
    return out


def _codes(gdf: gpd.GeoDataFrame, fields: FieldMap) -> list[str]:
    if fields.code == FID and FID not in gdf.columns:
        return [_text(i) for i in gdf.index]
    return [_text(v) for v in gdf[fields.code]]


def validate(
    gdf: gpd.GeoDataFrame, *, level: str, country: str, fields: FieldMap, parents: dict[str, dict], report: ImportReport
) -> list[dict]:
    """Rows ready for loading; problems go to report.refused / report.repaired / report.warnings."""
    wanted = {k: getattr(fields, k) for k in ("code", "name_ar", "name_en", "parent")}
    missing = [
        f"{name} ({FLAGS[k]})"
        for k, name in wanted.items()
        if name and name not in gdf.columns and not (k == "code" and name == FID)
    ]
    if missing:
        raise ImportRefused(f"missing fields {', '.join(missing)}; the file has: {', '.join(map(str, gdf.columns))}")
    by = fields.parents_by
    if by not in PARENT_BY:
        raise ImportRefused(f"unknown --parent-by {by!r}; expected one of {', '.join(PARENT_BY)}")
    parent_level = PARENT_LEVEL[level]
    if parent_level and by in ("code", "name") and not fields.parent:
        raise ImportRefused(f"--parent-by {by} needs --parent-field (the field holding each area's parent)")
    parent_geoms = {c: shapely.from_geojson(p["geojson"]) for c, p in parents.items()} if parent_level else {}
    parent_names = _parent_names(parents)
    how = {
        "code": "as a code (--parent-by code)",
        "name": "as an Arabic or English name (--parent-by name)",
        "location": "by location",
    }[by]
    others = "; the other ways: " + ", ".join(f"--parent-by {b}" for b in PARENT_BY if b != by)
    rows, seen = [], set()
    for i, (code, rec) in enumerate(zip(_codes(gdf, fields), gdf.itertuples(index=False)), start=1):
        rec = rec._asdict()
        label = f"feature {i}" + (f" ({code})" if code else "")
        if not code or code.lower() == "nan":
            report.refused.append(f"{label}: empty code (in {fields.code}, {FLAGS['code']})")
            continue
        if code in seen:
            report.refused.append(f"{label}: duplicate code {code!r}")
            continue
        names = {k: _text(rec.get(getattr(fields, k))) for k in ("name_ar", "name_en")}
        if not names["name_ar"] or not names["name_en"]:
            report.refused.append(f"{label}: missing Arabic or English name")
            continue
        if not ARABIC.search(names["name_ar"]):
            report.warnings.append(f"{label}: the Arabic name {names['name_ar']!r} has no Arabic letters")
        if ARABIC.search(names["name_en"]):
            report.warnings.append(f"{label}: the English name {names['name_en']!r} is in Arabic letters")
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
            given = _text(rec.get(fields.parent)) if fields.parent else ""
            if by == "code":
                parent_code = given if given in parents else None
            elif by == "name":
                found = parent_names.get(_name_key(given), set())
                if len(found) > 1:
                    report.refused.append(f"{label}: parent {given!r} names several {parent_level}s: {sorted(found)}")
                    continue
                parent_code = next(iter(found), None)
            else:
                point = poly.representative_point()
                parent_code = next((c for c, g in parent_geoms.items() if g.covers(point)), None)
            if parent_code is None:
                what = f"unknown parent {given!r}" if by != "location" else f"lies inside no {parent_level}"
                report.refused.append(f"{label}: {what} (parents read {how}{others})")
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
    remap: str | Path | None = None,
) -> ImportReport:
    """`remap`: what becomes of officials whose jurisdiction names an area of this level the file does not have:
    None refuses the import and lists them; "location" gives each the new area covering most of the old one; a
    CSV path maps old codes to new ones (two columns: old, new)."""
    report = ImportReport(level=level)
    mapping_file = _read_mapping(remap) if remap not in (None, "location") else None
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
        keep = [r["code"] for r in rows]
        gone = bq.codes_not_kept(conn, level=level, country=country, keep=keep)
        moved = bq.by_overlap(conn, old=gone, keep=keep)  # each removed area's successor
        named = officials.naming_areas(conn, gone)
        if named:
            report.remapped = _remap(conn, named, moved=moved, keep=keep, remap=remap, mapping_file=mapping_file)
        report.centers_moved, report.removed = bq.replace_level(
            conn, level=level, country=country, keep=keep, moved=moved
        )
        rollups.rebuild_derived(conn)
    return report


def _read_mapping(path: str | Path) -> dict[str, str]:
    """old code -> new code, from a CSV of two columns (a header row is allowed)."""
    try:
        frame = pd.read_csv(path, dtype=str, header=None).fillna("")
    except (OSError, ValueError) as exc:
        raise ImportRefused(f"cannot read the re-mapping file {path}: {exc}") from exc
    if frame.shape[1] != 2:
        raise ImportRefused(f"the re-mapping file {path} needs two columns: old code, new code")
    return {a.strip(): b.strip() for a, b in frame.itertuples(index=False) if a.strip()}


def _remap(conn, named: dict[str, list[str]], *, moved, keep, remap, mapping_file) -> dict[str, list[str]]:
    """Re-map the officials who name removed areas, or refuse listing them."""
    problems = [f"{username}: {', '.join(codes)}" for username, codes in named.items()]
    if remap is None:
        raise ImportRefused(
            f"{len(named)} officials' jurisdictions name areas this file does not have; nothing was loaded. "
            "Re-map them with --remap-officials location (each gets the new area covering most of the old one) "
            "or --remap-officials FILE.csv (old code, new code), or change them first with "
            "`marsad users set-areas NAME CODE…`",
            problems,
        )
    mapping = moved if mapping_file is None else mapping_file
    needed = sorted({c for codes in named.values() for c in codes})
    unmapped = [c for c in needed if mapping.get(c) not in keep]
    if unmapped:
        raise ImportRefused(
            "the re-mapping leaves areas that officials name without a new area of the file; nothing was loaded",
            [f"{c} -> {mapping.get(c) or 'nothing'}" for c in unmapped],
        )
    return officials.remap_areas(conn, {c: mapping[c] for c in needed})
