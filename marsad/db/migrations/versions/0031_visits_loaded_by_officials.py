"""Officials load mystery-shopper visits as the application role: inserts into the visits and their scores pass the
same row policies as reads (a visit outside the loader's jurisdiction is refused by the database too), and national
officials may open a new cycle.

Revision ID: 0031
"""

from alembic import op

revision = "0031"
down_revision = "0030"
branch_labels = None
depends_on = None

APP = "marsad_app"


def _in(list_name: str, *columns: str) -> str:
    value = f"(SELECT marsad_scope_list('{list_name}'))"
    return "(" + " OR ".join([f"{value} IS NULL"] + [f"{c} = ANY({value}::text[])" for c in columns]) + ")"


VISIT_SCOPE = " AND ".join(
    [
        _in("areas", "region_code", "governorate_code", "locality_code"),
        _in("sectors", "sector_code"),
        _in("centers", "center_id::text"),
    ]
)
NATIONAL = " AND ".join(f"(SELECT marsad_scope_list('{n}')) IS NULL" for n in ("areas", "sectors", "centers"))


def upgrade() -> None:
    op.execute(f"""
GRANT INSERT ON shopper_visit, visit_score, visit_axis, evaluation_cycle TO {APP};
GRANT USAGE ON SEQUENCE shopper_visit_id_seq, evaluation_cycle_id_seq TO {APP};
CREATE POLICY scope_insert ON shopper_visit FOR INSERT TO {APP} WITH CHECK ({VISIT_SCOPE});
CREATE POLICY scope_insert ON visit_score FOR INSERT TO {APP} WITH CHECK (visit_id IN (SELECT id FROM shopper_visit));
CREATE POLICY scope_insert ON visit_axis FOR INSERT TO {APP} WITH CHECK (visit_id IN (SELECT id FROM shopper_visit));
ALTER TABLE evaluation_cycle ENABLE ROW LEVEL SECURITY;
CREATE POLICY everyone_reads ON evaluation_cycle FOR SELECT TO {APP} USING (true);
CREATE POLICY national_opens ON evaluation_cycle FOR INSERT TO {APP} WITH CHECK ({NATIONAL});
""")


def downgrade() -> None:
    op.execute(f"""
DROP POLICY national_opens ON evaluation_cycle;
DROP POLICY everyone_reads ON evaluation_cycle;
ALTER TABLE evaluation_cycle DISABLE ROW LEVEL SECURITY;
DROP POLICY scope_insert ON visit_axis;
DROP POLICY scope_insert ON visit_score;
DROP POLICY scope_insert ON shopper_visit;
REVOKE USAGE ON SEQUENCE shopper_visit_id_seq, evaluation_cycle_id_seq FROM {APP};
REVOKE INSERT ON shopper_visit, visit_score, visit_axis, evaluation_cycle FROM {APP};
""")
