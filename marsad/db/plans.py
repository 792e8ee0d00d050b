"""Which function of Marsad uses which index (`marsad bench --indexes`). With the plan log on (MARSAD_PLAN_LOG, a
file), a process EXPLAINs each SELECT, INSERT, UPDATE, DELETE and CREATE TEMP TABLE … AS SELECT just before it runs, on the same connection (the
same role, jurisdiction and temporary tables), and appends a line to the file: the function of Marsad that sent it
and the indexes its plan reads or checks conflicts on. EXPLAIN plans without running, so nothing changes, but it
costs a second planning of every statement: for the index review only, never in production."""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Iterable
from pathlib import Path

from sqlalchemy import Connection, Engine, event, text

KINDS = ("SELECT", "WITH", "INSERT", "UPDATE", "DELETE")
_OWN = ("marsad.db.", "marsad.resources", "marsad.caching")  # plumbing: the caller is further up
_recording: list[Path] = []


def record(path: Path) -> None:
    """Log the plans of every engine of this process to `path` (once per process)."""
    if _recording:
        return
    _recording.append(path)
    event.listen(Engine, "before_cursor_execute", _explain)


def _caller() -> str | None:
    frame = sys._getframe(2)
    while frame is not None:
        module = frame.f_globals.get("__name__", "")
        if module.startswith("marsad.") and not module.startswith(_OWN):
            return f"{module}.{frame.f_code.co_name}"
        frame = frame.f_back  # type: ignore[assignment]
    return None


def indexes_in(plan: dict) -> set[str]:
    """The indexes a plan (EXPLAIN FORMAT JSON's "Plan") scans or checks conflicts on."""
    found = set(plan.get("Conflict Arbiter Indexes", []))
    if "Index Name" in plan:
        found.add(plan["Index Name"])
    for child in plan.get("Plans", []):
        found |= indexes_in(child)
    return found


def stop() -> None:
    """No more plans logged in this process."""
    if _recording:
        event.remove(Engine, "before_cursor_execute", _explain)
        _recording.clear()


def explainable(statement: str) -> bool:
    """A statement EXPLAIN takes and that reads tables: a query, a write, or a table made from a query."""
    head = statement.lstrip().upper()
    return head.startswith(KINDS) or (head.startswith("CREATE TEMP TABLE") and " AS SELECT " in head)


def _explain(conn, cursor, statement: str, parameters, context, executemany: bool) -> None:
    if executemany or not explainable(statement):
        return
    caller = _caller()
    if caller is None:
        return
    dbapi = cursor.connection
    in_transaction = not getattr(dbapi, "autocommit", False)
    try:
        with dbapi.cursor() as explain:
            if in_transaction:
                explain.execute("SAVEPOINT marsad_plan")
            try:
                explain.execute("EXPLAIN (FORMAT JSON) " + statement, parameters)
                plan = explain.fetchone()[0][0]["Plan"]
            finally:
                if in_transaction:
                    explain.execute("ROLLBACK TO SAVEPOINT marsad_plan")
    except Exception:  # a statement EXPLAIN cannot take: nothing to log, and the statement itself runs as ever
        return
    line = json.dumps({"caller": caller, "indexes": sorted(indexes_in(plan))}) + "\n"
    fd = os.open(_recording[0], os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
    try:
        os.write(fd, line.encode())  # one write of a short line: lines of several processes never interleave
    finally:
        os.close(fd)


def read_log(path: Path) -> dict[str, set[str]]:
    """index -> the functions whose statements used it."""
    used: dict[str, set[str]] = {}
    if path.exists():
        for line in path.read_text().splitlines():
            entry = json.loads(line)
            for name in entry["indexes"]:
                used.setdefault(name, set()).add(entry["caller"])
    return used


def catalogue(conn: Connection) -> list[dict]:
    """Every index of the public tables Marsad owns (not the task queue's), a partitioned table's once: its name,
    table, size (partitions' included), whether unique, and its partitions' own indexes' names."""
    rows = conn.execute(
        text("""
        SELECT i.indexrelid::regclass::text AS name, i.indrelid::regclass::text AS tbl, i.indisunique AS is_unique,
               CAST(pg_relation_size(i.indexrelid) + coalesce((SELECT sum(pg_relation_size(t.relid))
                    FROM pg_partition_tree(i.indexrelid) t WHERE t.relid <> i.indexrelid), 0) AS bigint) AS bytes,
               ARRAY(SELECT i.indexrelid::regclass::text UNION
                     SELECT t.relid::regclass::text FROM pg_partition_tree(i.indexrelid) t) AS parts
        FROM pg_index i JOIN pg_class c ON c.oid = i.indrelid JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p') AND NOT c.relispartition
          AND c.relname NOT LIKE 'procrastinate%' AND c.relname NOT IN ('spatial_ref_sys', 'alembic_version')
        ORDER BY tbl, name""")
    ).mappings()
    return [dict(r) for r in rows]


def uses(catalogue_rows: Iterable[dict], used: dict[str, set[str]]) -> list[dict]:
    """Each index of the catalogue with the functions that used it or any of its partitions' indexes."""
    out = []
    for row in catalogue_rows:
        callers: set[str] = set()
        for part in row["parts"]:
            callers |= used.get(part, set())
        out.append({**{k: row[k] for k in ("name", "tbl", "is_unique", "bytes")}, "used_by": sorted(callers)})
    return out
