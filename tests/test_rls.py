"""Row-level security on its own: raw SQL through the application role, with no Python filtering at all."""

from __future__ import annotations

import pytest
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError

from marsad.db.engines import make_engine
from marsad.db.transactions import app_engine_hooks, read_scope_key, scoped
from marsad.jurisdiction import Scope
from marsad.queries import rollups


@pytest.fixture(scope="module")
def app_engine(demo_engine):
    engine = app_engine_hooks(
        make_engine(demo_engine.url.render_as_string(hide_password=False)), key=read_scope_key(demo_engine)
    )
    yield engine
    engine.dispose()


def count_by_region(conn, table: str) -> dict[str, int]:
    if table == "rating":
        sql = "SELECT c.region_code, count(*) FROM rating x JOIN service_center c ON c.id = x.center_id GROUP BY 1"
    else:
        sql = f"SELECT region_code, count(*) FROM {table} GROUP BY 1"  # rows, whatever their grain
    return dict(conn.execute(text(sql)).all())


@pytest.mark.parametrize("table", ["service_center", "rating", *[r.table for r in rollups.ALL]])
def test_region_scope_returns_no_row_of_another_region(app_engine, demo_engine, table):
    with demo_engine.connect() as conn:
        everything = count_by_region(conn, table)
    assert len(everything) > 1
    with scoped(app_engine, Scope.of(areas={"SA-01"})) as conn:
        seen = count_by_region(conn, table)
        raw_other = conn.execute(text("SELECT count(*) FROM service_center WHERE region_code = 'SA-02'")).scalar()
    assert seen == {"SA-01": everything["SA-01"]}
    assert raw_other == 0
    with scoped(app_engine, Scope.national()) as conn:
        assert count_by_region(conn, table) == everything


def test_sector_and_center_scopes(app_engine, demo_engine):
    with demo_engine.connect() as conn:
        health = conn.execute(text("SELECT count(*) FROM rating_daily WHERE sector_code = 'health'")).scalar()
        center = conn.execute(text("SELECT min(id) FROM service_center")).scalar()
        one = conn.execute(text("SELECT count(*) FROM rating WHERE center_id = :c"), {"c": center}).scalar()
    with scoped(app_engine, Scope.of(sectors={"health"})) as conn:
        assert conn.execute(text("SELECT count(*) FROM rating_daily")).scalar() == health
        assert conn.execute(text("SELECT count(*) FROM rating_daily WHERE sector_code <> 'health'")).scalar() == 0
    with scoped(app_engine, Scope.of(centers={center})) as conn:
        assert conn.execute(text("SELECT count(*) FROM rating")).scalar() == one
        assert conn.execute(text("SELECT count(DISTINCT id) FROM service_center")).scalar() == 1


def test_without_a_scope_nothing_is_visible(app_engine):
    with app_engine.connect() as conn:  # no scoped(): the settings are unset, the policies fail closed
        for table in (
            "rating",
            "rating_daily",
            "service_center",
            "rollup_center_month",
            "rollup_area_day",
            "rollup_area_month",
            "rollup_region_day",
            "rollup_region_month",
        ):
            assert conn.execute(text(f"SELECT count(*) FROM {table}")).scalar() == 0
    with scoped(app_engine, Scope.of(areas=set())) as conn:
        assert conn.execute(text("SELECT count(*) FROM rating_daily")).scalar() == 0


def test_a_scope_ends_with_its_transaction(app_engine):
    with scoped(app_engine, Scope.national()) as conn:
        assert conn.execute(text("SELECT count(*) FROM rating_daily")).scalar() > 0
    with app_engine.connect() as conn:
        assert conn.execute(text("SELECT count(*) FROM rating_daily")).scalar() == 0


def test_the_app_role_cannot_bypass_or_write(app_engine):
    with app_engine.connect() as conn:
        role = conn.execute(
            text("SELECT current_user, rolbypassrls, rolsuper FROM pg_roles WHERE rolname = current_user")
        ).one()
        assert tuple(role) == ("marsad_app", False, False)
        owned = conn.execute(text("SELECT count(*) FROM pg_tables WHERE tableowner = current_user")).scalar()
        assert owned == 0
    for statement in (
        "UPDATE rating_daily SET n1 = n1 + 1",
        "DELETE FROM rating",
        "ALTER TABLE rating DISABLE ROW LEVEL SECURITY",
        "SET row_security = off; SELECT count(*) FROM rating",
        "UPDATE audit_log SET username = 'x'",
        "DELETE FROM audit_log",
        "TRUNCATE official",
    ):
        with pytest.raises(DBAPIError), scoped(app_engine, Scope.national()) as conn:
            conn.execute(text(statement))


