"""Grade bands as data: named sets of bands with declared cut points on a 0-100 score (the programme's excellent /
average / weak, and a star set like the UAE's 2-7 stars as an alternative). A score gets the band with the highest
cut point at or below it.

Revision ID: 0030
"""

from alembic import op

revision = "0030"
down_revision = "0029"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.execute("""
CREATE TABLE grade_band (
    band_set  text NOT NULL,
    code      text NOT NULL,
    name_ar   text NOT NULL,
    name_en   text NOT NULL,
    min_score real NOT NULL CHECK (min_score BETWEEN 0 AND 100),
    PRIMARY KEY (band_set, code),
    UNIQUE (band_set, min_score)
);
INSERT INTO grade_band VALUES
    ('grades', 'excellent', 'ممتاز', 'Excellent', 85),
    ('grades', 'average', 'متوسط', 'Average', 60),
    ('grades', 'weak', 'ضعيف', 'Weak', 0),
    ('stars', '7', '٧ نجوم', '7 stars', 90),
    ('stars', '6', '٦ نجوم', '6 stars', 80),
    ('stars', '5', '٥ نجوم', '5 stars', 70),
    ('stars', '4', '٤ نجوم', '4 stars', 60),
    ('stars', '3', '٣ نجوم', '3 stars', 50),
    ('stars', '2', 'نجمتان', '2 stars', 0);
GRANT SELECT ON grade_band TO marsad_app;
""")


def downgrade() -> None:
    op.execute("DROP TABLE grade_band")
