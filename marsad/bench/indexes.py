"""`marsad bench --indexes`: which function uses each index (issue "beyond one machine", point 2). A workload of what
people and workers do runs with the plan log on (marsad/db/plans.py): the explorer's interactions, the API, uploads
and their folds, people browsing, every page in Chromium, the reports of the busiest centers and a run of the alert
job. Each index is then listed with the functions whose plans used it; the ones nothing used are named."""

from __future__ import annotations

import os
import tempfile
from datetime import timedelta
from pathlib import Path

import requests
from sqlalchemy import Engine

from marsad import params
from marsad.bench.clients import Server, bench_official, render_payload
from marsad.db import plans
from marsad.queries import bench as bench_queries
from marsad.queries import citizens, officials
from marsad.queries.areas import area_index
from marsad.settings import Settings


def run(engine: Engine, database_url: str, settings: Settings, *, center: int, progress=print) -> dict:
    from marsad.alerts import compute
    from marsad.bench import measure, pages
    from marsad.reports import bench as reports_bench

    log = Path(tempfile.mkdtemp(prefix="marsad-plans-")) / "plans.jsonl"
    os.environ["MARSAD_PLAN_LOG"] = str(log)  # the benchmark's servers are started with this environment
    plans.record(log)  # and this process: the folds of the uploads, reports, alerts
    try:
        progress("bench indexes: the explorer, the API, uploads and people browsing …")
        measure.run(engine, database_url, repeats=3, users=10, duration=20, progress=progress)
        progress("bench indexes: filters by service and source, a locality, search, rankings, the 24-hour rule …")
        _more(engine, database_url)
        progress("bench indexes: every page in Chromium …")
        pages.run(engine, database_url, center=center, repeats=1, progress=progress)
        progress("bench indexes: reports of the busiest centers, and the alert job …")
        reports_bench.run(settings, centers=2)
        compute.run(engine, params.today_riyadh())
    finally:
        os.environ.pop("MARSAD_PLAN_LOG", None)
    with engine.connect() as conn:
        found = plans.uses(plans.catalogue(conn), plans.read_log(log))
    statements = sum(1 for _ in log.open()) if log.exists() else 0
    return {"statements_explained": statements, "indexes": found}


def _more(engine: Engine, database_url: str) -> None:
    """What the timed workload leaves out: the explorer and the API filtered by a service and a source at every level
    down to a locality, rankings of centers and areas, comment search, a center's profile, and the citizens' rule of
    one rating a day (called here: it needs a confirmed number)."""
    index = area_index(engine)
    region = min(c for c, a in index.items() if a["level"] == "region")
    governorate = min(c for c, a in index.items() if a["parent_code"] == region)
    locality = min(c for c, a in index.items() if a["parent_code"] == governorate)
    with engine.connect() as conn:
        last = bench_queries.dataset(conn)[0]
        center, service = bench_queries.center_services(conn, 1)[0]
    auth = bench_official(engine)
    governor = bench_official(engine, role="governor", areas=(region,))  # the jurisdiction's own row filters too
    server = Server(database_url)
    try:
        deps = requests.get(f"{server.url}/_dash-dependencies", auth=auth, timeout=60).json()
        period = [(last - timedelta(days=364)).isoformat(), last.isoformat()] if last else ["", ""]
        for area, who in ((None, auth), (region, auth), (governorate, auth), (locality, auth), (None, governor),
                          (governorate, governor)):  # fmt: skip
            for service_code, source in ((service, ""), ("", "survey"), (service, "mystery_shopper")):
                body = render_payload(deps, {"lang": "ar", "area": area}, period, "", service_code, source)
                requests.post(f"{server.url}/_dash-update-component", json=body, auth=who, timeout=120)
            filters = {"area": area or "", "service": service, "source": "survey", "from": period[0], "to": period[1]}
            for path in ("/summary", "/areas", "/centers", "/sectors"):
                requests.get(f"{server.url}/api/v1{path}", params=filters, auth=who, timeout=120)
            for level, order in (("center", "top"), ("area", "bottom")):
                if not (level == "area" and area == locality):
                    requests.get(f"{server.url}/api/v1/rankings", auth=who, timeout=120,
                                 params={**filters, "level": level, "order": order})  # fmt: skip
        for q in ("موظف", "staff", "xyzzy"):  # common words, and a rare one (the trigram index's case)
            requests.get(f"{server.url}/api/v1/comments", params={"q": q}, auth=auth, timeout=120)
        requests.get(f"{server.url}/api/v1/centers/{center}", auth=auth, timeout=120)
    finally:
        server.stop()
        officials.set_disabled(engine, auth[0])
        officials.set_disabled(engine, governor[0])
    with engine.connect() as conn:
        citizens.rated_recently(conn, rater_hmac="0" * 64, center_id=center, platform_code=None, service_code=service)


def print_table(r: dict) -> None:
    print(f"\nindexes and the functions whose plans used them ({r['statements_explained']:,} statements explained)")
    unused = []
    for row in r["indexes"]:
        size = f"{row['bytes'] / 2**20:,.1f} MB"
        users = ", ".join(u.removeprefix("marsad.") for u in row["used_by"])
        if not users:
            unused.append(row)
        print(f"{row['name']:<52}{size:>11}  {users or '—'}")
    print(f"\nused by nothing in this workload ({len(unused)}): " + ", ".join(
        f"{u['name']}{' (unique: a constraint)' if u['is_unique'] else ''}" for u in unused))  # fmt: skip


def markdown(r: dict) -> str:
    """The table as Markdown (docs/indexes.md is one run of it, with what was decided)."""
    lines = [
        f"| index | table | size | used by ({r['statements_explained']:,} statements explained) |",
        "|---|---|---:|---|",
    ]
    for row in r["indexes"]:
        users = ", ".join(f"`{u.removeprefix('marsad.')}`" for u in row["used_by"]) or (
            "— (unique: a constraint)" if row["is_unique"] else "—"
        )
        lines.append(f"| `{row['name']}` | `{row['tbl']}` | {row['bytes'] / 2**20:,.1f} MB | {users} |")
    return "\n".join(lines) + "\n"
