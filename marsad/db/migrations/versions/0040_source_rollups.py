"""Rollups per rating source, summed over services, by governorate and by region, with weeks:

  rollup_governorate_source_day / _week / _month   governorate x sector x source x day / week / month
  rollup_region_source_day / _week / _month        region x sector x source x day / week / month

A question about one source and no service (the combined index reads the surveys' and the app's counts apart, and
the explorer's source filter) read the detailed rollups, whose rows are per locality and service: at 30 million
ratings nearly every one of them exists on every day, and a region's index read tens of thousands of rows for the
edge days of a year. These read a few per governorate, sector and source, and whole weeks at the edges.

Revision ID: 0040
"""

from alembic import op

revision = "0040"
down_revision = "0039"
branch_labels = None
depends_on = None

CRITERIA = ("speed", "staff", "clarity", "facility", "outcome")
MEASURES = ("n1", "n2", "n3", "n4", "n5", *[f"c_{c}_{k}" for c in CRITERIA for k in ("n", "sum")])
COUNTS = ", ".join(f"{m} integer NOT NULL" for m in MEASURES)
SUMS = ", ".join(f"sum({m})" for m in MEASURES)


def _in(list_name: str, *columns: str) -> str:
    value = f"(SELECT marsad_scope_list('{list_name}'))"
    return "(" + " OR ".join([f"{value} IS NULL"] + [f"{c} = ANY({value}::text[])" for c in columns]) + ")"


def _scope(*area_columns: str) -> str:
    """Rows inside the transaction's scope; none for a center-scoped official (these rows hold no center)."""
    return " AND ".join(
        [_in("areas", *area_columns), _in("sectors", "sector_code"), "(SELECT marsad_scope_list('centers')) IS NULL"]
    )


GOVERNORATE = (("source", "sector_code", "region_code", "governorate_code"), ("governorate_code", "sector_code", "source"),
               ("region_code", "governorate_code"), _scope("region_code", "governorate_code"))  # fmt: skip
REGION = (("source", "sector_code", "region_code"), ("region_code", "sector_code", "source"), (), _scope("region_code"))
# table, time, (columns after the time column, key after the time column, indexed before the time column, who may
# read a row), filled from (the table and its time column)
TABLES = (
    ("rollup_governorate_source_day", "day", GOVERNORATE, "rollup_area_day", "day"),
    ("rollup_governorate_source_week", "week", GOVERNORATE, "rollup_governorate_source_day", "day"),
    ("rollup_governorate_source_month", "month", GOVERNORATE, "rollup_area_month", "month"),
    ("rollup_region_source_day", "day", REGION, "rollup_governorate_source_day", "day"),
    ("rollup_region_source_week", "week", REGION, "rollup_governorate_source_week", "week"),
    ("rollup_region_source_month", "month", REGION, "rollup_governorate_source_month", "month"),
)


def upgrade() -> None:
    for table, time, (columns, key, indexed, scope), source, source_time in TABLES:
        dims = ", ".join(f"{c} text NOT NULL" for c in columns)
        indexes = "".join(f"CREATE INDEX {table}_{c.split('_')[0]}_idx ON {table} ({c}, {time});\n" for c in indexed)
        group = ", ".join(str(i) for i in range(1, len(columns) + 2))
        op.execute(f"""
            CREATE TABLE {table} (
                {time} date NOT NULL, {dims}, {COUNTS},
                CONSTRAINT {table}_key UNIQUE ({time}, {', '.join(key)})
            ) WITH (fillfactor = 70);
            INSERT INTO {table} ({time}, {', '.join(columns)}, {', '.join(MEASURES)})
                SELECT date_trunc('{time}', {source_time})::date, {', '.join(columns)}, {SUMS} FROM {source}
                GROUP BY {group};
            {indexes}
            ALTER TABLE {table} ENABLE ROW LEVEL SECURITY;
            CREATE POLICY scope_read ON {table} FOR SELECT TO marsad_app USING ({scope});
            GRANT SELECT ON {table} TO marsad_app;
            ANALYZE {table};
        """)


def downgrade() -> None:
    op.execute("DROP TABLE IF EXISTS " + ", ".join(t[0] for t in TABLES))
