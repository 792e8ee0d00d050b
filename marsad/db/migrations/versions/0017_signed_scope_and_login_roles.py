"""Row-level security as a second wall: the scope a transaction carries counts only when the application signed it
with a key that the application's role cannot read (an HMAC checked by a security-definer function once per use
in a statement), so SQL run as the application role cannot choose another scope; the application and citizen
roles may log in themselves, so the application needs no connection that could switch back to a privileged role;
and the audit log is read only through a function that requires a signed national scope.

Revision ID: 0017
"""

from alembic import op

revision = "0017"
down_revision = "0016"
branch_labels = None
depends_on = None

APP = "marsad_app"
CITIZEN = "marsad_citizen"


def upgrade() -> None:
    op.execute(f"""
CREATE EXTENSION IF NOT EXISTS pgcrypto;
CREATE TABLE marsad_scope_key (id integer PRIMARY KEY CHECK (id = 1), key bytea NOT NULL);
REVOKE ALL ON marsad_scope_key FROM PUBLIC;
INSERT INTO marsad_scope_key VALUES (1, gen_random_bytes(32));

CREATE FUNCTION marsad_scope_valid() RETURNS boolean
    LANGUAGE sql STABLE PARALLEL SAFE SECURITY DEFINER SET search_path = public, pg_temp AS $$
    SELECT coalesce(
        encode(hmac(convert_to(coalesce(current_setting('marsad.scope_areas', true), '') || '|'
                               || coalesce(current_setting('marsad.scope_sectors', true), '') || '|'
                               || coalesce(current_setting('marsad.scope_centers', true), ''), 'UTF8'),
                    (SELECT key FROM marsad_scope_key WHERE id = 1), 'sha256'), 'hex')
        = current_setting('marsad.scope_sig', true),
        false)
$$;
REVOKE ALL ON FUNCTION marsad_scope_valid() FROM PUBLIC;
GRANT EXECUTE ON FUNCTION marsad_scope_valid() TO {APP}, {CITIZEN};

-- NULL = unrestricted ('*'); unset, empty or unsigned = the empty list (nothing matches)
CREATE OR REPLACE FUNCTION marsad_scope_list(name text) RETURNS text[] LANGUAGE sql STABLE PARALLEL SAFE AS $$
    SELECT CASE
               WHEN NOT marsad_scope_valid() THEN '{{}}'::text[]
               WHEN coalesce(current_setting('marsad.scope_' || name, true), '') = '' THEN '{{}}'::text[]
               WHEN current_setting('marsad.scope_' || name, true) = '*' THEN NULL
               ELSE current_setting('marsad.scope_' || name, true)::text[]
           END
$$;

REVOKE SELECT ON audit_log FROM {APP};
CREATE FUNCTION marsad_audit_recent(before_id bigint, who text, since timestamptz, n integer)
    RETURNS SETOF audit_log LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
    SELECT * FROM audit_log
    WHERE marsad_scope_valid()
      AND current_setting('marsad.scope_areas', true) = '*'
      AND current_setting('marsad.scope_sectors', true) = '*'
      AND current_setting('marsad.scope_centers', true) = '*'
      AND (before_id IS NULL OR id < before_id) AND (who IS NULL OR username = who)
      AND (since IS NULL OR at >= since)
    ORDER BY id DESC LIMIT least(greatest(n, 1), 500)
$$;
REVOKE ALL ON FUNCTION marsad_audit_recent(bigint, text, timestamptz, integer) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION marsad_audit_recent(bigint, text, timestamptz, integer) TO {APP};

ALTER ROLE {APP} LOGIN;
ALTER ROLE {CITIZEN} LOGIN;
""")


def downgrade() -> None:
    op.execute(f"""
ALTER ROLE {APP} NOLOGIN;
ALTER ROLE {CITIZEN} NOLOGIN;
DROP FUNCTION marsad_audit_recent(bigint, text, timestamptz, integer);
GRANT SELECT ON audit_log TO {APP};
CREATE OR REPLACE FUNCTION marsad_scope_list(name text) RETURNS text[] LANGUAGE sql STABLE PARALLEL SAFE AS $$
    SELECT CASE coalesce(current_setting('marsad.scope_' || name, true), '')
               WHEN '' THEN '{{}}'::text[]
               WHEN '*' THEN NULL
               ELSE current_setting('marsad.scope_' || name, true)::text[]
           END
$$;
DROP FUNCTION marsad_scope_valid();
DROP TABLE marsad_scope_key;
""")