def test_audit_log_is_append_only_even_for_the_owner(demo_engine):
    from marsad.queries import audit

    audit.append(
        demo_engine, official_id=None, username="t", action="test", target="x", params={}, scope=Scope.national()
    )
    with pytest.raises(DBAPIError, match="append-only"), demo_engine.begin() as conn:
        conn.execute(text("UPDATE audit_log SET username = 'y'"))


def test_area_rollups_are_hidden_from_center_managers(app_engine, demo_engine):
    with demo_engine.connect() as conn:
        center = conn.execute(text("SELECT min(id) FROM service_center")).scalar()
    with scoped(app_engine, Scope.of(centers={center})) as conn:
        for r in rollups.ALL:
            if r.grain == "center":
                assert conn.execute(text(f"SELECT count(DISTINCT center_id) FROM {r.table}")).scalar() == 1, r.table
            else:
                assert conn.execute(text(f"SELECT count(*) FROM {r.table}")).scalar() == 0, r.table


@pytest.mark.parametrize("level", ["governorate", "locality"])
def test_rows_coarser_than_the_scope_are_hidden(app_engine, demo_engine, level):
    """A rollup without the scope's own area column shows none of its rows (fails closed); finer ones show
    only rows inside the area."""
    with demo_engine.connect() as conn:
        code = conn.execute(
            text(f"SELECT {level}_code FROM rating_daily GROUP BY 1 ORDER BY count(*) DESC LIMIT 1")
        ).scalar()  # the busiest area of the level
    with scoped(app_engine, Scope.of(areas={code})) as conn:
        for r in rollups.ALL:
            n = conn.execute(text(f"SELECT count(*) FROM {r.table}")).scalar()
            if rollups.GRAINS.index(r.grain) < rollups.GRAINS.index(level):
                assert n == 0, r.table
            else:
                assert n > 0, r.table
                assert (
                    conn.execute(
                        text(f"SELECT count(*) FROM {r.table} WHERE {level}_code IS DISTINCT FROM :c"), {"c": code}
                    ).scalar()
                    == 0
                ), r.table


def test_center_rows_waiting_to_be_sealed_keep_every_scope(app_engine, demo_engine):
    """rollup_center_recent (migration 0043), empty in a freshly built database: filled here with a copy of a day's
    center rows, every scope sees only its own of them, and no scope nothing."""
    recent = rollups.RECENT.table
    with demo_engine.begin() as conn:
        conn.execute(
            text(f"INSERT INTO {recent} SELECT * FROM rating_daily WHERE day = (SELECT max(day) FROM rating_daily)")
        )
        everything = count_by_region(conn, recent)
        center, health = conn.execute(
            text(f"SELECT min(center_id), count(*) FILTER (WHERE sector_code = 'health') FROM {recent}")
        ).one()
    try:
        assert len(everything) > 1 and health > 0
        with scoped(app_engine, Scope.of(areas={"SA-01"})) as conn:
            assert count_by_region(conn, recent) == {"SA-01": everything["SA-01"]}
        with scoped(app_engine, Scope.of(sectors={"health"})) as conn:
            assert conn.execute(
                text(f"SELECT count(*), count(*) FILTER (WHERE sector_code <> 'health') FROM {recent}")
            ).one() == (health, 0)
        with scoped(app_engine, Scope.of(centers={center})) as conn:
            assert conn.execute(text(f"SELECT array_agg(DISTINCT center_id) FROM {recent}")).scalar() == [center]
        with app_engine.connect() as conn:
            assert conn.execute(text(f"SELECT count(*) FROM {recent}")).scalar() == 0
    finally:
        with demo_engine.begin() as conn:
            conn.execute(text(f"DELETE FROM {recent}"))


def test_no_rollup_index_holds_a_count(demo_engine):
    """A fold adds to rows that exist (today's, this week's, this month's): that update is heap-only, touching no
    index, only if no index holds a column it changes (migration 0042 took the counts out of the center totals'
    region indexes, where every update wrote a new entry in each of the table's indexes)."""
    with demo_engine.connect() as conn:
        indexed = conn.execute(
            text(
                "SELECT t.relname, a.attname FROM pg_index i JOIN pg_class t ON t.oid = i.indrelid "
                "JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = ANY (i.indkey) "
                "WHERE t.relname = ANY (:tables)"
            ),
            {"tables": [r.table for r in rollups.ALL]},
        ).all()
    assert {t for t, _ in indexed} == {r.table for r in rollups.ALL}  # every rollup was looked at
    assert [(t, c) for t, c in indexed if c in rollups.MEASURES] == []


# the second wall (hardening issue, finding 6): what SQL run as the application role can do on its own


