"""Axis alerts: a center whose mean on one axis (criterion) over the last 30 days is at or below the follow-up
threshold (MARSAD_AXIS_THRESHOLD, 60 % of the top score by default).

Revision ID: 0024
"""

from alembic import op

revision = "0024"
down_revision = "0023"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.execute("""
ALTER TABLE alert ADD COLUMN axis text;
ALTER TABLE alert DROP CONSTRAINT alert_kind_check;
ALTER TABLE alert ADD CONSTRAINT alert_kind_check CHECK (kind IN ('drop', 'axis'));
ALTER TABLE alert ADD CONSTRAINT alert_axis_check CHECK ((kind = 'axis') = (axis IS NOT NULL));
ALTER TABLE alert DROP CONSTRAINT alert_center_id_kind_day_key;
CREATE UNIQUE INDEX alert_once_a_day ON alert (center_id, kind, coalesce(axis, ''), day);
""")


def downgrade() -> None:
    op.execute("""
DELETE FROM alert WHERE kind = 'axis';
DROP INDEX alert_once_a_day;
ALTER TABLE alert DROP CONSTRAINT alert_axis_check;
ALTER TABLE alert DROP COLUMN axis;
ALTER TABLE alert DROP CONSTRAINT alert_kind_check;
ALTER TABLE alert ADD CONSTRAINT alert_kind_check CHECK (kind IN ('drop'));
ALTER TABLE alert ADD CONSTRAINT alert_center_id_kind_day_key UNIQUE (center_id, kind, day);
""")
