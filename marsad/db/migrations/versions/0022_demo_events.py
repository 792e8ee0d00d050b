"""Events planted in the demo data (a center's sudden drop in satisfaction from a given day), so that alert
detection can be measured against known truth (`marsad alerts evaluate`). Empty outside demos.

Revision ID: 0022
"""

from alembic import op

revision = "0022"
down_revision = "0021"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.execute("""
CREATE TABLE demo_event (
    center_id     integer NOT NULL,
    starts        date NOT NULL,
    kind          text NOT NULL CHECK (kind IN ('drop')),
    extra_per_day integer NOT NULL,
    shift         real NOT NULL,
    PRIMARY KEY (center_id, starts)
);
""")


def downgrade() -> None:
    op.execute("DROP TABLE demo_event")
