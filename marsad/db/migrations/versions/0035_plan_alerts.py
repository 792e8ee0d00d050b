"""Plan alerts: an open improvement plan past its deadline (plan_overdue), or with an action past its due day and
not done (plan_late), alerted like the rest, once a plan and kind while it lasts.

Revision ID: 0035
"""

from alembic import op

revision = "0035"
down_revision = "0034"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.execute("""
ALTER TABLE alert ADD COLUMN plan_id bigint REFERENCES improvement_plan (id) ON DELETE CASCADE;
ALTER TABLE alert DROP CONSTRAINT alert_kind_check;
ALTER TABLE alert ADD CONSTRAINT alert_kind_check CHECK (kind IN ('drop', 'axis', 'surge', 'plan_overdue', 'plan_late'));
ALTER TABLE alert ADD CONSTRAINT alert_plan_check CHECK ((kind LIKE 'plan%') = (plan_id IS NOT NULL));
CREATE UNIQUE INDEX alert_once_a_plan ON alert (kind, plan_id) WHERE plan_id IS NOT NULL;
""")


def downgrade() -> None:
    op.execute("""
DELETE FROM alert WHERE plan_id IS NOT NULL;
DROP INDEX alert_once_a_plan;
ALTER TABLE alert DROP CONSTRAINT alert_plan_check;
ALTER TABLE alert DROP CONSTRAINT alert_kind_check;
ALTER TABLE alert ADD CONSTRAINT alert_kind_check CHECK (kind IN ('drop', 'axis', 'surge'));
ALTER TABLE alert DROP COLUMN plan_id;
""")
