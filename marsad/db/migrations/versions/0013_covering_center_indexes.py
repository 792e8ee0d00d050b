"""Center totals for one region and sector (the explorer's filter change, the heaviest of its views) read from
the index alone: the region-and-sector indexes of the center month and week totals also carry the columns such
a read needs (the score counts, and the area columns that row-level security checks). At 10 million ratings a
region's passport offices then read about 60 index pages instead of about 1,100 scattered table pages (~30 ms).

Revision ID: 0013
"""

from alembic import op

revision = "0013"
down_revision = "0012"
branch_labels = None
depends_on = None

TABLES = (("rollup_center_total_month", "month"), ("rollup_center_total_week", "week"))
CARRIED = "center_id, governorate_code, locality_code, n1, n2, n3, n4, n5"


def upgrade() -> None:
    for table, time in TABLES:
        op.execute(f"DROP INDEX IF EXISTS {table}_region_idx")
        op.execute(f"CREATE INDEX {table}_region_idx ON {table} (region_code, sector_code, {time}) INCLUDE ({CARRIED})")


def downgrade() -> None:
    for table, time in TABLES:
        op.execute(f"DROP INDEX IF EXISTS {table}_region_idx")
        op.execute(f"CREATE INDEX {table}_region_idx ON {table} (region_code, sector_code, {time})")
