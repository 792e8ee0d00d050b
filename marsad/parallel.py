"""Independent reads of one request run at the same time."""

from __future__ import annotations

import contextvars
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any

# shared by every request of this process; bounded so that the reads of concurrent requests queue here rather
# than exhaust the database pool (engines.make_engine: 10 + 5 connections)
_READERS = ThreadPoolExecutor(max_workers=4, thread_name_prefix="marsad-read")


def gather(*calls: Callable[[], Any]) -> list[Any]:
    """Run independent reads at the same time (each on its own pooled connection, in a copy of this request's
    context) and return their results in order; the first error is raised. The calls must not gather themselves:
    they would wait for threads of the same bounded pool."""
    futures = [_READERS.submit(contextvars.copy_context().run, call) for call in calls]
    return [f.result() for f in futures]
