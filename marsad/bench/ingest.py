"""`marsad bench --ingest`: a sustained upload through POST /api/v1/ratings/batch by several uploaders at once, at a
steady rate for minutes (issue "beyond one machine", point 3), on the benchmark's gunicorn server with its fold
workers. It prints the rate accepted, how long after its batch was accepted each rating reached the rollups, the
explorer's cold p95 measured during the upload, and whether the rollups equal a rebuild from the ratings after it.

The uploaded ratings are dated on 2000-01-01 (Riyadh), a day nothing else holds, in a month partition of their own
made for the run: each batch carries its own instant of that day, so that the queue says which batches are still
waiting. Afterwards the partition is dropped and the rollup rows of that month removed."""

from __future__ import annotations

import base64
import http.client
import json
import secrets
import statistics
import threading
import time
from datetime import date, datetime, timedelta, timezone

import requests
from sqlalchemy import Engine, text

from marsad.bench.clients import Browser, Server, bench_official, pct, render_payload
from marsad.queries import bench as bench_queries
from marsad.queries import officials, partitions

TARGETS = {"ratings_per_s": 10_000, "in_rollups_s": 5.0, "explorer_cold_p95_ms": 150}
DAY = date(2000, 1, 1)
EPOCH = datetime(2000, 1, 1, tzinfo=timezone(timedelta(hours=3)))
MONTH = (DAY, date(2000, 2, 1))
STAMP = b"@@STAMP@@"
POLL = 0.25  # seconds between two looks at the queue
BROWSE_PAUSE = 0.5  # seconds an official waits between two explorer answers
STEADY_AFTER = 60.0  # seconds into the run after which the day's rollup rows exist (updates, not inserts)


def _bodies(pairs: list[tuple[int, str]], size: int, kinds: int = 8) -> list[bytes]:
    """`kinds` batch bodies of `size` ratings over the pairs (each a different slice), with STAMP where each
    batch's instant goes."""
    bodies = []
    for k in range(kinds):
        ratings = [
            {
                "center_id": c,
                "service_code": s,
                "overall": 1 + (i * 7 + k) % 5,
                "criteria": {"speed": 1 + (i * 3 + k) % 5, "staff": 1 + (i + k) % 5},
                "source": "survey",
                "submitted_at": STAMP.decode(),
            }
            for i, (c, s) in ((i, pairs[(k * size + i) % len(pairs)]) for i in range(size))
        ]
        bodies.append(json.dumps({"ratings": ratings}, separators=(",", ":")).encode())
    return bodies


class Upload:
    """Uploaders sending batch after batch on a schedule of `rate` ratings a second; a batch whose answer was lost
    is sent again under its Idempotency-Key."""

    def __init__(self, port: int, auth: tuple[str, str], bodies: list[bytes], *, rate: float, size: int):
        self.port, self.bodies, self.rate, self.size = port, bodies, rate, size
        token = base64.b64encode(f"{auth[0]}:{auth[1]}".encode()).decode()
        self.headers = {"Authorization": f"Basic {token}", "Content-Type": "application/json"}
        self.run_id = secrets.token_hex(4)
        self.lock = threading.Lock()
        self.next = 0
        self.accepted: dict[str, float] = {}  # the batch's instant -> when its answer came (monotonic)
        self.stored = 0
        self.sent_again = self.failed = 0
        self.request_s: list[float] = []

    def take(self) -> int:
        with self.lock:
            self.next += 1
            return self.next - 1

    def uploader(self, start: float, stop: float) -> None:
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=120)
        while True:
            number = self.take()
            due = start + number * self.size / self.rate
            if due >= stop:
                break
            time.sleep(max(0.0, due - time.monotonic()))
            instant = (EPOCH + timedelta(milliseconds=number)).isoformat(timespec="milliseconds")
            body = self.bodies[number % len(self.bodies)].replace(STAMP, instant.encode())
            headers = {**self.headers, "Idempotency-Key": f"bench-{self.run_id}-{number}"}
            for _attempt in range(5):
                t = time.monotonic()
                try:
                    conn.request("POST", "/api/v1/ratings/batch", body=body, headers=headers)
                    r = conn.getresponse()
                    answer = r.read()
                except (OSError, http.client.HTTPException):
                    conn.close()
                    conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=120)
                    r = None
                if r is not None and r.status in (200, 201):
                    done = time.monotonic()
                    with self.lock:
                        self.accepted[instant] = done
                        self.stored += json.loads(answer)["stored"]
                        self.request_s.append(done - t)
                    break
                with self.lock:
                    self.sent_again += 1
                time.sleep(0.5)
            else:
                with self.lock:
                    self.failed += 1
        conn.close()


