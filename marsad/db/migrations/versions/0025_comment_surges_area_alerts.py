"""Comment surges and area alerts.

- comment_daily and comment_term_daily: per center and day, the comments written and the comments that mention
  each term (normalised Arabic or lowercased English words, marsad.queries.comment_terms), kept for the recent
  days surge detection reads; filled by the fold of new ratings like the rollups.
- alert: kind 'surge' (a term whose share of a center's or an area's comments jumps, with the term and its
  mentions) and area alerts (no center: a governorate's or a region's centers of one sector together).
- demo_event: planted comment surges (with their term) next to the drops.

Revision ID: 0025
"""

from alembic import op

revision = "0025"
down_revision = "0024"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.execute("""
CREATE TABLE comment_daily (
    center_id integer NOT NULL,
    day       date NOT NULL,
    comments  integer NOT NULL,
    PRIMARY KEY (day, center_id)
);
CREATE TABLE comment_term_daily (
    center_id integer NOT NULL,
    day       date NOT NULL,
    term      text NOT NULL,
    mentions  integer NOT NULL,
    PRIMARY KEY (day, center_id, term)
);

ALTER TABLE alert ALTER COLUMN center_id DROP NOT NULL;
ALTER TABLE alert ALTER COLUMN governorate_code DROP NOT NULL;
ALTER TABLE alert ADD COLUMN area_level text CHECK (area_level IN ('region', 'governorate'));
ALTER TABLE alert ADD COLUMN term text;
ALTER TABLE alert ADD COLUMN mentions integer;
ALTER TABLE alert ADD CONSTRAINT alert_center_or_area CHECK ((center_id IS NULL) = (area_level IS NOT NULL));
ALTER TABLE alert ADD CONSTRAINT alert_area_codes CHECK (
    area_level IS DISTINCT FROM 'governorate' OR governorate_code IS NOT NULL);
ALTER TABLE alert DROP CONSTRAINT alert_kind_check;
ALTER TABLE alert ADD CONSTRAINT alert_kind_check CHECK (kind IN ('drop', 'axis', 'surge'));
ALTER TABLE alert ADD CONSTRAINT alert_term_check CHECK ((kind = 'surge') = (term IS NOT NULL));
DROP INDEX alert_once_a_day;
CREATE UNIQUE INDEX alert_once_a_day ON alert (
    kind, coalesce(center_id, 0), coalesce(area_level, ''), coalesce(governorate_code, region_code), sector_code,
    coalesce(axis, ''), coalesce(term, ''), day);
CREATE INDEX alert_center_idx ON alert (center_id) WHERE center_id IS NOT NULL;

ALTER TABLE demo_event ADD COLUMN term text;
ALTER TABLE demo_event DROP CONSTRAINT demo_event_kind_check;
ALTER TABLE demo_event ADD CONSTRAINT demo_event_kind_check CHECK (kind IN ('drop', 'surge'));
""")


def downgrade() -> None:
    op.execute("""
DELETE FROM demo_event WHERE kind = 'surge';
ALTER TABLE demo_event DROP CONSTRAINT demo_event_kind_check;
ALTER TABLE demo_event ADD CONSTRAINT demo_event_kind_check CHECK (kind IN ('drop'));
ALTER TABLE demo_event DROP COLUMN term;
DELETE FROM alert WHERE kind = 'surge' OR center_id IS NULL;
DROP INDEX alert_center_idx;
DROP INDEX alert_once_a_day;
CREATE UNIQUE INDEX alert_once_a_day ON alert (center_id, kind, coalesce(axis, ''), day);
ALTER TABLE alert DROP CONSTRAINT alert_term_check;
ALTER TABLE alert DROP CONSTRAINT alert_kind_check;
ALTER TABLE alert ADD CONSTRAINT alert_kind_check CHECK (kind IN ('drop', 'axis'));
ALTER TABLE alert DROP CONSTRAINT alert_area_codes;
ALTER TABLE alert DROP CONSTRAINT alert_center_or_area;
ALTER TABLE alert DROP COLUMN mentions, DROP COLUMN term, DROP COLUMN area_level;
ALTER TABLE alert ALTER COLUMN governorate_code SET NOT NULL;
ALTER TABLE alert ALTER COLUMN center_id SET NOT NULL;
DROP TABLE comment_term_daily, comment_daily;
""")
