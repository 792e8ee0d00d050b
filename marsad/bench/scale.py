"""`marsad bench --scale SMALL_DATA_DIR`: every figure of "beyond one machine" from one command, each from the
benchmark that measures it (their own tables are printed as they finish), then one table of the figures against
their targets. On the national demo (30,000 centers, 10M ratings or more) with a smaller one (e.g. 1M ratings) in
SMALL_DATA_DIR; about 20 minutes (warm and cold explorer figures from 30 answers of each interaction, growth from 60)."""

from __future__ import annotations

from sqlalchemy import Engine

from marsad.bench import cluster, growth, ingest, measure
from marsad.bench import report as main_report
from marsad.db.embedded import EmbeddedCluster
from marsad.queries import load


def run(engine: Engine, database_url: str, primary: EmbeddedCluster, database: str, small: tuple[Engine, str], *,
        users: int, ingest_seconds: float, progress=print) -> dict:  # fmt: skip
    interactions = measure.explorer_interactions(engine)
    found: dict = {}
    progress("bench scale (1/4): sustained ingest …")
    found["ingest"] = ingest.run(engine, database_url, interactions, rate=10_000, duration=ingest_seconds,
                                 uploaders=4, size=5000, fold_interval=0.5, progress=progress)  # fmt: skip
    ingest.print_table(found["ingest"])
    # the upload's 6 million ratings, their rollup rows and their removal leave dead rows that autovacuum would
    # otherwise be cleaning up (and the replica replaying) during the next runs, which would then measure it
    progress("bench scale: vacuuming after the upload …")
    load.vacuum(engine)
    progress(f"bench scale (2/4): {users} users on two app servers and a replica, then the replica killed …")
    found["cluster"] = cluster.run(engine, primary, database, interactions, users=users, duration=60,
                                   progress=progress)  # fmt: skip
    cluster.print_table(found["cluster"])
    progress("bench scale (3/4): every explorer interaction, cold and warm …")
    found["explorer"] = measure.run(engine, database_url, repeats=30, users=10, duration=20, progress=progress)
    main_report.print_table(found["explorer"])
    progress("bench scale (4/4): growth against the smaller database …")
    found["growth"] = growth.run((engine, database_url), small, interactions, repeats=60, progress=progress)
    growth.print_table(found["growth"])
    return found


def figures(found: dict) -> list[tuple[str, str, str, bool]]:
    """(figure, measured, target, met) for each target of the issue."""
    i, c, e, g = found["ingest"], found["cluster"], found["explorer"], found["growth"]
    up, ro, ch = i["upload"], i["rollups"], i["check"]
    ingest_met = (
        up["ratings_per_s"] >= ingest.TARGETS["ratings_per_s"]
        and (ro["in_rollups_max_s"] or 1e9) <= ingest.TARGETS["in_rollups_s"]
        and ch["rollup_rows_differing"] == 0
        and ch["ratings_stored"] == up["ratings"]
        and up["failed"] == 0
    )
    warm = max(v["warm_p95_ms"] for v in e["interactions"].values())
    steady, killed = c["steady"], c["replica_killed"]
    back = killed["back_in_use_s"]
    t = cluster.TARGETS
    return [
        (
            f"sustained ingest, {i['seconds']:.0f} s, {i['uploaders']} uploaders",
            f"{up['ratings_per_s']:,}/s, max {ro['in_rollups_max_s']} s to the rollups, "
            f"{ch['rollup_rows_differing']} rows off a rebuild",
            "≥ 10,000/s, ≤ 5 s, equal to a rebuild",
            ingest_met,
        ),
        (
            "explorer cold p95 during that ingest",
            f"{i['explorer_cold']['p95_ms']} ms",
            f"≤ {ingest.TARGETS['explorer_cold_p95_ms']} ms",
            (i["explorer_cold"]["p95_ms"] or 1e9) <= ingest.TARGETS["explorer_cold_p95_ms"],
        ),
        (
            f"{c['users']} users, two app servers + a replica",
            f"p95 {steady['p95_ms']} ms, {steady['errors']} errors",
            f"≤ {t['p95_ms']} ms / {t['errors']}",
            (steady["p95_ms"] or 1e9) <= t["p95_ms"] and steady["errors"] == t["errors"],
        ),
        ("explorer warm p95, every interaction (worst)", f"{warm} ms", "≤ 10 ms", warm <= 10),
        (
            f"cold p95 at {_millions(g['big']['ratings'])} ÷ at {_millions(g['small']['ratings'])} ratings, same run",
            f"{g['all']['ratio']} (worst interaction {max(v['ratio'] for v in g['interactions'].values())})",
            f"≤ {growth.TARGET_RATIO}",
            g["all"]["ratio"] <= growth.TARGET_RATIO,
        ),
        (
            "a replica killed during the users' run",
            f"{killed['errors']} failed, back in {'never' if back is None else f'{back} s'}",
            f"0 failed, ≤ {t['back_within_s']} s",
            killed["errors"] == 0 and back is not None and back <= t["back_within_s"],
        ),
    ]


def _millions(n: int) -> str:
    return f"{n / 1e6:.1f}M" if n < 10_000_000 else f"{n / 1e6:.0f}M"


def print_table(found: dict) -> None:
    print("\nbeyond one machine: every figure against its target")
    print(f"{'figure':<52}{'measured':<62}{'target':<40}met")
    for name, measured, target, met in figures(found):
        print(f"{name:<52}{measured:<62}{target:<40}{'yes' if met else 'NO'}")
