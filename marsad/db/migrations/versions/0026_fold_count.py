"""A count of folds (each fold of new ratings into the rollups takes a number) and the fold the alert job last
looked at: the report worker checks every minute and runs detection only when ratings were folded since (or on a
new day).

Revision ID: 0026
"""

from alembic import op

revision = "0026"
down_revision = "0025"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.execute("""
CREATE SEQUENCE fold_count;
CREATE TABLE alert_run (
    one   boolean PRIMARY KEY DEFAULT true CHECK (one),
    folds bigint NOT NULL,
    day   date NOT NULL,
    at    timestamptz NOT NULL DEFAULT now()
);
""")


def downgrade() -> None:
    op.execute("DROP TABLE alert_run; DROP SEQUENCE fold_count;")
