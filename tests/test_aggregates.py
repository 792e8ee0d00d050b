"""Per-area aggregates at every level, checked against numbers computed in Python from raw ratings."""

from __future__ import annotations

from collections import defaultdict
from datetime import date, timedelta

import pytest
from sqlalchemy import text

from marsad.jurisdiction import Scope
from marsad.queries import rollup_source, stats
from marsad.queries.areas import area_index
from marsad.queries.filters import Filters

RIYADH = timedelta(hours=3)


@pytest.fixture(scope="module")
def raw(demo_engine):
    """Every rating with its center's areas and sector, straight from the raw table."""
    with demo_engine.connect() as conn:
        return [
            dict(r)
            for r in conn.execute(
                text(
                    "SELECT x.overall, x.submitted_at, x.source, x.service_code, c.sector_code, c.id AS center_id, "
                    "c.region_code, c.governorate_code, c.locality_code "
                    "FROM rating x JOIN service_center c ON c.id = x.center_id"
                )
            ).mappings()
        ]


def expected(raw, key, f: Filters) -> dict[str, tuple[int, float, float]]:
    acc = defaultdict(list)
    for r in raw:
        day = (r["submitted_at"] + RIYADH).date()
        if not (f.date_from <= day <= f.date_to):
            continue
        if (f.sector and r["sector_code"] != f.sector) or (f.source and r["source"] != f.source):
            continue
        if f.service and r["service_code"] != f.service:
            continue
        acc[r[key]].append(r["overall"])
    return {k: (len(v), sum(v) / len(v), sum(1 for s in v if s >= 4) / len(v)) for k, v in acc.items()}


FILTER_CASES = [
    Filters(date_from=date(2025, 11, 23), date_to=date(2026, 11, 22)),
    Filters(date_from=date(2026, 3, 1), date_to=date(2026, 5, 31), sector="health"),
    Filters(date_from=date(2024, 11, 24), date_to=date(2026, 11, 22), source="mystery_shopper"),
    Filters(
        date_from=date(2026, 1, 1),
        date_to=date(2026, 12, 31),
        sector="passports",
        service="passports.passport_renewal",
        source="app",
    ),
    Filters(date_from=date(2026, 2, 10), date_to=date(2026, 2, 20), sector="health"),
    Filters(date_from=date(2025, 12, 31), date_to=date(2026, 3, 1)),
    Filters(date_from=date(2025, 12, 3), date_to=date(2026, 2, 25), source="survey"),  # source rollups' weeks and days
]


def _check(rows, exp):
    assert rows, "no areas came back"
    seen = 0
    for row in rows:
        n, mean, share = exp.get(row["code"], (0, None, None))
        assert row["n"] == n, row["code"]
        if n:
            seen += 1
            assert row["mean"] == pytest.approx(mean, abs=1e-4), row["code"]
            assert row["satisfied_share"] == pytest.approx(share, abs=1e-4), row["code"]
        else:
            assert row["mean"] is None
    return seen


@pytest.mark.parametrize(
    "f",
    FILTER_CASES,
    ids=["year", "health-spring", "mystery", "passport-renewal-app", "inside-a-month", "month-edges", "survey-weeks"],
)
def test_every_level_matches_raw_ratings(demo_engine, raw, f):
    index = area_index(demo_engine)
    scope = Scope.national()
    regions = stats.child_areas(demo_engine, scope=scope, filters=f, parent=None, country="SA")
    assert {r["code"] for r in regions} == {c for c, a in index.items() if a["level"] == "region"}
    assert _check(regions, expected(raw, "region_code", f)) > 0
    exp_gov = expected(raw, "governorate_code", f)
    exp_loc = expected(raw, "locality_code", f)
    for region in regions:
        govs = stats.child_areas(demo_engine, scope=scope, filters=f, parent=index[region["code"]], country="SA")
        assert {g["parent_code"] for g in govs} == {region["code"]}
        _check(govs, exp_gov)
        assert sum(g["n"] for g in govs) == region["n"]  # children add up to the parent
        busiest = max(govs, key=lambda g: g["n"])
        locs = stats.child_areas(demo_engine, scope=scope, filters=f, parent=index[busiest["code"]], country="SA")
        _check(locs, exp_loc)
        assert sum(x["n"] for x in locs) == busiest["n"]


