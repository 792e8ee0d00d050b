"""Center totals by week (Monday), so that a center view reads at most six edge days at each end of its
period from rating_daily, whose rows for one region and sector lie scattered over many pages (at 10 million
ratings, a region's passport offices read about 18,000 such rows for a 365-day period; with weeks, about 4,000).

Revision ID: 0012
"""

from alembic import op

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None

CRITERIA = ("speed", "staff", "clarity", "facility", "outcome")
MEASURES = ("n1", "n2", "n3", "n4", "n5", *[f"c_{c}_{k}" for c in CRITERIA for k in ("n", "sum")])
COUNTS = ", ".join(f"{m} integer NOT NULL" for m in MEASURES)
COLUMNS = "center_id, sector_code, region_code, governorate_code, locality_code"


def _in(list_name: str, *columns: str) -> str:
    value = f"(SELECT marsad_scope_list('{list_name}'))"
    return "(" + " OR ".join([f"{value} IS NULL"] + [f"{c} = ANY({value}::text[])" for c in columns]) + ")"


SCOPE = " AND ".join([_in("areas", "region_code", "governorate_code", "locality_code"), _in("sectors", "sector_code"),
                      _in("centers", "center_id::text")])


def upgrade() -> None:
    op.execute(f"""
        CREATE TABLE rollup_center_total_week (
            week date NOT NULL, center_id integer NOT NULL REFERENCES service_center (id), sector_code text NOT NULL,
            region_code text NOT NULL, governorate_code text NOT NULL, locality_code text, {COUNTS},
            CONSTRAINT rollup_center_total_week_key PRIMARY KEY (week, center_id)
        );
        INSERT INTO rollup_center_total_week (week, {COLUMNS}, {', '.join(MEASURES)})
            SELECT date_trunc('week', day)::date, {COLUMNS}, {', '.join(f'sum({m})' for m in MEASURES)}
            FROM rating_daily GROUP BY 1, 2, 3, 4, 5, 6;
        CREATE INDEX rollup_center_total_week_region_idx ON rollup_center_total_week (region_code, sector_code, week);
        CREATE INDEX rollup_center_total_week_governorate_idx ON rollup_center_total_week (governorate_code, week);
        CREATE INDEX rollup_center_total_week_locality_idx ON rollup_center_total_week (locality_code, week);
        ALTER TABLE rollup_center_total_week ENABLE ROW LEVEL SECURITY;
        CREATE POLICY scope_read ON rollup_center_total_week FOR SELECT TO marsad_app USING ({SCOPE});
        GRANT SELECT ON rollup_center_total_week TO marsad_app;
        ANALYZE rollup_center_total_week;
    """)


def downgrade() -> None:
    op.execute("DROP TABLE IF EXISTS rollup_center_total_week")
