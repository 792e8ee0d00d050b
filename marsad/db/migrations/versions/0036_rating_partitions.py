"""Ratings partitioned by month (PostgreSQL's declarative partitioning on submitted_at, months of the Riyadh
calendar): retention becomes dropping a partition, a month's reads touch its partition only, and an index is as
large as a month. A default partition keeps any rating outside the prepared months (nothing is refused);
marsad_rating_partitions(from, to) makes the months of a span, moving rows of those months out of the default one,
and is called ahead of time (three months) by the fold worker and by whatever loads a span of ratings.

The old table's rows are copied as they are (ids kept, the identity continues after them), its indexes rebuilt once
after the copy, and its row policies and grants carried over unchanged.

Revision ID: 0036
"""

from alembic import op

revision = "0036"
down_revision = "0035"
branch_labels = None
depends_on = None

COLUMNS = (
    "id, center_id, platform_code, service_code, submitted_at, overall, c_speed, c_staff, c_clarity, c_facility, "
    "c_outcome, comment, lang, source, rater_hmac, comment_status, comment_norm"
)
INDEXES = """
CREATE INDEX rating_center_time_idx ON rating (center_id, submitted_at);
CREATE INDEX rating_comment_center_idx ON rating (center_id, submitted_at DESC, id DESC) WHERE comment IS NOT NULL;
CREATE INDEX rating_comment_pending_idx ON rating (center_id, submitted_at DESC) WHERE comment_status = 'pending';
CREATE INDEX rating_comment_recent_idx ON rating (submitted_at DESC, id DESC) WHERE comment IS NOT NULL;
CREATE INDEX rating_comment_trgm_idx ON rating USING gin (comment_norm gin_trgm_ops) WHERE comment IS NOT NULL;
CREATE INDEX rating_rater_idx ON rating (rater_hmac, submitted_at DESC) WHERE rater_hmac IS NOT NULL;
"""
DROP_INDEXES = (
    "DROP INDEX IF EXISTS rating_center_time_idx, rating_comment_center_idx, rating_comment_pending_idx, "
    "rating_comment_recent_idx, rating_comment_trgm_idx, rating_rater_idx, rating_time_brin;"
)
# the row policies and grants of `source`, given to `target` (expressions naming the source table renamed)
CARRY_OVER = """
DO $$
DECLARE p record;
BEGIN
    FOR p IN SELECT * FROM pg_policies WHERE schemaname = current_schema() AND tablename = '{source}' LOOP
        EXECUTE format(
            'CREATE POLICY %I ON {target} AS %s FOR %s TO %s%s%s', p.policyname, p.permissive, p.cmd,
            (SELECT string_agg(quote_ident(r), ', ') FROM unnest(p.roles) r),
            CASE WHEN p.qual IS NULL THEN '' ELSE ' USING (' || replace(p.qual, '{source}.', '{target}.') || ')' END,
            CASE WHEN p.with_check IS NULL THEN ''
                 ELSE ' WITH CHECK (' || replace(p.with_check, '{source}.', '{target}.') || ')' END);
    END LOOP;
    FOR p IN SELECT grantee, privilege_type FROM information_schema.role_table_grants
             WHERE table_schema = current_schema() AND table_name = '{source}' AND grantee <> current_user LOOP
        EXECUTE format('GRANT %s ON {target} TO %I', p.privilege_type, p.grantee);
    END LOOP;
    FOR p IN SELECT grantee, privilege_type, column_name FROM information_schema.column_privileges
             WHERE table_schema = current_schema() AND table_name = '{source}' AND grantee <> current_user
               AND (grantee, privilege_type) NOT IN (SELECT grantee, privilege_type
                                                     FROM information_schema.role_table_grants
                                                     WHERE table_schema = current_schema() AND table_name = '{source}')
    LOOP
        EXECUTE format('GRANT %s (%I) ON {target} TO %I', p.privilege_type, p.column_name, p.grantee);
    END LOOP;
END $$;
"""
PARTITIONS = r"""
CREATE FUNCTION marsad_rating_partitions(from_day date, to_day date) RETURNS integer
LANGUAGE plpgsql AS $$
DECLARE
    month date := date_trunc('month', from_day)::date;
    made integer := 0;
    next_month date;
    lo timestamptz;
    hi timestamptz;
    part text;
BEGIN
    WHILE month <= to_day LOOP
        part := format('rating_y%sm%s', to_char(month, 'YYYY'), to_char(month, 'MM'));
        IF to_regclass(part) IS NULL THEN
            lo := make_timestamptz(extract(year FROM month)::int, extract(month FROM month)::int, 1, 0, 0, 0,
                                   'Asia/Riyadh');
            next_month := (month + interval '1 month')::date;
            hi := make_timestamptz(extract(year FROM next_month)::int, extract(month FROM next_month)::int, 1, 0, 0,
                                   0, 'Asia/Riyadh');  -- not lo + 1 month, which counts in the session's time zone
            -- the month's rows that fell into the default partition move into their own
            EXECUTE format('CREATE TABLE %I (LIKE rating INCLUDING DEFAULTS INCLUDING CONSTRAINTS)', part);
            EXECUTE format('WITH moved AS (DELETE FROM rating_default WHERE submitted_at >= %L AND submitted_at < %L '
                           'RETURNING *) INSERT INTO %I SELECT * FROM moved', lo, hi, part);
            EXECUTE format('ALTER TABLE %I ADD CHECK (submitted_at >= %L AND submitted_at < %L)', part, lo, hi);
            EXECUTE format('ALTER TABLE rating ATTACH PARTITION %I FOR VALUES FROM (%L) TO (%L)', part, lo, hi);
            made := made + 1;
        END IF;
        month := (month + interval '1 month')::date;
    END LOOP;
    RETURN made;
END $$;
"""


