"""`marsad bench --indexes`: which function uses each index (issue "beyond one machine", point 2). A workload of what
people and workers do runs with the plan log on (marsad/db/plans.py): the explorer's interactions, the API, uploads
and their folds, people browsing, every page in Chromium, the reports of the busiest centers and a run of the alert
job. Each index is then listed with the functions whose plans used it; the ones nothing used are named."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from sqlalchemy import Engine

from marsad import params
from marsad.db import plans
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