class Queue:
    """Looks at the queue of stored ratings every POLL seconds: a batch reached the rollups at the first look, after
    its answer came, at which every id still queued is above the batch's last one (folds take the lowest ids first).
    Each look costs two index look-ups whatever the queue's length: asking which instants were still queued read
    the whole queue four times a second, and once an upload fell behind that scan took the CPU the fold needed."""

    def __init__(self, engine: Engine, upload: Upload):
        self.engine, self.upload = engine, upload
        self.folded: dict[str, float] = {}
        self.last_id: dict[str, int] = {}  # each answered batch's last rating
        self.longest_queue = 0
        self.halt = threading.Event()

    def watch(self) -> None:
        with self.engine.connect() as conn:
            while not self.halt.is_set():
                looked = time.monotonic()
                with self.upload.lock:
                    answered = [(k, at) for k, at in self.upload.accepted.items() if k not in self.folded]
                unknown = [k for k, at in answered if k not in self.last_id and at < looked]
                if unknown:
                    self.last_id.update(bench_queries.last_ids(conn, MONTH[0], unknown))
                bounds = bench_queries.queue_bounds(conn)
                conn.rollback()
                if bounds is not None:
                    self.longest_queue = max(self.longest_queue, bounds[1] - bounds[0] + 1)
                for key, at in answered:
                    if at < looked and key in self.last_id and (bounds is None or self.last_id[key] < bounds[0]):
                        self.folded[key] = looked
                self.halt.wait(max(0.0, POLL - (time.monotonic() - looked)))

    def lags(self) -> list[float]:
        """Seconds from each batch's answer to the look that found it folded."""
        return [self.folded[k] - at for k, at in self.upload.accepted.items() if k in self.folded]

    def lags_after(self, start: float, seconds: float) -> list[float]:
        """Like lags, for the batches answered `seconds` or more into the run (after the first rows of the run's day,
        week and month were made: a new day's first minute folds inserts, not updates)."""
        return [
            self.folded[k] - at for k, at in self.upload.accepted.items() if k in self.folded and at - start >= seconds
        ]

    def slowest(self, start: float, n: int = 5) -> list[dict]:
        """The `n` batches that waited longest: when they were answered (seconds into the run) and how long."""
        waited = [(self.folded[k] - at, at - start) for k, at in self.upload.accepted.items() if k in self.folded]
        return [{"at_s": round(t, 1), "waited_s": round(w, 2)} for w, t in sorted(waited, reverse=True)[:n]]


def _browse(port: int, auth, deps, interactions: dict, last: date, stop: float, times: list[tuple[str, float]]) -> None:
    """An official going through the explorer's interactions, each time for a period never asked before; `times`
    gets each answer's interaction and seconds."""
    browser = Browser(port, auth)
    names, i = list(interactions), 0
    try:
        while time.monotonic() < stop:
            state, sector = interactions[names[i % len(names)]]
            period = [(last - timedelta(days=364 + 1 + i)).isoformat(), (last - timedelta(days=1 + i)).isoformat()]
            t = time.perf_counter()
            browser.post("/_dash-update-component", render_payload(deps, state, period, sector))
            times.append((names[i % len(names)], time.perf_counter() - t))
            i += 1
            time.sleep(BROWSE_PAUSE)
    finally:
        browser.close()


