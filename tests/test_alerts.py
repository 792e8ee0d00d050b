"""Alert detection (reports and alerts issue): the test of a falling center, on synthetic counts with known truth,
and on demo data with planted drops."""

from __future__ import annotations

from datetime import date, timedelta

import numpy as np
import pytest

from marsad.alerts import detect, evaluate


def synthetic(centers: int, days: int, *, seed: int, drops: dict[int, int], extra: int = 30, fall: float = 0.35):
    """Daily ratings (Poisson, 0.2–3 a day) at a steady satisfied share (0.55–0.85) per center; `drops`: center ->
    day the center falls by `fall` and gets `extra` more ratings a day."""
    rng = np.random.default_rng(seed)
    rate = rng.uniform(0.2, 3.0, size=centers)
    share = rng.uniform(0.55, 0.85, size=centers)
    n = rng.poisson(rate[:, None], size=(centers, days))
    p = np.repeat(share[:, None], days, axis=1)
    for c, day in drops.items():
        n[c, day:] += rng.poisson(extra, size=days - day)
        p[c, day:] = share[c] - fall
    sat = rng.binomial(n, p)
    return n, sat


def test_steady_centers_rarely_alarm_and_falling_ones_are_found_within_a_day():
    centers, days, evaluated = 3000, 200, 120
    drops = {c: days - 110 + (c % 100) for c in range(0, 3000, 150)}  # 20 drops inside the evaluated days
    n, sat = synthetic(centers, days, seed=4, drops=drops)
    first = date(2026, 1, 1)
    events = [{"center_id": c, "starts": first + timedelta(days=d), "kind": "drop"} for c, d in drops.items()]
    alarms = evaluate.drop_alarms(n, sat, first=first, centers=list(range(centers)), days=evaluated)
    result = evaluate.score(alarms, events=events, kind="drop", centers=centers, days=evaluated)
    # measured: 18 of 20 found, 9 after one day of data, none after more than five; 40 false alarms in 51,429
    # center-weeks. The target of each within a day is not met yet: these are floors, so that a change for
    # the worse fails here
    assert result.events == 20 and result.recall >= 0.85, result.lines()
    assert sum(1 for d in result.delays if d <= 1) >= 8 and max(result.delays) <= 7, result.lines()
    assert result.false_per_1000 <= 1.0, result.lines()


def test_what_alarms_and_what_does_not():
    busy = np.full((1, detect.HISTORY), 10)
    satisfied = np.full((1, detect.HISTORY), 8)  # 80 %
    fallen = satisfied.copy()
    fallen[0, -1] = 2  # one day at 20 %: z = 0.6 / sqrt(0.16 * (1/10 + 1/560)) = 4.7
    found = detect.test_day(busy, fallen)
    assert found.alarm[0] and found.window[0] == 1 and round(float(found.drop[0]), 2) == 0.6
    dip = satisfied.copy()
    dip[0, -7:] = 7  # a 10-point dip for a week: under the minimum drop
    assert not detect.test_day(busy, dip).alarm[0]
    thin = np.full((1, detect.HISTORY), 1)  # one rating a day: a week of zeros is 7 ratings, under the minimum
    thin_sat = np.ones_like(thin)
    thin_sat[0, -7:] = 0
    assert not detect.test_day(thin, thin_sat).alarm[0]
    assert not detect.test_day(np.zeros((1, detect.HISTORY)), np.zeros((1, detect.HISTORY))).alarm[0]  # no data


@pytest.fixture(scope="module")
def planted_db(fresh_engine_factory):
    from marsad.geodata.demo import DemoSpec, generate

    engine = fresh_engine_factory("marsad_alerts")
    generate(engine, DemoSpec(centers=150, ratings=20_000, seed=3, end=date.today(), planted=5), progress=False)
    return engine


