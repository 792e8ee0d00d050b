"""Officials upload ratings in batches (surveys, mystery-shopper visits, focus groups): the application
role may add non-app ratings for centers inside the transaction's scope, and queue them for the rollups.

Revision ID: 0010
"""

from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.execute("""
        GRANT INSERT ON rating, rating_pending TO marsad_app;
        CREATE POLICY scope_add ON rating FOR INSERT TO marsad_app
            WITH CHECK (source <> 'app' AND rater_hmac IS NULL AND center_id IN (SELECT id FROM service_center));
    """)


def downgrade() -> None:
    op.execute("""
        DROP POLICY IF EXISTS scope_add ON rating;
        REVOKE INSERT ON rating, rating_pending FROM marsad_app;
    """)
