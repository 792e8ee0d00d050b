"""Let queries under row-level security run in parallel: the scope function only reads settings, which
PostgreSQL hands to parallel workers, so it is parallel safe.

Revision ID: 0004
"""

from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.execute("ALTER FUNCTION marsad_scope_list(text) PARALLEL SAFE")


def downgrade() -> None:
    op.execute("ALTER FUNCTION marsad_scope_list(text) PARALLEL UNSAFE")
