"""Making the app's resources from the settings, for the web app (app.py) and for processes without it (the
report worker, the `marsad reports` command): the database and how each role logs in, the secrets kept in the
data folder, the cache, and the `Resources` built from them."""

from __future__ import annotations

import logging
import secrets
from dataclasses import dataclass
from typing import Any

import flask
from flask_caching import Cache
from sqlalchemy import Engine

from marsad.caching import ScopedCache
from marsad.context import Reference, Resources
from marsad.db.engines import (
    DatabaseUnavailable,
    can_log_in,
    check_postgis,
    database_url,
    login_url,
    make_engine,
    normalised,
)
from marsad.db.replicas import ReplicaSet, wal_position
from marsad.db.schema import current_revision, head_revision
from marsad.db.transactions import APP_ROLE, CITIZEN_ROLE, app_engine_hooks, read_scope_key
from marsad.settings import Settings


def secret_key(settings: Settings) -> str:
    return local_secret(settings, settings.secret_key, "secret_key")


def local_secret(settings: Settings, configured, name: str) -> str:
    """A secret from the settings, else one generated once and kept (mode 600) in data_dir."""
    if configured is not None:
        return configured.get_secret_value()
    path = settings.data_dir / name
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(secrets.token_urlsafe(48))
        path.chmod(0o600)
    return path.read_text().strip()


def cache_config(settings: Settings) -> dict:
    if settings.redis_url:
        return {
            "CACHE_TYPE": "RedisCache",
            "CACHE_REDIS_URL": settings.redis_url,
            "CACHE_DEFAULT_TIMEOUT": settings.cache_timeout,
            "CACHE_KEY_PREFIX": "marsad:",
        }
    return {"CACHE_TYPE": "SimpleCache", "CACHE_DEFAULT_TIMEOUT": settings.cache_timeout, "CACHE_THRESHOLD": 2000}


@dataclass(frozen=True)
class Database:
    """How the app reaches the database: the owner's URL (folds, checks), each role's and the scope key."""

    url: str
    key: bytes
    logins: dict[str, str]  # role -> URL its connections log in with

    def engine(self, role: str = APP_ROLE, **kwargs: Any) -> Engine:
        return app_engine_hooks(make_engine(self.logins[role], **kwargs), role, key=self.key)

    def replica_engine(self, url: str, role: str = APP_ROLE) -> Engine:
        """An engine on a read replica acting as `role`, like the primary's (its roles and key are replayed)."""
        url = normalised(url)
        own = login_url(url, role)
        return app_engine_hooks(make_engine(own if can_log_in(own) else url), role, key=self.key)


def database(settings: Settings) -> Database:
    """Check the database (PostGIS, schema revision), read the scope key as its owner, and find how each role logs
    in: as itself where the server accepts it (no way back to a privileged role), else as the owner switching to
    it, with a warning."""
    url = database_url(settings)
    probe = make_engine(url, pool_size=1)
    check_postgis(probe)
    revision, head = current_revision(probe), head_revision()
    if revision != head:
        probe.dispose()
        raise DatabaseUnavailable(
            f"the database schema is at revision {revision}, the app needs {head}: run `marsad db migrate`"
        )
    key = read_scope_key(probe)
    probe.dispose()
    logins = {}
    for role in (APP_ROLE, CITIZEN_ROLE):
        own = login_url(url, role)
        logins[role] = own if can_log_in(own) else url
        if logins[role] == url:
            logging.getLogger(__name__).warning(
                "the %s role cannot log in to this database: connecting as the owner and switching role "
                "(give the role LOGIN and a password to close that door)",
                role,
            )
    return Database(url=url, key=key, logins=logins)


def make(settings: Settings, server: flask.Flask, db: Database) -> Resources:
    """The resources of one process; the cache is bound to `server` (any Flask app)."""
    engine = db.engine()
    quick = db.engine(pool_size=4, single_statements=True)
    replicas = None
    if settings.replica_urls():
        replicas = ReplicaSet(
            engine,
            [db.replica_engine(url) for url in settings.replica_urls()],
            max_lag=settings.replica_max_lag,
            check_seconds=settings.replica_check_seconds,
        )
    cache = ScopedCache(
        Cache(server, config=cache_config(settings)),
        hold_seconds=settings.cache_timeout,
        wal_position=(lambda: wal_position(quick)) if replicas else None,
    )
    return Resources(
        settings=settings,
        engine=engine,
        quick_engine=quick,
        cache=cache,
        reference=Reference(engine=engine, cache=cache),
        secret=secret_key(settings),
        replicas=replicas,
    )
