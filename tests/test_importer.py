"""The boundary importer on good and broken files: it loads all or nothing, and reports clearly."""

from __future__ import annotations

import json

import geopandas as gpd
import pytest
from shapely.geometry import LineString, Polygon, box, shape
from sqlalchemy import text

from marsad.geodata.boundaries import load_shipped
from marsad.geodata.demo import DemoSpec, generate
from marsad.geodata.importer import FieldMap, ImportRefused, import_file
from tests.conftest import DEMO_END


@pytest.fixture()
def engine(fresh_engine_factory, request):
    name = "imp_" + request.node.name.replace("[", "_").replace("]", "").replace("-", "_")[:40].lower()
    e = fresh_engine_factory(name)
    generate(e, DemoSpec(country="BH", centers=40, ratings=2000, seed=3, end=DEMO_END), progress=False)
    return e


def snapshot(engine):
    with engine.connect() as conn:
        return (
            conn.execute(
                text("SELECT code, level, parent_code, name_en, md5(ST_AsBinary(geom)) FROM admin_area ORDER BY code")
            ).all(),
            conn.execute(
                text("SELECT id, region_code, governorate_code, locality_code FROM service_center ORDER BY id")
            ).all(),
        )


def bahrain_regions(engine):
    with engine.connect() as conn:
        return {
            r.code: (r.name_ar, r.name_en, shape(json.loads(r.g)))
            for r in conn.execute(
                text(
                    "SELECT code, name_ar, name_en, ST_AsGeoJSON(geom) g FROM admin_area WHERE level = 'region' "
                    "AND country = 'BH'"
                )
            )
        }


def governorate_file(engine, tmp_path, *, extra=None, driver="GeoJSON", suffix=".geojson", crs=4326, fields=None):
    """Two official 'governorates' per Bahraini region: its west and east halves."""
    rows = []
    for code, (ar, en, geom) in bahrain_regions(engine).items():
        minx, miny, maxx, maxy = geom.bounds
        mid = (minx + maxx) / 2
        for side, part in (
            ("W", box(minx - 1, miny - 1, mid, maxy + 1)),
            ("E", box(mid, miny - 1, maxx + 1, maxy + 1)),
        ):
            piece = geom.intersection(part)
            if not piece.is_empty:
                rows.append({"gov_id": f"{code}-{side}", "ar": f"{ar} {side}", "en": f"{en} {side}", "geometry": piece})
    rows += extra or []
    gdf = gpd.GeoDataFrame(rows, geometry="geometry", crs="EPSG:4326")
    if crs != 4326:
        gdf = gdf.to_crs(crs)
    path = tmp_path / f"govs{suffix}"
    gdf.to_file(path, driver=driver)
    return path, len(rows)


FIELDS = FieldMap(code="gov_id", name_ar="ar", name_en="en")


def test_good_geojson_replaces_the_level(engine, tmp_path):
    path, n = governorate_file(engine, tmp_path)
    report = import_file(engine, path, level="governorate", country="BH", fields=FIELDS)
    assert report.loaded == n and not report.refused
    with engine.connect() as conn:
        govs = conn.execute(
            text("SELECT code, parent_code, approximate FROM admin_area WHERE level = 'governorate'")
        ).all()
        assert len(govs) == n and all(g.code.startswith(g.parent_code) for g in govs)
        assert not any(g.approximate for g in govs)
        # every center and every locality points at one of the new governorates, inside its region
        bad = conn.execute(
            text("""
            SELECT count(*) FROM service_center c JOIN admin_area g ON g.code = c.governorate_code
            WHERE g.level <> 'governorate' OR g.parent_code <> c.region_code""")
        ).scalar()
        assert bad == 0
        orphans = conn.execute(
            text("""SELECT count(*) FROM admin_area l JOIN admin_area g ON g.code = l.parent_code
            WHERE l.level = 'locality' AND g.level <> 'governorate'""")
        ).scalar()
        assert orphans == 0
        stale = conn.execute(
            text("""SELECT count(*) FROM rating_daily r JOIN service_center c ON c.id = r.center_id
            WHERE r.governorate_code <> c.governorate_code""")
        ).scalar()
        assert stale == 0


