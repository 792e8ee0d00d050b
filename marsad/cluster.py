"""Several app servers behind one address, on this machine: gunicorn servers on their own loopback ports, sharing the
database, Redis and the signing secret, behind HAProxy with the project's deploy/haproxy.cfg. For the tests and the
benchmark; a deployment runs the same pieces as services (README, "Production")."""

from __future__ import annotations

import os
import secrets
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import requests

from marsad.bench.clients import free_port

CONFIG = Path(__file__).resolve().parent.parent / "deploy" / "haproxy.cfg"


class LocalCluster:
    """`servers` gunicorn servers (2 in the shipped proxy configuration) and HAProxy in front at `.url`."""

    def __init__(self, database_url: str, *, redis_url: str, data_dir: Path, workers: int = 2, **settings: str):
        haproxy = shutil.which("haproxy") or "/usr/sbin/haproxy"
        if not Path(haproxy).exists():
            raise RuntimeError("haproxy not found: apt-get install -y haproxy (scripts/bootstrap.sh --with-tests)")
        self.env = {
            **os.environ,
            "MARSAD_DATABASE_URL": database_url,
            "MARSAD_REDIS_URL": redis_url,
            "MARSAD_DATA_DIR": str(data_dir),
            "MARSAD_SECRET_KEY": secrets.token_urlsafe(32),  # one secret: sessions and signed links hold across
            "MARSAD_PROXIES": "1",
            **{f"MARSAD_{k.upper()}": v for k, v in settings.items()},
        }
        self.ports = [free_port(), free_port()]
        self.apps: list[subprocess.Popen | None] = [self._start_app(p, workers) for p in self.ports]
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        proxy_env = {
            **os.environ,
            "MARSAD_PROXY_BIND": f"127.0.0.1:{self.port}",
            **{f"MARSAD_APP{i + 1}": f"127.0.0.1:{p}" for i, p in enumerate(self.ports)},
        }
        self.proxy = subprocess.Popen(
            [haproxy, "-f", str(CONFIG), "-db", "-q"], env=proxy_env, stdout=subprocess.DEVNULL
        )
        try:
            for port in self.ports:
                self._wait(f"http://127.0.0.1:{port}")
            self._wait(self.url)
            self.wait_all_up()
        except Exception:
            self.stop()
            raise

    def _start_app(self, port: int, workers: int) -> subprocess.Popen:
        return subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "-c", "python:marsad.gunicorn_conf", "-w", str(workers),
             "-b", f"127.0.0.1:{port}", "--log-level", "warning", "marsad.app:server"],
            env=self.env,
        )  # fmt: skip

    def _wait(self, url: str, seconds: float = 90) -> None:
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            try:
                if requests.get(f"{url}/api/v1/health", timeout=10).status_code == 200:
                    return
            except requests.RequestException:
                pass
            time.sleep(0.2)
        raise RuntimeError(f"{url} did not answer within {seconds:.0f} s")

    def wait_all_up(self, seconds: float = 30) -> None:
        """Until the proxy has sent requests to every running server (its health checks passed)."""
        want = {f"app{i + 1}" for i, proc in enumerate(self.apps) if proc is not None}
        seen: set[str] = set()
        deadline = time.monotonic() + seconds
        while not want <= seen:
            if time.monotonic() > deadline:
                raise RuntimeError(f"the proxy never reached {sorted(want - seen)}")
            seen.add(requests.get(f"{self.url}/api/v1/health", timeout=10).headers.get("X-Marsad-Server", ""))
            time.sleep(0.05)

    def kill(self, index: int) -> None:
        """Kill app server `index` (0-based) at once, as a machine failure would (SIGKILL to its whole group)."""
        proc = self.apps[index]
        if proc is not None:
            # its workers first: once the master is dead they belong to init and `pkill -P` no longer finds them
            subprocess.run(["pkill", "-KILL", "-P", str(proc.pid)], check=False)
            proc.send_signal(signal.SIGKILL)
            proc.wait(timeout=30)
            self.apps[index] = None

    def stop(self) -> None:
        for proc in [*self.apps, self.proxy]:
            if proc is not None and proc.poll() is None:
                proc.terminate()
                try:
                    proc.wait(timeout=30)
                except subprocess.TimeoutExpired:
                    proc.kill()