def upgrade() -> None:
    op.execute(f"""
ALTER TABLE rating RENAME TO rating_unpartitioned;
ALTER TABLE rating_unpartitioned RENAME CONSTRAINT rating_pkey TO rating_unpartitioned_pkey;
{DROP_INDEXES}
CREATE TABLE rating (
    id bigint GENERATED BY DEFAULT AS IDENTITY,
    center_id integer REFERENCES service_center (id),
    platform_code text REFERENCES e_platform (code),
    service_code text NOT NULL REFERENCES service (code),
    submitted_at timestamptz NOT NULL,
    overall smallint NOT NULL CHECK (overall BETWEEN 1 AND 5),
    c_speed smallint CHECK (c_speed BETWEEN 1 AND 5),
    c_staff smallint CHECK (c_staff BETWEEN 1 AND 5),
    c_clarity smallint CHECK (c_clarity BETWEEN 1 AND 5),
    c_facility smallint CHECK (c_facility BETWEEN 1 AND 5),
    c_outcome smallint CHECK (c_outcome BETWEEN 1 AND 5),
    comment text,
    lang text CHECK (lang IN ('ar', 'en')),
    source text NOT NULL CHECK (source IN ('app', 'survey', 'mystery_shopper', 'focus_group')),
    rater_hmac text,
    comment_status text CHECK (comment_status IN ('pending', 'approved', 'hidden')),
    comment_norm text,
    CHECK (num_nonnulls(center_id, platform_code) = 1),
    CONSTRAINT rating_comment_status CHECK ((comment IS NULL) = (comment_status IS NULL)),
    PRIMARY KEY (id, submitted_at)
) PARTITION BY RANGE (submitted_at);
CREATE TABLE rating_default PARTITION OF rating DEFAULT;
{PARTITIONS}
SELECT marsad_rating_partitions(
    (coalesce((SELECT min(submitted_at) FROM rating_unpartitioned), now()) AT TIME ZONE 'Asia/Riyadh')::date,
    ((now() + interval '3 months') AT TIME ZONE 'Asia/Riyadh')::date);
INSERT INTO rating ({COLUMNS}) SELECT {COLUMNS} FROM rating_unpartitioned;
SELECT setval(pg_get_serial_sequence('rating', 'id'), (SELECT max(id) FROM rating)) WHERE EXISTS (SELECT FROM rating);
{INDEXES}
ALTER TABLE rating_pending ADD COLUMN submitted_at timestamptz;  -- the fold finds queued ratings by their month
UPDATE rating_pending p SET submitted_at = x.submitted_at FROM rating x WHERE x.id = p.rating_id;
DELETE FROM rating_pending WHERE submitted_at IS NULL;  -- an id of no rating: nothing to fold
ALTER TABLE rating_pending ALTER COLUMN submitted_at SET NOT NULL;
ALTER TABLE rating ENABLE ROW LEVEL SECURITY;
{CARRY_OVER.format(source="rating_unpartitioned", target="rating")}
DROP TABLE rating_unpartitioned;
ANALYZE rating;
""")


def downgrade() -> None:
    op.execute(f"""
ALTER TABLE rating RENAME TO rating_partitioned;
ALTER TABLE rating_partitioned RENAME CONSTRAINT rating_pkey TO rating_partitioned_pkey;
{DROP_INDEXES}
CREATE TABLE rating (LIKE rating_partitioned INCLUDING DEFAULTS INCLUDING CONSTRAINTS);
ALTER TABLE rating ALTER COLUMN id DROP IDENTITY IF EXISTS;
INSERT INTO rating ({COLUMNS}) SELECT {COLUMNS} FROM rating_partitioned;
ALTER TABLE rating ADD PRIMARY KEY (id), ALTER COLUMN id ADD GENERATED BY DEFAULT AS IDENTITY;
SELECT setval(pg_get_serial_sequence('rating', 'id'), (SELECT max(id) FROM rating)) WHERE EXISTS (SELECT FROM rating);
ALTER TABLE rating ADD FOREIGN KEY (center_id) REFERENCES service_center (id),
    ADD FOREIGN KEY (platform_code) REFERENCES e_platform (code),
    ADD FOREIGN KEY (service_code) REFERENCES service (code);
{INDEXES}
CREATE INDEX rating_time_brin ON rating USING brin (submitted_at);
ALTER TABLE rating ENABLE ROW LEVEL SECURITY;
{CARRY_OVER.format(source="rating_partitioned", target="rating")}
DROP TABLE rating_partitioned;
DROP FUNCTION marsad_rating_partitions(date, date);
ALTER TABLE rating_pending DROP COLUMN IF EXISTS submitted_at;
""")
