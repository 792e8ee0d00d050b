"""The center totals' region indexes without the score counts (undoing migration 0013's covering indexes), so that a
fold's update of a center's week or month is heap-only (migration 0038 left room on the pages) and touches none of
the table's four indexes. With the counts in an index, every update wrote a new entry in each of them: at 30 million
ratings those two upserts took about 0.75 s of a 20,000-rating fold's 2.0 s, and 0.3 s without. The region views
that read them lost nothing measurable: a region's passport offices over a year took 33-96 ms with the covering
indexes and 30-58 ms without (their pages are in memory, and an upload clears the visibility map of the pages it
updates, so index-only scans fetched table rows anyway).

Revision ID: 0042
"""

from alembic import op

revision = "0042"
down_revision = "0041"
branch_labels = None
depends_on = None

TABLES = (("rollup_center_total_month", "month"), ("rollup_center_total_week", "week"))
CARRIED = "center_id, governorate_code, locality_code, n1, n2, n3, n4, n5"


def upgrade() -> None:
    for table, time in TABLES:
        op.execute(f"DROP INDEX IF EXISTS {table}_region_idx")
        op.execute(f"CREATE INDEX {table}_region_idx ON {table} (region_code, sector_code, {time})")


def downgrade() -> None:
    for table, time in TABLES:
        op.execute(f"DROP INDEX IF EXISTS {table}_region_idx")
        op.execute(f"CREATE INDEX {table}_region_idx ON {table} (region_code, sector_code, {time}) INCLUDE ({CARRIED})")
