"""Mystery-shopper visits (measurement programme issue, first instrument): files as a ministry writes them (Arabic
headers, Arabic-Indic digits, day-first and Hijri dates, Excel or CSV) load whole with their scores from the guide,
a file with any bad row loads nothing and names every bad row, and the visits are read within jurisdictions."""

from __future__ import annotations

from datetime import date

import pytest

from marsad.measurements import tabular, visits
from marsad.measurements.rows import NotLoaded

AR = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")


@pytest.mark.unit
def test_dates_in_every_accepted_form_and_clear_errors():
    assert tabular.parse_date("2026-10-05") == date(2026, 10, 5)
    assert tabular.parse_date("05/10/2026") == date(2026, 10, 5)  # day first
    assert tabular.parse_date("١٤٤٧/٠٩/٠١ هـ") == date(2026, 2, 18)  # 1 Ramadan 1447, as published
    assert tabular.parse_date("01/10/1447") == date(2026, 3, 20)  # 1 Shawwal 1447 (Eid al-Fitr), unmarked Hijri
    for bad, says in (("31/02/2026", "not a real day"), ("05-10-26", "four-digit year"), ("soon", "not a date")):
        with pytest.raises(ValueError, match=says):
            tabular.parse_date(bad)


@pytest.mark.unit
def test_a_visit_is_scored_from_its_guide():
    guide = visits.Guide(
        id=1,
        scale_max=5,
        axes={"a": 30.0, "b": 10.0},
        criteria={"x": ("a", 1.0, "س", "x"), "y": ("a", 3.0, "ص", "y"), "z": ("b", 1.0, "ع", "z")},
    )
    total, axes = visits.scores(guide, {"x": 5, "y": 1, "z": 4})
    assert axes == pytest.approx({"a": 100 * (5 + 3) / 4 / 5, "b": 80.0})  # (1×5 + 3×1) / 4 of 5
    assert total == pytest.approx((30 * 40 + 10 * 80) / 40)
    total, axes = visits.scores(guide, {"z": 2})  # an axis not scored is left out, not counted as zero
    assert axes == {"b": 40.0} and total == pytest.approx(40.0)


@pytest.fixture(scope="module")
def db(fresh_engine_factory):
    from marsad.geodata.demo import DemoSpec, generate

    engine = fresh_engine_factory("marsad_visits")
    generate(engine, DemoSpec(centers=120, ratings=3_000, seed=5, end=date(2026, 11, 30)), progress=False)
    return engine


def _centers(db):
    from sqlalchemy import text

    with db.connect() as conn:
        return [dict(r) for r in conn.execute(text("SELECT id, code, region_code FROM service_center ORDER BY id"))
                .mappings()]  # fmt: skip


def _write_xlsx(path, header, rows):
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.append(header)
    for r in rows:
        sheet.append(r)
    book.save(path)


def test_a_ministry_file_loads_whole_with_its_scores(db, tmp_path):
    from sqlalchemy import text

    from marsad.jurisdiction import Scope
    from marsad.measurements import service

    centers = _centers(db)
    header = ["المركز", "القناة", "تاريخ الزيارة", "رمز المتسوق", "ملاحظات", "الترحيب والتوجيه", "مدة الانتظار",
              "اللباقة", "النظافة"]  # fmt: skip
    rows = [
        [centers[0]["code"], "ميداني", "١٤٤٨/٠٤/١٣ هـ", "MS-٠١", "الموظف متعاون", "٥", "٣", "٤", "٢"],
        [centers[1]["code"], "هاتفي", "25/09/2026", "MS-02", None, "4", "2", "5", None],
        [centers[2]["code"], "field", "2026-09-26", "MS-03", "", 3, 3, 3, 3],
    ]
    path = tmp_path / "زيارات.xlsx"
    _write_xlsx(path, header, rows)
    loaded = service.import_visits(db, path, cycle="الدورة الأولى 2026", scope=Scope.national(), by="test")
    assert loaded.rows == 3 and loaded.created_cycle
    with db.connect() as conn:
        cycle = conn.execute(
            text("SELECT date_from, date_to FROM evaluation_cycle WHERE name = 'الدورة الأولى 2026'")
        ).one()
        got = {
            r[0]: (r[1], r[2], r[3])
            for r in conn.execute(
                text(
                    "SELECT center_id, channel, visited_on, score FROM shopper_visit v JOIN evaluation_cycle c "
                    "ON c.id = v.cycle_id WHERE c.name = 'الدورة الأولى 2026' ORDER BY center_id"
                )
            )
        }
        axes = dict(
            conn.execute(
                text("SELECT a.axis_code, a.score FROM visit_axis a JOIN shopper_visit v ON v.id = a.visit_id "
                     "JOIN evaluation_cycle c ON c.id = v.cycle_id WHERE v.center_id = :c AND c.name = 'الدورة الأولى 2026'"),
                     {"c": centers[0]["id"]}
            ).all()
        )  # fmt: skip
    assert tuple(cycle) == (date(2026, 9, 24), date(2026, 9, 26))  # 13 Rabi' al-Thani 1448 = 24 September 2026
    # the guide's weights (migration 0029): reception 15, waiting 20, staff 20, environment 15; one criterion each
    assert axes == pytest.approx({"reception": 100.0, "waiting": 60.0, "staff": 80.0, "environment": 40.0})
    first = (15 * 100 + 20 * 60 + 20 * 80 + 15 * 40) / 70
    assert got[centers[0]["id"]][0] == "field" and got[centers[0]["id"]][2] == pytest.approx(first)
    assert got[centers[1]["id"]][:2] == ("phone", date(2026, 9, 25))
    assert got[centers[1]["id"]][2] == pytest.approx((15 * 80 + 20 * 40 + 20 * 100) / 55)
    assert got[centers[2]["id"]][2] == pytest.approx(60.0)
    with pytest.raises(NotLoaded, match="nothing was loaded"):  # the same file again: nothing twice
        service.import_visits(db, path, cycle="الدورة الأولى 2026", scope=Scope.national(), by="test")
    with db.connect() as conn:
        assert conn.execute(text("SELECT count(*) FROM shopper_visit WHERE imported_by = 'test'")).scalar() == 3