def test_the_demo_plants_drops_that_the_evaluation_reads(planted_db):
    from sqlalchemy import text

    engine = planted_db
    with engine.connect() as conn:
        events = [
            dict(r)
            for r in conn.execute(text("SELECT * FROM demo_event WHERE kind = 'drop' ORDER BY starts")).mappings()
        ]
        assert len(events) == 5
        for e in events:  # each planted center falls from its day on, with the incident's ratings on top
            before, after = conn.execute(
                text(
                    "SELECT avg(overall) FILTER (WHERE submitted_at < :s), avg(overall) FILTER (WHERE submitted_at >= :s)"
                    " FROM rating WHERE center_id = :c"
                ),
                {"s": e["starts"], "c": e["center_id"]},
            ).one()
            assert float(after) < float(before) - 0.8
    result = evaluate.run(engine, days=120, today=date.today())["drop"]
    assert result.events == 5 and result.centers == 150
    assert result.recall >= 0.8 and result.false_alarms <= 1, result.lines()


def test_alerts_are_recorded_once_and_handled_within_the_jurisdiction(planted_db, demo_settings, tmp_path):
    import secrets

    import requests
    from sqlalchemy import text

    from marsad.alerts import compute
    from marsad.queries import officials
    from tests.conftest import LiveServer

    engine = planted_db
    with engine.begin() as conn:
        conn.execute(text("TRUNCATE alert"))
        recent = conn.execute(text("SELECT center_id FROM demo_event WHERE starts > current_date - 20")).scalars().all()
    found = compute.run(engine, date.today())
    assert found >= 1 and compute.run(engine, date.today()) == 0  # an alerted center is not alerted again
    with engine.connect() as conn:
        alerted = [dict(r) for r in conn.execute(text("SELECT * FROM alert")).mappings()]
    drops = {a["center_id"] for a in alerted if a["kind"] == "drop" and a["center_id"] is not None}
    assert drops and drops <= set(recent)  # only the centers that fell (or got a problem) in the last weeks
    region = alerted[0]["region_code"]
    server = LiveServer(
        demo_settings.model_copy(
            update={"database_url": engine.url.render_as_string(hide_password=False), "data_dir": tmp_path}
        )
    )
    try:
        accounts = {}
        other = "SA-02" if region != "SA-02" else "SA-03"
        for role, jurisdiction in (
            ("governor", {"areas": [region]}),
            ("analyst", {"national": True}),
            ("governor", {"areas": [other]}),
        ):
            name, password = f"al_{secrets.token_hex(3)}", secrets.token_urlsafe(10)
            officials.add(engine, username=name, display_name=name, role=role, password=password, **jurisdiction)
            accounts.setdefault(role, []).append((name, password))
        (governor, elsewhere), (analyst,) = accounts["governor"], accounts["analyst"]

        def api(method, path, auth, **kw):
            return requests.request(method, f"{server.url}/api/v1/{path}", auth=auth, timeout=60, **kw)

        every = api("GET", "alerts", analyst).json()["items"]
        assert sorted(a["id"] for a in every) == sorted(a["id"] for a in alerted)
        mine = api("GET", "alerts", governor).json()["items"]
        assert [a["id"] for a in mine] == [a["id"] for a in every if a["region_code"] == region]
        target = mine[0]["id"]
        assert api("POST", f"alerts/{target}", elsewhere, json={"status": "resolved"}).status_code == 404
        done = api("POST", f"alerts/{target}", governor, json={"status": "acknowledged", "note": "فريق ميداني"})
        assert done.status_code == 200 and done.json()["status"] == "acknowledged"
        assert api("POST", f"alerts/{target}", governor, json={"status": "closed"}).status_code == 400
        listed = api("GET", "alerts", governor, params={"status": "acknowledged"}).json()["items"]
        assert [a["note"] for a in listed] == ["فريق ميداني"]
        theirs = [a["id"] for a in api("GET", "alerts", elsewhere).json()["items"]]
        assert theirs == [a["id"] for a in every if a["region_code"] == other] and target not in theirs
    finally:
        server.stop()


