"""Alerts by e-mail: an official subscribes to kind 'alerts' and each new alert of their jurisdiction goes out at
once, through the same ledger as the reports (period_key 'alert:<id>'), so each is sent exactly once.

Revision ID: 0027
"""

from alembic import op

revision = "0027"
down_revision = "0026"
branch_labels = None
depends_on = None

OLD = "('center-weekly', 'area-monthly', 'area-quarterly', 'sector-quarterly')"
NEW = "('center-weekly', 'area-monthly', 'area-quarterly', 'sector-quarterly', 'alerts')"


def _kinds(kinds: str) -> str:
    return "\n".join(
        f"ALTER TABLE {t} DROP CONSTRAINT {t}_kind_check; ALTER TABLE {t} ADD CONSTRAINT {t}_kind_check "
        f"CHECK (kind IN {kinds});"
        for t in ("subscription", "report_delivery")
    )


def upgrade() -> None:
    op.execute(_kinds(NEW))


def downgrade() -> None:
    op.execute("DELETE FROM report_delivery WHERE kind = 'alerts'; DELETE FROM subscription WHERE kind = 'alerts';")
    op.execute(_kinds(OLD))
