"""Focus groups and complaints (measurement programme issue): files as a ministry writes them load whole, a file with
any bad row loads nothing and names every bad row, and nothing outside the loader's jurisdiction goes in."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from sqlalchemy import text

from marsad.jurisdiction import Scope
from marsad.measurements import service, tabular
from marsad.measurements.rows import NotLoaded


@pytest.mark.unit
def test_moments_and_yes_or_no():
    assert tabular.parse_moment("05/10/2026 14:30") == datetime(2026, 10, 5, 11, 30, tzinfo=UTC)
    assert tabular.parse_moment("١٤٤٨/٠٤/١٣ هـ ٠٩:١٥") == datetime(2026, 9, 24, 6, 15, tzinfo=UTC)
    assert tabular.parse_moment("2026-10-05") == datetime(2026, 10, 4, 21, 0, tzinfo=UTC)  # local midnight
    with pytest.raises(ValueError, match="time of day"):
        tabular.parse_moment("2026-10-05 25:00")
    assert [tabular.parse_yes_no(v) for v in ("نعم", "Yes", "لا", "0")] == [True, True, False, False]
    with pytest.raises(ValueError, match="yes or no"):
        tabular.parse_yes_no("maybe")


@pytest.fixture(scope="module")
def db(fresh_engine_factory):
    from marsad.geodata.demo import DemoSpec, generate

    engine = fresh_engine_factory("marsad_instruments")
    generate(engine, DemoSpec(centers=120, ratings=3_000, seed=6, end=date(2026, 11, 30)), progress=False)
    with engine.connect() as conn:
        centers = [dict(r) for r in conn.execute(text(
            "SELECT id, code, sector_code, region_code FROM service_center ORDER BY id")).mappings()]  # fmt: skip
    return engine, centers


def _xlsx(path, header, rows):
    from openpyxl import Workbook

    book = Workbook()
    book.active.append(header)
    for r in rows:
        book.active.append(r)
    book.save(path)
    return path


def test_focus_groups_load_with_their_axes_or_not_at_all(db, tmp_path):
    engine, centers = db
    region = centers[0]["region_code"]
    good = _xlsx(tmp_path / "fg.xlsx", ["رمز الجلسة", "المركز", "القطاع", "المنطقة", "تاريخ الجلسة", "عدد المشاركين",
                                         "النتائج", "الانتظار", "الموظفون"], [
        ["FG-1", centers[0]["code"], None, None, "١٠/١٠/٢٠٢٦", "١٢", "الانتظار طويل في الصباح", "٤٥", "٨٠"],
        ["FG-2", None, "health", region, "2026-10-12", 9, "Staff were helpful", 70, None],
        ["FG-3", None, "passports", None, "1448/04/20 هـ", 15, None, None, 65],
    ])  # fmt: skip
    loaded = service.import_focus_groups(engine, good, scope=Scope.national(), by="t")
    assert loaded.rows == 3
    with engine.connect() as conn:
        got = {r[0]: tuple(r[1:]) for r in conn.execute(text(
            "SELECT session_ref, center_id, sector_code, region_code, held_on, participants FROM focus_group "
            "WHERE imported_by <> 'demo'"))}  # fmt: skip
        axes = {(r[0], r[1]): r[2] for r in conn.execute(text(
            "SELECT g.session_ref, a.axis_code, a.score FROM focus_group_axis a JOIN focus_group g ON g.id = a.group_id "
            "WHERE g.imported_by <> 'demo'"))}  # fmt: skip
    assert got["FG-1"] == (centers[0]["id"], centers[0]["sector_code"], region, date(2026, 10, 10), 12)
    assert got["FG-2"] == (None, "health", region, date(2026, 10, 12), 9)
    assert got["FG-3"] == (None, "passports", None, date(2026, 10, 1), 15)  # 20 Rabi' al-Thani 1448
    assert axes == {("FG-1", "waiting"): 45, ("FG-1", "staff"): 80, ("FG-2", "waiting"): 70, ("FG-3", "staff"): 65}
    bad = _xlsx(tmp_path / "fg-bad.xlsx", ["session", "center", "sector", "date", "participants", "findings", "waiting"], [
        ["FG-4", None, "nope", "2026-10-01", 5, None, 50],  # unknown sector
        ["FG-5", centers[1]["code"], None, "2026-10-01", 0, None, 50],  # nobody took part
        ["FG-6", centers[1]["code"], None, "2026-10-01", 5, "اتصل بي 0551234567", 50],  # personal data
        ["FG-7", centers[1]["code"], None, "2026-10-01", 5, None, 120],  # off the scale
        ["FG-8", None, "health", "2026-10-01", 5, None, 50],  # nationwide: not a governor's
    ])  # fmt: skip
    with pytest.raises(NotLoaded) as raised:
        service.import_focus_groups(engine, bad, scope=Scope.of(areas=[region]), by="governor")
    assert {(r, c) for r, c, _ in raised.value.problems.items} == {
        (2, "sector"),
        (3, "participants"),
        (4, "findings"),
        (5, "waiting"),
        (6, "sector"),
    }
    with engine.connect() as conn:
        assert conn.execute(text("SELECT count(*) FROM focus_group WHERE imported_by <> 'demo'")).scalar() == 3


def test_complaints_load_whole_and_refuse_what_does_not_add_up(db, tmp_path):
    engine, centers = db
    region = centers[0]["region_code"]
    mine = [c for c in centers if c["region_code"] == region]
    other = next(c for c in centers if c["region_code"] != region)
    header = "رقم الشكوى,المركز,القناة,تاريخ الاستلام,تاريخ الإغلاق,الموعد النهائي,التصنيف,تمت المعالجة,الرضا عن الرد"
    good = tmp_path / "complaints.csv"
    good.write_text("\n".join([
        header,
        f"C-1,{mine[0]['code']},التطبيق,05/10/2026 09:00,06/10/2026 10:30,08/10/2026,تأخير,نعم,٤",
        f"C-2,{mine[0]['code']},portal,2026-10-07 12:00,,2026-10-10,fees,,",
    ]), encoding="utf-8")  # fmt: skip
    assert service.import_complaints(engine, good, scope=Scope.of(areas=[region]), by="governor").rows == 2
    with engine.connect() as conn:
        got = {r[0]: tuple(r[1:]) for r in conn.execute(text(
            "SELECT case_ref, channel, received_at, closed_at, resolved, satisfied FROM complaint "
            "WHERE imported_by <> 'demo'"))}  # fmt: skip
    assert got["C-1"] == ("app", datetime(2026, 10, 5, 6, 0, tzinfo=UTC), datetime(2026, 10, 6, 7, 30, tzinfo=UTC),
                          True, 4)  # fmt: skip
    assert got["C-2"][0] == "portal" and got["C-2"][2:] == (None, None, None)
    bad = tmp_path / "complaints-bad.csv"
    bad.write_text("\n".join([
        header,
        f"C-3,{mine[0]['code']},phone,2026-10-05 10:00,2026-10-04 10:00,2026-10-08,x,yes,3",  # closed before received
        f"C-4,{mine[0]['code']},phone,2026-10-05,,2026-10-01,x,,",  # deadline before received
        f"C-5,{other['code']},phone,2026-10-05,,2026-10-08,x,,",  # another region's center
        f"C-6,{mine[0]['code']},fax,2026-10-05,,2026-10-08,x,,",  # unknown channel
        f"C-7,{mine[0]['code']},app,2026-10-05,,2026-10-08,المشتكي أحمد 0551234567,,",  # personal data
        f"C-8,{mine[0]['code']},app,2026-10-05,,2026-10-08,x,,7",  # satisfaction off the scale
        f"C-1,{mine[0]['code']},app,2026-10-05,,2026-10-08,x,,",  # loaded already
    ]), encoding="utf-8")  # fmt: skip
    with pytest.raises(NotLoaded) as raised:
        service.import_complaints(engine, bad, scope=Scope.of(areas=[region]), by="governor")
    assert {(r, c) for r, c, _ in raised.value.problems.items} == {
        (2, "تاريخ الإغلاق"),
        (3, "الموعد النهائي"),
        (4, "المركز"),
        (5, "القناة"),
        (6, "التصنيف"),
        (7, "الرضا عن الرد"),
    }
    assert "closed before it was received" in "\n".join(raised.value.problems.lines())
    with engine.connect() as conn:
        assert conn.execute(text("SELECT count(*) FROM complaint WHERE imported_by <> 'demo'")).scalar() == 2
    again = tmp_path / "again.csv"
    again.write_text("\n".join([header, f"C-1,{mine[0]['code']},app,2026-10-05,,2026-10-08,x,,"]), encoding="utf-8")
    with pytest.raises(NotLoaded, match="nothing was loaded"):
        service.import_complaints(engine, again, scope=Scope.national(), by="t")
