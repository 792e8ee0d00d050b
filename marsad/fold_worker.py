"""A background thread that folds newly stored ratings into the rollups every `interval` seconds, so that
dashboards see them within seconds without ever rebuilding, and every SEAL_EVERY seconds seals the center rows folds
left waiting into the centers' weeks and months (rollups.seal). Safe with several workers (one folds or seals at a
time: rollups.fold_pending)."""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable

from sqlalchemy import Engine
from sqlalchemy.exc import SQLAlchemyError

from marsad import params
from marsad.queries import idempotency, partitions, rollups

log = logging.getLogger(__name__)
# seconds between two seals of the center rows that folds add (rollups.seal): each seal updates a center's week and
# month once for every fold in between, and questions over whole weeks and months of centers read the rows waiting
SEAL_EVERY = 10.0


class FoldWorker(threading.Thread):
    def __init__(self, engine: Engine, *, interval: float, on_folded: Callable[[int], None]):
        super().__init__(name="marsad-fold-worker", daemon=True)
        self.engine, self.interval, self.on_folded = engine, interval, on_folded
        self._halt = threading.Event()
        self._daily_for: object = None  # the day the daily round last ran
        self._sealed_at = time.monotonic()

    def fold_once(self) -> int:
        with self.engine.begin() as conn:  # the owner's connection: rollups are written by no other role
            n = rollups.fold_pending(conn)
        if n:
            self.on_folded(n)
        if time.monotonic() - self._sealed_at >= SEAL_EVERY:  # also what another process folded and left
            with self.engine.begin() as conn:
                sealed = rollups.seal(conn)
            if sealed is not None:
                self._sealed_at = time.monotonic()
        return n

    def daily(self) -> None:
        """Once a day: the rating table's months ahead (partitions.AHEAD_DAYS), before any rating needs them, and
        idempotency keys older than a week forgotten."""
        today = params.today_riyadh()
        if self._daily_for != today:
            with self.engine.begin() as conn:
                partitions.ensure_ahead(conn, today)
                idempotency.forget_old(conn)
            self._daily_for = today

    def run(self) -> None:
        while not self._halt.wait(self.interval):
            try:
                self.daily()
                # ratings that arrived while folding are folded next, without waiting another interval (an upload
                # of 1,000-rating batches reached the rollups 1 s later for it)
                while self.fold_once() and not self._halt.is_set():
                    pass
            except SQLAlchemyError:
                log.warning("folding new ratings failed; retrying in %.1f s", self.interval, exc_info=True)

    def stop(self, timeout: float = 10.0) -> None:
        self._halt.set()
        if self.is_alive():
            self.join(timeout)
