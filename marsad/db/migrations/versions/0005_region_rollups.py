"""Region-grain rollups (region x service x source x day / month) for national views.

Revision ID: 0005
"""

from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None

CRITERIA = ("speed", "staff", "clarity", "facility", "outcome")
COUNTS = ("n1 integer NOT NULL, n2 integer NOT NULL, n3 integer NOT NULL, n4 integer NOT NULL, "
          "n5 integer NOT NULL, " + ", ".join(f"c_{c}_n integer NOT NULL, c_{c}_sum integer NOT NULL" for c in CRITERIA))
DIMS = "service_code text NOT NULL, source text NOT NULL, sector_code text NOT NULL, region_code text NOT NULL"


def _in(list_name: str, column: str) -> str:
    value = f"(SELECT marsad_scope_list('{list_name}'))"
    return f"({value} IS NULL OR {column} = ANY({value}::text[]))"


# governorate- or locality-scoped officials match no row here (fail closed); the app never sends them here
SCOPE = " AND ".join([_in("areas", "region_code"), _in("sectors", "sector_code"),
                      "(SELECT marsad_scope_list('centers')) IS NULL"])


def upgrade() -> None:
    for time in ("day", "month"):
        table = f"rollup_region_{time}"
        op.execute(f"""
            CREATE TABLE {table} (
                {time} date NOT NULL, {DIMS}, {COUNTS},
                CONSTRAINT {table}_key PRIMARY KEY ({time}, region_code, service_code, source)
            );
            ALTER TABLE {table} ENABLE ROW LEVEL SECURITY;
            CREATE POLICY scope_read ON {table} FOR SELECT TO marsad_app USING ({SCOPE});
            GRANT SELECT ON {table} TO marsad_app;
        """)


def downgrade() -> None:
    op.execute("DROP TABLE IF EXISTS rollup_region_day, rollup_region_month")
