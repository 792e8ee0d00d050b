"""One-time codes bound to whoever asked for them: each request makes a challenge of its own (an unguessable id
returned to the requester only), wrong guesses count against that challenge, and a new request no longer
replaces another's code; the addresses a number signed in from are remembered (keyed HMACs only), so that limits
meant for strangers never hold up the owner there.

Revision ID: 0016
"""

from alembic import op

revision = "0016"
down_revision = "0015"
branch_labels = None
depends_on = None

CITIZEN = "marsad_citizen"


def upgrade() -> None:
    op.execute(f"""
ALTER TABLE otp_challenge ADD COLUMN challenge_hmac text;
CREATE UNIQUE INDEX otp_challenge_challenge_idx ON otp_challenge (challenge_hmac);
CREATE TABLE rater_address (
    phone_hmac    text NOT NULL,
    address_hmac  text NOT NULL,
    seen_at       timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (phone_hmac, address_hmac)
);
GRANT SELECT, INSERT, UPDATE ON rater_address TO {CITIZEN};
""")


def downgrade() -> None:
    op.execute("DROP TABLE rater_address; DROP INDEX otp_challenge_challenge_idx; "
               "ALTER TABLE otp_challenge DROP COLUMN challenge_hmac;")
