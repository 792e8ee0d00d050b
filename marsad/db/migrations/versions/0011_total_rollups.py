"""Total rollups: the same counts summed over every service and rating source, for views with no service or
source filter (most of them). They hold 10–50 times fewer rows than the detailed rollups, and a governorate
grain that the detailed ones lack:

  rollup_region_total_day / _month       region x sector x day / month
  rollup_governorate_total_day / _month  governorate x sector x day / month
  rollup_locality_total_month            locality x sector x month (locality days stay in rollup_area_day)
  rollup_center_total_month              center x month (center days stay in rating_daily)

They are filled here from the detailed rollups, and kept up to date with them by every fold.

Revision ID: 0011
"""

from alembic import op

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None

CRITERIA = ("speed", "staff", "clarity", "facility", "outcome")
MEASURES = ("n1", "n2", "n3", "n4", "n5", *[f"c_{c}_{k}" for c in CRITERIA for k in ("n", "sum")])
COUNTS = ", ".join(f"{m} integer NOT NULL" for m in MEASURES)
SUMS = ", ".join(f"sum({m})" for m in MEASURES)


def _in(list_name: str, *columns: str) -> str:
    value = f"(SELECT marsad_scope_list('{list_name}'))"
    return "(" + " OR ".join([f"{value} IS NULL"] + [f"{c} = ANY({value}::text[])" for c in columns]) + ")"


def _scope(*area_columns: str, center: bool = False) -> str:
    """Rows inside the transaction's scope. A table without the scope's finest area column matches none of
    those areas (fails closed); the app never reads such a table for such a scope."""
    return " AND ".join([_in("areas", *area_columns), _in("sectors", "sector_code"),
                         _in("centers", "center_id::text") if center else "(SELECT marsad_scope_list('centers')) IS NULL"])


# per grain: the columns after the time column, and those of the unique key after the time column
REGION = ("sector_code text NOT NULL, region_code text NOT NULL", ("region_code", "sector_code"))
GOVERNORATE = ("sector_code text NOT NULL, region_code text NOT NULL, governorate_code text NOT NULL",
               ("governorate_code", "sector_code"))
LOCALITY = ("sector_code text NOT NULL, region_code text NOT NULL, governorate_code text NOT NULL, locality_code text",
            ("governorate_code", "locality_code", "sector_code"))
CENTER = ("center_id integer NOT NULL REFERENCES service_center (id), sector_code text NOT NULL, "
          "region_code text NOT NULL, governorate_code text NOT NULL, locality_code text", ("center_id",))
# table, time, grain, indexes (columns before the time column), who may read a row, filled from
TABLES = (
    ("rollup_governorate_total_day", "day", GOVERNORATE, ("region_code", "governorate_code"),
     _scope("region_code", "governorate_code"), "rollup_area_day"),
    ("rollup_governorate_total_month", "month", GOVERNORATE, ("region_code", "governorate_code"),
     _scope("region_code", "governorate_code"), "rollup_area_month"),
    ("rollup_region_total_day", "day", REGION, (), _scope("region_code"), "rollup_governorate_total_day"),
    ("rollup_region_total_month", "month", REGION, (), _scope("region_code"), "rollup_governorate_total_month"),
    ("rollup_locality_total_month", "month", LOCALITY, ("region_code",),
     _scope("region_code", "governorate_code", "locality_code"), "rollup_area_month"),
    ("rollup_center_total_month", "month", CENTER, ("region_code, sector_code", "governorate_code", "locality_code"),
     _scope("region_code", "governorate_code", "locality_code", center=True), "rollup_center_month"),
)


def upgrade() -> None:
    for table, time, (dims, key), indexed, scope, source in TABLES:
        columns = [c.split()[0] for c in dims.split(", ")]
        indexes = "".join(f"CREATE INDEX {table}_{c.split('_')[0]}_idx ON {table} ({c}, {time});\n"
                          for c in indexed)
        group = ", ".join(str(i) for i in range(1, len(columns) + 2))
        op.execute(f"""
            CREATE TABLE {table} (
                {time} date NOT NULL, {dims}, {COUNTS},
                CONSTRAINT {table}_key UNIQUE NULLS NOT DISTINCT ({time}, {', '.join(key)})
            );
            INSERT INTO {table} ({time}, {', '.join(columns)}, {', '.join(MEASURES)})
                SELECT {time}, {', '.join(columns)}, {SUMS} FROM {source} GROUP BY {group};
            {indexes}
            ALTER TABLE {table} ENABLE ROW LEVEL SECURITY;
            CREATE POLICY scope_read ON {table} FOR SELECT TO marsad_app USING ({scope});
            GRANT SELECT ON {table} TO marsad_app;
            ANALYZE {table};
        """)


def downgrade() -> None:
    op.execute("DROP TABLE IF EXISTS " + ", ".join(t[0] for t in TABLES))
