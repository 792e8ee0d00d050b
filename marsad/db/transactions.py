"""The one way the application reads jurisdiction-bound tables: a transaction carrying the scope.

The scope is set with set_config(..., is_local => true), so it lives exactly as long as the transaction,
and PostgreSQL's row-level security (migration 0002) filters every row a second time by it.
"""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Iterator
from contextlib import contextmanager
from weakref import WeakKeyDictionary

from sqlalchemy import Connection, Engine, event, text

from marsad.jurisdiction import Scope

APP_ROLE = "marsad_app"
CITIZEN_ROLE = "marsad_citizen"

SET_SCOPE = text(
    "SELECT set_config('marsad.scope_areas', :areas, true), set_config('marsad.scope_sectors', :sectors, true), "
    "set_config('marsad.scope_centers', :centers, true), set_config('marsad.scope_sig', :sig, true)"
)
# the key each application engine signs its scopes with (read from the database by its owner at start)
_KEYS: WeakKeyDictionary[Engine, bytes] = WeakKeyDictionary()


def _array_literal(values) -> str:
    """A PostgreSQL text[] literal: every element quoted, so that the text signed is the text the policies parse."""
    return "{" + ",".join('"' + str(v).replace("\\", "\\\\").replace('"', '\\"') + '"' for v in values) + "}"


def scope_settings(scope: Scope, key: bytes) -> dict[str, str]:
    """The settings a transaction carries for `scope`: each list ('*' = unrestricted) and their HMAC under `key`,
    which the database checks (migration 0017: marsad_scope_valid) before any policy uses them."""
    out = {}
    for name in ("areas", "sectors", "centers"):
        value = getattr(scope, name)
        out[name] = "*" if value is None else _array_literal(sorted(str(v) for v in value))
    message = f"{out['areas']}|{out['sectors']}|{out['centers']}".encode()
    out["sig"] = hmac.new(key, message, hashlib.sha256).hexdigest() if key else ""
    return out


@contextmanager
def scoped(engine: Engine, scope: Scope) -> Iterator[Connection]:
    """A connection in a transaction whose row-level security is limited to `scope` (signed with the engine's key;
    without one the database honours no scope and the application role sees nothing)."""
    with engine.begin() as conn:
        conn.execute(SET_SCOPE, scope_settings(scope, _KEYS.get(engine, b"")))
        yield conn


def signing_key(engine: Engine) -> bytes | None:
    """The key an application engine signs with (None for the owner's engines)."""
    return _KEYS.get(engine)


def read_scope_key(owner: Engine) -> bytes:
    """The key scopes are signed with, which only the database's owner may read."""
    with owner.connect() as conn:
        key = conn.execute(text("SELECT key FROM marsad_scope_key WHERE id = 1")).scalar()
    if not key:
        raise RuntimeError("the database has no scope key: run `marsad db migrate`")
    return bytes(key)


def app_engine_hooks(engine: Engine, role: str = APP_ROLE, *, key: bytes) -> Engine:
    """Make every connection of `engine` act as `role` (the application or citizen role), which cannot bypass RLS,
    and sign its scopes with `key`. An engine that logs in as the role itself (engines.login_url) needs no role
    switch and has no way back to a privileged role; one that logs in as the owner switches (and could switch
    back: only for databases where the role cannot log in)."""
    if role not in (APP_ROLE, CITIZEN_ROLE):
        raise ValueError(f"unknown role {role!r}")
    _KEYS[engine] = key

    @event.listens_for(engine, "connect")
    def _as_app_role(dbapi_conn, _record):
        with dbapi_conn.cursor() as cur:
            cur.execute("SELECT current_user")
            if cur.fetchone()[0] != role:
                cur.execute(f"SET SESSION ROLE {role}")
            # short interactive queries: compiling them (JIT) cost 260 ms on a 10 ms nearest-centers scan
            cur.execute("SET jit = off")
        dbapi_conn.commit()

    return engine
