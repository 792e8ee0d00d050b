"""Seven indexes no page, API, report or job uses, dropped (`marsad bench --indexes`, docs/indexes.md): every new
rating and every fold kept them for nothing.

- rating_center_time_idx (center_id, submitted_at), 409 MB at 10M ratings, one entry per rating: its one reader was
  the comments list, which now says `comment IS NOT NULL` and reads the comment indexes (partial, a tenth of the
  ratings).
- rating_comment_trgm_idx, the trigram index of comments, 279 MB: the application reads comments as its own role,
  under row-level security, and PostgreSQL applies a policy before any condition whose function is not leakproof:
  LIKE is not, so the index could never serve the search (it was used only by the owner's queries, which the
  application never runs). A search reads the period's comments newest first (1-1.6 s for a national year at 10M
  ratings; a governor's region, under 1 s).
- service_center_name_ar_trgm_idx and service_center_name_en_trgm_idx, for the center search box: the same reason
  (the search reads the 30,000 centers in scope, a few milliseconds).
- service_center_geom_idx: no query puts a center's point in a spatial condition (nearest centers use the
  geography index).
- rollup_center_month_region_sector_idx and rollup_locality_total_month_region_idx: the planner always chose
  another index of their tables.

Revision ID: 0039
"""

from alembic import op

revision = "0039"
down_revision = "0038"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.execute("""
DROP INDEX rating_center_time_idx;
DROP INDEX rating_comment_trgm_idx;
DROP INDEX service_center_name_ar_trgm_idx, service_center_name_en_trgm_idx, service_center_geom_idx;
DROP INDEX rollup_center_month_region_sector_idx;
DROP INDEX rollup_locality_total_month_region_idx;
""")


def downgrade() -> None:
    op.execute("""
CREATE INDEX rating_center_time_idx ON rating (center_id, submitted_at);
CREATE INDEX rating_comment_trgm_idx ON rating USING gin (comment_norm gin_trgm_ops) WHERE comment IS NOT NULL;
CREATE INDEX service_center_name_ar_trgm_idx ON service_center USING gin (marsad_norm(name_ar) gin_trgm_ops);
CREATE INDEX service_center_name_en_trgm_idx ON service_center USING gin (lower(name_en) gin_trgm_ops);
CREATE INDEX service_center_geom_idx ON service_center USING gist (geom);
CREATE INDEX rollup_center_month_region_sector_idx ON rollup_center_month (region_code, sector_code, month);
CREATE INDEX rollup_locality_total_month_region_idx ON rollup_locality_total_month (region_code, month);
""")
