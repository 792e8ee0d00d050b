"""CSV and Excel exports (briefings issue, first part): the same rows as the JSON routes, Arabic read back intact, a
right-to-left sheet in Arabic, formulas defused, limited in size, audited, and never outside the jurisdiction."""

from __future__ import annotations

import csv
import io

import pytest
import requests
from openpyxl import load_workbook
from sqlalchemy import text

from marsad import exports
from tests.conftest import LiveServer

PERIOD = {"from": "2025-11-23", "to": "2026-11-22"}
TABLE = exports.Table(
    columns=("code", "name_ar", "n"),
    rows=[("SA-01", "منطقة الرياض", 12), ("X", '=HYPERLINK("http://evil")', 3), ("Y", ["a", "b"], None)],
    meta=[("view", "areas"), ("from", "2026-01-01")],
)


def read_csv(body: bytes) -> list[dict]:
    assert body.startswith("\ufeff".encode())
    lines = [line for line in body.decode("utf-8-sig").splitlines() if not line.startswith("#")]
    return list(csv.DictReader(lines))


@pytest.mark.unit
def test_csv_has_a_bom_the_metadata_and_arabic_intact():
    body = exports.to_csv(TABLE)
    text_ = body.decode("utf-8-sig")
    assert text_.startswith("# view: areas\n# from: 2026-01-01\n")
    rows = read_csv(body)
    assert rows[0] == {"code": "SA-01", "name_ar": "منطقة الرياض", "n": "12"}
    assert rows[1]["name_ar"].startswith("'=")  # a formula from the data is text, never run
    assert rows[2]["name_ar"] == "a, b" and rows[2]["n"] == ""


@pytest.mark.unit
@pytest.mark.parametrize("lang", ["ar", "en"])
def test_xlsx_has_a_metadata_sheet_and_is_right_to_left_in_arabic(lang):
    book = load_workbook(io.BytesIO(exports.to_xlsx(TABLE, lang=lang)))
    data, about = book.worksheets
    assert (data.title, about.title) == exports.SHEETS[lang]
    assert bool(data.sheet_view.rightToLeft) == (lang == "ar")
    assert [c.value for c in data[2]] == ["SA-01", "منطقة الرياض", 12]
    assert data["B3"].value.startswith("'=") and data["B3"].data_type == "s"
    assert [c.value for c in about[1]] == ["view", "areas"]


def get(server, path, auth=None, **params):
    return requests.get(f"{server.url}/api/v1/{path}", params=params, auth=auth, timeout=60)


@pytest.mark.database
def test_exports_hold_the_rows_of_the_json_route_for_the_official(live_server, accounts, demo_engine):
    governor = accounts["governor"]
    for path, params, key, ident in (
        ("centers", {"area": "SA-01", **PERIOD}, "features", "id"),
        ("areas", {"parent": "SA-01", **PERIOD}, "features", "code"),
        ("rankings", {"area": "SA-01", "min_ratings": 1, "limit": 50, **PERIOD}, "items", "id"),
        ("comments", {"area": "SA-01", "limit": 50, **PERIOD}, "items", "id"),
        ("sectors", {"area": "SA-01", **PERIOD}, "sectors", "code"),
    ):
        answer = get(live_server, path, governor, **params).json()
        rows = answer[key]
        while path == "comments" and answer["next_cursor"]:  # a file holds every page of the search
            answer = get(live_server, path, governor, cursor=answer["next_cursor"], **params).json()
            rows += answer[key]
        expected = [str((r["properties"] if key == "features" else r)[ident]) for r in rows]
        assert path != "comments" or len(expected) > 50
        exported = get(live_server, path, governor, format="csv", **params)
        assert exported.status_code == 200 and exported.headers["Content-Type"].startswith("text/csv")
        assert "attachment" in exported.headers["Content-Disposition"]
        got = read_csv(exported.content)
        assert [r[ident] for r in got] == expected and expected, path
        book = load_workbook(io.BytesIO(get(live_server, path, governor, format="xlsx", **params).content))
        column = [c.value for c in book.worksheets[0][1]].index(ident)
        ids = [str(row[column].value) for row in book.worksheets[0].iter_rows(min_row=2)]
        assert ids == expected, path
        assert book.worksheets[0].sheet_view.rightToLeft  # the default language is Arabic
        meta = dict((r[0].value, r[1].value) for r in book.worksheets[1].iter_rows())
        assert meta["exported by"] == "governor" and meta["rows"] == str(len(expected))
    # outside the jurisdiction: refused as the JSON route is
    assert get(live_server, "centers", governor, area="SA-02", format="csv").status_code == 403
    with demo_engine.connect() as conn:
        audited = conn.execute(
            text(
                "SELECT params FROM audit_log WHERE username = 'governor' AND action = 'export' "
                "ORDER BY id DESC LIMIT 1"
            )
        ).scalar()
    assert audited["format"] == "xlsx" and audited["rows"] == len(expected)


@pytest.mark.database
def test_public_exports_withhold_what_the_public_routes_withhold(live_server):
    answer = get(live_server, "public/centers", area="SA-01").json()
    got = read_csv(get(live_server, "public/centers", area="SA-01", format="csv").content)
    assert len(got) == len(answer["features"])
    for row, feature in zip(got, answer["features"], strict=True):
        p = feature["properties"]
        assert row["published"] == str(p["published"])
        assert row["n"] == ("" if p["n"] is None else str(p["n"]))


@pytest.mark.database
def test_a_too_large_export_is_refused_with_the_reason(demo_settings, accounts, tmp_path):
    server = LiveServer(demo_settings.model_copy(update={"data_dir": tmp_path, "max_export_rows": 3}))
    try:
        r = get(server, "centers", accounts["analyst"], area="SA-01", format="xlsx", **PERIOD)
        assert r.status_code == 400 and "narrow" in r.json()["error"]
        assert get(server, "centers", accounts["analyst"], area="SA-01", format="pdf").status_code == 400
    finally:
        server.stop()