def test_axes_at_or_below_the_threshold_are_alerted(planted_db):
    from sqlalchemy import text

    from marsad.alerts import compute
    from marsad.queries.rollups import CRITERIA

    engine = planted_db
    today = date.today()
    with engine.begin() as conn:
        conn.execute(text("TRUNCATE alert"))
    compute.run(engine, today, axis_threshold=0.6)
    with engine.connect() as conn:
        alerted = {(r[0], r[1]) for r in conn.execute(text("SELECT center_id, axis FROM alert WHERE kind = 'axis'"))}
        expected = set()
        for c in CRITERIA:  # from the raw ratings, independently of the rollups
            rows = conn.execute(
                text(
                    f"SELECT center_id FROM rating WHERE (submitted_at AT TIME ZONE 'Asia/Riyadh')::date "
                    f"BETWEEN :a AND :b AND c_{c} IS NOT NULL GROUP BY center_id "
                    f"HAVING count(*) >= 20 AND avg(c_{c}) <= 3.0"
                ),
                {"a": today - timedelta(days=29), "b": today},
            )
            expected |= {(r[0], c) for r in rows}
    assert alerted == expected and expected
    assert compute.run(engine, today, axis_threshold=0.6) == 0  # not again within four weeks


def test_the_alerts_page_acknowledges_within_the_jurisdiction(planted_db, demo_settings, tmp_path, browser):
    import secrets

    import requests
    from sqlalchemy import text

    from marsad.alerts import compute
    from marsad.queries import officials
    from tests.conftest import LiveServer

    engine = planted_db
    with engine.begin() as conn:
        conn.execute(text("TRUNCATE alert"))
    compute.run(engine, date.today())
    with engine.connect() as conn:
        region = conn.execute(text("SELECT region_code FROM alert GROUP BY 1 ORDER BY count(*) DESC LIMIT 1")).scalar()
    name, password = f"ap_{secrets.token_hex(3)}", secrets.token_urlsafe(10)
    officials.add(engine, username=name, display_name=name, role="governor", password=password, areas=[region])
    server = LiveServer(
        demo_settings.model_copy(
            update={"database_url": engine.url.render_as_string(hide_password=False), "data_dir": tmp_path}
        )
    )
    try:
        api = requests.get(f"{server.url}/api/v1/alerts", auth=(name, password), timeout=60).json()["items"]
        assert api and all(a["region_code"] == region for a in api)
        context = browser.new_context(http_credentials={"username": name, "password": password})
        page = context.new_page()
        page.goto(f"{server.url}/?lang=en")  # the explorer's map rings each open alert of the jurisdiction
        page.wait_for_function("n => document.querySelectorAll('path.marsad-alert').length === n", arg=len(api))
        page.goto(f"{server.url}/alerts?lang=en")
        page.wait_for_selector("#al-rows tr")
        assert page.locator("#al-rows tr").count() == len(api)
        first = page.locator(f"#al-row-{api[0]['id']}")
        page.locator("#al-note").fill("وصل فريق ميداني")
        first.get_by_role("button", name="Acknowledge").click()
        page.wait_for_function(
            "id => document.querySelector('#al-row-' + id)?.innerText.includes('وصل فريق ميداني')", arg=api[0]["id"]
        )
        after = requests.get(
            f"{server.url}/api/v1/alerts", params={"status": "acknowledged"}, auth=(name, password), timeout=60
        ).json()["items"]
        assert [(a["id"], a["note"]) for a in after] == [(api[0]["id"], "وصل فريق ميداني")]
        context.close()
    finally:
        server.stop()


def test_a_surge_of_one_term_alarms_and_steady_talk_does_not():
    from marsad.alerts import surges

    days = detect.HISTORY
    comments = np.full((4, days), 3)
    mentions = np.zeros((4, days), dtype=int)
    mentions[0, ::10] = 1  # a term in one comment in thirty (3 %)...
    mentions[0, -1], comments[0, -1] = 8, 10  # ...in eight of the day's ten
    mentions[1, :] = 1  # a third of every day's comments, steadily, today too
    mentions[2, -1] = 4  # a new word four times: under the minimum of five mentions
    mentions[3, -1], comments[3, -1] = 6, 6  # a word never seen, in all six of the day's comments
    found = surges.test_day(mentions, comments, np.array([0.03, 0.33, 0.0, 0.0]))
    assert found.alarm.tolist() == [True, False, False, True]
    assert found.window[0] == 1 and found.mentions[0] == 8 and found.p[0] <= surges.ALPHA
    assert found.jump[0] > 0.7  # from about 3 % to 80 %