def test_a_file_with_bad_rows_loads_nothing_and_names_each(db, tmp_path):
    from sqlalchemy import text

    from marsad.jurisdiction import Scope
    from marsad.measurements import service

    centers = _centers(db)
    mine = centers[5]["region_code"]
    other = next(c for c in centers if c["region_code"] != mine)
    inside = [c for c in centers if c["region_code"] == mine]
    path = tmp_path / "visits.csv"
    lines = [
        "center,channel,date,shopper,notes,courtesy,wait_time",
        f"{inside[0]['code']},field,2026-10-01,S1,fine,4,4",  # good
        "NOPE-1,field,2026-10-01,S2,,4,4",  # unknown center
        f"{other['code']},phone,2026-10-01,S3,,4,4",  # another region's
        f"{inside[0]['code']},web,2026-10-02,S4,,7,4",  # off the scale
        f"{inside[0]['code']},field,31/02/2026,S5,,4,4",  # no such day
        f"{inside[0]['code']},field,2026-10-03,S6,call me on 0551234567,4,4",  # personal data
        f"{inside[0]['code']},by mail,2026-10-03,S7,,4,4",  # unknown channel
    ]
    path.write_text("\n".join(lines), encoding="utf-8")
    with db.begin() as conn:
        before = conn.execute(text("SELECT count(*) FROM shopper_visit")).scalar()
        conn.execute(  # only national officials open cycles: this one is open already
            text(
                "INSERT INTO evaluation_cycle (name, date_from, date_to, guide_id) SELECT 'October', "
                "DATE '2026-10-01', DATE '2026-10-31', id FROM criteria_guide WHERE code = 'default'"
            )
        )
    with pytest.raises(NotLoaded) as raised:
        service.import_visits(db, path, cycle="October", scope=Scope.of(areas=[mine]), by="governor")
    found = {(r, c) for r, c, _ in raised.value.problems.items}
    assert found == {(3, "center"), (4, "center"), (5, "courtesy"), (6, "date"), (7, "notes"), (8, "channel")}
    said = "\n".join(raised.value.problems.lines())
    assert "outside your jurisdiction" in said and "off the scale" in said and "personal data (phone)" in said
    with db.connect() as conn:
        assert conn.execute(text("SELECT count(*) FROM shopper_visit")).scalar() == before
    with pytest.raises(tabular.FileError, match="opened by national analysts"):
        service.import_visits(db, path, cycle="November", scope=Scope.of(areas=[mine]), by="governor")


