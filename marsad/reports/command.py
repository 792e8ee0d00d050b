"""`marsad reports render`: any report by hand, for the whole country or as one official would receive it."""

from __future__ import annotations

import logging
import sys
from pathlib import Path

import flask

from marsad import calendars, params, resources
from marsad.context import Context, for_official
from marsad.jurisdiction import Scope
from marsad.queries import officials
from marsad.reports import delivery, periods, service
from marsad.settings import Settings


def add_parser(sub) -> None:
    reports = sub.add_parser("reports", help="reports: render one by hand")
    reports_sub = reports.add_subparsers(dest="reports_command", required=True)
    render = reports_sub.add_parser(
        "render", help="render a report to a PDF or HTML file (the latest complete period by default)"
    )
    render.add_argument("--kind", required=True, choices=list(service.KINDS))
    render.add_argument("--center", type=int, help="the center (center-weekly)")
    render.add_argument("--area", help="an area code (default: the whole jurisdiction)")
    render.add_argument("--sector", help="a sector code (sector-quarterly)")
    render.add_argument("--period", help="week:YYYY-MM-DD (a Sunday), month:YYYY-MM or quarter:YYYY-QN")
    render.add_argument("--lang", choices=["ar", "en"], default="ar")
    render.add_argument("--calendar", choices=list(calendars.CALENDARS))
    render.add_argument("--as", dest="as_user", help="render as this official would receive it (their jurisdiction)")
    render.add_argument("--out", required=True, help="FILE.pdf or FILE.html")
    subscribe = reports_sub.add_parser(
        "subscribe", help="subscribe an official to a report, or to their alerts as they are raised (or change it)"
    )
    subscribe.add_argument("username")
    subscribe.add_argument("--kind", required=True, choices=list(delivery.SUBSCRIBABLE))
    subscribe.add_argument("--email", help="where to send it (none: the in-app inbox only)")
    subscribe.add_argument("--lang", choices=["ar", "en"], default="ar")
    subscribe.add_argument("--off", action="store_true", help="stop this subscription")
    defaults = reports_sub.add_parser(
        "defaults", help="subscribe every official without a subscription to their role's report (inbox only)"
    )
    defaults.add_argument("--lang", choices=["ar", "en"], default="ar")
    bench = reports_sub.add_parser(
        "bench", help="time rendering reports (center weekly, area quarterly), or sending them (--deliver)"
    )
    bench.add_argument("--centers", type=int, default=50, help="how many of the busiest centers to render")
    bench.add_argument(
        "--deliver",
        type=int,
        metavar="N",
        help="send N centers' weekly reports through the queue to a local SMTP server",
    )
    bench.add_argument("--workers", default="1,2", help="worker processes to send with, one run each (e.g. 1,2)")
    worker = reports_sub.add_parser("worker", help="send the due reports (run one or more, as a service)")
    worker.add_argument("--until-idle", action="store_true", help="stop when nothing is left to send")
    worker.add_argument("--concurrency", type=int, default=1, help="reports made at once by this worker")
    reports.set_defaults(func=run)


def run(args, settings: Settings) -> int:
    if args.reports_command == "worker":
        from marsad.reports import queue

        logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
        queue.run_worker(settings, until_idle=args.until_idle, concurrency=args.concurrency)
        return 0
    if args.reports_command == "subscribe":
        return _subscribe(args, settings)
    if args.reports_command == "defaults":
        from marsad.db.engines import database_url, make_engine
        from marsad.queries import deliveries

        added = deliveries.add_defaults(make_engine(database_url(settings), pool_size=1), lang=args.lang)
        print(f"{added} officials subscribed to their role's report (inbox only; add an address with subscribe)")
        return 0
    if args.reports_command == "bench":
        if args.deliver:
            from marsad.reports import delivery_bench

            workers = [int(w) for w in args.workers.split(",") if w.strip().isdigit() and int(w) > 0]
            if not workers:
                print("--workers: give worker counts such as 1,2", file=sys.stderr)
                return 2
            return delivery_bench.run(settings, deliveries=args.deliver, workers=workers)
        from marsad.reports import bench

        bench.run(settings, centers=args.centers)
        return 0
    out = Path(args.out)
    fmt = out.suffix.lstrip(".").lower()
    if fmt not in service.FORMATS:
        print("marsad: --out must end in .pdf or .html", file=sys.stderr)
        return 2
    server = flask.Flask("marsad-reports")
    res = resources.make(settings, server, resources.database(settings))
    with server.app_context():
        if args.as_user:
            official = officials.by_username(res.quick_engine, args.as_user)
            if official is None or official.disabled:
                print(f"marsad: no enabled official {args.as_user!r} (see `marsad users list`)", file=sys.stderr)
                return 2
            ctx = for_official(res, official)
        else:
            ctx = Context(resources=res, official=None, scope=Scope.national())
        try:
            report = service.build(
                ctx,
                args.kind,
                today=params.today_riyadh(),
                period=args.period,
                center=args.center,
                area=args.area,
                sector=args.sector,
            )
        except (periods.BadPeriod, ValueError, service.NotInScope) as exc:
            print(f"marsad: {exc}", file=sys.stderr)
            return 2
        data = service.write(ctx, report, lang=args.lang, fmt=fmt, calendar=args.calendar or settings.calendar)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_bytes(data)
    print(f"{args.kind} {report.period.key} ({args.lang}) written to {out} ({len(data):,} bytes)")
    return 0


def _subscribe(args, settings: Settings) -> int:
    from marsad.db.engines import database_url, make_engine
    from marsad.queries import deliveries

    engine = make_engine(database_url(settings), pool_size=1)
    official = officials.by_username(engine, args.username)
    if official is None:
        print(f"marsad: no official {args.username!r} (see `marsad users list`)", file=sys.stderr)
        return 2
    row = deliveries.subscribe(
        engine, official_id=official.id, kind=args.kind, lang=args.lang, email=args.email, active=not args.off, by="cli"
    )
    state = "active" if row["active"] else "stopped"
    print(f"{args.username}: {args.kind} ({args.lang}) to {args.email or 'the inbox only'}: {state}")
    return 0