def test_centers_and_kpis_match_raw(demo_engine, raw):
    index = area_index(demo_engine)
    f = FILTER_CASES[0]
    region = "SA-01"
    centers = stats.centers(demo_engine, scope=Scope.national(), filters=f, area=index[region])
    exp = expected([r for r in raw if r["region_code"] == region], "center_id", f)
    assert {c["id"] for c in centers} == _center_ids(demo_engine, region)
    for c in centers:
        n, mean, _ = exp.get(c["id"], (0, None, None))
        assert c["n"] == n
        if n:
            assert c["mean"] == pytest.approx(mean, abs=1e-4)
    k = stats.kpis(demo_engine, scope=Scope.national(), filters=f, area=index[region])
    n, mean, share = expected(raw, "region_code", f)[region]
    assert (k["n"], k["mean"], k["satisfied_share"]) == (
        n,
        pytest.approx(mean, abs=1e-4),
        pytest.approx(share, abs=1e-4),
    )
    pn, pmean, _ = expected(raw, "region_code", f.previous())[region]
    assert k["previous"]["n"] == pn
    assert k["change"]["mean"] == pytest.approx(mean - pmean, abs=2e-4)
    per_score = defaultdict(int)
    for r in raw:
        if r["region_code"] == region and f.date_from <= (r["submitted_at"] + RIYADH).date() <= f.date_to:
            per_score[r["overall"]] += 1
    assert k["distribution"] == [per_score[s] for s in range(1, 6)]


@pytest.mark.parametrize(
    "f",
    [
        Filters(
            date_from=date(2025, 12, 3), date_to=date(2026, 2, 25), sector="health"
        ),  # weeks and days at both edges
        Filters(date_from=date(2026, 10, 27), date_to=date(2026, 11, 22)),  # no whole month: weeks and days
        FILTER_CASES[3],  # a service and a source: per-service daily rows, no weeks
    ],
    ids=["weeks-and-days", "no-whole-month", "detail"],
)
def test_center_numbers_match_raw_for_any_period(demo_engine, raw, f):
    index = area_index(demo_engine)
    exp = expected([r for r in raw if r["region_code"] == "SA-01"], "center_id", f)
    centers = stats.centers(demo_engine, scope=Scope.national(), filters=f, area=index["SA-01"])
    assert sum(c["n"] for c in centers) == sum(n for n, _, _ in exp.values()) > 0
    for c in centers:
        n, mean, _ = exp.get(c["id"], (0, None, None))
        assert c["n"] == n, c["id"]
        if n:
            assert c["mean"] == pytest.approx(mean, abs=1e-4)


def _center_ids(engine, region):
    with engine.connect() as conn:
        return set(
            conn.execute(
                text("SELECT id FROM service_center WHERE region_code = :r AND status = 'active'"), {"r": region}
            ).scalars()
        )


def test_trend_buckets_add_up(demo_engine, raw):
    f = FILTER_CASES[0]
    rows = stats.trend(demo_engine, scope=Scope.national(), filters=f, area=None)
    assert rows[0]["bucket"] == "month"
    assert sum(r["n"] for r in rows) == sum(v[0] for v in expected(raw, "region_code", f).values())
    short = Filters(date_from=date(2026, 9, 1), date_to=date(2026, 10, 31))
    assert stats.trend(demo_engine, scope=Scope.national(), filters=short, area=None)[0]["bucket"] == "week"


def test_regional_scope_never_returns_other_regions(demo_engine, raw):
    index = area_index(demo_engine)
    f = FILTER_CASES[0]
    scope = Scope.of(areas={"SA-02"})
    regions = stats.child_areas(demo_engine, scope=scope, filters=f, parent=None, country="SA")
    assert [r["code"] for r in regions] == ["SA-02"]
    other = stats.centers(demo_engine, scope=scope, filters=f, area=index["SA-01"])
    assert other == []
    assert (
        stats.kpis(demo_engine, scope=scope, filters=f, area=None)["n"] == expected(raw, "region_code", f)["SA-02"][0]
    )
    sector_scope = Scope.of(sectors={"health"})
    k = stats.kpis(demo_engine, scope=sector_scope, filters=f, area=None)
    assert k["n"] == sum(
        1
        for r in raw
        if r["sector_code"] == "health" and f.date_from <= (r["submitted_at"] + RIYADH).date() <= f.date_to
    )
    assert stats.kpis(demo_engine, scope=Scope.of(areas=set()), filters=f, area=None)["n"] == 0


def test_governorate_scope_numbers_match_raw(demo_engine, raw):
    """A governorate-scoped official cannot use the region-grain rollups; the numbers must still be exact."""
    f = FILTER_CASES[0]
    gov = max(expected(raw, "governorate_code", f).items(), key=lambda kv: kv[1][0])[0]
    scope = Scope.of(areas={gov})
    k = stats.kpis(demo_engine, scope=scope, filters=f, area=None)
    n, mean, _ = expected(raw, "governorate_code", f)[gov]
    assert k["n"] == n and k["mean"] == pytest.approx(mean, abs=1e-4)
    assert stats.child_areas(demo_engine, scope=scope, filters=f, parent=None, country="SA") == []  # above it
    localities = stats.child_areas(
        demo_engine, scope=scope, filters=f, parent=area_index(demo_engine)[gov], country="SA"
    )
    assert sum(x["n"] for x in localities) == n
    assert sum(r["n"] for r in stats.trend(demo_engine, scope=scope, filters=f, area=None)) == n


