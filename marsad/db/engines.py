"""Connecting to PostGIS: the configured server or the embedded cluster, checked and migrated."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

import orjson
from psycopg.types.json import set_json_loads
from sqlalchemy import Engine, create_engine, event, make_url, text
from sqlalchemy.exc import DBAPIError, OperationalError
from sqlalchemy.pool import NullPool

from marsad.db.embedded import EmbeddedCluster
from marsad.settings import Settings

T = TypeVar("T")


class DatabaseUnavailable(RuntimeError):
    """The database cannot be used; the message says why and what to do."""


def embedded_cluster(settings: Settings) -> EmbeddedCluster:
    return EmbeddedCluster(settings.data_dir.resolve() / "pg")


def normalised(url: str) -> str:
    """A PostgreSQL URL for SQLAlchemy with psycopg 3, whichever driver it names."""
    parsed = make_url(url)
    if parsed.drivername in ("postgresql", "postgres", "postgresql+psycopg2"):
        parsed = parsed.set(drivername="postgresql+psycopg")
    return parsed.render_as_string(hide_password=False)


def database_url(settings: Settings, *, start_embedded: bool = True) -> str:
    """The configured URL, or the embedded cluster's (started if needed)."""
    if settings.database_url:
        return normalised(settings.database_url)
    cluster = embedded_cluster(settings)
    return cluster.up() if start_embedded else cluster.url()


def make_engine(url: str, *, pool_size: int = 10, single_statements: bool = False) -> Engine:
    """An engine with a pool. `single_statements`: for statements that each stand alone (the signed-in official's
    row read on every request, an audit row written): autocommit, so no BEGIN and COMMIT round trips, and no
    ping when a connection leaves the pool; run them through `retry_if_disconnected`, which stands in for it."""
    if single_statements:
        engine = create_engine(
            url,
            pool_size=pool_size,
            max_overflow=5,
            pool_pre_ping=False,
            isolation_level="AUTOCOMMIT",
            connect_args={"connect_timeout": 5},
        )
    else:
        engine = create_engine(
            url, pool_size=pool_size, max_overflow=5, pool_pre_ping=True, connect_args={"connect_timeout": 5}
        )

    @event.listens_for(engine, "connect")
    def _fast_json(dbapi_conn, _record):
        # json columns (the map's geometry among them) parsed by orjson: half the time of the json module
        set_json_loads(orjson.loads, dbapi_conn)

    return engine


def retry_if_disconnected(fn: Callable[[], T]) -> T:
    """fn(), once more if its connection turned out to be dead (the database restarted since it was pooled):
    SQLAlchemy has then dropped every pooled connection, so the second try connects afresh. Only for statements
    that may run twice (a read, or an audit row, which may then be stored twice rather than not at all)."""
    try:
        return fn()
    except DBAPIError as exc:
        if not exc.connection_invalidated:
            raise
        return fn()


def check_postgis(engine: Engine) -> str:
    """Return the PostGIS version, or raise DatabaseUnavailable with a clear message."""
    try:
        with engine.connect() as conn:
            available = conn.execute(
                text("SELECT default_version FROM pg_available_extensions WHERE name = 'postgis'")
            ).scalar()
    except OperationalError as exc:
        raise DatabaseUnavailable(
            f"cannot connect to the database ({exc.orig}). Check MARSAD_DATABASE_URL, "
            "or unset it to use the embedded cluster (`marsad db up`)."
        ) from exc
    if available is None:
        raise DatabaseUnavailable(
            "this PostgreSQL server has no PostGIS extension available. Install PostGIS on it "
            "(Debian: apt-get install postgresql-15-postgis-3) or point MARSAD_DATABASE_URL at a PostGIS server."
        )
    return available


def login_url(url: str, role: str) -> str:
    """`url` logging in as `role` itself (no password: the embedded cluster trusts its own socket; elsewhere give the
    role a password and MARSAD_DATABASE_URL the owner's)."""
    return make_url(url).set(username=role, password=None).render_as_string(hide_password=False)


def can_log_in(url: str) -> bool:
    """Whether a connection with these credentials is accepted."""
    probe = create_engine(url, poolclass=NullPool, connect_args={"connect_timeout": 5})
    try:
        with probe.connect():
            return True
    except OperationalError:
        return False
    finally:
        probe.dispose()
