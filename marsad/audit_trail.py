"""What officials looked at, recorded append-only (queries/audit.py) for every page, API call and export."""

from __future__ import annotations

import contextvars
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager

import flask

from marsad.context import Context
from marsad.db.engines import retry_if_disconnected
from marsad.queries import audit

# threads for `audited`: an audit row written while the answer is computed never takes a reader's place
# (a governorate's view reads four things at once: parallel.gather)
_AUDITORS = ThreadPoolExecutor(max_workers=4, thread_name_prefix="marsad-audit")


def record(ctx: Context, action: str, target: str, params: dict) -> None:
    """Record what the signed-in official of `ctx` asked for."""
    official = ctx.official
    if official is None:
        raise PermissionError("only officials' requests are audited")
    key = flask.g.get("api_key") if flask.has_request_context() else None
    if key:
        params = {**params, "api_key": key}  # which of the official's keys made the request
    retry_if_disconnected(
        lambda: audit.append(
            ctx.resources.quick_engine,
            official_id=official.id or None,
            username=official.username,
            action=action,
            target=target,
            params=params,
            scope=official.scope(),
        )
    )


@contextmanager
def audited(ctx: Context, action: str, target: str, params: dict) -> Iterator[None]:
    """Record what the official asks for while the block computes it: the audit row is written on another
    thread (its commit waits for the disk) and the block does not end before it is stored, so no answer
    leaves without its audit row, and an audit that fails fails the request."""
    pending = _AUDITORS.submit(contextvars.copy_context().run, record, ctx, action, target, params)
    try:
        yield
    finally:
        pending.result()