def test_the_command_and_the_app_role_keep_to_the_jurisdiction(db, tmp_path, demo_settings, capsys):
    from sqlalchemy import text

    from marsad import cli, resources
    from marsad.db.transactions import scoped
    from marsad.jurisdiction import Scope

    centers = _centers(db)
    regions = sorted({c["region_code"] for c in centers})
    path = tmp_path / "cycle2.csv"
    rows = [f"{c['code']},field,2026-11-0{1 + i % 9},R{i},,{1 + i % 5},{5 - i % 5}" for i, c in enumerate(centers[:40])]
    path.write_text("center,channel,date,shopper,notes,courtesy,queue\n" + "\n".join(rows), encoding="utf-8")
    settings = demo_settings.model_copy(update={"database_url": db.url.render_as_string(hide_password=False)})
    args = cli.build_parser().parse_args(["measurements", "import", str(path), "--kind", "visits", "--cycle", "C2"])
    assert args.func(args, settings) == 0
    assert "40 visits loaded into cycle 'C2' (a new cycle)" in capsys.readouterr().out
    app = resources.database(settings).engine(pool_size=1)
    try:
        for region in regions[:3]:
            with scoped(app, Scope.of(areas=[region])) as conn:
                seen = conn.execute(
                    text("SELECT count(*), count(*) FILTER (WHERE region_code <> :r) FROM shopper_visit v "
                         "JOIN evaluation_cycle c ON c.id = v.cycle_id WHERE c.name = 'C2'"), {"r": region}
                ).one()  # fmt: skip
                axes = conn.execute(text("SELECT count(DISTINCT visit_id) FROM visit_axis")).scalar()
            expected = sum(1 for c in centers[:40] if c["region_code"] == region)
            assert tuple(seen) == (expected, 0)  # row-level security, with no WHERE of ours on the region
            with db.connect() as owner:
                theirs = owner.execute(
                    text("SELECT count(*) FROM shopper_visit WHERE region_code = :r"), {"r": region}
                ).scalar()
            assert axes == theirs
    finally:
        app.dispose()


@pytest.fixture(scope="module")
def site(fresh_engine_factory, tmp_path_factory, demo_settings):
    from tests.conftest import site_of

    server = site_of(fresh_engine_factory, tmp_path_factory, demo_settings, name="marsad_visit_api", seed=19)
    yield server
    server.stop()


def test_officials_load_visits_through_the_api_within_their_jurisdiction(site, tmp_path):
    import requests
    from sqlalchemy import text

    from marsad import resources
    from marsad.db.transactions import scoped
    from marsad.jurisdiction import Scope

    with site.engine.connect() as conn:
        region = conn.execute(text("SELECT areas[1] FROM official WHERE username = 'governor'")).scalar()
        centers = [dict(r) for r in conn.execute(text(
            "SELECT id, code, region_code FROM service_center WHERE status = 'active' ORDER BY id")).mappings()]  # fmt: skip
    inside = [c for c in centers if c["region_code"] == region]
    outside = next(c for c in centers if c["region_code"] != region)
    path = tmp_path / "visits.xlsx"
    _write_xlsx(path, ["المركز", "القناة", "التاريخ", "المتسوق", "اللباقة"],
                [[c["code"], "ميداني", "01/11/2026", f"G{i}", "٤"] for i, c in enumerate(inside[:3])])  # fmt: skip

    def post(auth, cycle, file=path, name="visits.xlsx", **more):
        files = {"file": (name, file.read_bytes())} if file else None
        return requests.post(f"{site.url}/api/v1/measurements/visits", params={"cycle": cycle, **more}, files=files,
                             auth=site.accounts[auth], timeout=60)  # fmt: skip

    assert post("governor", "Nov").status_code == 400  # a governor opens no cycle
    opened = post("analyst", "Nov", file=path, **{"from": "2026-11-01", "to": "2026-11-30"})
    assert opened.status_code == 201 and opened.json() == {"loaded": 3, "cycle": "Nov", "created_cycle": True}
    _write_xlsx(path, ["center", "channel", "date", "shopper", "courtesy"],
                [[inside[3]["code"], "phone", "2026-11-02", "G9", 5], [outside["code"], "phone", "2026-11-02", "G8", 5]])  # fmt: skip
    refused = post("governor", "Nov")
    assert refused.status_code == 422
    assert refused.json()["problems"] == [
        {
            "row": 3,
            "column": "center",
            "message": f"unknown center code {outside['code']!r}, or not in your jurisdiction",
        }
    ]
    _write_xlsx(path, ["center", "channel", "date", "shopper", "courtesy"],
                [[inside[3]["code"], "phone", "2026-11-02", "G9", 5]])  # fmt: skip
    assert post("governor", "Nov").status_code == 201
    assert post("center_manager", "Nov").status_code == 403
    assert post("governor", "Nov", file=None).status_code == 400
    with site.engine.connect() as conn:
        loaded = conn.execute(text(
            "SELECT count(*), count(*) FILTER (WHERE v.region_code = :r) FROM shopper_visit v "
            "JOIN evaluation_cycle c ON c.id = v.cycle_id WHERE c.name = 'Nov'"), {"r": region}).one()  # fmt: skip
    assert tuple(loaded) == (4, 4)
    # and the database itself refuses a visit outside the loader's jurisdiction
    settings = site.settings
    app = resources.database(settings).engine(pool_size=1)
    try:
        with pytest.raises(Exception, match="row-level security"), scoped(app, Scope.of(areas=[region])) as conn:
            conn.execute(text(
                "INSERT INTO shopper_visit (cycle_id, center_id, channel, visited_on, shopper_ref, score, sector_code, "
                "region_code, imported_by) SELECT c.id, :s, 'field', DATE '2026-11-03', 'X', 50, 'health', :r, 't' "
                "FROM evaluation_cycle c WHERE c.name = 'Nov'"), {"s": outside["id"], "r": outside["region_code"]})  # fmt: skip
    finally:
        app.dispose()


