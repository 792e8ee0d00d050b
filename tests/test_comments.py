"""Comment browsing: keyset pages cover exactly the approved comments in scope; Arabic search; bad input."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

import pytest
import requests
from sqlalchemy import text

from marsad.comments.normalize import normalize
from tests.conftest import DEMO_END, LiveServer

PERIOD = {"from": "2025-11-23", "to": DEMO_END.isoformat()}


def walk(server, auth, **params):
    items, cursor, pages = [], None, 0
    while True:
        r = requests.get(
            f"{server.url}/api/v1/comments",
            params={**params, **({"cursor": cursor} if cursor else {})},
            auth=auth,
            timeout=30,
        )
        assert r.status_code == 200, r.text
        body = r.json()
        items += body["items"]
        pages += 1
        cursor = body["next_cursor"]
        if cursor is None:
            return items, pages


def expected_ids(engine, *, region=None, sector=None, min_score=1):
    lo = datetime.combine(date.fromisoformat(PERIOD["from"]), datetime.min.time(), timezone(timedelta(hours=3)))
    hi = datetime.combine(DEMO_END + timedelta(days=1), datetime.min.time(), timezone(timedelta(hours=3)))
    with engine.connect() as conn:
        return [
            r[0]
            for r in conn.execute(
                text(
                    "SELECT x.id FROM rating x JOIN service_center c ON c.id = x.center_id "
                    "WHERE x.comment_status = 'approved' AND x.submitted_at >= :lo AND x.submitted_at < :hi "
                    "AND (CAST(:region AS text) IS NULL OR c.region_code = :region) "
                    "AND (CAST(:sector AS text) IS NULL OR c.sector_code = :sector) "
                    "AND x.overall >= :min_score ORDER BY x.submitted_at DESC, x.id DESC"
                ),
                {"lo": lo, "hi": hi, "region": region, "sector": sector, "min_score": min_score},
            )
        ]


def test_pages_cover_exactly_the_scope_in_order(live_server, accounts, demo_engine):
    items, pages = walk(live_server, accounts["governor"], limit=40, min_score=4, **PERIOD)
    want = expected_ids(demo_engine, region="SA-01", min_score=4)
    assert [i["id"] for i in items] == want and pages > 2
    assert {i["region_code"] for i in items} == {"SA-01"}
    health, _ = walk(live_server, accounts["health_head"], limit=100, sector="health", min_score=5, **PERIOD)
    assert [i["id"] for i in health] == expected_ids(demo_engine, sector="health", min_score=5)


def test_hidden_and_pending_comments_never_appear(live_server, accounts, demo_engine):
    with demo_engine.connect() as conn:
        withheld = set(
            conn.execute(text("SELECT id FROM rating WHERE comment_status IN ('hidden', 'pending')")).scalars()
        )
    assert withheld
    items, _ = walk(live_server, accounts["analyst"], limit=100, **PERIOD)
    assert not withheld & {i["id"] for i in items}


@pytest.mark.parametrize(
    "params,message",
    [
        ({"cursor": "not-a-cursor!"}, "cursor"),
        ({"min_score": "9"}, "between 1 and 5"),
        ({"lang": "fr"}, "one of"),
        ({"limit": "1000"}, "between 1 and 100"),
        ({"center": "abc"}, "whole number"),
        ({"area": "SA-02"}, "jurisdiction"),
    ],
)
def test_bad_comment_requests(live_server, accounts, params, message):
    r = requests.get(f"{live_server.url}/api/v1/comments", params=params, auth=accounts["governor"], timeout=30)
    assert r.status_code in (400, 403) and message in r.json()["error"]


SEARCH = [  # (query, comment that must be found, comment that must not)
    ("الأحوال", "مكتب الاحوال المدنية سريع", "مكتب الجوازات سريع"),
    ("الصحة", "مركز الصحه الاولية نظيف", "مركز صحيح البناء"),
    ("مستشفى", "مستشفي الملك فهد مزدحم", "مستشار الملك"),
    ("ممتاز", "تعامل ممـــتاز جداً", "تعامل متأخر"),
    ("شكرا", "شُكْرًا للموظفين", "شكوى من الموظفين"),
    ("50%", "خصم 50% على الرسوم", "خصم 500 على الرسوم"),
]


def test_arabic_search_through_the_api(fresh_engine_factory, tmp_path):
    from marsad.geodata.demo import DemoSpec, generate
    from marsad.queries import officials
    from marsad.settings import Settings

    engine = fresh_engine_factory("comment_search")
    generate(engine, DemoSpec(country="BH", centers=10, ratings=200, seed=2, end=DEMO_END), progress=False)
    officials.add(engine, username="an", display_name="A", role="analyst", password="a" * 12, national=True)
    texts = [t for _, found, not_found in SEARCH for t in (found, not_found)]
    with engine.begin() as conn:
        conn.execute(text("UPDATE rating SET comment = NULL, comment_norm = NULL, comment_status = NULL, lang = NULL"))
        center, service = conn.execute(text("SELECT center_id, service_code FROM center_service LIMIT 1")).one()
        conn.execute(
            text(
                "INSERT INTO rating (center_id, service_code, submitted_at, overall, source, comment, lang, "
                "comment_status, comment_norm) VALUES (:c, :s, '2026-11-10 10:00+03', 4, 'app', :t, 'ar', "
                "'approved', :n)"
            ),
            [{"c": center, "s": service, "t": t, "n": normalize(t)} for t in texts],
        )
    server = LiveServer(
        Settings(database_url=engine.url.render_as_string(hide_password=False), data_dir=tmp_path, secret_key="s" * 32)
    )
    try:
        for query, found, not_found in SEARCH:
            r = requests.get(
                f"{server.url}/api/v1/comments", params={"q": query, **PERIOD}, auth=("an", "a" * 12), timeout=30
            ).json()
            got = [i["comment"] for i in r["items"]]
            assert found in got and not_found not in got, (query, got)
            marked = [p["text"] for i in r["items"] if i["comment"] == found for p in i["highlight"] if p["match"]]
            assert marked, (query, r["items"])
    finally:
        server.stop()
