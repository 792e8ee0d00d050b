"""The combined index's declared method, versioned: each instrument's weight (surveys 35 %, mystery shopper 30 %,
app ratings 25 %, focus groups 10 % in version 1) and the band set that grades it. Complaints are a separate KPI,
not a part of the index, in version 1.

Revision ID: 0033
"""

from alembic import op

revision = "0033"
down_revision = "0032"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.execute("""
CREATE TABLE index_method (
    version      integer PRIMARY KEY CHECK (version > 0),
    weights      jsonb NOT NULL,
    band_set     text NOT NULL DEFAULT 'grades',
    published_on date NOT NULL,
    note_ar      text NOT NULL,
    note_en      text NOT NULL
);
INSERT INTO index_method VALUES (
    1, '{"survey": 35, "mystery_shopper": 30, "app": 25, "focus_group": 10}', 'grades', DATE '2026-01-01',
    'الشكاوى مؤشر مستقل ولا تدخل في المؤشر المركب.',
    'Complaints are a separate KPI, not a part of the index.'
);
GRANT SELECT ON index_method TO marsad_app;
""")


def downgrade() -> None:
    op.execute("DROP TABLE index_method")
