"""`marsad measurements import PATH --kind visits|focus-groups|complaints [--cycle NAME]`: load an instrument's
file, all rows or none."""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path

from marsad.measurements.service import KINDS
from marsad.settings import Settings


def add_parser(sub) -> None:
    measurements = sub.add_parser("measurements", help="the measurement programme: import instruments' files")
    measurements_sub = measurements.add_subparsers(dest="measurements_command", required=True)
    imp = measurements_sub.add_parser("import", help="load a CSV or Excel file (all rows, or none with every problem)")
    imp.add_argument("path")
    imp.add_argument("--kind", required=True, choices=KINDS)
    imp.add_argument("--cycle", help="visits: the evaluation cycle (made when new, spanning the file's days)")
    imp.add_argument("--guide", default="default", help="the criteria guide of a new cycle (its latest version)")
    imp.add_argument("--from", dest="date_from", help="a new cycle's first day, YYYY-MM-DD (default: the file's first)")
    imp.add_argument("--to", dest="date_to", help="a new cycle's last day, YYYY-MM-DD (default: the file's last)")
    imp.add_argument("--as", dest="as_user", help="import as this official (rows outside their jurisdiction fail)")
    measurements.set_defaults(func=run)


def run(args, settings: Settings) -> int:
    from marsad.db.engines import database_url, make_engine
    from marsad.jurisdiction import Scope
    from marsad.measurements import rows, service, tabular
    from marsad.queries import officials

    owner = make_engine(database_url(settings), pool_size=1)
    scope, by = Scope.national(), "marsad-cli"
    if args.as_user:
        official = officials.by_username(owner, args.as_user)
        if official is None or official.disabled:
            print(f"marsad: no enabled official {args.as_user!r} (see `marsad users list`)", file=sys.stderr)
            return 2
        scope, by = official.scope(), official.username
    try:
        days = [date.fromisoformat(d) for d in (args.date_from, args.date_to) if d]
    except ValueError:
        print("marsad: --from and --to are days as YYYY-MM-DD", file=sys.stderr)
        return 2
    if len(days) == 1 or (days and days[1] < days[0]):
        print("marsad: give both --from and --to, the first no later than the last", file=sys.stderr)
        return 2
    path = Path(args.path)
    if not path.is_file():
        print(f"marsad: no file {path}", file=sys.stderr)
        return 2
    if args.kind == "visits" and not args.cycle:
        print("marsad: visits go into a cycle: give --cycle NAME", file=sys.stderr)
        return 2
    try:
        if args.kind == "visits":
            loaded = service.import_visits(
                owner,
                path,
                cycle=args.cycle,
                scope=scope,
                by=by,
                guide_code=args.guide,
                opens=(days[0], days[1]) if days else None,
            )
        elif args.kind == "focus-groups":
            loaded = service.import_focus_groups(owner, path, scope=scope, by=by)
        else:
            loaded = service.import_complaints(owner, path, scope=scope, by=by)
    except tabular.FileError as exc:
        print(f"marsad: {path}: {exc}", file=sys.stderr)
        return 1
    except rows.NotLoaded as exc:
        print(f"marsad: {path}: {exc}:", file=sys.stderr)
        for line in exc.problems.lines():
            print(f"  {line}", file=sys.stderr)
        return 1
    if args.kind == "visits":
        made = " (a new cycle)" if loaded.created_cycle else ""
        print(f"{loaded.rows:,} visits loaded into cycle {loaded.cycle!r}{made}")
    else:
        print(f"{loaded.rows:,} {args.kind.replace('-', ' ')} loaded")
    return 0