def run(engine: Engine, database_url: str, interactions: dict, *, rate: float, duration: float, uploaders: int,
        size: int, fold_interval: float, progress=print) -> dict:  # fmt: skip
    with engine.connect() as conn:
        last = bench_queries.dataset(conn)[0] or date.today()
        pairs = bench_queries.center_services(conn, 50_000)
    if not pairs:
        raise RuntimeError("the database has no active center offering a service: load one (marsad demo)")
    remove(engine)  # what an interrupted run left
    bench_queries.vacuum_rollups(engine)  # and what an earlier run's removal left dead on the run's day
    with engine.begin() as conn:
        partitions.ensure(conn, *MONTH)
        bench_queries.index_run_partition(conn, MONTH[0])
    username, password = bench_official(engine)
    auth = (username, password)
    results: dict = {
        "target_rate": rate, "seconds": duration, "uploaders": uploaders, "batch": size,
        "fold_interval_s": fold_interval, "targets": TARGETS,
    }  # fmt: skip
    server = Server(database_url, fold_interval=str(fold_interval))
    try:
        deps = requests.get(f"{server.url}/_dash-dependencies", auth=auth, timeout=60).json()
        upload = Upload(server.port, auth, _bodies(pairs, size), rate=rate, size=size)
        queue = Queue(engine, upload)
        watcher = threading.Thread(target=queue.watch, daemon=True)
        watcher.start()
        browsed: list[tuple[str, float]] = []
        start = time.monotonic()
        stop = start + duration
        progress(f"bench ingest: {rate:,.0f} ratings/s in batches of {size:,} by {uploaders} uploaders for "
                 f"{duration:.0f} s, with an official browsing the explorer …")  # fmt: skip
        threads = [threading.Thread(target=upload.uploader, args=(start, stop)) for _ in range(uploaders)]
        threads.append(
            threading.Thread(target=_browse, args=(server.port, auth, deps, interactions, last, stop, browsed))
        )
        for t in threads:
            t.start()
        while any(t.is_alive() for t in threads):
            time.sleep(min(30.0, max(1.0, duration / 10)))
            done = time.monotonic() - start
            progress(f"bench ingest: {done:.0f} s, {upload.stored:,} ratings accepted "
                     f"({upload.stored / max(done, 1e-9):,.0f}/s), {len(queue.folded):,} batches in the rollups")  # fmt: skip
        last_answer = max(upload.accepted.values(), default=start)
        deadline = time.monotonic() + 120
        while len(queue.folded) < len(upload.accepted) and time.monotonic() < deadline:
            time.sleep(POLL)
        drained = max(queue.folded.values(), default=time.monotonic())  # the look that found the last one folded
        queue.halt.set()
        watcher.join()
    finally:
        server.stop()
        officials.set_disabled(engine, username)
    lags = queue.lags()
    sending = last_answer - start
    results["upload"] = {
        "ratings": upload.stored,
        "ratings_per_s": round(upload.stored / sending) if sending > 0 else 0,
        "batches": len(upload.accepted),
        "sent_again": upload.sent_again,
        "failed": upload.failed,
        "request_p50_ms": round(statistics.median(upload.request_s) * 1000) if upload.request_s else None,
        "request_p95_ms": round(pct(upload.request_s, 0.95) * 1000) if upload.request_s else None,
    }
    results["rollups"] = {
        "batches_folded": len(lags),
        "in_rollups_p50_s": round(statistics.median(lags), 2) if lags else None,
        "in_rollups_p95_s": round(pct(lags, 0.95), 2) if lags else None,
        "in_rollups_max_s": round(max(lags), 2) if lags else None,
        "drained_after_last_answer_s": round(drained - last_answer, 2),
        "longest_queue": queue.longest_queue,
        "slowest": queue.slowest(start),
    }
    steady = queue.lags_after(start, STEADY_AFTER)
    if steady:
        results["rollups"].update(after_first_minute_p95_s=round(pct(steady, 0.95), 2),
                                  after_first_minute_max_s=round(max(steady), 2))  # fmt: skip
    explorer = [seconds for _, seconds in browsed]
    by_interaction: dict[str, list[float]] = {}
    for name, seconds in browsed:
        by_interaction.setdefault(name, []).append(seconds)
    results["explorer_cold"] = {
        "answers": len(explorer),
        "p50_ms": round(statistics.median(explorer) * 1000, 1) if explorer else None,
        "p95_ms": round(pct(explorer, 0.95) * 1000, 1) if explorer else None,
        # which interactions the slowest answers were: each one's p95, the slowest first
        "by_interaction_p95_ms": dict(
            sorted(
                ((name, round(pct(ts, 0.95) * 1000, 1)) for name, ts in by_interaction.items()),
                key=lambda item: -item[1],
            )
        ),
    }
    progress("bench ingest: comparing the rollups with a rebuild from the ratings …")
    with engine.begin() as conn:
        stored = conn.execute(
            text("SELECT count(*) FROM rating WHERE submitted_at >= :a AND submitted_at < :b"),
            {"a": EPOCH, "b": EPOCH + timedelta(days=1)},
        ).scalar_one()
        differ = bench_queries.rollups_differ(conn, *MONTH)
    results["check"] = {"ratings_stored": stored, "rollup_rows_differing": sum(differ.values()), "by_rollup": differ}
    remove(engine)
    return results


