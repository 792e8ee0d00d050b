"""Officials' password hashes out of the application role's reach: it reads every column of `official` but
`password_hash`; a sign-in gets the hash of the one username it checks through a function that requires the
application's signature of that username (with the key of migration 0017), and a signed-in request learns only a
fingerprint of the hash (whether the password changed), which cannot be used to test guesses.

Revision ID: 0018
"""

from alembic import op

revision = "0018"
down_revision = "0017"
branch_labels = None
depends_on = None

APP = "marsad_app"
COLUMNS = "id, username, display_name, role, disabled, national, areas, sectors, centers, created_at"


def upgrade() -> None:
    op.execute(f"""
REVOKE SELECT ON official FROM {APP};
GRANT SELECT ({COLUMNS}) ON official TO {APP};

CREATE FUNCTION marsad_password_hash(p_username text, p_sig text) RETURNS text
    LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
    SELECT password_hash FROM official
    WHERE username = p_username
      AND p_sig = encode(hmac(convert_to('password|' || p_username, 'UTF8'),
                              (SELECT key FROM marsad_scope_key WHERE id = 1), 'sha256'), 'hex')
$$;
CREATE FUNCTION marsad_password_fingerprint(p_id integer) RETURNS text
    LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
    SELECT left(encode(sha256(convert_to(password_hash, 'UTF8')), 'hex'), 32) FROM official WHERE id = p_id
$$;
REVOKE ALL ON FUNCTION marsad_password_hash(text, text), marsad_password_fingerprint(integer) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION marsad_password_hash(text, text), marsad_password_fingerprint(integer) TO {APP};
""")


def downgrade() -> None:
    op.execute(f"""
DROP FUNCTION marsad_password_hash(text, text);
DROP FUNCTION marsad_password_fingerprint(integer);
GRANT SELECT ON official TO {APP};
""")
