"""`marsad bench --cluster`: the explorer under many users on two app servers behind HAProxy, reading from a real
streaming replica (issue "beyond one machine"): p95 and errors of `users` people browsing, then the same while the
replica is killed and started again, with the cache emptied every 2 s as folds of new ratings would (every answer
read again): requests that failed, and how long until the replica answered reads again.
Needs the embedded database (the replica is made of it) and starts its own Redis."""

from __future__ import annotations

import shutil
import subprocess
import tempfile
import threading
import time
from datetime import date
from pathlib import Path

import redis
import requests
from sqlalchemy import Engine, text

from marsad.bench.clients import bench_official, free_port
from marsad.bench.load import concurrency
from marsad.cluster import LocalCluster
from marsad.db.embedded import EmbeddedCluster, EmbeddedReplica
from marsad.db.engines import make_engine
from marsad.queries import bench as bench_queries
from marsad.queries import officials

TARGETS = {"p95_ms": 300, "errors": 0, "back_within_s": 30}
BACK_IN_USE = 5_000  # rows a second returned by the replica that say the app servers read from it again
FLUSH_SECONDS = 2.0  # during the kill run the cache is emptied this often, as folds of new ratings would


def private_redis(folder: Path) -> str:
    """A redis-server of its own on a free loopback port (stopped with `stop_redis`); its URL."""
    exe = shutil.which("redis-server")
    if exe is None:
        raise RuntimeError("redis-server not found: apt-get install -y redis-server")
    port = free_port()
    subprocess.run(
        [exe, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--daemonize", "yes",
         "--dir", str(folder), "--pidfile", str(folder / "redis.pid")],
        check=True,
    )  # fmt: skip
    url = f"redis://127.0.0.1:{port}/0"
    client = redis.Redis.from_url(url)
    deadline = time.monotonic() + 10
    while True:
        try:
            client.ping()
            return url
        except redis.ConnectionError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.05)


def stop_redis(url: str) -> None:
    redis.Redis.from_url(url).shutdown(nosave=True)


def _replica_reads(replica: EmbeddedReplica, database: str) -> int:
    """Rows the replica has returned in `database` so far (health checks return one each; an answer thousands)."""
    engine = make_engine(replica.url(database), pool_size=1)
    try:
        with engine.connect() as conn:
            return int(
                conn.execute(
                    text("SELECT tup_returned + tup_fetched FROM pg_stat_database WHERE datname = :d"), {"d": database}
                ).scalar_one()
            )
    finally:
        engine.dispose()


def run(engine: Engine, primary: EmbeddedCluster, database: str, interactions: dict, *, users: int, duration: float,
        progress=print) -> dict:  # fmt: skip
    with engine.connect() as conn:
        last = bench_queries.dataset(conn)[0] or date.today()
    folder = Path(tempfile.mkdtemp(prefix="marsad-bench-cluster-"))
    folder.chmod(0o711)
    replica = EmbeddedReplica(primary.root.parent / "replica-bench", primary=primary)
    username, password = bench_official(engine)
    redis_url = cluster = None
    results: dict = {"users": users, "seconds": duration, "targets": TARGETS}
    try:
        progress("bench cluster: a streaming replica, Redis, two app servers and HAProxy …")
        replica.up()
        redis_url = private_redis(folder)
        cluster = LocalCluster(
            engine.url.render_as_string(hide_password=False),
            redis_url=redis_url,
            data_dir=folder,
            database_replica_urls=replica.url(database),
            replica_check_seconds="1",
            warm_public_figures="false",
        )
        deps = requests.get(f"{cluster.url}/_dash-dependencies", auth=(username, password), timeout=60).json()
        before = _replica_reads(replica, database)
        progress(f"bench cluster: {users} users for {duration:.0f} s …")
        results["steady"] = concurrency(
            cluster.url, (username, password), deps, interactions, last, users=users, duration=duration
        )
        results["steady"]["replica_transactions"] = _replica_reads(replica, database) - before

        progress("bench cluster: the same, with the replica killed a third of the way in and started again …")
        outcome: dict = {}

        def browse_all() -> None:
            outcome.update(
                concurrency(cluster.url, (username, password), deps, interactions, last, users=users, duration=duration)
            )

        browse = threading.Thread(target=browse_all)
        flushing = threading.Event()

        def flush() -> None:  # every answer read again, as after each fold: the replica's absence is felt
            while not flushing.wait(FLUSH_SECONDS):
                redis.Redis.from_url(redis_url).flushdb()

        flusher = threading.Thread(target=flush)
        browse.start()
        flusher.start()
        time.sleep(duration / 3)
        replica.kill()
        time.sleep(duration / 6)
        replica.start()
        restarted = time.monotonic()
        back = None
        reads = _replica_reads(replica, database)
        while time.monotonic() - restarted < duration / 2:
            time.sleep(1.0)
            now = _replica_reads(replica, database)
            # the app servers read there again: far more rows a second than their health checks return
            if now - reads > BACK_IN_USE:
                back = round(time.monotonic() - restarted, 1)
                break
            reads = now
        browse.join()
        flushing.set()
        flusher.join()
        results["replica_killed"] = {**outcome, "back_in_use_s": back}
    finally:
        if cluster is not None:
            cluster.stop()
        if redis_url is not None:
            stop_redis(redis_url)
        replica.destroy()
        officials.set_disabled(engine, username)
        shutil.rmtree(folder, ignore_errors=True)
    return results


def print_table(results: dict) -> None:
    t = TARGETS
    print(f"\ntwo app servers behind HAProxy, one streaming replica; {results['users']} users, "
          f"{results['seconds']:.0f} s each")  # fmt: skip
    print(f"{'run':<24}{'requests':>10}{'errors':>8}{'p50':>9}{'p95':>9}   target")
    for name, label in (("steady", "steady"), ("replica_killed", "replica killed, back")):
        r = results[name]
        print(
            f"{label:<24}{r['requests']:>10}{r['errors']:>8}{r['p50_ms']:>7}ms{r['p95_ms']:>7}ms"
            f"   p95 ≤ {t['p95_ms']} ms, {t['errors']} errors"
        )
    print(f"rows read from the replica during the steady run: {results['steady']['replica_transactions']:,}")
    back = results["replica_killed"]["back_in_use_s"]
    print(f"replica back in use after its restart: {'never' if back is None else f'{back} s'} "
          f"(target ≤ {t['back_within_s']} s)")  # fmt: skip