def test_counts_are_grouped_into_areas():
    from marsad.alerts import series

    m = np.array([[1, 2], [3, 4], [5, 6]])
    labels, sums = series.grouped(m, ["b", "a", "b"])
    assert labels == ["a", "b"] and sums.tolist() == [[3, 4], [6, 8]]
    (daily,) = series.daily(
        [("x", date(2026, 1, 2), 7), ("y", date(2026, 1, 9), 1)], ["x"], date(2026, 1, 1), date(2026, 1, 3)
    )
    assert daily.tolist() == [[0, 7, 0]]


def _words(comment: str) -> set[str]:
    """The terms of a comment, by rule (independently of the SQL that counts them)."""
    import re

    from marsad.comments.normalize import normalize

    out = set()
    for w in re.findall("[a-z\u0621-\u063a\u0641-\u064a]+", normalize(comment)):
        for prefix in ("وال", "بال", "فال", "كال", "لل", "ال"):
            if w.startswith(prefix) and len(w) >= len(prefix) + 3:
                w = w[len(prefix) :]
                break
        out.add(w)
    return out


def test_comment_terms_are_counted_as_normalised_words(planted_db):
    from sqlalchemy import text

    with planted_db.connect() as conn:
        surges = conn.execute(text("SELECT center_id, starts, term FROM demo_event WHERE kind = 'surge'")).all()
        assert len(surges) == 5
        for center, starts, term in surges:
            raw = conn.execute(
                text(
                    "SELECT comment FROM rating WHERE center_id = :c AND comment IS NOT NULL AND comment_status <> "
                    "'hidden' AND (submitted_at AT TIME ZONE 'Asia/Riyadh')::date >= :s"
                ),
                {"c": center, "s": starts},
            ).scalars()
            expected = sum(1 for c in raw if term in _words(c))
            counted = conn.execute(
                text("SELECT sum(mentions) FROM comment_term_daily WHERE center_id = :c AND day >= :s AND term = :t"),
                {"c": center, "s": starts, "t": term},
            ).scalar()
            # every spelling of the problem (المكيّف، المُكيف، المكيف …) is one term, counted once a comment
            assert counted == expected and expected >= 3 * (date.today() - starts).days  # four a day planted


def test_planted_surges_are_found_and_area_alerts_keep_to_the_jurisdiction(planted_db, demo_settings):
    from sqlalchemy import text

    from marsad import resources
    from marsad.alerts import compute
    from marsad.jurisdiction import Scope
    from marsad.queries import alerts

    engine = planted_db
    result = evaluate.run(engine, days=120, today=date.today())["surge"]
    assert result.events == 5 and result.recall >= 0.8 and result.false_alarms <= 1, result.lines()
    with engine.begin() as conn:
        conn.execute(text("TRUNCATE alert"))
        recent = conn.execute(
            text("SELECT center_id, term FROM demo_event WHERE kind = 'surge' AND starts > current_date - 20")
        ).all()
    compute.run(engine, date.today())
    with engine.connect() as conn:
        found = conn.execute(
            text("SELECT center_id, term FROM alert WHERE kind = 'surge' AND center_id IS NOT NULL")
        ).all()
        areas = [dict(r) for r in conn.execute(text("SELECT * FROM alert WHERE center_id IS NULL")).mappings()]
    assert recent and set(recent) <= set(found)  # each problem of the last weeks, by its own term
    assert areas and {a["area_level"] for a in areas} <= {"governorate", "region"}
    db = resources.database(
        demo_settings.model_copy(update={"database_url": engine.url.render_as_string(hide_password=False)})
    )
    app = db.engine(pool_size=1)
    try:
        everyone = alerts.listed(app, scope=Scope.national(), status=None, limit=1000)
        assert {a["id"] for a in everyone if a["center_id"] is None} == {a["id"] for a in areas}
        governorate = next(a for a in areas if a["area_level"] == "governorate")
        mine = alerts.listed(app, scope=Scope.of(areas=[governorate["governorate_code"]]), status=None, limit=1000)
        # a governorate's official: its own area alerts and centers, never the region's (other governorates in it)
        assert governorate["id"] in {a["id"] for a in mine}
        assert all(a["governorate_code"] == governorate["governorate_code"] for a in mine)
        sector = alerts.listed(app, scope=Scope.of(sectors=[governorate["sector_code"]]), status=None, limit=1000)
        assert governorate["id"] in {a["id"] for a in sector}
        assert all(a["sector_code"] == governorate["sector_code"] for a in sector)
        center = next(iter(found))[0]
        theirs = alerts.listed(app, scope=Scope.of(centers=[center]), status=None, limit=1000)
        assert theirs and all(a["center_id"] == center for a in theirs)  # a center manager: no area alert
    finally:
        app.dispose()


