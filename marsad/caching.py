"""The shared cache: answers keyed by the jurisdiction and the data version, and reference data held per process.

Every key of a jurisdiction-bound answer holds the scope (`Scope.cache_key()`), so that no official is ever served
an answer computed for another jurisdiction, and the data version, so that no answer outlives the data it came from.
"""

from __future__ import annotations

import hashlib
import json
import time
from collections.abc import Callable
from datetime import date
from typing import Any

from flask_caching import Cache

from marsad.jurisdiction import Scope

# the prefix of every cache key; its version goes up whenever a cached value changes shape (v2: the explorer's
# view holds encoded map layers, the area index bounding boxes; v3: the explorer caches its outputs, not the
# view; v4: those outputs by name), so that newly deployed code never reads what the previous code left in a shared
# cache
KEYS = "marsad:v4"


class ScopedCache:
    def __init__(self, cache: Cache, *, hold_seconds: float, wal_position: Callable[[], int] | None = None):
        self.cache = cache
        self.hold_seconds = hold_seconds
        self.wal_position = wal_position  # with read replicas: the primary's WAL position, kept with each version
        self._held: dict[str, tuple[float, Any]] = {}  # per process, see reference()

    def data_version(self) -> int:
        """Bumped whenever ratings change, so that no cached answer outlives the data it came from."""
        return int(self.cache.get("marsad:data_version") or 0)

    def bump_data_version(self) -> None:
        if self.wal_position is not None:  # first: a reader that sees the new version finds its position set
            self.cache.set("marsad:data_position", self.wal_position(), timeout=0)
        self.cache.set("marsad:data_version", self.data_version() + 1, timeout=0)

    def data_position(self) -> int:
        """The primary's WAL position when the data version was last set (0 without read replicas): what a replica
        must have replayed to answer for the current version (db/replicas.py)."""
        return int(self.cache.get("marsad:data_position") or 0)

    def cached(self, name: str, compute: Callable[[], Any], *, scope: Scope, **key_parts: Any) -> Any:
        """compute() through the cache; the key always holds the scope and the data version."""
        digest = hashlib.sha256(json.dumps(key_parts, sort_keys=True, default=_key_default).encode()).hexdigest()[:24]
        key = f"{KEYS}:{self.data_version()}:{name}:{scope.cache_key()}:{digest}"
        value = self.cache.get(key)
        if value is None:
            value = compute()
            self.cache.set(key, value)
        return value

    def by_scope(self, name: str, compute: Callable[[], Any], *, scope: Scope) -> Any:
        """compute() through the cache under the scope alone (no data version): for what ratings do not change."""
        key = f"{KEYS}:{name}:{scope.cache_key()}"
        value = self.cache.get(key)
        if value is None:
            value = compute()
            self.cache.set(key, value)
        return value

    def reference(self, name: str, compute: Callable[[], Any]) -> Any:
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
        self._held[name] = (now + self.hold_seconds, value)
        return value


def _key_default(value: Any) -> Any:
    if isinstance(value, date):
        return value.isoformat()
    if hasattr(value, "cache_key"):
        return value.cache_key()
    if isinstance(value, dict):
        return value
    raise TypeError(f"cannot key {type(value)}")
