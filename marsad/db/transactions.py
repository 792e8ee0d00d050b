"""The one way the application reads jurisdiction-bound tables: a transaction carrying the scope.

The scope is set with set_config(..., is_local => true), so it lives exactly as long as the transaction,
and PostgreSQL's row-level security (migration 0002) filters every row a second time by it.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import Connection, Engine, event, text

from marsad.jurisdiction import Scope

APP_ROLE = "marsad_app"
CITIZEN_ROLE = "marsad_citizen"

SET_SCOPE = text("""
SELECT set_config('marsad.scope_areas', CASE WHEN :areas_all THEN '*' ELSE CAST(:areas AS text[])::text END, true),
       set_config('marsad.scope_sectors', CASE WHEN :sectors_all THEN '*' ELSE CAST(:sectors AS text[])::text END, true),
       set_config('marsad.scope_centers', CASE WHEN :centers_all THEN '*' ELSE CAST(:centers AS text[])::text END, true)
""")


def scope_params(scope: Scope) -> dict:
    out: dict[str, object] = {}
    for name in ("areas", "sectors", "centers"):
        value = getattr(scope, name)
        out[f"{name}_all"] = value is None
        out[name] = [] if value is None else sorted(str(v) for v in value)
    return out


@contextmanager
def scoped(engine: Engine, scope: Scope) -> Iterator[Connection]:
    """A connection in a transaction whose row-level security is limited to `scope`."""
    with engine.begin() as conn:
        conn.execute(SET_SCOPE, scope_params(scope))
        yield conn


def app_engine_hooks(engine: Engine, role: str = APP_ROLE) -> Engine:
    """Make every connection of `engine` act as `role` (the application or citizen role), which cannot
    bypass RLS."""
    if role not in (APP_ROLE, CITIZEN_ROLE):
        raise ValueError(f"unknown role {role!r}")

    @event.listens_for(engine, "connect")
    def _as_app_role(dbapi_conn, _record):
        with dbapi_conn.cursor() as cur:
            cur.execute(f"SET SESSION ROLE {role}")
            # short interactive queries: compiling them (JIT) cost 260 ms on a 10 ms nearest-centers scan
            cur.execute("SET jit = off")
        dbapi_conn.commit()

    return engine