def test_reprojected_geopackage_with_repair(engine, tmp_path):
    bowtie = Polygon([(50.50, 26.10), (50.56, 26.16), (50.56, 26.10), (50.50, 26.16), (50.50, 26.10)])
    extra = [{"gov_id": "BH-BOWTIE", "ar": "فراشة", "en": "Bowtie", "geometry": bowtie}]
    path, n = governorate_file(engine, tmp_path, extra=extra, driver="GPKG", suffix=".gpkg", crs=32639)
    report = import_file(engine, path, level="governorate", country="BH", fields=FIELDS)
    assert report.loaded == n
    assert any("BH-BOWTIE" in r and "Self-intersection" in r for r in report.repaired)
    with engine.connect() as conn:
        x, y = conn.execute(
            text("SELECT ST_X(ST_Centroid(geom)), ST_Y(ST_Centroid(geom)) FROM admin_area WHERE code = 'BH-BOWTIE'")
        ).one()
        assert 50.5 < x < 50.56 and 26.1 < y < 26.16  # back in degrees after reprojection
        assert conn.execute(text("SELECT bool_and(ST_IsValid(geom)) FROM admin_area")).scalar()


@pytest.mark.parametrize(
    "bad,problem",
    [
        (
            {"gov_id": "BH-LINE", "ar": "خط", "en": "Line", "geometry": LineString([(50.5, 26.1), (50.6, 26.2)])},
            "not a polygon",
        ),
        (
            {"gov_id": "BH-FAR", "ar": "بعيد", "en": "Far away", "geometry": box(10, 10, 11, 11)},
            "lies inside no region",
        ),
        ({"gov_id": "", "ar": "بلا رمز", "en": "No code", "geometry": box(50.5, 26.1, 50.51, 26.11)}, "empty code"),
        (
            {"gov_id": "BH-NONAME", "ar": "", "en": "No Arabic", "geometry": box(50.5, 26.1, 50.51, 26.11)},
            "missing Arabic or English name",
        ),
    ],
)
def test_broken_feature_refuses_the_whole_file(engine, tmp_path, bad, problem):
    before = snapshot(engine)
    path, _ = governorate_file(engine, tmp_path, extra=[bad])
    with pytest.raises(ImportRefused) as err:
        import_file(engine, path, level="governorate", country="BH", fields=FIELDS)
    assert "nothing was loaded" in str(err.value)
    assert any(problem in p for p in err.value.problems), err.value.problems
    assert snapshot(engine) == before


def test_skip_invalid_loads_the_rest_and_reports(engine, tmp_path):
    bad = {"gov_id": "BH-LINE", "ar": "خط", "en": "Line", "geometry": LineString([(50.5, 26.1), (50.6, 26.2)])}
    path, n = governorate_file(engine, tmp_path, extra=[bad])
    report = import_file(engine, path, level="governorate", country="BH", fields=FIELDS, skip_invalid=True)
    assert report.loaded == n - 1 and len(report.refused) == 1
    assert "refused 1 features" in report.summary()


def test_csv_with_wkt_and_parent_field(engine, tmp_path):
    regions = bahrain_regions(engine)
    _code, (_ar, _en, geom) = next(iter(sorted(regions.items())))
    lines = ["id,arabic,english,region,wkt"]
    for other, (oar, oen, ogeom) in sorted(regions.items()):
        lines.append(f'{other}-G,{oar},{oen},{other},"{ogeom.wkt}"')
    path = tmp_path / "govs.csv"
    path.write_text("\n".join(lines), encoding="utf-8")
    report = import_file(
        engine,
        path,
        level="governorate",
        country="BH",
        fields=FieldMap(code="id", name_ar="arabic", name_en="english", parent="region"),
    )
    assert report.loaded == len(regions)
    lines.append(f'BH-X-G,س,X,BH-99,"{geom.wkt}"')
    path.write_text("\n".join(lines), encoding="utf-8")
    with pytest.raises(ImportRefused) as err:
        import_file(
            engine,
            path,
            level="governorate",
            country="BH",
            fields=FieldMap(code="id", name_ar="arabic", name_en="english", parent="region"),
        )
    assert any("unknown parent 'BH-99'" in p for p in err.value.problems)


def test_unreadable_and_crs_less_files(engine, tmp_path):
    junk = tmp_path / "junk.geojson"
    junk.write_text("{not json")
    with pytest.raises(ImportRefused, match=r"cannot read junk\.geojson"):
        import_file(engine, junk, level="governorate", country="BH", fields=FIELDS)
    path, _ = governorate_file(engine, tmp_path, driver="ESRI Shapefile", suffix=".shp")
    path.with_suffix(".prj").unlink()
    with pytest.raises(ImportRefused, match="declares no coordinate system"):
        import_file(engine, path, level="governorate", country="BH", fields=FIELDS)
    report = import_file(engine, path, level="governorate", country="BH", fields=FIELDS, source_crs="EPSG:4326")
    assert report.loaded > 0
    with pytest.raises(ImportRefused, match="missing fields"):
        import_file(
            engine, path, level="governorate", country="BH", fields=FieldMap(code="nope"), source_crs="EPSG:4326"
        )


