"""`marsad alerts evaluate`: how well falling centers are found, on data with planted drops (`marsad demo
--planted N`)."""

from __future__ import annotations

import time

from marsad.settings import Settings


def add_parser(sub) -> None:
    alerts = sub.add_parser("alerts", help="alerts: measure detection on planted drops and comment surges")
    alerts_sub = alerts.add_subparsers(dest="alerts_command", required=True)
    evaluate = alerts_sub.add_parser("evaluate", help="recall, delay and false alarms over the last days")
    evaluate.add_argument("--days", type=int, default=120, help="days evaluated, each tested in turn")
    alerts.set_defaults(func=run)


def run(args, settings: Settings) -> int:
    from marsad.alerts import evaluate
    from marsad.db.engines import database_url, make_engine

    engine = make_engine(database_url(settings), pool_size=1)
    started = time.perf_counter()
    results = evaluate.run(engine, days=args.days)
    for kind, title in (("drop", "satisfaction drops"), ("surge", "comment surges")):
        print(f"{title}:")
        for line in results[kind].lines():
            print(f"  {line}")
    print(f"evaluated in {time.perf_counter() - started:.1f} s ({args.days} days of every center)")
    return 0
