"""The center rollups no longer check their center against service_center on every row they write: the fold
of new ratings spent 30-40 ms per 5,000 ratings on each of the four checks (rating_daily and the center month,
week and month-total rollups). They protected nothing: rollup rows are written only by the fold and by rebuilds,
from ratings whose own foreign key already requires the center, and no center with ratings can be deleted.

Revision ID: 0014
"""

from alembic import op

revision = "0014"
down_revision = "0013"
branch_labels = None
depends_on = None

TABLES = ("rating_daily", "rollup_center_month", "rollup_center_total_week", "rollup_center_total_month")


def upgrade() -> None:
    for table in TABLES:
        op.execute(f"ALTER TABLE {table} DROP CONSTRAINT IF EXISTS {table}_center_id_fkey")


def downgrade() -> None:
    for table in TABLES:
        op.execute(f"ALTER TABLE {table} ADD CONSTRAINT {table}_center_id_fkey FOREIGN KEY (center_id) "
                   "REFERENCES service_center (id)")