def test_shipped_boundaries_reload_is_idempotent(engine):
    before = snapshot(engine)
    load_shipped(engine, "BH")
    assert snapshot(engine) == before


def official_regions_file(engine, tmp_path, *, rename=lambda code: f"{code}-OFF", suffix=".gpkg") -> tuple:
    """The Bahraini regions again as 'official' boundaries under new codes, a little shrunk."""
    rows = [
        {"rid": rename(code), "ar": f"{ar} الرسمية", "en": f"{en} official", "geometry": geom.buffer(-0.001)}
        for code, (ar, en, geom) in sorted(bahrain_regions(engine).items())
    ]
    path = tmp_path / f"regions{suffix}"
    gpd.GeoDataFrame(rows, geometry="geometry", crs="EPSG:4326").to_file(path)
    return path, {code: rename(code) for code in bahrain_regions(engine)}


REGION_FIELDS = FieldMap(code="rid", name_ar="ar", name_en="en")


def test_an_import_that_would_orphan_officials_refuses_or_remaps_them(engine, tmp_path):
    from marsad.queries import officials

    old = sorted(bahrain_regions(engine))
    officials.add(engine, username="gov", display_name="g", role="governor", password=None, areas=[old[0]])
    officials.add(engine, username="two", display_name="t", role="governor", password=None, areas=old[:2])
    with engine.begin() as conn:  # a sector's focus group about a region, which has no center to follow
        conn.execute(text(
            "INSERT INTO focus_group (session_ref, sector_code, region_code, held_on, participants, findings, imported_by) "
            "SELECT 'FG-AREA', min(code), :r, current_date, 8, 'ok', 'test' FROM sector"), {"r": old[0]})  # fmt: skip
    before = snapshot(engine)
    path, renamed = official_regions_file(engine, tmp_path)
    with pytest.raises(ImportRefused) as err:
        import_file(engine, path, level="region", country="BH", fields=REGION_FIELDS)
    assert "--remap-officials location" in str(err.value) and "marsad users set-areas" in str(err.value)
    assert sorted(err.value.problems) == [f"gov: {old[0]}", f"two: {old[0]}, {old[1]}"]
    assert snapshot(engine) == before  # nothing loaded

    report = import_file(engine, path, level="region", country="BH", fields=REGION_FIELDS, remap="location")
    assert report.remapped == {"gov": [renamed[old[0]]], "two": sorted([renamed[old[0]], renamed[old[1]]])}
    assert "re-mapped official gov" in report.summary()
    with engine.connect() as conn:
        assert conn.execute(text("SELECT areas FROM official WHERE username = 'gov'")).scalar() == [renamed[old[0]]]
        regions = conn.execute(text("SELECT code FROM admin_area WHERE level = 'region'")).scalars().all()
        assert sorted(regions) == sorted(renamed.values())  # replaced, not beside the old ones
        stray = conn.execute(text(
            "SELECT count(*) FROM service_center c JOIN admin_area g ON g.code = c.governorate_code "
            "WHERE NOT (c.region_code = ANY(:new)) OR g.parent_code <> c.region_code"),
            {"new": list(renamed.values())}).scalar()  # fmt: skip
        assert stray == 0
        area_group = conn.execute(text("SELECT region_code FROM focus_group WHERE session_ref = 'FG-AREA'")).scalar()
        assert area_group == renamed[old[0]]  # carried to its successor
        stale = sum(
            conn.execute(
                text(
                    f"SELECT count(*) FROM {t} x JOIN service_center c ON c.id = x.center_id "
                    "WHERE x.region_code IS DISTINCT FROM c.region_code"
                )
            ).scalar()
            for t in ("shopper_visit", "focus_group", "complaint", "improvement_plan", "alert")
        )
        assert stale == 0


def test_a_mapping_file_remaps_officials_and_must_cover_them(engine, tmp_path):
    from marsad.queries import officials

    old = sorted(bahrain_regions(engine))
    officials.add(engine, username="gov", display_name="g", role="governor", password=None, areas=[old[0]])
    path, renamed = official_regions_file(engine, tmp_path)
    incomplete = tmp_path / "map.csv"
    incomplete.write_text(f"old,new\n{old[1]},{renamed[old[1]]}\n")
    with pytest.raises(ImportRefused) as err:
        import_file(engine, path, level="region", country="BH", fields=REGION_FIELDS, remap=incomplete)
    assert err.value.problems == [f"{old[0]} -> nothing"]
    mapping = tmp_path / "map2.csv"
    mapping.write_text(f"old,new\n{old[0]},{renamed[old[-1]]}\n")  # deliberately not the one by location
    report = import_file(engine, path, level="region", country="BH", fields=REGION_FIELDS, remap=mapping)
    assert report.remapped == {"gov": [renamed[old[-1]]]}