def test_the_alert_job_runs_after_each_fold_and_the_fold_counts_comment_terms(planted_db):
    from sqlalchemy import text

    from marsad.alerts import compute
    from marsad.queries import rollups

    engine = planted_db
    today = date.today()
    compute.run_if_new(engine, today)  # whatever it finds: from now on, nothing new
    assert compute.run_if_new(engine, today) is None

    def mentions(conn, center):
        return conn.execute(
            text("SELECT coalesce(sum(mentions), 0) FROM comment_term_daily WHERE center_id = :c AND term = 'مكيف'"),
            {"c": center},
        ).scalar()

    with engine.begin() as conn:
        center = conn.execute(text("SELECT min(center_id) FROM rating")).scalar()
        before = mentions(conn, center)
        new = conn.execute(
            text(
                "INSERT INTO rating (center_id, service_code, submitted_at, overall, source, rater_hmac, comment, lang, "
                "comment_status, comment_norm) SELECT center_id, service_code, now(), 2, source, 'test:fold', "
                "'المكيّف معطل', 'ar', 'pending', 'المكيف معطل' FROM rating WHERE center_id = :c LIMIT 1 RETURNING id"
            ),
            {"c": center},
        ).scalar()
        conn.execute(text("INSERT INTO rating_pending SELECT id, submitted_at FROM rating WHERE id = :i"), {"i": new})
        assert rollups.fold_pending(conn, wait=True) == 1
        assert mentions(conn, center) == before + 1  # folded into the term counts like the rollups
    assert compute.run_if_new(engine, today) is not None  # a fold since the last run: detection runs
    assert compute.run_if_new(engine, today) is None
    assert compute.run_if_new(engine, today + timedelta(days=1)) is not None  # and on a new day


def test_the_job_reads_in_sql_the_sums_the_evaluation_takes_from_daily_counts(planted_db):
    from marsad.alerts import compute, series, surges
    from marsad.queries import alert_counts, comment_terms

    engine, today = planted_db, date.today()
    first = today - timedelta(days=detect.HISTORY - 1)
    centers = alert_counts.active_centers(engine)
    n, sat = series.daily(
        alert_counts.center_days(engine, date_from=first, date_to=today), centers, first, today, values=2
    )
    daily = detect.window_sums(n, sat)
    sql = {r[0]: r[1:] for r in alert_counts.center_windows(engine, today=today, windows=detect.WINDOWS, baseline=56)}
    assert sql
    for i, c in enumerate(centers):
        got = sql.get(c, (0,) * 12)
        for j, w in enumerate(detect.WINDOWS):
            n_r, s_r, n_b, s_b = (int(a[i]) for a in daily[w])
            assert got[4 * j : 4 * j + 4] == (n_r, n_b, s_r, s_b), (c, w)
    for level in ("center", "governorate", "region"):
        found = compute.surge_matrices(engine, level, first=first, last=today, recent_from=today - timedelta(days=6))
        windows = compute._surge_table(
            level,
            *comment_terms.window_counts(
                engine, grain=level, today=today, windows=detect.WINDOWS, baseline=56, min_recent=surges.MIN_MENTIONS
            ),
        )
        assert (found is None) == (windows is None)
        if found is None:
            continue
        pairs, mentions, comments, _ = found
        expected = detect.window_sums(mentions, comments)
        at = {p: i for i, p in enumerate(windows[0])}
        assert set(at) == set(pairs), level
        for i, p in enumerate(pairs):
            for w in detect.WINDOWS:
                assert [float(a[i]) for a in expected[w]] == [float(a[at[p]]) for a in windows[1][w]], (level, p, w)
