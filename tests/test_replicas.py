"""Read replicas (issue "beyond one machine", point 1), against a real streaming replica of the test cluster made
by the app's own code (pg_basebackup): reads go to it and agree with the primary, the scope holds there, a replica
that is down or behind the data version is skipped, and one that comes back is used again."""

from __future__ import annotations

import base64
import time

import pytest
from sqlalchemy import text

from marsad.context import EXTENSION
from marsad.db.embedded import EmbeddedReplica
from marsad.db.engines import make_engine


@pytest.fixture(scope="module")
def replica(cluster, demo_engine, accounts):
    r = EmbeddedReplica(cluster.root.parent / "replica-test", primary=cluster)
    r.up()
    yield r
    r.destroy()


@pytest.fixture(scope="module")
def app(demo_settings, replica):
    from marsad.app import create_app

    url = replica.url("marsad_demo")
    settings = demo_settings.model_copy(
        update={"database_replica_urls": url, "replica_check_seconds": 0.2, "replica_max_lag": 5.0}
    )
    return create_app(settings)


def _auth(account) -> dict:
    return {"Authorization": "Basic " + base64.b64encode(f"{account[0]}:{account[1]}".encode()).decode()}


def _summary(app, account, **query) -> dict:
    r = app.server.test_client().get(
        "/api/v1/summary", query_string={"from": "2025-12-01", "to": "2026-11-30", **query}, headers=_auth(account)
    )
    assert r.status_code == 200, r.data
    return r.get_json()


def _resources(app):
    return app.server.extensions[EXTENSION]


def _replicas(app):
    return _resources(app).replicas


def _replay(replica, paused: bool) -> None:
    engine = make_engine(replica.url("marsad_demo"), pool_size=1)
    with engine.connect() as conn:
        conn.execute(text("SELECT pg_wal_replay_pause()" if paused else "SELECT pg_wal_replay_resume()"))
        conn.commit()
    engine.dispose()


def _wait(predicate, seconds: float = 15) -> None:
    deadline = time.monotonic() + seconds
    while not predicate():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.1)


def test_reads_go_to_the_replica_agree_with_the_primary_and_keep_the_scope(app, replica, demo_engine, accounts):
    replicas = _replicas(app)
    with demo_engine.connect() as conn:  # the primary, independently: the rated count of the period
        national_n = conn.execute(
            text(
                "SELECT count(*) FROM rating WHERE (submitted_at AT TIME ZONE 'Asia/Riyadh')::date "
                "BETWEEN '2025-12-01' AND '2026-11-30'"
            )
        ).scalar()
        region_n = conn.execute(
            text(
                "SELECT count(*) FROM rating r JOIN service_center c ON c.id = r.center_id "
                "WHERE c.region_code = 'SA-01' AND (r.submitted_at AT TIME ZONE 'Asia/Riyadh')::date "
                "BETWEEN '2025-12-01' AND '2026-11-30'"
            )
        ).scalar()
    _wait(lambda: replicas.reader() is replicas.replicas[0].engine)  # once a check finds it caught up
    before = replicas.replicas[0].reads
    national = _summary(app, accounts["analyst"], source="")
    governor = _summary(app, accounts["governor"])
    assert replicas.replicas[0].reads >= before + 2  # answered by the replica
    assert national["n"] == national_n
    assert governor["n"] == region_n < national_n  # row-level security on the replica: the region only
    out = app.server.test_client().get(
        "/api/v1/summary", query_string={"area": "SA-02"}, headers=_auth(accounts["governor"])
    )
    assert out.status_code in (403, 404)  # outside the jurisdiction, on a replica as anywhere


