"""The `marsad` command: database lifecycle, demo data, geodata import and the server."""

from __future__ import annotations

import argparse
import json
import sys
from datetime import date

from marsad.settings import Settings


def _engine(settings: Settings, *, migrate: bool = True):
    from marsad.db.engines import check_postgis, database_url, make_engine
    from marsad.db.schema import migrate as run_migrations

    engine = make_engine(database_url(settings))
    check_postgis(engine)
    if migrate:
        run_migrations(engine)
    return engine


def cmd_db(args, settings: Settings) -> int:
    from marsad.db.engines import database_url, embedded_cluster
    from marsad.db.schema import current_revision

    if args.action == "up":
        engine = _engine(settings)
        print(f"database ready at revision {current_revision(engine)}")
        print(database_url(settings, start_embedded=False))
    elif args.action == "migrate":
        engine = _engine(settings)
        print(f"migrated to revision {current_revision(engine)}")
    elif args.action == "down":
        if settings.database_url:
            print("MARSAD_DATABASE_URL is set: that server is not managed by marsad", file=sys.stderr)
            return 1
        stopped = embedded_cluster(settings).stop()
        print("embedded database stopped" if stopped else "embedded database was not running")
    elif args.action == "url":
        print(database_url(settings, start_embedded=False))
    elif args.action == "replica":
        return _replica(args, settings)
    return 0


def _replica(args, settings: Settings) -> int:
    """marsad db replica up|down|url [--name N]: a streaming replica of the embedded cluster (development, tests)."""
    from marsad.db.embedded import EmbeddedReplica
    from marsad.db.engines import database_url, embedded_cluster

    if settings.database_url:
        print("MARSAD_DATABASE_URL is set: make replicas of that server with its own tools", file=sys.stderr)
        return 1
    primary = embedded_cluster(settings)
    replica = EmbeddedReplica(primary.root.parent / f"replica-{args.name}", primary=primary)
    if args.what == "up":
        database_url(settings)  # the primary, up
        print(f"replica {args.name} streaming from the embedded database; read from it with:", file=sys.stderr)
        print(f"MARSAD_DATABASE_REPLICA_URLS={replica.up()}")
    elif args.what == "down":
        print(f"replica {args.name} stopped" if replica.stop() else f"replica {args.name} was not running")
    elif args.what == "destroy":
        replica.destroy()
        print(f"replica {args.name} removed")
    else:
        print(replica.url())
    return 0


def cmd_demo(args, settings: Settings) -> int:
    from marsad.geodata import demo_officials
    from marsad.geodata.demo import DemoSpec, generate
    from marsad.queries import load
    from marsad.queries.areas import counts

    engine = _engine(settings)
    if args.if_empty and counts(engine)["ratings"] > 0:
        print("demo: the database already has ratings; nothing to do")
        return 0
    spec = DemoSpec(
        country=args.country or settings.country,
        centers=args.centers,
        ratings=args.ratings,
        seed=args.seed,
        end=date.fromisoformat(args.end) if args.end else None,
        planted=args.planted,
    )
    print(f"demo: {spec.centers:,} centers and {spec.ratings:,} ratings in {spec.country} (seed {spec.seed})")
    result = generate(engine, spec)
    print(
        f"demo: loaded {result['centers']:,} centers, {result['ratings']:,} ratings, {result['visits']:,} visits, "
        f"{result['focus_groups']:,} focus groups, {result['complaints']:,} complaints "
        f"({result['from']} to {result['to']}), {result['rollup_rows']:,} rollup rows"
    )
    print("demo: vacuuming (visibility maps for index-only scans) …", flush=True)
    load.vacuum(engine)
    path = settings.data_dir / "demo-officials.txt"
    demo_officials.create(engine, country=spec.country, path=path)
    print(f"demo: sign-in accounts for each role (random passwords) are in {path}")
    return 0


