"""Center search by name: `marsad_norm(text)`, the SQL twin of marsad.comments.normalize, and trigram
indexes on the normalised Arabic and the lowercased English names.

Revision ID: 0008
"""

from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.execute("""
        CREATE FUNCTION marsad_norm(t text) RETURNS text
            LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
            RETURN lower(regexp_replace(translate(t, 'أإآٱةى', 'ااااهي'), '[\u0640\u064B-\u065F\u0670]', '', 'g'));
        CREATE INDEX service_center_name_ar_trgm_idx ON service_center USING gin (marsad_norm(name_ar) gin_trgm_ops);
        CREATE INDEX service_center_name_en_trgm_idx ON service_center USING gin (lower(name_en) gin_trgm_ops);
    """)


def downgrade() -> None:
    op.execute("""
        DROP INDEX IF EXISTS service_center_name_en_trgm_idx, service_center_name_ar_trgm_idx;
        DROP FUNCTION IF EXISTS marsad_norm(text);
    """)