def test_codes_from_feature_ids_parents_by_name_and_clear_refusals(engine, tmp_path):
    regions = bahrain_regions(engine)
    rows, expected = [], {}
    for code, (ar, en, geom) in sorted(regions.items()):
        # parents named in Arabic, spelt with the other alef and a ة written ه, or in English in capitals
        parent = ar.replace("ا", "أ", 1).replace("ة", "ه") if len(expected) % 2 else en.upper()
        rows.append({"ar": f"محافظة {ar}", "en": f"{en} district", "parent": parent, "geometry": geom.buffer(-0.01)})
        expected[len(rows)] = code
    path = tmp_path / "districts.gpkg"
    gpd.GeoDataFrame(rows, geometry="geometry", crs="EPSG:4326").to_file(path)
    by_name = FieldMap(code="fid", name_ar="ar", name_en="en", parent="parent", parent_by="name")
    report = import_file(engine, path, level="governorate", country="BH", fields=by_name, remap="location")
    assert report.loaded == len(rows) and not report.refused
    with engine.connect() as conn:
        got = dict(conn.execute(text("SELECT code, parent_code FROM admin_area WHERE level = 'governorate'")).all())
    assert got == {str(fid): parent for fid, parent in expected.items()}  # the GeoPackage's fids are the codes

    by_code = FieldMap(code="fid", name_ar="ar", name_en="en", parent="parent")  # names given where codes are read
    with pytest.raises(ImportRefused) as err:
        import_file(engine, path, level="governorate", country="BH", fields=by_code)
    assert all("--parent-by name" in p and "unknown parent" in p for p in err.value.problems)
    with pytest.raises(ImportRefused, match=r"missing fields code \(--code-field\)"):
        import_file(engine, path, level="governorate", country="BH", fields=FieldMap(name_ar="ar", name_en="en"))

    blanks = tmp_path / "blanks.gpkg"
    gpd.GeoDataFrame(
        [{"code": None, "ar": "أ", "en": "A", "geometry": box(50.5, 26.1, 50.51, 26.11)},
         {"code": None, "ar": "ب", "en": "B", "geometry": box(50.52, 26.1, 50.53, 26.11)},
         {"code": "BH-Z", "ar": "Zallaq", "en": "زلاق", "geometry": box(50.54, 26.1, 50.55, 26.11)}],
        geometry="geometry", crs="EPSG:4326",
    ).to_file(blanks)  # fmt: skip
    fields = FieldMap(code="code", name_ar="ar", name_en="en")
    with pytest.raises(ImportRefused) as err:
        import_file(engine, blanks, level="governorate", country="BH", fields=fields)
    assert [p.split(":")[0] for p in err.value.problems] == ["feature 1", "feature 2"]  # each blank, never "nan"
    report = import_file(
        engine, blanks, level="governorate", country="BH", fields=fields, skip_invalid=True, remap="location"
    )
    assert report.loaded == 1
    assert any("Arabic name 'Zallaq' has no Arabic letters" in w for w in report.warnings)
    assert any("English name 'زلاق' is in Arabic letters" in w for w in report.warnings)


def test_the_demo_keeps_official_boundaries_imported_before_it(engine, tmp_path):
    path, renamed = official_regions_file(engine, tmp_path)
    import_file(engine, path, level="region", country="BH", fields=REGION_FIELDS, remap="location")
    generate(engine, DemoSpec(country="BH", centers=40, ratings=2000, seed=4, end=DEMO_END), progress=False)
    with engine.connect() as conn:
        regions = conn.execute(text("SELECT code, name_en FROM admin_area WHERE level = 'region'")).all()
        assert sorted(c for c, _ in regions) == sorted(renamed.values())  # the shipped ones not back beside them
        assert all(n.endswith("official") for _, n in regions)  # nor written over them
        stray = conn.execute(text(
            "SELECT count(*) FROM service_center c JOIN admin_area g ON g.code = c.governorate_code "
            "WHERE NOT (c.region_code = ANY(:new)) OR g.parent_code <> c.region_code"),
            {"new": list(renamed.values())}).scalar()  # fmt: skip
        assert stray == 0
        by_region = conn.execute(text(
            "SELECT count(*) FROM rating_daily r JOIN service_center c ON c.id = r.center_id "
            "WHERE r.region_code <> c.region_code")).scalar()  # fmt: skip
        assert by_region == 0
