"""Stored comments are checked again for personal data with the redesigned removal (marsad/comments/pii.py:
digits, separators and invisible characters normalised first; Saudi, Jordanian and Bahraini numbers, ids, IBANs
and spelled-out or obfuscated forms). A comment that changes is rewritten, with its search copy.

Revision ID: 0015
"""

import sys

from alembic import op
from sqlalchemy import text

from marsad.comments.normalize import normalize
from marsad.comments.pii import redact

revision = "0015"
down_revision = "0014"
branch_labels = None
depends_on = None

BATCH = 20_000


def upgrade() -> None:
    conn = op.get_bind()
    total = conn.execute(text("SELECT count(*) FROM rating WHERE comment IS NOT NULL")).scalar() or 0
    last, seen, rewritten = 0, 0, 0
    while True:
        rows = conn.execute(
            text("SELECT id, comment, lang FROM rating WHERE comment IS NOT NULL AND id > :last ORDER BY id LIMIT :n"),
            {"last": last, "n": BATCH},
        ).all()
        if not rows:
            break
        last = rows[-1].id
        changed = []
        for row in rows:
            cleaned = redact(row.comment, row.lang)[0].strip()
            if cleaned != row.comment:
                changed.append({"id": row.id, "c": cleaned, "n": normalize(cleaned)})
        if changed:
            conn.execute(text("UPDATE rating SET comment = :c, comment_norm = :n WHERE id = :id"), changed)
        seen, rewritten = seen + len(rows), rewritten + len(changed)
        if total > BATCH:  # a long run says how far it is
            print(f"migration 0015: {seen:,} of {total:,} comments checked, {rewritten:,} rewritten", file=sys.stderr)


def downgrade() -> None:
    pass  # removed personal data is not put back
