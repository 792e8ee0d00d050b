"""`marsad reports bench --deliver N --workers 1,2`: send the weekly reports of N center managers (a sample of the
active centers) through the real queue, with W `marsad reports worker` processes, to a local SMTP server, and print
the throughput and what it gives for 30,000 centers. The managers are added for the run and taken out after."""

from __future__ import annotations

import os
import subprocess
import sys
import time

from marsad import params
from marsad.alerts import compute
from marsad.bench.clients import free_port
from marsad.db.engines import database_url, make_engine
from marsad.queries import delivery_bench
from marsad.settings import Settings

NATIONAL = 30_000


class _Sink:
    """Counts the messages a local SMTP server takes."""

    def __init__(self) -> None:
        self.count = 0
        self.first: float | None = None
        self.last: float | None = None

    async def handle_DATA(self, server, session, envelope):
        self.count += 1
        self.last = time.perf_counter()
        self.first = self.first or self.last
        return "250 OK"


def run(settings: Settings, *, deliveries: int, workers: list[int]) -> int:
    try:
        from aiosmtpd.controller import Controller
    except ImportError:
        print("the delivery benchmark needs a local SMTP server: install the dev group (uv sync --group dev)")
        return 2
    url = database_url(settings)
    owner = make_engine(url, pool_size=1)
    compute.run_if_new(owner, params.today_riyadh(), axis_threshold=settings.axis_threshold)  # not timed
    print(f"weekly reports of {deliveries:,} center managers, rendered and mailed to a local SMTP server")
    for w in workers:
        with owner.begin() as conn:
            delivery_bench.add_managers(conn, deliveries)
        sink = _Sink()
        port = free_port()
        smtp = Controller(sink, hostname="127.0.0.1", port=port)
        smtp.start()
        env = {**os.environ, "MARSAD_DATABASE_URL": url, "MARSAD_SMTP_HOST": "127.0.0.1", "MARSAD_SMTP_PORT": str(port)}
        started = time.perf_counter()
        procs = [
            subprocess.Popen(
                [sys.executable, "-m", "marsad.cli", "reports", "worker", "--until-idle"],
                env=env,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
            )
            for _ in range(w)
        ]
        codes = [p.wait() for p in procs]
        elapsed = time.perf_counter() - started
        smtp.stop()
        with owner.begin() as conn:
            done, left = delivery_bench.sent(conn)
            delivery_bench.remove(conn)
        rate = done / elapsed if elapsed else 0.0
        # once the workers are up (start-up is a few seconds, once, whatever the number of reports)
        steady = (
            (sink.count - 1) / (sink.last - sink.first) if sink.first and sink.last and sink.last > sink.first else 0
        )
        national = f"{NATIONAL / rate / 60:.0f} min" if rate else "-"
        print(
            f"{w} worker(s): {done:,} sent ({sink.count:,} mails, {left} not sent, exit codes {codes}) in "
            f"{elapsed:.0f} s: {rate:.1f} reports/s ({steady:.1f} once started); 30,000 centers would take {national}"
            + (f" ({NATIONAL / steady / 60:.0f} min once started)" if steady else "")
        )
    return 0
