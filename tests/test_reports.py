"""Reports (reports and alerts issue): each kind built in its recipient's context from the pages' reads, written as
Arabic and English PDFs whose extracted text holds the API's numbers for the same scope and period, and nothing
from outside the recipient's jurisdiction."""

from __future__ import annotations

import subprocess
from datetime import date

import flask
import pytest
import requests

from marsad import i18n, params, resources
from marsad.context import for_official
from marsad.queries import officials
from marsad.reports import periods, service
from marsad.reports.content import NotInScope

pytestmark = pytest.mark.database


@pytest.fixture(scope="module")
def res(demo_settings, accounts):
    server = flask.Flask("reports-test")
    made = resources.make(demo_settings, server, resources.database(demo_settings))
    with server.app_context():
        yield made


def ctx_of(res, username):
    return for_official(res, officials.by_username(res.quick_engine, username))


def text_of(pdf: bytes, tmp_path) -> str:
    path = tmp_path / "r.pdf"
    path.write_bytes(pdf)
    return subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True).stdout


def pages_of(pdf: bytes, tmp_path) -> int:
    path = tmp_path / "p.pdf"
    path.write_bytes(pdf)
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True).stdout
    return int(next(line.split()[-1] for line in info.splitlines() if line.startswith("Pages:")))


def summary(live_server, auth, period, **q):
    params_ = {"from": period.date_from.isoformat(), "to": period.date_to.isoformat(), **q}
    r = requests.get(f"{live_server.url}/api/v1/summary", params=params_, auth=auth, timeout=30)
    assert r.status_code == 200, r.text
    return r.json()


def busy_week(live_server, auth) -> periods.ReportPeriod:
    """A recent complete week with ratings in the official's jurisdiction."""
    p = periods.latest_complete("week", params.today_riyadh())
    for _ in range(20):
        if summary(live_server, auth, p)["n"] >= 3:
            return p
        p = p.previous()
    raise AssertionError("no week with ratings")


@pytest.mark.parametrize("lang", ["ar", "en"])
def test_a_center_weekly_report_holds_the_apis_numbers(res, live_server, accounts, lang, tmp_path):
    auth = accounts["center_manager"]
    ctx = ctx_of(res, "center_manager")
    week = busy_week(live_server, auth)
    report = service.build(ctx, "center-weekly", today=params.today_riyadh(), period=week.key)
    api = summary(live_server, auth, week)
    assert report.kpis["n"] == api["n"] and report.kpis["mean"] == api["mean"]
    text = text_of(service.write(ctx, report, lang=lang, fmt="pdf"), tmp_path)
    assert i18n.fmt_count(api["n"], lang) in text and i18n.fmt_mean(api["mean"], lang) in text
    center = report.subject["center"]
    assert i18n.name(center, lang).split()[-1] in text
    assert ("عدد التقييمات" if lang == "ar" else "Ratings") in text
    assert sum(s["n"] for s in report.services) == api["n"]
    before = summary(live_server, auth, week.previous())
    assert report.kpis["previous"]["n"] == before["n"]


