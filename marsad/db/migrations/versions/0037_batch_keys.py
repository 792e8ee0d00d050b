"""Idempotency keys for officials' rating batches: an upload whose answer was lost (a server killed, a timeout)
can be sent again with the same Idempotency-Key and is stored once. A key is remembered per official with the hash
of its batch and how many ratings it stored; keys (these and citizens') are forgotten after a week by the fold
worker's daily round, so the index on created_at serves that deletion.

Revision ID: 0037
"""

from alembic import op

revision = "0037"
down_revision = "0036"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.execute("""
CREATE TABLE batch_key (
    official      text NOT NULL,
    key           text NOT NULL,
    request_hash  text NOT NULL,
    stored        integer NOT NULL,
    created_at    timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (official, key)
);
CREATE INDEX batch_key_created_idx ON batch_key (created_at);
CREATE INDEX idempotency_key_created_idx ON idempotency_key (created_at);
GRANT SELECT, INSERT ON batch_key TO marsad_app;
""")


def downgrade() -> None:
    op.execute("""
DROP INDEX idempotency_key_created_idx;
DROP TABLE batch_key;
""")
