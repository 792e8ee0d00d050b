"""Rollups at coarser grains, so that dashboards read few rows at national scale.

  rating_daily         center x service x source x day     (0001; center views, edge days)
  rollup_center_month  center x service x source x month   (center views, whole months)
  rollup_area_day      locality x service x source x day   (area views, edge days)
  rollup_area_month    locality x service x source x month (area views, whole months)

Area rollups carry no center, so they are hidden from center-scoped officials by row-level security.

Revision ID: 0003
"""

from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

CRITERIA = ("speed", "staff", "clarity", "facility", "outcome")
COUNTS = ("n1 integer NOT NULL, n2 integer NOT NULL, n3 integer NOT NULL, n4 integer NOT NULL, "
          "n5 integer NOT NULL, " + ", ".join(f"c_{c}_n integer NOT NULL, c_{c}_sum integer NOT NULL" for c in CRITERIA))
AREA_DIMS = ("service_code text NOT NULL, source text NOT NULL, sector_code text NOT NULL, region_code text NOT NULL, "
             "governorate_code text NOT NULL, locality_code text")


def _in(list_name: str, *columns: str) -> str:
    value = f"(SELECT marsad_scope_list('{list_name}'))"
    return "(" + " OR ".join([f"{value} IS NULL"] + [f"{c} = ANY({value}::text[])" for c in columns]) + ")"


AREA_SCOPE = " AND ".join([_in("areas", "region_code", "governorate_code", "locality_code"),
                           _in("sectors", "sector_code"), "(SELECT marsad_scope_list('centers')) IS NULL"])
CENTER_SCOPE = " AND ".join([_in("areas", "region_code", "governorate_code", "locality_code"),
                             _in("sectors", "sector_code"), _in("centers", "center_id::text")])

UPGRADE = f"""
CREATE TABLE rollup_center_month (
    month date NOT NULL, center_id integer NOT NULL REFERENCES service_center (id), {AREA_DIMS}, {COUNTS},
    CONSTRAINT rollup_center_month_key PRIMARY KEY (month, center_id, service_code, source)
);
CREATE INDEX rollup_center_month_region_idx ON rollup_center_month (region_code, month);
CREATE INDEX rollup_center_month_governorate_idx ON rollup_center_month (governorate_code, month);
CREATE INDEX rollup_center_month_locality_idx ON rollup_center_month (locality_code, month);
CREATE INDEX rollup_center_month_center_idx ON rollup_center_month (center_id, month);

CREATE TABLE rollup_area_day (
    day date NOT NULL, {AREA_DIMS}, {COUNTS},
    CONSTRAINT rollup_area_day_key UNIQUE NULLS NOT DISTINCT (day, governorate_code, locality_code, service_code, source)
);
CREATE INDEX rollup_area_day_region_idx ON rollup_area_day (region_code, day);
CREATE INDEX rollup_area_day_locality_idx ON rollup_area_day (locality_code, day);

CREATE TABLE rollup_area_month (
    month date NOT NULL, {AREA_DIMS}, {COUNTS},
    CONSTRAINT rollup_area_month_key UNIQUE NULLS NOT DISTINCT (month, governorate_code, locality_code, service_code,
                                                                source)
);
CREATE INDEX rollup_area_month_region_idx ON rollup_area_month (region_code, month);
CREATE INDEX rollup_area_month_locality_idx ON rollup_area_month (locality_code, month);


ALTER TABLE rollup_center_month ENABLE ROW LEVEL SECURITY;
CREATE POLICY scope_read ON rollup_center_month FOR SELECT TO marsad_app USING ({CENTER_SCOPE});
ALTER TABLE rollup_area_day ENABLE ROW LEVEL SECURITY;
CREATE POLICY scope_read ON rollup_area_day FOR SELECT TO marsad_app USING ({AREA_SCOPE});
ALTER TABLE rollup_area_month ENABLE ROW LEVEL SECURITY;
CREATE POLICY scope_read ON rollup_area_month FOR SELECT TO marsad_app USING ({AREA_SCOPE});
GRANT SELECT ON rollup_center_month, rollup_area_day, rollup_area_month TO marsad_app;
"""

DOWNGRADE = """
DROP TABLE IF EXISTS rollup_area_month, rollup_area_day, rollup_center_month;
"""


def upgrade() -> None:
    op.execute(UPGRADE)


def downgrade() -> None:
    op.execute(DOWNGRADE)