def test_a_replica_that_is_down_is_skipped_and_used_again_when_back(app, replica, accounts):
    replicas = _replicas(app)
    want = _summary(app, accounts["analyst"], sector="health")
    replica.stop()
    try:
        primary_before = replicas.primary_reads
        got = _summary(app, accounts["analyst"], sector="education")  # not cached: a real read
        assert got["n"] > 0 and replicas.primary_reads > primary_before and not replicas.replicas[0].healthy
    finally:
        replica.start()
    _wait(lambda: replicas.reader() is replicas.replicas[0].engine)  # back by itself, at a later check
    reads = replicas.replicas[0].reads
    assert _summary(app, accounts["analyst"], sector="health", source="app")["n"] > 0  # not cached: a real read
    assert replicas.replicas[0].reads > reads
    assert _summary(app, accounts["analyst"], sector="health") == want


def test_a_replica_behind_the_data_version_does_not_answer_for_it(app, replica, demo_engine, accounts):
    replicas = _replicas(app)
    res_cache = _resources(app).cache
    _replay(replica, paused=True)
    try:
        with demo_engine.begin() as conn:  # a write the replica will not replay while paused
            conn.execute(text("CREATE TABLE IF NOT EXISTS replica_probe (n int)"))
            conn.execute(text("INSERT INTO replica_probe VALUES (1)"))
        res_cache.bump_data_version()  # as a fold does: the version now stands for data past the replica
        time.sleep(0.3)  # a check after the write
        assert replicas.reader(res_cache.data_position()) is replicas.primary
        assert replicas.reader(0) is replicas.replicas[0].engine  # an older version may still be read there
    finally:
        _replay(replica, paused=False)
    _wait(lambda: replicas.reader(res_cache.data_position()) is replicas.replicas[0].engine)
    with demo_engine.begin() as conn:
        conn.execute(text("DROP TABLE replica_probe"))


def test_a_replica_that_dies_during_reads_costs_no_answer(demo_settings, replica, demo_engine, accounts):
    from marsad.app import create_app

    settings = demo_settings.model_copy(  # no check for an hour: the death is met by a read, not by a check
        update={"database_replica_urls": replica.url("marsad_demo"), "replica_check_seconds": 3600}
    )
    app = create_app(settings)
    replicas = _replicas(app)
    replicas.check_seconds = 0.2  # until a check has found it caught up (the primary may be writing meanwhile)
    _wait(lambda: replicas.reader() is replicas.replicas[0].engine)
    replicas.check_seconds = 3600
    assert _summary(app, accounts["analyst"], source="app")["n"] > 0 and replicas.replicas[0].reads >= 2
    with demo_engine.connect() as conn:
        surveys = conn.execute(
            text(
                "SELECT count(*) FROM rating WHERE source = 'survey' AND (submitted_at AT TIME ZONE 'Asia/Riyadh')::date "
                "BETWEEN '2025-12-01' AND '2026-11-30'"
            )
        ).scalar()
    replica.kill()
    try:
        assert _summary(app, accounts["analyst"], source="survey")["n"] == surveys  # answered, by the primary
        assert not replicas.replicas[0].healthy and replicas.primary_reads >= 1
    finally:
        replica.start()


@pytest.mark.unit
def test_a_replicas_lag_is_the_time_since_the_primary_stood_where_it_has_replayed():
    from sqlalchemy import create_engine

    from marsad.db.replicas import ReplicaSet, lsn

    replicas = ReplicaSet(create_engine("postgresql+psycopg://x@/y"), [], max_lag=5, check_seconds=1)
    now = time.monotonic()
    replicas._positions.extend([(now - 3, lsn("0/100")), (now - 1, lsn("0/200"))])
    assert replicas.lag(lsn("0/250"), lsn("0/250")) == 0.0  # replayed all there is
    assert 2.9 < replicas.lag(lsn("0/150"), lsn("0/300")) < 3.5  # the primary was at 0/100 three seconds ago
    assert 0.9 < replicas.lag(lsn("0/200"), lsn("0/300")) < 1.5
    assert replicas.lag(lsn("0/50"), lsn("0/300")) == float("inf")  # behind anything seen: not used
    assert lsn("16/B374D848") == (0x16 << 32) + 0xB374D848 and lsn(None) == 0
