"""Throttling officials' failed sign-ins, with back-off, without letting anyone lock an official out.

Counted in the shared cache (Redis with several servers), per window of WINDOW seconds:
- per (username, address): FREE failures, then each further attempt waits BASE·2^k seconds (k = failures beyond
  FREE), at most CAP; a success clears it;
- per address, over every username: ADDRESS_FREE failures, then the same back-off for that address;
- per username, over every address: USER_FREE failures, then the back-off applies to addresses the official has not
  signed in from in the last KNOWN_DAYS days. An attacker therefore slows down guessing from anywhere, but can
  delay the official only at a new address, by CAP seconds at most per attempt, never at an address they used.
While a back-off runs the password is not checked at all (429 with Retry-After), so it costs an attacker time,
not us hashing work.
"""

from __future__ import annotations

import hashlib
import time
from dataclasses import dataclass
from typing import Any

FREE, ADDRESS_FREE, USER_FREE = 5, 30, 20
BASE, CAP = 1.0, 60.0
WINDOW = 15 * 60
KNOWN_DAYS = 30


def _h(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()[:24]


def backoff(failures: int, free: int) -> float:
    """Seconds to wait after `failures` failures of which `free` cost nothing."""
    if failures < free:
        return 0.0
    return min(CAP, BASE * 2 ** (failures - free))


@dataclass
class SignInThrottle:
    cache: Any  # a flask-caching Cache (get, set, inc): shared by every server with Redis
    clock: Any = time.time

    def _keys(self, username: str, address: str) -> dict[str, str]:
        user = _h(username)
        return {
            "pair": f"marsad:signin:pair:{user}:{_h(address)}",
            "address": f"marsad:signin:addr:{_h(address)}",
            "user": f"marsad:signin:user:{user}",
            "known": f"marsad:signin:known:{user}:{_h(address)}",
        }

    def _state(self, key: str) -> tuple[int, float]:
        value = self.cache.get(key)
        return (int(value[0]), float(value[1])) if isinstance(value, list | tuple) and len(value) == 2 else (0, 0.0)

    def retry_after(self, username: str, address: str) -> float:
        """Seconds before an attempt for `username` from `address` is checked (0: check it now)."""
        keys = self._keys(username, address)
        now = self.clock()
        waits = [self._state(keys["pair"])[1], self._state(keys["address"])[1]]
        if not self.cache.get(keys["known"]):
            waits.append(self._state(keys["user"])[1])
        return max(0.0, max(waits) - now)

    def failed(self, username: str, address: str) -> None:
        keys = self._keys(username, address)
        now = self.clock()
        for name, free in (("pair", FREE), ("address", ADDRESS_FREE), ("user", USER_FREE)):
            failures, _ = self._state(keys[name])
            failures += 1
            self.cache.set(keys[name], (failures, now + backoff(failures, free)), timeout=WINDOW)

    def succeeded(self, username: str, address: str) -> None:
        keys = self._keys(username, address)
        self.cache.delete(keys["pair"])
        self.cache.set(keys["known"], 1, timeout=KNOWN_DAYS * 86400)