def test_an_area_quarterly_report_stays_in_the_governors_region(res, live_server, accounts, tmp_path):
    auth = accounts["governor"]
    ctx = ctx_of(res, "governor")
    quarter = periods.latest_complete("quarter", params.today_riyadh())
    report = service.build(ctx, "area-quarterly", today=params.today_riyadh(), period=quarter.key)
    api = summary(live_server, auth, quarter)
    assert report.kpis["n"] == api["n"] > 0
    governorates = requests.get(
        f"{live_server.url}/api/v1/areas",
        params={"parent": "SA-01", "from": str(quarter.date_from), "to": str(quarter.date_to)},
        auth=auth,
        timeout=30,
    ).json()["features"]
    assert {a["code"]: a["n"] for a in report.areas} == {
        f["properties"]["code"]: f["properties"]["n"] for f in governorates
    }
    pdf = service.write(ctx, report, lang="ar", fmt="pdf")
    text = text_of(pdf, tmp_path)
    assert i18n.fmt_count(api["n"], "ar") in text
    assert pages_of(pdf, tmp_path) >= 1
    # every center named is in the region; no region other than the governor's is named
    names = {c["name_ar"] for c in report.top + report.bottom}
    centers = requests.get(
        f"{live_server.url}/api/v1/rankings",
        params={
            "area": "SA-01",
            "limit": 200,
            "min_ratings": 1,
            "from": str(quarter.date_from),
            "to": str(quarter.date_to),
        },
        auth=accounts["analyst"],
        timeout=30,
    ).json()["items"]
    assert names and names <= {c["name_ar"] for c in centers}
    regions = requests.get(f"{live_server.url}/api/v1/areas", auth=accounts["analyst"], timeout=30).json()["features"]
    others = [f["properties"]["name_ar"] for f in regions if f["properties"]["code"] != "SA-01"]
    assert not [name for name in others if name in text]
    with pytest.raises(NotInScope):
        service.build(ctx, "area-quarterly", today=params.today_riyadh(), area="SA-02")
    manager = ctx_of(res, "center_manager")
    outside = [c["id"] for c in report.top if c["id"] not in manager.scope.centers]
    for center in (outside[0], 10**6):  # another center of the region, and none at all
        with pytest.raises(NotInScope):
            service.build(manager, "center-weekly", today=params.today_riyadh(), center=center)


def test_a_sector_report_for_an_agency_head_and_bad_requests(res, live_server, accounts, tmp_path):
    ctx = ctx_of(res, "health_head")
    quarter = periods.latest_complete("quarter", params.today_riyadh())
    report = service.build(ctx, "sector-quarterly", today=params.today_riyadh())
    assert report.period == quarter and report.subject["sector"] == "health"
    assert [s["code"] for s in report.sectors] == ["health"]
    api = summary(live_server, accounts["health_head"], quarter)
    assert report.kpis["n"] == api["n"]
    assert "Ministry of Health" in text_of(service.write(ctx, report, lang="en", fmt="pdf"), tmp_path)
    with pytest.raises(NotInScope):
        service.build(ctx, "sector-quarterly", today=params.today_riyadh(), sector="passports")
    with pytest.raises(periods.BadPeriod):
        service.build(ctx, "sector-quarterly", today=params.today_riyadh(), period="month:2026-01")
    with pytest.raises(periods.BadPeriod):
        service.build(ctx, "center-weekly", today=params.today_riyadh(), period="week:2026-11-23")  # a Monday
    with pytest.raises(ValueError):
        service.build(ctx, "nightly", today=date.today())


def test_reports_in_the_app_are_scoped_and_audited(live_server, accounts, demo_engine):
    from sqlalchemy import text

    def get(path, auth, **q):
        return requests.get(f"{live_server.url}/reports/{path}", params=q, auth=auth, timeout=60)

    listing = get("", accounts["center_manager"], lang="en")
    assert listing.status_code == 200 and "center-weekly.pdf" in listing.text and "area-quarterly" not in listing.text
    page = get("center-weekly.html", accounts["center_manager"], lang="en")
    assert page.status_code == 200 and page.headers["Content-Type"].startswith("text/html")
    assert "Center weekly report" in page.text and "<script" not in page.text
    pdf = get("area-quarterly.pdf", accounts["governor"], lang="ar")
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    assert get("area-quarterly.pdf", accounts["governor"], area="SA-02").status_code == 403
    assert get("center-weekly.html", accounts["governor"]).status_code == 400  # which center?
    assert get("area-quarterly.html", accounts["governor"], period="quarter:2026-Q5").status_code == 400
    assert get("nightly.pdf", accounts["governor"]).status_code == 404
    assert get("area-quarterly.pdf", None).status_code == 401
    with demo_engine.connect() as conn:
        audited = conn.execute(
            text(
                "SELECT params FROM audit_log WHERE username = 'governor' AND action = 'report' ORDER BY id DESC LIMIT 1"
            )
        ).scalar()
    assert audited["format"] == "pdf" and audited["period"].startswith("quarter:")
