"""What every request handler needs: the engine, the cache and the settings, plus scoped memoisation."""

from __future__ import annotations

import contextvars
import hashlib
import json
import time
from collections.abc import Callable
from contextlib import contextmanager
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import date

from flask import current_app
from flask_caching import Cache
from sqlalchemy import Engine

from marsad.queries import audit
from marsad.queries import areas as area_queries
from marsad.db.engines import retry_if_disconnected
from marsad.jurisdiction import Scope
from marsad.session import current_official
from marsad.snapshots import Snapshots
from marsad.settings import Settings


# the prefix of every cache key; its version goes up whenever a cached value changes shape (v2: the explorer's
# view holds encoded map layers, the area index bounding boxes; v3: the explorer caches its outputs, not the
# view), so that newly deployed code never reads what the previous code left in a shared cache
KEYS = "marsad:v3"

# threads for Services.gather, shared by every request of this process; bounded so that the reads of
# concurrent requests queue here rather than exhaust the database pool (make_engine: 10 + 5 connections)
_READERS = ThreadPoolExecutor(max_workers=4, thread_name_prefix="marsad-read")
# threads for Services.audited: an audit row written while the answer is computed never takes a reader's place
# (a governorate's view reads four things at once)
_AUDITORS = ThreadPoolExecutor(max_workers=4, thread_name_prefix="marsad-audit")


@dataclass
class Services:
    settings: Settings
    engine: Engine
    quick_engine: Engine  # for single statements (make_engine(single_statements=True)): the audit rows
    cache: Cache
    snapshots: Snapshots = field(default_factory=lambda: Snapshots(max_age=60))  # per process, see snapshots.py
    _held: dict[str, tuple[float, object]] = field(default_factory=dict)  # per process, see reference()

    def data_version(self) -> int:
        """Bumped whenever ratings change, so that no cached answer outlives the data it came from."""
        return int(self.cache.get("marsad:data_version") or 0)

    def bump_data_version(self) -> None:
        self.cache.set("marsad:data_version", self.data_version() + 1, timeout=0)

    def cached(self, name: str, compute: Callable[[], object], *, scope: Scope, **key_parts):
        """compute() through the cache; the key always holds the scope and the data version."""
        digest = hashlib.sha256(json.dumps(key_parts, sort_keys=True, default=_key_default).encode()).hexdigest()[:24]
        key = f"{KEYS}:{self.data_version()}:{name}:{scope.cache_key()}:{digest}"
        value = self.cache.get(key)
        if value is None:
            value = compute()
            self.cache.set(key, value)
        return value

    def memo(self, name: str, fn: Callable, *, scope: Scope, **kwargs):
        """fn(engine, scope=scope, **kwargs) through the cache."""
        return self.cached(name, lambda: fn(self.engine, scope=scope, **kwargs), scope=scope, **kwargs)

    def gather(self, *calls: Callable[[], object]) -> list:
        """Run independent reads at the same time (each on its own pooled connection, in a copy of this
        request's context) and return their results in order; the first error is raised. The calls must not
        gather themselves: they would wait for threads of the same bounded pool."""
        futures = [_READERS.submit(contextvars.copy_context().run, call) for call in calls]
        return [f.result() for f in futures]

    def with_center_areas(self, scope: Scope) -> Scope:
        """`scope` with its areas set to the localities of its centers."""
        key = f"{KEYS}:center_areas:{scope.cache_key()}"
        codes = self.cache.get(key)
        if codes is None:
            codes = sorted(area_queries.center_localities(self.engine, scope=scope))
            self.cache.set(key, codes)
        return Scope.of(areas=codes, sectors=scope.sectors, centers=scope.centers)

    def allowed_area(self, scope: Scope, code: str) -> bool:
        return scope.covers([a["code"] for a in area_queries.lineage(self.area_index(), code)])

    def audit(self, action: str, target: str, params: dict) -> None:
        """Record what the signed-in official looked at (append-only)."""
        official = current_official()
        retry_if_disconnected(lambda: audit.append(
            self.quick_engine, official_id=official.id or None, username=official.username, action=action,
            target=target, params=params, scope=official.scope()))

    @contextmanager
    def audited(self, action: str, target: str, params: dict):
        """Record what the official asks for while the block computes it: the audit row is written on another
        thread (its commit waits for the disk) and the block does not end before it is stored, so no answer
        leaves without its audit row, and an audit that fails fails the request."""
        pending = _AUDITORS.submit(contextvars.copy_context().run, self.audit, action, target, params)
        try:
            yield
        finally:
            pending.result()

    def reference(self, name: str, compute: Callable[[], object]):
        """Reference data, identical for everyone (boundaries, catalogue): cached without a scope, and kept in
        this process for the cache's timeout too, so that the requests that read it (the explorer: four times
        each) do not fetch and unpickle it again. The value is shared: callers must not modify it."""
        now = time.monotonic()
        held = self._held.get(name)
        if held is not None and held[0] > now:
            return held[1]
        key = f"{KEYS}:ref:{name}"
        value = self.cache.get(key)
        if value is None:
            value = compute()
            self.cache.set(key, value)
        self._held[name] = (now + self.settings.cache_timeout, value)
        return value

    def area_index(self) -> dict[str, dict]:
        """All admin areas by code."""
        return self.reference("area_index", lambda: area_queries.area_index(self.engine))

    def area_shapes(self) -> dict[str, dict]:
        """Every area's display geometry by code (a few hundred KB at national scale)."""
        return self.reference("area_shapes", lambda: area_queries.display_shapes(self.engine))

    def catalog(self) -> dict:
        """Sectors, services and e-platforms."""
        return self.reference("catalog", lambda: area_queries.catalog(self.engine))


def _key_default(value):
    if isinstance(value, date):
        return value.isoformat()
    if hasattr(value, "cache_key"):
        return value.cache_key()
    if isinstance(value, dict):
        return value
    raise TypeError(f"cannot key {type(value)}")


def current() -> Services:
    """The services of the app handling this request (Dash's page registry is process-wide)."""
    return current_app.extensions["marsad"]
