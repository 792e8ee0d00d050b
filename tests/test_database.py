"""The embedded cluster and what happens when the database is missing or down."""

from __future__ import annotations

import pytest
import requests

from marsad.db.embedded import EmbeddedCluster
from marsad.db.engines import DatabaseUnavailable, check_postgis, make_engine
from marsad.db.schema import current_revision, head_revision, migrate
from marsad.queries import officials
from marsad.settings import Settings
from tests.conftest import LiveServer, _private_tmp

pytestmark = pytest.mark.database  # starts clusters and servers of its own


def test_up_is_idempotent_and_migrations_rerun(cluster):
    assert cluster.up() == cluster.up()
    engine = make_engine(cluster.ensure_database("marsad_idem"))
    migrate(engine)
    migrate(engine)
    assert current_revision(engine) == head_revision()
    assert check_postgis(engine).startswith("3.")


def test_unreachable_database_has_a_clear_message(tmp_path):
    engine = make_engine(f"postgresql+psycopg://postgres@/marsad?host={tmp_path}")
    with pytest.raises(DatabaseUnavailable, match="cannot connect to the database"):
        check_postgis(engine)


def test_api_says_503_when_the_database_goes_down(tmp_path):
    root = _private_tmp("marsad-down-")
    c = EmbeddedCluster(root / "pg")
    url = c.up()
    migrate(make_engine(url))
    officials.add(
        make_engine(url), username="analyst", display_name="A", role="analyst", password="p" * 12, national=True
    )
    server = LiveServer(Settings(database_url=url, data_dir=tmp_path, secret_key="x" * 32))
    try:
        assert requests.get(f"{server.url}/api/v1/health", timeout=10).status_code == 200
        c.stop()
        for path in ("health", "areas", "summary"):
            r = requests.get(f"{server.url}/api/v1/{path}", auth=("analyst", "p" * 12), timeout=30)
            assert r.status_code == 503, (path, r.text)
            assert "Traceback" not in r.text
    finally:
        server.stop()
        c.destroy()


def test_upgrading_a_database_with_comments(cluster):
    """Comments stored before 0006 survive the upgrade: pending moderation, searchable like new ones."""
    from sqlalchemy import text

    from marsad.comments.normalize import normalize

    engine = make_engine(cluster.ensure_database("marsad_upgrade"))
    migrate(engine, "0005")
    comment = "خدمة ممـــتازة في مستشفى الصحة، شُكْرًا لإدارة الأحوال"
    with engine.begin() as conn:
        conn.execute(text("INSERT INTO sector VALUES ('s', 'ق', 'S')"))
        conn.execute(text("INSERT INTO service VALUES ('s.x', 's', 'خ', 'X')"))
        conn.execute(text("INSERT INTO e_platform (code, sector_code, name_ar, name_en) VALUES ('p', 's', 'م', 'P')"))
        conn.execute(
            text(
                "INSERT INTO rating (platform_code, service_code, submitted_at, overall, source, comment) "
                "VALUES ('p', 's.x', now(), 5, 'app', :c)"
            ),
            {"c": comment},
        )
    migrate(engine)
    with engine.connect() as conn:
        status, norm = conn.execute(text("SELECT comment_status, comment_norm FROM rating")).one()
    assert status == "pending" and norm == normalize(comment)


def test_a_server_that_lost_its_socket_is_restarted(tmp_path):
    root = _private_tmp("marsad-socket-")
    c = EmbeddedCluster(root / "pg")
    try:
        c.up()
        for sock in c.socket_dir.glob(".s.PGSQL.*"):
            sock.unlink()
        assert c.is_running() and not c.has_socket()
        engine = make_engine(c.up())  # what `marsad db up` does
        with engine.connect() as conn:
            assert conn.exec_driver_sql("SELECT 1").scalar() == 1
        engine.dispose()
    finally:
        c.destroy()


def _terminate_others(owner) -> int:
    """Close every other connection to `owner`'s database, as a database restart would; how many there were."""
    from sqlalchemy import text

    with owner.connect() as conn:
        return conn.execute(
            text(
                "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
                "WHERE datname = current_database() AND pid <> pg_backend_pid()"
            )
        ).scalar()


def test_single_statements_survive_connections_dropped_under_them(demo_engine):
    from sqlalchemy import text
    from sqlalchemy.exc import DBAPIError

    from marsad.db.engines import retry_if_disconnected

    quick = make_engine(demo_engine.url.render_as_string(hide_password=False), pool_size=1, single_statements=True)

    def backend() -> int:
        with quick.connect() as conn:
            return conn.execute(text("SELECT pg_backend_pid()")).scalar()

    try:
        first = backend()
        with demo_engine.connect() as conn:
            conn.execute(text("SELECT pg_terminate_backend(:p)"), {"p": first})
        with pytest.raises(DBAPIError) as caught:  # no ping on checkout: the dead connection is found by using it
            backend()
        assert caught.value.connection_invalidated
        second = backend()
        with demo_engine.connect() as conn:
            conn.execute(text("SELECT pg_terminate_backend(:p)"), {"p": second})
        third = retry_if_disconnected(backend)
        assert len({first, second, third}) == 3
    finally:
        quick.dispose()


def test_signed_in_requests_go_on_when_the_app_connections_are_dropped(live_server, accounts, demo_engine):
    """Every pooled connection of the app closed under it (a database restart): the next requests, whose
    sign-in check runs on a connection that is not pinged first, still succeed."""
    assert requests.get(f"{live_server.url}/api/v1/summary", auth=accounts["analyst"], timeout=30).status_code == 200
    assert _terminate_others(demo_engine) > 0
    for _ in range(3):
        r = requests.get(f"{live_server.url}/api/v1/summary", auth=accounts["analyst"], timeout=30)
        assert r.status_code == 200, r.text
