"""Downloads of the explorer's view (briefings issue): for every role the tables hold exactly the API's rows for the
same state and nothing outside the jurisdiction; Arabic CSV reads back; the workbook is right to left with Arabic
sheet names; the map and charts come as PNG and the view as a one-page PDF, all rendered offline; each download is
audited; bad requests get a clear 4xx."""

from __future__ import annotations

import csv
import io
import re
import struct
import subprocess

import pytest
import requests
from openpyxl import load_workbook
from sqlalchemy import text

from marsad import i18n

pytestmark = pytest.mark.database

ROLES = ("analyst", "governor", "health_head", "health_region", "center_manager")
PERIOD = {"from": "2025-01-01", "to": "2025-12-31"}


def download(server, auth, name, **query):
    return requests.get(f"{server.url}/download/explorer/{name}", params=query, auth=auth, timeout=120)


def read_csv(body: bytes) -> tuple[dict, list[dict]]:
    assert body.startswith(b"\xef\xbb\xbf")  # the byte-order mark Excel needs for Arabic
    lines = body.decode("utf-8-sig").splitlines()
    meta = dict(line[2:].split(": ", 1) for line in lines if line.startswith("# "))
    rows = list(csv.DictReader(line for line in lines if not line.startswith("# ")))
    return meta, rows


@pytest.mark.parametrize("role", ROLES)
def test_the_areas_table_holds_the_apis_rows_for_every_role(live_server, accounts, role):
    auth = accounts[role]
    r = download(live_server, auth, "areas.csv", lang="ar", **PERIOD)
    assert r.status_code == 200, r.text
    meta, rows = read_csv(r.content)
    area = meta["area"].rsplit("(", 1)[-1].rstrip(")") if "(" in meta["area"] else None
    if rows and rows[0]["level"] == "locality":  # a locality is shown on its own: the API's summary of it
        n = requests.get(f"{live_server.url}/api/v1/summary", params={**PERIOD, "area": area}, auth=auth, timeout=30)
        expected = {area: n.json()["n"]}
    else:
        api = requests.get(
            f"{live_server.url}/api/v1/areas",
            params={**PERIOD, **({"parent": area} if area else {})},
            auth=auth,
            timeout=30,
        ).json()
        expected = {f["properties"]["code"]: f["properties"]["n"] for f in api["features"]}
    assert {row["code"]: int(row["n"]) for row in rows} == expected and expected
    assert all(row["name_ar"] and any("\u0600" <= ch <= "\u06ff" for ch in row["name_ar"]) for row in rows)
    assert meta["from"] == PERIOD["from"] and meta["exported by"] == role and "jurisdiction" in meta
    # a region outside a regional official's jurisdiction is refused, not replaced
    if role in ("governor", "health_region", "center_manager"):
        assert download(live_server, auth, "areas.csv", area="SA-02").status_code == 403


def test_centers_kpis_and_the_workbook(live_server, accounts):
    auth = accounts["governor"]
    governorate = sorted(
        f["properties"]["code"]
        for f in requests.get(
            f"{live_server.url}/api/v1/areas", params={"parent": "SA-01"}, auth=auth, timeout=30
        ).json()["features"]
    )[0]
    state = {"area": governorate, "lang": "en", **PERIOD}
    _, centers = read_csv(download(live_server, auth, "centers.csv", **state).content)
    api = requests.get(
        f"{live_server.url}/api/v1/centers", params={"area": governorate, **PERIOD}, auth=auth, timeout=30
    ).json()
    assert {int(c["id"]): int(c["n"]) for c in centers} == {
        f["properties"]["id"]: f["properties"]["n"] for f in api["features"]
    }
    _, kpis = read_csv(download(live_server, auth, "kpis.csv", **state).content)
    summary = requests.get(
        f"{live_server.url}/api/v1/summary", params={"area": governorate, **PERIOD}, auth=auth, timeout=30
    ).json()
    assert int(next(k for k in kpis if k["measure"] == "n")["value"]) == summary["n"] > 0
    _, dist = read_csv(download(live_server, auth, "distribution.csv", **state).content)
    assert sum(int(d["n"]) for d in dist) == summary["n"]
    book = load_workbook(io.BytesIO(download(live_server, auth, "all.xlsx", **{**state, "lang": "ar"}).content))
    assert book.sheetnames == ["المناطق", "المراكز", "المؤشرات", "التوزيع", "الاتجاه", "معلومات التصدير"]
    assert all(sheet.sheet_view.rightToLeft for sheet in book.worksheets)
    sheet_centers = {row[0] for row in book["المراكز"].iter_rows(min_row=2, values_only=True)}
    assert sheet_centers == {int(c["id"]) for c in centers}
    english = load_workbook(io.BytesIO(download(live_server, auth, "all.xlsx", **state).content))
    assert english.sheetnames[0] == "Areas" and not english.worksheets[0].sheet_view.rightToLeft


