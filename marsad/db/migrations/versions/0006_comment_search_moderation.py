"""Comments: moderation status, a normalised copy for Arabic search (written by marsad.comments.normalize),
trigram and keyset indexes.

Revision ID: 0006
"""

from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.execute("""
        CREATE EXTENSION IF NOT EXISTS pg_trgm;
        ALTER TABLE rating
            ADD COLUMN comment_status text CHECK (comment_status IN ('pending', 'approved', 'hidden')),
            ADD COLUMN comment_norm text;
        -- comments stored before moderation existed wait for it; their search copy follows the rules of
        -- marsad.comments.normalize (alef forms, ta marbuta, alef maqsura; tatweel and diacritics dropped)
        UPDATE rating SET comment_status = 'pending',
            comment_norm = lower(regexp_replace(translate(comment, 'أإآٱةى', 'ااااهي'),
                                                '[\u0640\u064B-\u065F\u0670]', '', 'g'))
        WHERE comment IS NOT NULL;
        ALTER TABLE rating ADD CONSTRAINT rating_comment_status CHECK ((comment IS NULL) = (comment_status IS NULL));
        CREATE INDEX rating_comment_recent_idx ON rating (submitted_at DESC, id DESC) WHERE comment IS NOT NULL;
        CREATE INDEX rating_comment_center_idx ON rating (center_id, submitted_at DESC, id DESC)
            WHERE comment IS NOT NULL;
        CREATE INDEX rating_comment_trgm_idx ON rating USING gin (comment_norm gin_trgm_ops)
            WHERE comment IS NOT NULL;
    """)


def downgrade() -> None:
    op.execute("""
        DROP INDEX IF EXISTS rating_comment_trgm_idx, rating_comment_center_idx, rating_comment_recent_idx;
        ALTER TABLE rating DROP CONSTRAINT IF EXISTS rating_comment_status,
            DROP COLUMN IF EXISTS comment_norm, DROP COLUMN IF EXISTS comment_status;
    """)