@pytest.mark.parametrize("f", [FILTER_CASES[0], FILTER_CASES[1], FILTER_CASES[2]], ids=["year", "sector", "source"])
def test_locality_scope_numbers_match_raw(demo_engine, raw, f):
    """A locality-scoped official can use neither region nor governorate totals; the numbers must still be exact."""
    loc = max(expected(raw, "locality_code", f).items(), key=lambda kv: kv[1][0])[0]
    scope = Scope.of(areas={loc})
    n, mean, _ = expected(raw, "locality_code", f)[loc]
    k = stats.kpis(demo_engine, scope=scope, filters=f, area=None)
    assert k["n"] == n and k["mean"] == pytest.approx(mean, abs=1e-4)
    assert sum(r["n"] for r in stats.trend(demo_engine, scope=scope, filters=f, area=None)) == n
    by_sector = stats.counts_by(demo_engine, scope=scope, filters=f, area=None, by="sector")
    assert sum(r["n1"] + r["n2"] + r["n3"] + r["n4"] + r["n5"] for r in by_sector) == n


@pytest.mark.parametrize("f", [FILTER_CASES[0], FILTER_CASES[5]], ids=["months", "weeks"])
@pytest.mark.parametrize(
    "scope",
    [Scope.national(), Scope.of(areas={"SA-01"}, sectors={"health", "passports"})],
    ids=["national", "region-two-sectors"],
)
def test_sector_trend_lines_match_raw_ratings(demo_engine, raw, f, scope):
    rows = stats.sector_trends(demo_engine, scope=scope, filters=f, area=None)
    bucket = "week" if f.days <= 184 else "month"
    acc = defaultdict(list)
    for r in raw:
        day = (r["submitted_at"] + RIYADH).date()
        if not f.date_from <= day <= f.date_to:
            continue
        if scope.areas is not None and r["region_code"] not in scope.areas:
            continue
        if scope.sectors is not None and r["sector_code"] not in scope.sectors:
            continue
        start = day.replace(day=1) if bucket == "month" else day - timedelta(days=day.weekday())
        acc[(r["sector_code"], start)].append(r["overall"])
    assert {(r["key"], r["period"]) for r in rows} == set(acc)
    for r in rows:
        scores = acc[(r["key"], r["period"])]
        assert r["bucket"] == bucket and r["n"] == len(scores)
        assert r["mean"] == pytest.approx(sum(scores) / len(scores), abs=1e-4)


def test_a_scopes_level_is_looked_up_once_per_jurisdiction(demo_engine, raw):
    """The level of a jurisdiction's areas is kept per database: a governorate official's statistics ask it once,
    and stay exact afterwards; an unknown code is asked again (and counts as the finest level)."""
    from sqlalchemy import event

    f = FILTER_CASES[0]
    gov = max(expected(raw, "governorate_code", f).items(), key=lambda kv: kv[1][0])[0]
    asked = []

    def count(conn, cursor, statement, *args):
        if "FROM admin_area WHERE code = ANY" in statement:
            asked.append(statement)

    event.listen(demo_engine, "before_cursor_execute", count)
    try:
        rollup_source._LEVELS.pop(demo_engine, None)
        scope = Scope.of(areas={gov})
        for _ in range(3):
            assert (
                stats.kpis(demo_engine, scope=scope, filters=f, area=None)["n"]
                == expected(raw, "governorate_code", f)[gov][0]
            )
        assert len(asked) == 1
        unknown = Scope.of(areas={"XX-99"})
        for _ in range(2):
            assert stats.kpis(demo_engine, scope=unknown, filters=f, area=None)["n"] == 0
        assert len(asked) == 3
    finally:
        event.remove(demo_engine, "before_cursor_execute", count)


@pytest.mark.parametrize("level", ["region", "governorate"])
def test_one_sources_numbers_match_raw_in_a_jurisdiction(demo_engine, raw, level):
    """A governor's or a governorate official's question about one source reads the source rollups (migration 0040):
    their weeks and days at the period's edges, under the official's scope, give the raw ratings' numbers."""
    f = FILTER_CASES[6]
    code = max(expected(raw, f"{level}_code", f).items(), key=lambda kv: kv[1][0])[0]
    scope = Scope.of(areas={code})
    n, mean, _ = expected(raw, f"{level}_code", f)[code]
    k = stats.kpis(demo_engine, scope=scope, filters=f, area=None)
    assert k["n"] == n and k["mean"] == pytest.approx(mean, abs=1e-4)
    children = stats.child_areas(
        demo_engine, scope=scope, filters=f, parent=area_index(demo_engine)[code], country="SA"
    )
    child = "governorate_code" if level == "region" else "locality_code"
    _check(children, expected([r for r in raw if r[f"{level}_code"] == code], child, f))
    assert sum(c["n"] for c in children) == n
    sql, _ = stats.counts_by_sql(
        scope=scope, filters=f, area=None, by="sector", scope_level=level
    )  # what such a question reads
    assert f"rollup_{level}_source_week" in sql and "rollup_area_day" not in sql
