"""rollup_center_recent: the center rows that folds add, before they are sealed into the center weeks and months.

A fold summed its ratings into four center rollups (days, weeks, months, month totals), and the three whose rows
span weeks and months cost it about half its time: at 30 million ratings, a 20,000-rating fold spent 1.0 of its
2.0 s updating the same centers' weeks and months again and again while an upload went on. Folds now add their
center rows (per day, service and source, as rating_daily's) to this small table instead, and every few seconds
the rows it holds are summed into the weeks and months at once and removed, in one transaction (rollups.seal):
the centers' weeks and months are then updated once per seal, not once per fold. A question over whole weeks or
months of centers reads this table's rows of those days beside them (queries/rollup_source), so every answer
counts every folded rating exactly once, before and after a seal.

Revision ID: 0043
"""

from alembic import op

revision = "0043"
down_revision = "0042"
branch_labels = None
depends_on = None


def _in(list_name: str, *columns: str) -> str:
    value = f"(SELECT marsad_scope_list('{list_name}'))"
    return "(" + " OR ".join([f"{value} IS NULL"] + [f"{c} = ANY({value}::text[])" for c in columns]) + ")"


SCOPE = " AND ".join(
    [
        _in("areas", "region_code", "governorate_code", "locality_code"),
        _in("sectors", "sector_code"),
        _in("centers", "center_id::text"),
    ]
)


def upgrade() -> None:
    # emptied by every seal: vacuumed once 5,000 rows are dead (not once a fifth of it is), so that its pages are
    # reused instead of the table growing between the autovacuum's rounds
    op.execute(f"""
        CREATE TABLE rollup_center_recent (
            LIKE rating_daily INCLUDING DEFAULTS INCLUDING CONSTRAINTS,
            CONSTRAINT rollup_center_recent_pkey PRIMARY KEY (day, center_id, service_code, source)
        ) WITH (fillfactor = 70, autovacuum_vacuum_scale_factor = 0, autovacuum_vacuum_threshold = 5000);
        ALTER TABLE rollup_center_recent ENABLE ROW LEVEL SECURITY;
        CREATE POLICY scope_read ON rollup_center_recent FOR SELECT TO marsad_app USING ({SCOPE});
        GRANT SELECT ON rollup_center_recent TO marsad_app;
    """)


def downgrade() -> None:
    # whatever waits in it goes into the weeks and months first, as a seal does
    for table, time, keeps in (
        ("rollup_center_total_week", "week", ()),
        ("rollup_center_month", "month", ("service_code", "source")),
        ("rollup_center_total_month", "month", ()),
    ):
        measures = [f"n{i}" for i in range(1, 6)] + [
            f"c_{c}_{k}" for c in ("speed", "staff", "clarity", "facility", "outcome") for k in ("n", "sum")
        ]
        dims = ["center_id", *keeps, "sector_code", "region_code", "governorate_code", "locality_code"]
        op.execute(f"""
            INSERT INTO {table} ({time}, {", ".join(dims)}, {", ".join(measures)})
            SELECT date_trunc('{time}', day)::date, {", ".join(dims)}, {", ".join(f"sum({m})" for m in measures)}
            FROM rollup_center_recent GROUP BY {", ".join(str(i) for i in range(1, len(dims) + 2))}
            ON CONFLICT ON CONSTRAINT {table}_key DO UPDATE SET
            {", ".join(f"{m} = {table}.{m} + excluded.{m}" for m in measures)}
        """)
    op.execute("DROP TABLE rollup_center_recent")
