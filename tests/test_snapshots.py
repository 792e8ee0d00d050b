"""Snapshots answer at once with what they hold and refresh in the background, one refresh at a time."""

from __future__ import annotations

import threading
import time

from marsad.snapshots import Snapshots


def _wait(predicate, seconds=5.0):
    deadline = time.monotonic() + seconds
    while not predicate():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.01)


def test_stale_values_are_served_while_one_refresh_runs():
    snaps = Snapshots(max_age=0)
    release = threading.Event()
    calls = []

    def compute():
        calls.append(1)
        if len(calls) > 1:
            release.wait(5)
        return len(calls)

    assert snaps.get("k", compute) == 1  # first read computes in the caller
    assert snaps.get("k", compute) == 1  # stale: old value at once, a refresh starts
    assert snaps.get("k", compute) == 1  # still refreshing: no second refresh
    _wait(lambda: len(calls) == 2)
    assert len(calls) == 2
    release.set()
    _wait(lambda: snaps._values["k"][1] == 2)
    assert snaps.get("k", compute) == 2


def test_a_failed_refresh_keeps_the_previous_value():
    snaps = Snapshots(max_age=0)
    snaps.get("k", lambda: "first")

    def broken():
        raise RuntimeError("database down")

    assert snaps.get("k", broken) == "first"
    _wait(lambda: not snaps._refreshing)
    assert snaps.get("k", lambda: "second") == "first"  # this read starts the retry
    _wait(lambda: snaps._values["k"][1] == "second")


def test_fresh_values_are_not_recomputed_and_old_keys_are_dropped():
    snaps = Snapshots(max_age=3600, max_entries=2)
    calls = []
    for key in ("a", "a", "b", "c"):
        snaps.get(key, lambda key=key: calls.append(key) or key)
    assert calls == ["a", "b", "c"]
    assert list(snaps._values) == ["b", "c"]