@pytest.fixture(scope="module")
def app_login(demo_engine):
    """A connection pool logging in as the application role itself, as the app's engines do."""
    from marsad.db.engines import login_url

    engine = make_engine(login_url(demo_engine.url.render_as_string(hide_password=False), "marsad_app"))
    yield engine
    engine.dispose()


def set_raw(conn, areas="*", sectors="*", centers="*", sig=""):
    conn.execute(
        text(
            "SELECT set_config('marsad.scope_areas', :a, true), set_config('marsad.scope_sectors', :s, true), "
            "set_config('marsad.scope_centers', :c, true), set_config('marsad.scope_sig', :g, true)"
        ),
        {"a": areas, "s": sectors, "c": centers, "g": sig},
    )


def test_the_application_role_cannot_choose_its_own_scope(app_login, demo_engine):
    from marsad.db.transactions import scope_settings

    key = read_scope_key(demo_engine)
    with app_login.begin() as conn:
        set_raw(conn)  # everything, unsigned
        assert conn.execute(text("SELECT count(*) FROM rating_daily")).scalar() == 0
    with app_login.begin() as conn:
        set_raw(conn, sig="0" * 64)  # everything, with a made-up signature
        assert conn.execute(text("SELECT count(*) FROM rating")).scalar() == 0
    signed = scope_settings(Scope.of(areas={"SA-01"}), key)
    with app_login.begin() as conn:
        set_raw(conn, "*", signed["sectors"], signed["centers"], signed["sig"])  # SA-01's signature, widened
        assert conn.execute(text("SELECT count(*) FROM service_center")).scalar() == 0
    with app_login.begin() as conn:
        set_raw(conn, signed["areas"], signed["sectors"], signed["centers"], signed["sig"])  # as signed: SA-01
        regions = conn.execute(text("SELECT DISTINCT region_code FROM service_center")).scalars().all()
        assert regions == ["SA-01"]


def test_the_application_role_has_no_way_back_and_reads_no_secrets(app_login):
    from sqlalchemy.exc import ProgrammingError

    with app_login.connect() as conn:
        conn.execute(text("RESET ROLE"))
        assert conn.execute(text("SELECT current_user")).scalar() == "marsad_app"
        assert (
            conn.execute(text("SELECT rolsuper OR rolbypassrls FROM pg_roles WHERE rolname = current_user")).scalar()
            is False
        )
    for sql in (
        "SET ROLE postgres",
        "SELECT key FROM marsad_scope_key",
        "SELECT count(*) FROM audit_log",
        "UPDATE audit_log SET action = 'x'",
    ):
        with app_login.connect() as conn, pytest.raises((ProgrammingError, DBAPIError)):
            conn.execute(text(sql))


def test_the_audit_log_is_read_only_under_a_signed_national_scope(app_engine, demo_engine):
    from marsad.queries import audit

    with demo_engine.begin() as conn:
        conn.execute(text("INSERT INTO audit_log (username, action, target) VALUES ('rls_test', 'view', 'x')"))
    assert audit.recent(app_engine, scope=Scope.national(), username="rls_test")
    assert audit.recent(app_engine, scope=Scope.of(areas={"SA-01"}), username="rls_test") == []
    with app_engine.connect() as conn:  # no scope at all
        assert conn.execute(text("SELECT count(*) FROM marsad_audit_recent(NULL, NULL, NULL, 10)")).scalar() == 0


def test_the_app_logs_in_as_its_roles(live_server):
    res = live_server.app.server.extensions["marsad"]
    assert res.engine.url.username == "marsad_app" and res.quick_engine.url.username == "marsad_app"
    citizens = live_server.app.server.extensions["marsad_citizens"]
    assert citizens.engine.url.username == "marsad_citizen"


def test_password_hashes_are_out_of_the_application_roles_reach(app_login, demo_engine, accounts):
    import hashlib
    import hmac as hmac_mod

    from sqlalchemy.exc import ProgrammingError

    username = accounts["analyst"][0]
    for sql in ("SELECT password_hash FROM official", "SELECT * FROM official"):
        with app_login.connect() as conn, pytest.raises(ProgrammingError):
            conn.execute(text(sql))
    with app_login.connect() as conn:
        assert (
            conn.execute(text("SELECT marsad_password_hash(:u, :s)"), {"u": username, "s": "0" * 64}).scalar() is None
        )
        key = read_scope_key(demo_engine)
        signed = hmac_mod.new(key, f"password|{username}".encode(), hashlib.sha256).hexdigest()
        assert conn.execute(text("SELECT marsad_password_hash(:u, :s)"), {"u": username, "s": signed}).scalar()
        other = hmac_mod.new(key, b"password|governor", hashlib.sha256).hexdigest()
        assert conn.execute(text("SELECT marsad_password_hash(:u, :s)"), {"u": username, "s": other}).scalar() is None
