"""The benchmark's server (gunicorn on a loopback port) and its clients: a browser-like connection and the
explorer callback's request body."""

from __future__ import annotations

import base64
import gzip
import http.client
import json
import os
import secrets
import socket
import subprocess
import sys
import time

import requests
from sqlalchemy import Engine

from marsad.queries import officials


def pct(values: list[float], q: float) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, round(q * (len(values) - 1)))]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


SERVER_WORKERS = 2


def bench_official(engine: Engine, *, role: str = "analyst", areas: tuple[str, ...] = ()) -> tuple[str, str]:
    """A signed-in benchmark official of its own (a national analyst unless areas are given): (username, password).
    The caller disables it when done (officials.set_disabled)."""
    username, password = f"bench_{secrets.token_hex(4)}", secrets.token_urlsafe(16)
    officials.add(engine, username=username, display_name="benchmark", role=role, password=password,
                  national=not areas, areas=areas)  # fmt: skip
    return username, password


class Server:
    """gunicorn serving marsad.app:server on a free loopback port."""

    def __init__(self, database_url: str, workers: int = SERVER_WORKERS, **settings: str):
        """`settings`: more of the server's settings (fold_interval="0.5" is MARSAD_FOLD_INTERVAL)."""
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        env = {
            **os.environ,
            "MARSAD_DATABASE_URL": database_url,
            "MARSAD_SECRET_KEY": secrets.token_urlsafe(32),
            # the public figures are computed on the first public request, not while explorer answers are timed
            "MARSAD_WARM_PUBLIC_FIGURES": "false",
            **{f"MARSAD_{k.upper()}": v for k, v in settings.items()},
        }
        env.pop("MARSAD_REDIS_URL", None)
        self.proc = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "gunicorn",
                "-c",
                "python:marsad.gunicorn_conf",
                "-w",
                str(workers),
                "-b",
                f"127.0.0.1:{self.port}",
                "--log-level",
                "warning",
                "marsad.app:server",
            ],
            env=env,
        )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                if requests.get(f"{self.url}/api/v1/health", timeout=15).status_code == 200:
                    return
            except requests.RequestException:  # not listening yet, or a worker still building the app
                pass
            if self.proc.poll() is not None:
                raise RuntimeError("the benchmark server exited; see the messages above")
            time.sleep(0.2)
        self.stop()
        raise RuntimeError("the benchmark server did not start; see the messages above")

    def stop(self) -> None:
        self.proc.terminate()
        self.proc.wait(timeout=30)


class Browser:
    """Calls as a browser makes them, on one kept-alive connection: basic auth, a JSON body, a gzip answer
    (decoded). The explorer's answers are timed with it rather than with requests, whose own Python work
    added 1.7 ms to each call on this machine (6.3 vs 8.0 ms for the same cached answer), which no browser
    spends."""

    def __init__(self, port: int, auth: tuple[str, str]):
        token = base64.b64encode(f"{auth[0]}:{auth[1]}".encode()).decode()
        self.headers = {
            "Authorization": f"Basic {token}",
            "Content-Type": "application/json",
            "Accept-Encoding": "gzip",
        }
        self.conn = http.client.HTTPConnection("127.0.0.1", port, timeout=120)

    def post(self, path: str, body: dict) -> bytes:
        """The answer's body; an error unless it is 200 OK."""
        self.conn.request("POST", path, body=json.dumps(body), headers=self.headers)
        r = self.conn.getresponse()
        data = r.read()
        if r.status != 200:
            raise RuntimeError(f"POST {path}: HTTP {r.status} {data[:300]!r}")
        return gzip.decompress(data) if r.getheader("Content-Encoding") == "gzip" else data

    def close(self) -> None:
        self.conn.close()


def render_payload(
    deps: list[dict], state: dict, period: list[str], sector: str = "", service: str = "", source: str = ""
) -> dict:
    """The explorer's request for `state` (its "measure": "index" switches the map to the combined index)."""
    dep = next(d for d in deps if "areas-layer.data" in d["output"])
    values = {
        "state.data": {k: v for k, v in state.items() if k != "measure"},
        "f-sector.value": sector,
        "f-service.value": service,
        "f-source.value": source,
        "f-period.value": period,
        "f-measure.value": state.get("measure") or "ratings",
    }
    outputs = [dict(zip(("id", "property"), p.rsplit(".", 1))) for p in dep["output"].strip(".").split("...") if p]
    return {
        "output": dep["output"],
        "outputs": outputs,
        "changedPropIds": ["state.data"],
        "inputs": [
            {"id": i["id"], "property": i["property"], "value": values.get(f"{i['id']}.{i['property']}")}
            for i in dep["inputs"]
        ],
        "state": [],
    }