def remove(engine: Engine) -> None:
    """The run's ratings (their month's partition) and their rollup rows."""
    with engine.begin() as conn:
        partitions.drop_month(conn, MONTH[0])
        bench_queries.remove_dated(conn, *MONTH)


def print_table(r: dict) -> None:
    t, up, ro, ex, ch = r["targets"], r["upload"], r["rollups"], r["explorer_cold"], r["check"]
    print(f"\nsustained ingest: {r['uploaders']} uploaders, batches of {r['batch']:,}, {r['seconds']:.0f} s at "
          f"{r['target_rate']:,.0f} ratings/s asked; fold every {r['fold_interval_s']} s")  # fmt: skip
    print(f"{'figure':<44}{'measured':>14}   target")
    rows = [
        ("ratings accepted per second", f"{up['ratings_per_s']:,}", f"≥ {t['ratings_per_s']:,}"),
        ("ratings accepted (batches)", f"{up['ratings']:,} ({up['batches']:,})", ""),
        ("batches sent again / failed", f"{up['sent_again']} / {up['failed']}", "0 failed"),
        ("batch request p50 / p95", f"{up['request_p50_ms']} / {up['request_p95_ms']} ms", ""),
        ("in the rollups after acceptance, p50", f"{ro['in_rollups_p50_s']} s", ""),
        ("in the rollups after acceptance, p95", f"{ro['in_rollups_p95_s']} s", ""),
        ("in the rollups after acceptance, max", f"{ro['in_rollups_max_s']} s", f"≤ {t['in_rollups_s']} s"),
        ("after the first minute: p95 / max",
         f"{ro.get('after_first_minute_p95_s')} / {ro.get('after_first_minute_max_s')} s", ""),
        ("longest queue (ratings, at most)", f"{ro['longest_queue']:,}", ""),
        ("explorer cold p95 during the upload", f"{ex['p95_ms']} ms ({ex['answers']})",
         f"≤ {t['explorer_cold_p95_ms']} ms"),
        ("ratings stored = accepted", f"{ch['ratings_stored']:,}", f"{up['ratings']:,}"),
        ("rollup rows differing from a rebuild", f"{ch['rollup_rows_differing']}", "0"),
    ]  # fmt: skip
    for name, value, target in rows:
        print(f"{name:<44}{value:>14}   {target}")
    slow = ", ".join(f"{s['waited_s']} s at {s['at_s']} s" for s in ro.get("slowest", []))
    print(f"slowest batches to reach the rollups: {slow}")
    worst = ", ".join(f"{name} {ms} ms" for name, ms in list(ex.get("by_interaction_p95_ms", {}).items())[:4])
    print(f"explorer's slowest interactions during the upload (p95): {worst}")
