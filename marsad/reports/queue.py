"""The report queue (procrastinate, on Marsad's own PostgreSQL): a periodic task puts what is due in the ledger and
queues one job per pending delivery (a queueing lock per delivery keeps it to one waiting job); workers run those
jobs. `marsad reports worker` runs one worker; run several, on one machine or many."""

from __future__ import annotations

import logging
from dataclasses import dataclass

import flask
import procrastinate
from procrastinate.exceptions import AlreadyEnqueued
from sqlalchemy import Engine
from sqlalchemy.engine import make_url

from marsad import mail, params, resources
from marsad.alerts import compute
from marsad.context import Resources
from marsad.db.engines import database_url, make_engine
from marsad.reports import delivery
from marsad.settings import Settings

log = logging.getLogger(__name__)
QUEUE = "reports"
PLAN_EVERY = "*/10 * * * *"  # minutes: a new period's reports go out within ten minutes of its end
DETECT_EVERY = "* * * * *"  # alerts: each minute the job looks whether ratings were folded since it last ran


@dataclass
class Runtime:
    """What the tasks of this process use (set by `start`)."""

    server: flask.Flask
    res: Resources
    owner: Engine
    mailer: mail.Mailer | None
    app: procrastinate.App  # opened: jobs are deferred through it


_runtime: Runtime | None = None


def libpq(url: str) -> str:
    """A SQLAlchemy URL as the connection string psycopg takes."""
    return make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)


def make_app(url: str) -> procrastinate.App:
    app = procrastinate.App(connector=procrastinate.PsycopgConnector(conninfo=libpq(url)))

    @app.task(name="marsad.deliver", queue=QUEUE, retry=procrastinate.RetryStrategy(max_attempts=8, wait=60))
    def deliver(delivery_id: int) -> str:
        rt = _current()
        with rt.server.app_context():
            return delivery.deliver(rt.res, rt.owner, rt.mailer, delivery_id, today=params.today_riyadh())

    @app.periodic(cron=DETECT_EVERY, periodic_id="alerts")
    @app.task(name="marsad.alerts", queue=QUEUE, queueing_lock="marsad.alerts")
    def detect_alerts(timestamp: int) -> int:
        rt = _current()
        found = compute.run_if_new(rt.owner, params.today_riyadh(), axis_threshold=rt.res.settings.axis_threshold)
        if found:
            with rt.server.app_context():
                plan_now()  # alert subscribers are mailed at once
        return found or 0

    @app.periodic(cron=PLAN_EVERY, periodic_id="plan")
    @app.task(name="marsad.plan", queue=QUEUE, queueing_lock="marsad.plan")
    def plan(timestamp: int) -> int:
        return plan_now()

    return app


def _current() -> Runtime:
    if _runtime is None:
        raise RuntimeError("the report queue is not started in this process (marsad reports worker)")
    return _runtime


def plan_now() -> int:
    """Put what is due in the ledger and queue every pending delivery; how many were queued."""
    rt = _current()
    queued = 0
    for delivery_id in delivery.plan(rt.owner, params.today_riyadh(), rt.res):
        try:
            rt.app.configure_task("marsad.deliver", queueing_lock=f"delivery:{delivery_id}").defer(
                delivery_id=delivery_id
            )
            queued += 1
        except AlreadyEnqueued:
            pass  # its job is waiting already
    return queued


def start(settings: Settings) -> procrastinate.App:
    """Set up this process's runtime; the procrastinate app to run a worker with."""
    global _runtime
    server = flask.Flask("marsad-reports")
    db = resources.database(settings)
    url = database_url(settings)
    app = make_app(url)
    app.open()
    _runtime = Runtime(
        server=server,
        res=resources.make(settings, server, db),
        owner=make_engine(url, pool_size=2),
        mailer=mail.from_settings(settings),
        app=app,
    )
    return app


def run_worker(settings: Settings, *, until_idle: bool = False, concurrency: int = 1) -> None:
    """Plan once, then work the queue (until it is empty with `until_idle`, else until stopped)."""
    app = start(settings)
    found = compute.run_if_new(_current().owner, params.today_riyadh(), axis_threshold=settings.axis_threshold)
    queued = plan_now()
    log.info("report worker: %d new alerts, %d deliveries queued", found or 0, queued)
    app.run_worker(queues=[QUEUE], concurrency=concurrency, wait=not until_idle, delete_jobs="successful")
