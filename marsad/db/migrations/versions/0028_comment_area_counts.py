"""What comments mention, summed per governorate's and region's centers of one sector and day, kept as ratings fold
(like the rollups): an area's surge test read 800,000 center rows each run at national scale (3 s a grain).

Revision ID: 0028
"""

from alembic import op

revision = "0028"
down_revision = "0027"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.execute("""
CREATE TABLE comment_area_daily (
    level       text NOT NULL CHECK (level IN ('governorate', 'region')),
    area_code   text NOT NULL,
    region_code text NOT NULL,
    sector_code text NOT NULL,
    day         date NOT NULL,
    comments    integer NOT NULL,
    PRIMARY KEY (day, level, area_code, sector_code)
);
CREATE TABLE comment_term_area_daily (
    level       text NOT NULL CHECK (level IN ('governorate', 'region')),
    area_code   text NOT NULL,
    region_code text NOT NULL,
    sector_code text NOT NULL,
    day         date NOT NULL,
    term        text NOT NULL,
    mentions    integer NOT NULL,
    PRIMARY KEY (day, level, area_code, sector_code, term)
);
INSERT INTO comment_area_daily
SELECT l.level, CASE l.level WHEN 'region' THEN c.region_code ELSE c.governorate_code END, c.region_code,
       c.sector_code, d.day, sum(d.comments)
FROM comment_daily d JOIN service_center c ON c.id = d.center_id CROSS JOIN (VALUES ('governorate'), ('region')) l (level)
GROUP BY 1, 2, 3, 4, 5;
INSERT INTO comment_term_area_daily
SELECT l.level, CASE l.level WHEN 'region' THEN c.region_code ELSE c.governorate_code END, c.region_code,
       c.sector_code, d.day, d.term, sum(d.mentions)
FROM comment_term_daily d JOIN service_center c ON c.id = d.center_id
CROSS JOIN (VALUES ('governorate'), ('region')) l (level)
GROUP BY 1, 2, 3, 4, 5, 6;
""")


def downgrade() -> None:
    op.execute("DROP TABLE comment_term_area_daily, comment_area_daily")