def cmd_geodata(args, settings: Settings) -> int:
    from marsad.geodata.importer import FieldMap, ImportRefused, import_file

    engine = _engine(settings)
    fields = FieldMap(
        code=args.code_field,
        name_ar=args.name_ar_field,
        name_en=args.name_en_field,
        parent=args.parent_field,
        parent_by=args.parent_by,
    )
    try:
        report = import_file(
            engine,
            args.path,
            level=args.level,
            country=args.country or settings.country,
            fields=fields,
            layer=args.layer,
            source_crs=args.crs,
            skip_invalid=args.skip_invalid,
            remap=args.remap_officials,
        )
    except ImportRefused as exc:
        print(f"import refused: {exc}", file=sys.stderr)
        for line in exc.problems:
            print(f"  - {line}", file=sys.stderr)
        return 1
    print(report.summary())
    return 0


def _read_password(confirm: bool = True) -> str:
    """From the terminal (asked twice) or the first line of standard input; never from arguments."""
    import getpass

    if sys.stdin.isatty():
        first = getpass.getpass("password: ")
        if confirm and getpass.getpass("again: ") != first:
            raise SystemExit("marsad: the passwords differ")
        return first
    return sys.stdin.readline().rstrip("\n")


def cmd_users(args, settings: Settings) -> int:
    from marsad.queries import officials

    engine = _engine(settings)
    try:
        if args.action == "add":
            password = None if args.no_password else _read_password()
            o = officials.add(
                engine,
                username=args.username,
                display_name=args.display_name or args.username,
                role=args.role,
                password=password,
                national=args.national,
                areas=args.area,
                sectors=args.sector,
                centers=args.center,
            )
            print(f"added {o.username} ({o.role}, id {o.id})")
        elif args.action == "list":
            for o in officials.all_officials(engine):
                where = (
                    "national"
                    if o.national
                    else " ".join(
                        [f"area:{a}" for a in o.areas]
                        + [f"sector:{x}" for x in o.sectors]
                        + [f"center:{c}" for c in o.centers]
                    )
                )
                print(f"{o.username:<24} {o.role:<22} {'disabled' if o.disabled else 'active':<9} {where}")
        elif args.action == "disable":
            officials.set_disabled(engine, args.username, True)
            print(f"disabled {args.username}")
        elif args.action == "enable":
            officials.set_disabled(engine, args.username, False)
            print(f"enabled {args.username}")
        elif args.action.startswith("set-") and args.action != "set-password":
            what = args.action.removeprefix("set-")
            o = officials.set_jurisdiction(engine, args.username, what, args.codes)
            print(f"{o.username}: {what} {', '.join(map(str, getattr(o, what))) or '(none)'}")
        elif args.action == "set-password":
            officials.set_password(engine, args.username, _read_password())
            print(f"password changed for {args.username}")
    except officials.OfficialError as exc:
        print(f"marsad users: {exc}", file=sys.stderr)
        return 1
    return 0


def cmd_run(args, settings: Settings) -> int:
    """gunicorn with marsad.gunicorn_conf (threaded workers, compressed answers, warmed at start); --dev: Flask's
    development server in this process."""
    import os

    settings = settings.model_copy(update={k: v for k, v in {"host": args.host, "port": args.port}.items() if v})
    _engine(settings)  # the database is up and migrated before any worker starts
    print(f"Marsad is serving on http://{settings.host}:{settings.port}", flush=True)
    if not args.dev:
        env = {**os.environ, "MARSAD_HOST": settings.host, "MARSAD_PORT": str(settings.port)}
        gunicorn = [sys.executable, "-m", "gunicorn", "-c", "python:marsad.gunicorn_conf", "marsad.app:server"]
        os.execve(sys.executable, gunicorn, env)
    from marsad.app import create_app

    app = create_app(settings)
    app.run(host=settings.host, port=settings.port, debug=settings.debug, dev_tools_disable_version_check=True)
    return 0


def _saved(found: dict, out) -> int:
    """A benchmark's figures written as JSON to `out` (a Path); the command's exit status."""
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(found, indent=2))
    print(f"\nwritten to {out}")
    return 0


