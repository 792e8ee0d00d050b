"""Process-local snapshots of expensive reference data, refreshed in the background.

The first read computes the value; once it is older than `max_age` seconds, a read still answers at once
with the value it has and starts one background thread to recompute it. A failed refresh is logged and
the previous value kept (the next read tries again). Values stay in this process (no pickling per read),
so they suit large read-mostly tables such as every center's score counts.
"""

from __future__ import annotations

import logging
import threading
import time
from collections import OrderedDict
from collections.abc import Callable

log = logging.getLogger(__name__)


class Snapshots:
    def __init__(self, *, max_age: float, max_entries: int = 32):
        self.max_age = max_age
        self.max_entries = max_entries
        self._values: OrderedDict[str, tuple[float, object]] = OrderedDict()  # key -> (computed at, value)
        self._refreshing: set[str] = set()
        self._lock = threading.Lock()

    def get(self, key: str, compute: Callable[[], object]):
        with self._lock:
            found = self._values.get(key)
            if found is not None:
                self._values.move_to_end(key)
                stale = time.monotonic() - found[0] > self.max_age and key not in self._refreshing
                if stale:
                    self._refreshing.add(key)
        if found is None:
            return self._store(key, compute())
        if stale:
            threading.Thread(target=self._refresh, args=(key, compute), daemon=True, name=f"snapshot-{key}").start()
        return found[1]

    def _store(self, key: str, value):
        with self._lock:
            self._values[key] = (time.monotonic(), value)
            self._values.move_to_end(key)
            while len(self._values) > self.max_entries:
                self._values.popitem(last=False)
        return value

    def _refresh(self, key: str, compute: Callable[[], object]) -> None:
        try:
            self._store(key, compute())
        except Exception:  # keep serving the previous value; the next stale read retries
            log.exception("refreshing %s failed; still serving the previous value", key)
        finally:
            with self._lock:
                self._refreshing.discard(key)
