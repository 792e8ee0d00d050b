"""Read replicas (MARSAD_DATABASE_REPLICA_URLS): the dashboards' and the API's reads go to a streaming standby of the
database when one is up, close enough behind the primary (MARSAD_REPLICA_MAX_LAG) and has replayed what the answer
must show; writes, folds and reads of one's own writes stay on the primary.

Each replica's health is read at most every MARSAD_REPLICA_CHECK_SECONDS, by whichever request needs it then: is it
in recovery, which WAL position has it replayed, and so how far behind is it (the time since the primary stood at
that position, from the primary's positions read at each check: the time of the last replayed commit said nothing
on a cluster busy with other databases). A replica that fails a check or drops a
connection is skipped until a later check finds it well again: it comes back by itself.

Honest caches: every cached answer is keyed by the data version (caching.py), and each version is recorded with the
primary's WAL position when it was set. A read asks for a replica that has replayed at least that position, so no
answer is cached under a version whose data its replica had not yet seen; if none has, the primary answers.
Row-level security holds on a replica as on the primary: the same roles, policies and signed scopes, replayed."""

from __future__ import annotations

import logging
import threading
import time
from collections import deque
from dataclasses import dataclass, field

from sqlalchemy import Engine, event, make_url, text
from sqlalchemy.exc import SQLAlchemyError

log = logging.getLogger(__name__)

HEALTH = text("SELECT pg_is_in_recovery() AS standby, pg_last_wal_replay_lsn()::text AS replayed")
PRIMARY_POSITION = text("SELECT pg_current_wal_lsn()::text")


def lsn(value: str | None) -> int:
    """A WAL position ('16/B374D848') as a number that orders like it; 0 for none."""
    if not value:
        return 0
    high, low = value.split("/")
    return (int(high, 16) << 32) + int(low, 16)


def wal_position(engine: Engine) -> int:
    """The primary's current WAL position."""
    with engine.connect() as conn:
        return lsn(conn.execute(PRIMARY_POSITION).scalar())


@dataclass
class Replica:
    engine: Engine
    name: str  # its address without password, for the log and the benchmark
    checked: float = float("-inf")  # monotonic time of the last check
    healthy: bool = False
    replayed: int = 0
    lag: float = float("inf")  # seconds behind the primary at the last check
    reads: int = 0
    lock: threading.Lock = field(default_factory=threading.Lock, repr=False)


class ReplicaSet:
    """The primary and its replicas; `reader` picks the engine for one read."""

    def __init__(self, primary: Engine, replicas: list[Engine], *, max_lag: float, check_seconds: float):
        self.primary = primary
        self.replicas = [Replica(e, make_url(e.url).render_as_string(hide_password=True)) for e in replicas]
        self.max_lag = max_lag
        self.check_seconds = check_seconds
        self.primary_reads = 0
        self._turn = 0
        # the primary's WAL position at each check, with the time it was read: a replica that has replayed a
        # position is at most (now - the time the primary was there) behind, whatever else the cluster writes
        self._positions: deque[tuple[float, int]] = deque(maxlen=256)
        self._positions_lock = threading.Lock()
        for r in self.replicas:
            event.listen(r.engine, "handle_error", self._on_error(r))

    def _on_error(self, replica: Replica):
        def handle(context) -> None:
            if context.is_disconnect:  # skipped at once, not at its next check
                replica.healthy = False
                log.warning("replica %s dropped a connection: reads go elsewhere until it is well again", replica.name)

        return handle

    def _primary_position(self) -> int:
        position = wal_position(self.primary)
        with self._positions_lock:
            self._positions.append((time.monotonic(), position))
        return position

    def lag(self, replayed: int, position: int) -> float:
        """Seconds a replica that has replayed `replayed` is behind the primary (now at `position`): 0 when it has
        replayed it all, else the time since the primary last stood where the replica is (inf: not seen yet)."""
        if replayed >= position:
            return 0.0
        with self._positions_lock:
            passed = [t for t, p in self._positions if p <= replayed]
        return time.monotonic() - max(passed) if passed else float("inf")

    def check(self, replica: Replica) -> None:
        """Read `replica`'s health now."""
        replica.checked = time.monotonic()
        try:
            # the primary first: a replica that has replayed where the primary stood a moment ago is known to be
            # that moment behind from its first check (read the other way round, the primary has always moved on
            # a little, and a first check could only say "behind by an unknown time" until a second one)
            position = self._primary_position()
            with replica.engine.connect() as conn:
                row = conn.execute(HEALTH).mappings().one()
        except SQLAlchemyError as exc:
            if replica.healthy or replica.reads == 0:
                log.warning("replica %s is not answering (%s): skipped", replica.name, type(exc).__name__)
            replica.healthy, replica.lag = False, float("inf")
            return
        replica.replayed = lsn(row["replayed"])
        replica.lag = self.lag(replica.replayed, position)
        replica.healthy = bool(row["standby"])  # a promoted replica is no replica: writes may land there

    def _due(self, replica: Replica) -> None:
        if time.monotonic() - replica.checked < self.check_seconds:
            return
        if replica.lock.acquire(blocking=False):  # one request checks; the others use what is known
            try:
                self.check(replica)
            finally:
                replica.lock.release()

    def reader(self, min_position: int = 0) -> Engine:
        """A replica that is well, at most max_lag behind and has replayed `min_position`, taken in turn; else the
        primary."""
        n = len(self.replicas)
        self._turn = (self._turn + 1) % max(n, 1)
        for i in range(n):
            replica = self.replicas[(self._turn + i) % n]
            self._due(replica)
            if replica.healthy and replica.lag <= self.max_lag and replica.replayed >= min_position:
                replica.reads += 1
                return replica.engine
        self.primary_reads += 1
        return self.primary

    def failed(self, engine: Engine) -> None:
        """A read on `engine` failed: skip that replica until a later check finds it well."""
        for r in self.replicas:
            if r.engine is engine:
                r.healthy = False

    def status(self) -> list[dict]:
        return [
            {"replica": r.name, "healthy": r.healthy, "lag_s": r.lag, "replayed": r.replayed, "reads": r.reads}
            for r in self.replicas
        ]