def test_focus_groups_and_complaints_load_through_the_api(site, tmp_path):
    import requests
    from sqlalchemy import text

    with site.engine.connect() as conn:
        region = conn.execute(text("SELECT areas[1] FROM official WHERE username = 'governor'")).scalar()
        code = conn.execute(
            text("SELECT min(code) FROM service_center WHERE region_code = :r AND status = 'active'"), {"r": region}
        ).scalar()
    complaints = tmp_path / "c.csv"
    complaints.write_text(
        f"case,center,channel,received,deadline\nAPI-1,{code},app,2026-10-01 09:00,2026-10-11\n", encoding="utf-8"
    )
    sessions = tmp_path / "fg.csv"
    sessions.write_text(
        f"session,center,date,participants,waiting\nAPI-FG-1,{code},2026-10-02,8,55\n", encoding="utf-8"
    )

    def post(kind, path, who):
        return requests.post(f"{site.url}/api/v1/measurements/{kind}", files={"file": (path.name, path.read_bytes())},
                             auth=site.accounts[who], timeout=60)  # fmt: skip

    assert post("complaints", complaints, "center_manager").status_code == 403
    done = post("complaints", complaints, "governor")
    assert done.status_code == 201 and done.json() == {"loaded": 1}
    again = post("complaints", complaints, "governor")
    assert again.status_code == 422 and "already loaded" in again.json()["problems"][0]["message"]
    assert post("focus-groups", sessions, "governor").json() == {"loaded": 1}
    assert post("nothing", sessions, "governor").status_code == 404
    with site.engine.connect() as conn:
        assert conn.execute(text("SELECT imported_by FROM complaint WHERE case_ref = 'API-1'")).scalar() == "governor"


@pytest.mark.browser
def test_a_governor_loads_a_file_on_the_upload_page(site, browser):
    from datetime import timedelta

    from sqlalchemy import text

    from tests.conftest import DEMO_END

    with site.engine.connect() as conn:
        region = conn.execute(text("SELECT areas[1] FROM official WHERE username = 'governor'")).scalar()
        inside, outside = (
            conn.execute(text(f"SELECT min(code) FROM service_center WHERE region_code {op} :r AND status = 'active'"),
                         {"r": region}).scalar()
            for op in ("=", "<>")
        )  # fmt: skip
    day = (DEMO_END - timedelta(days=3)).isoformat()  # in the demo's last cycle, which the page offers first
    header = "المركز,القناة,التاريخ,رمز المتسوق,اللباقة\n"
    bad = header + f"{inside},ميداني,{day},UP-1,٤\n{outside},ميداني,{day},UP-2,٤\n{inside},ميداني,{day},UP-3,٩\n"
    good = header + f"{inside},ميداني,{day},UP-1,٤\n{inside},هاتفي,{day},UP-2,٥\n"
    user, password = site.accounts["governor"]
    context = browser.new_context(http_credentials={"username": user, "password": password})
    page = context.new_page()
    page.goto(f"{site.url}/upload?lang=en")
    upload = page.locator("#up-file input[type=file]")
    upload.set_input_files(files=[{"name": "visits.csv", "mimeType": "text/csv", "buffer": bad.encode()}])
    page.wait_for_selector("#up-problems")
    rows = page.locator("#up-problems tbody tr").all_inner_texts()
    assert [r.split("\t")[:2] for r in rows] == [["3", "المركز"], ["4", "اللباقة"]]
    upload.set_input_files(files=[{"name": "visits2.csv", "mimeType": "text/csv", "buffer": good.encode()}])
    page.wait_for_selector("#up-loaded")
    assert "2 rows loaded" in page.locator("#up-loaded").inner_text()
    with site.engine.connect() as conn:
        got = conn.execute(text("SELECT count(*) FROM shopper_visit WHERE shopper_ref LIKE 'UP-%' AND imported_by = :u"),
                           {"u": user}).scalar()  # fmt: skip
    assert got == 2
    context.close()