def cmd_bench(args, settings: Settings) -> int:
    from pathlib import Path

    from marsad import bench
    from marsad.db.engines import database_url

    engine = _engine(settings)
    if args.pages or args.indexes:
        from marsad.bench import indexes, pages
        from marsad.queries import areas, centers

        region = areas.first_region(engine, settings.country)
        center = centers.busiest_center(engine, region=region, sector=None) if region else None
        if center is None:
            print("marsad bench: the database has no rated center; load one (marsad demo)", file=sys.stderr)
            return 2
        if args.indexes:
            found = indexes.run(engine, database_url(settings), settings, center=center)
            indexes.print_table(found)
            status = _saved(found, Path(args.out).with_name("indexes.json"))
            Path(args.out).with_name("indexes.md").write_text(indexes.markdown(found))
            return status
        found = pages.run(engine, database_url(settings), center=center, repeats=args.visits)
        pages.print_table(found)
        return _saved(found, Path(args.out).with_name("pages.json"))
    if args.cluster:
        from marsad.bench import cluster
        from marsad.bench.measure import explorer_interactions
        from marsad.db.engines import embedded_cluster

        if settings.database_url:
            print("marsad bench --cluster makes a replica of the embedded database: unset MARSAD_DATABASE_URL",
                  file=sys.stderr)  # fmt: skip
            return 2
        database = engine.url.database or "marsad"
        found = cluster.run(engine, embedded_cluster(settings), database, explorer_interactions(engine),
                            users=args.users, duration=args.duration)  # fmt: skip
        cluster.print_table(found)
        return _saved(found, Path(args.out).with_name("cluster.json"))
    if args.growth or args.scale:
        from marsad.bench import growth, scale
        from marsad.bench.measure import explorer_interactions
        from marsad.db.engines import embedded_cluster

        folder = args.growth or args.scale
        small = settings.model_copy(update={"data_dir": Path(folder), "database_url": None})
        if not (small.data_dir / "pg").is_dir():
            print(f"{folder} holds no embedded database: build one there first, e.g. "
                  f"MARSAD_DATA_DIR={folder} marsad demo --centers 30000 --ratings 1000000", file=sys.stderr)  # fmt: skip
            return 2
        if args.scale and settings.database_url:
            print("marsad bench --scale makes a replica of the embedded database: unset MARSAD_DATABASE_URL",
                  file=sys.stderr)  # fmt: skip
            return 2
        other = (_engine(small), database_url(small))
        if args.growth:
            found = growth.run((engine, database_url(settings)), other, explorer_interactions(engine),
                               repeats=args.repeats)  # fmt: skip
            growth.print_table(found)
            return _saved(found, Path(args.out).with_name("growth.json"))
        found = scale.run(engine, database_url(settings), embedded_cluster(settings), engine.url.database or "marsad",
                          other, users=args.users, ingest_seconds=args.duration)  # fmt: skip
        scale.print_table(found)
        return _saved(found, Path(args.out).with_name("scale.json"))
    if args.ingest:
        from marsad.bench import ingest
        from marsad.bench.measure import explorer_interactions

        found = ingest.run(engine, database_url(settings), explorer_interactions(engine), rate=args.rate,
                           duration=args.duration, uploaders=args.uploaders, size=args.batch,
                           fold_interval=args.fold_interval)  # fmt: skip
        ingest.print_table(found)
        return _saved(found, Path(args.out).with_name("ingest.json"))
    compare = None
    if args.compare:
        try:
            compare = json.loads(Path(args.compare).read_text())
        except (OSError, ValueError) as exc:
            print(
                f"cannot read {args.compare}: {exc}; give the JSON written by an earlier `marsad bench`",
                file=sys.stderr,
            )
            return 2
    results = bench.run(
        engine,
        database_url(settings),
        repeats=args.repeats,
        out=Path(args.out),
        users=args.users,
        duration=args.duration,
        compare=compare,
    )
    bench.print_table(results)
    print(f"\nwritten to {args.out}")
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="marsad", description="Marsad: citizen satisfaction on a map")
    sub = parser.add_subparsers(dest="command", required=True)

    db = sub.add_parser("db", help="the database: up | migrate | down | url | replica up|down|destroy|url")
    db.add_argument("action", choices=["up", "migrate", "down", "url", "replica"])
    db.add_argument(
        "what",
        nargs="?",
        choices=["up", "down", "destroy", "url"],
        default="url",
        help="with replica: start (a base backup the first time), stop, remove or print its URL",
    )
    db.add_argument("--name", default="1", help="with replica: which one (its folder is data_dir/replica-NAME)")
    db.set_defaults(func=cmd_db)

    demo = sub.add_parser("demo", help="load deterministic demo data (replaces centers and ratings)")
    demo.add_argument("--country", choices=["SA", "JO", "BH"])
    demo.add_argument("--centers", type=int, default=3000)
    demo.add_argument("--ratings", type=int, default=300_000)
    demo.add_argument("--seed", type=int, default=7)
    demo.add_argument(
        "--planted",
        type=int,
        default=0,
        help="centers that fall suddenly (kept in demo_event: `marsad alerts evaluate`)",
    )
    demo.add_argument("--end", help="last day of ratings, YYYY-MM-DD (default: today)")
    demo.add_argument("--if-empty", action="store_true", help="do nothing when ratings already exist")
    demo.set_defaults(func=cmd_demo)

    geo = sub.add_parser("geodata", help="import official boundaries")
    geo_sub = geo.add_subparsers(dest="geo_command", required=True)
    imp = geo_sub.add_parser("import", help="load a GeoPackage, GeoJSON, Shapefile or CSV (WKT) as one level")
    imp.add_argument("path")
    imp.add_argument("--level", required=True, choices=["region", "governorate", "locality"])
    imp.add_argument("--country", choices=["SA", "JO", "BH"])
    imp.add_argument("--layer", help="layer name in a multi-layer file (GeoPackage)")
    imp.add_argument(
        "--code-field", default="code", help="the field with each area's code; fid: the file's feature ids"
    )
    imp.add_argument("--name-ar-field", default="name_ar")
    imp.add_argument("--name-en-field", default="name_en")
    imp.add_argument("--parent-field", help="the field naming each area's parent (see --parent-by)")
    imp.add_argument(
        "--parent-by",
        choices=["code", "name", "location"],
        help="how parents are found: the field's codes (default with --parent-field), its Arabic or English names, "
        "or the parent area holding each one (default without)",
    )
    imp.add_argument(
        "--remap-officials",
        metavar="location|FILE.csv",
        help="officials naming areas the file does not have: give each the new area covering most of the old one "
        "(location) or the one a CSV of old,new codes says (default: refuse and list them)",
    )
    imp.add_argument("--crs", help="CRS of a file that declares none, e.g. EPSG:32638")
    imp.add_argument(
        "--skip-invalid",
        action="store_true",
        help="load the valid features even if some are refused (default: refuse the whole file)",
    )
    imp.set_defaults(func=cmd_geodata)

    users = sub.add_parser(
        "users",
        help="officials who sign in: add | list | set-areas | set-sectors | set-centers | disable | enable | "
        "set-password",
    )
    users_sub = users.add_subparsers(dest="action", required=True)
    add = users_sub.add_parser("add", help="add an official; the password is read from standard input")
    add.add_argument("username")
    add.add_argument("--display-name")
    add.add_argument(
        "--role",
        required=True,
        choices=["governor", "governorate_official", "agency_head", "center_manager", "analyst"],
    )
    add.add_argument("--national", action="store_true", help="sees everything (national analysts)")
    add.add_argument("--area", action="append", default=[], help="region, governorate or locality code (repeatable)")
    add.add_argument("--sector", action="append", default=[], help="sector code (repeatable)")
    add.add_argument("--center", action="append", default=[], type=int, help="center id (repeatable)")
    add.add_argument("--no-password", action="store_true", help="single sign-on only")
    users_sub.add_parser("list", help="list officials")
    for what, kind in (("areas", str), ("sectors", str), ("centers", int)):
        change = users_sub.add_parser(f"set-{what}", help=f"replace an official's {what} (none: clear them)")
        change.add_argument("username")
        change.add_argument("codes", nargs="*", type=kind, metavar="CODE" if kind is str else "ID")
    for name in ("disable", "enable", "set-password"):
        users_sub.add_parser(name).add_argument("username")
    users.set_defaults(func=cmd_users)

    bench = sub.add_parser("bench", help="measure explorer interactions, the SQL floor, payloads and ingest")
    bench.add_argument(
        "--repeats",
        type=int,
        default=100,
        help="answers timed per interaction, cold and warm (the p95 of 100 is the 6th slowest)",
    )
    bench.add_argument("--out", default="bench-results/bench.json")
    bench.add_argument("--users", type=int, default=50, help="simulated users browsing at once")
    bench.add_argument("--duration", type=float, default=120.0, help="seconds the users browse")
    bench.add_argument("--compare", help="an earlier run's JSON (e.g. at 1M ratings): prints the growth of p95")
    bench.add_argument(
        "--pages",
        action="store_true",
        help="instead: each page's first paint and content in headless Chromium with an empty cache",
    )
    bench.add_argument("--visits", type=int, default=10, help="with --pages: visits of each page after the first")
    bench.add_argument(
        "--cluster",
        action="store_true",
        help="two app servers behind HAProxy reading from a streaming replica: --users browsing for --duration, "
        "then the same with the replica killed and started again",
    )
    bench.add_argument(
        "--scale",
        metavar="SMALL_DATA_DIR",
        help="instead: every figure of running beyond one machine (sustained ingest for --duration seconds, --users "
        "on two app servers and a replica, warm explorer, growth against SMALL_DATA_DIR) and one table of targets",
    )
    bench.add_argument(
        "--indexes",
        action="store_true",
        help="instead: a workload of every page, the API, uploads, reports and alerts with each statement's plan "
        "logged; which functions used each index, and which indexes nothing used",
    )
    bench.add_argument(
        "--growth",
        metavar="SMALL_DATA_DIR",
        help="instead: each interaction's cold p95 here and on a smaller database (another data folder, e.g. at "
        "1M ratings) in the same run, alternating, and their ratio",
    )
    bench.add_argument(
        "--ingest",
        action="store_true",
        help="instead: a sustained upload through POST /api/v1/ratings/batch for --duration seconds (the target is "
        "600), with an official browsing the explorer; how soon every rating is in the rollups",
    )
    bench.add_argument("--rate", type=float, default=10_000, help="with --ingest: ratings a second asked")
    bench.add_argument("--uploaders", type=int, default=4, help="with --ingest: uploaders at once")
    bench.add_argument("--batch", type=int, default=5000, help="with --ingest: ratings a batch (at most 5,000)")
    bench.add_argument("--fold-interval", type=float, default=0.5, help="with --ingest: the servers' fold interval")
    bench.set_defaults(func=cmd_bench)

    from marsad.alerts import command as alerts_command
    from marsad.measurements import command as measurements_command
    from marsad.reports import command as reports_command

    reports_command.add_parser(sub)
    alerts_command.add_parser(sub)
    measurements_command.add_parser(sub)

    run = sub.add_parser("run", help="serve the dashboard (gunicorn: 2 workers x 8 threads)")
    run.add_argument("--host")
    run.add_argument("--port", type=int)
    run.add_argument("--dev", action="store_true", help="Flask's development server instead (one process)")
    run.set_defaults(func=cmd_run)
    return parser


def main(argv: list[str] | None = None) -> int:
    from marsad.db.embedded import ClusterError
    from marsad.db.engines import DatabaseUnavailable

    args = build_parser().parse_args(argv)
    try:
        return args.func(args, Settings())
    except (ClusterError, DatabaseUnavailable) as exc:
        print(f"marsad: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    sys.exit(main())
