"""Locality totals by day (rollup_locality_total_day, locality x sector x day): a governorate's map read the edge
days of its localities from rollup_area_day, one row per service and source, nearly all of which exist on every
day at 30 million ratings; these are about ten times fewer.

Revision ID: 0041
"""

from alembic import op

revision = "0041"
down_revision = "0040"
branch_labels = None
depends_on = None

CRITERIA = ("speed", "staff", "clarity", "facility", "outcome")
MEASURES = ("n1", "n2", "n3", "n4", "n5", *[f"c_{c}_{k}" for c in CRITERIA for k in ("n", "sum")])
COUNTS = ", ".join(f"{m} integer NOT NULL" for m in MEASURES)
SUMS = ", ".join(f"sum({m})" for m in MEASURES)
COLUMNS = "sector_code, region_code, governorate_code, locality_code"


def _in(list_name: str, *columns: str) -> str:
    value = f"(SELECT marsad_scope_list('{list_name}'))"
    return "(" + " OR ".join([f"{value} IS NULL"] + [f"{c} = ANY({value}::text[])" for c in columns]) + ")"


SCOPE = " AND ".join([_in("areas", "region_code", "governorate_code", "locality_code"), _in("sectors", "sector_code"),
                      "(SELECT marsad_scope_list('centers')) IS NULL"])  # fmt: skip


def upgrade() -> None:
    op.execute(f"""
        CREATE TABLE rollup_locality_total_day (
            day date NOT NULL, sector_code text NOT NULL, region_code text NOT NULL, governorate_code text NOT NULL,
            locality_code text, {COUNTS},
            CONSTRAINT rollup_locality_total_day_key UNIQUE NULLS NOT DISTINCT (day, governorate_code, locality_code,
                                                                                 sector_code)
        ) WITH (fillfactor = 70);
        INSERT INTO rollup_locality_total_day (day, {COLUMNS}, {', '.join(MEASURES)})
            SELECT day, {COLUMNS}, {SUMS} FROM rollup_area_day GROUP BY 1, 2, 3, 4, 5;
        CREATE INDEX rollup_locality_total_day_governorate_idx ON rollup_locality_total_day (governorate_code, day);
        CREATE INDEX rollup_locality_total_day_locality_idx ON rollup_locality_total_day (locality_code, day);
        ALTER TABLE rollup_locality_total_day ENABLE ROW LEVEL SECURITY;
        CREATE POLICY scope_read ON rollup_locality_total_day FOR SELECT TO marsad_app USING ({SCOPE});
        GRANT SELECT ON rollup_locality_total_day TO marsad_app;
        ANALYZE rollup_locality_total_day;
    """)


def downgrade() -> None:
    op.execute("DROP TABLE IF EXISTS rollup_locality_total_day")