def test_pictures_and_the_briefing_are_rendered_offline(live_server, accounts, demo_engine, tmp_path):
    auth = accounts["governor"]
    for name, size in (("map.png", (1800, 1240)), ("distribution.png", (1240, 600)), ("trend.png", (1240, 600))):
        r = download(live_server, auth, name, lang="ar", **PERIOD)
        assert r.status_code == 200 and r.headers["Content-Type"] == "image/png", (name, r.text[:200])
        assert r.content[:8] == b"\x89PNG\r\n\x1a\n"
        assert struct.unpack(">II", r.content[16:24]) == size, name
    r = download(live_server, auth, "all.pdf", lang="ar", **PERIOD)
    assert r.status_code == 200 and r.headers["Content-Type"] == "application/pdf", r.text[:200]
    assert r.content.startswith(b"%PDF") and len(r.content) > 20_000  # the three pictures are in it
    pdf = tmp_path / "brief.pdf"
    pdf.write_bytes(r.content)
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    assert re.search(r"^Pages:\s+1$", info, re.M), info
    words = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    summary = requests.get(f"{live_server.url}/api/v1/summary", params=PERIOD, auth=auth, timeout=30).json()
    region = requests.get(f"{live_server.url}/api/v1/areas", auth=auth, timeout=30).json()["features"][0]
    assert i18n.fmt_count(summary["n"], "ar") in words and "عدد التقييمات" in words
    assert region["properties"]["name_ar"].split()[-1] in words
    with demo_engine.connect() as conn:
        formats = (
            conn.execute(
                text(
                    "SELECT params->>'format' FROM audit_log WHERE username = 'governor' AND action = 'export' "
                    "AND target LIKE 'explorer/%' ORDER BY id DESC LIMIT 4"
                )
            )
            .scalars()
            .all()
        )
    assert formats == ["pdf", "png", "png", "png"]


def test_bad_downloads_are_refused_clearly(live_server, accounts):
    auth = accounts["governor"]
    assert download(live_server, None, "areas.csv").status_code == 401
    r = download(live_server, auth, "areas.exe")
    assert r.status_code == 404 and "offered" in r.text
    assert download(live_server, auth, "map.csv").status_code == 404
    assert download(live_server, auth, "areas.csv", area="XX-99").status_code == 400
    assert download(live_server, auth, "areas.csv", sector="nope").status_code == 400
    assert download(live_server, auth, "areas.csv", **{"from": "2025-13-01"}).status_code == 400
    assert download(live_server, auth, "areas.csv", area="\x00").status_code == 400


def test_a_download_in_the_hijri_calendar_says_its_period_in_it(live_server, accounts):
    from datetime import date

    from marsad import calendars

    start, end = calendars.month_range(1447, 9)  # Ramadan 1447
    r = download(
        live_server, accounts["governor"], "kpis.csv", cal="h", lang="en", **{"from": str(start), "to": str(end)}
    )
    meta, _ = read_csv(r.content)
    assert meta["period (Hijri)"] == "1 Ramadan 1447 AH – 30 Ramadan 1447 AH"
    assert meta["from"] == str(start) == str(date(2026, 2, 18))
    plain, _ = read_csv(download(live_server, accounts["governor"], "kpis.csv", lang="en").content)
    assert "period (Hijri)" not in plain
