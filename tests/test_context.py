"""Unit tests (no database): the one rule for areas inside a jurisdiction, the page inputs made safe, answers by
output name, and the closed set of groupings."""

from __future__ import annotations

from datetime import date

import pytest
from dash import no_update

from marsad.context import Context, OutOfScope, UnknownArea
from marsad.dashboard.inputs import answer, period_of, picking_end_date, whole_number
from marsad.dashboard.views.side_by_side import picked
from marsad.jurisdiction import Scope
from marsad.queries import stats
from marsad.queries.filters import Filters

INDEX = {
    "R1": {"code": "R1", "level": "region", "parent_code": None},
    "R1-G1": {"code": "R1-G1", "level": "governorate", "parent_code": "R1"},
    "R1-G1-L1": {"code": "R1-G1-L1", "level": "locality", "parent_code": "R1-G1"},
    "R1-G2": {"code": "R1-G2", "level": "governorate", "parent_code": "R1"},
    "R2": {"code": "R2", "level": "region", "parent_code": None},
}


class FakeReference:
    def area_index(self):
        return INDEX


class FakeResources:
    reference = FakeReference()


def context(scope: Scope) -> Context:
    return Context(resources=FakeResources(), official=None, scope=scope)  # type: ignore[arg-type]


def test_an_area_is_in_scope_when_it_or_an_area_above_it_is_in_the_jurisdiction():
    governor = context(Scope.of(areas=["R1"]))
    assert [c for c in INDEX if governor.allows_area(c)] == ["R1", "R1-G1", "R1-G1-L1", "R1-G2"]
    official = context(Scope.of(areas=["R1-G1"]))
    assert [c for c in INDEX if official.allows_area(c)] == ["R1-G1", "R1-G1-L1"]
    assert all(context(Scope.national()).allows_area(c) for c in INDEX)
    sector_head = context(Scope.of(sectors=["health"]))  # no area limit: every area
    assert all(sector_head.allows_area(c) for c in INDEX)


def test_the_api_rule_refuses_unknown_and_outside_areas():
    official = context(Scope.of(areas=["R1-G1"]))
    assert official.area_in_scope(None) is None
    assert official.area_in_scope("R1-G1-L1")["code"] == "R1-G1-L1"
    with pytest.raises(OutOfScope):
        official.area_in_scope("R1")  # the region above the jurisdiction
    with pytest.raises(OutOfScope):
        official.area_in_scope("R1-G2")  # a sibling
    with pytest.raises(UnknownArea):
        official.area_in_scope("R9")


def test_pages_fall_back_to_the_officials_home_and_say_so():
    official = context(Scope.of(areas=["R1-G1"]))
    assert official.area_or_home(None) == (INDEX["R1-G1"], False)
    assert official.area_or_home("R1-G1-L1") == (INDEX["R1-G1-L1"], False)
    assert official.area_or_home("R2") == (INDEX["R1-G1"], True)
    assert official.area_or_home("nope") == (INDEX["R1-G1"], True)
    two_areas = context(Scope.of(areas=["R1-G1", "R1-G2"]))  # no single home: the national level
    assert two_areas.area_or_home("R2") == (None, True)
    assert context(Scope.national()).area_or_home("R2") == (INDEX["R2"], False)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("12", 12),
        (12, 12),
        ("0", None),
        ("²", None),
        ("٣", None),
        ("1e3", None),
        ("-4", None),
        (True, None),
        (None, None),
        ("9" * 13, None),
        (str(2**31), None),
        (str(2**31 - 1), 2**31 - 1),
        (" 7", None),
    ],
)
def test_whole_numbers_from_the_browser(raw, expected):
    assert whole_number(raw) == expected


def test_periods_from_the_browser():
    assert picking_end_date(["2026-01-01", None]) and not picking_end_date(["2026-01-01", "2026-02-01"])
    assert not picking_end_date(None) and not picking_end_date("2026-01-01")
    assert period_of(["a", "b", "c"]) == [None, None] and period_of(["a", None]) == ["a", None]


def test_answers_are_given_by_output_name():
    outputs = {"figure": object(), "alert": object(), "hide": object()}
    assert answer(outputs, alert="x") == {"figure": no_update, "alert": "x", "hide": no_update}
    with pytest.raises(KeyError, match="hidden"):
        answer(outputs, hidden=True)


def test_side_by_side_keeps_well_formed_choices_only():
    assert picked("centers", ["12", "12", "x", "²", "", None, str(2**31), "7", "8", "9", "10"]) == ["12", "7", "8", "9"]
    assert picked("sectors", ["health", "a" * 65, 3, "passports"]) == ["health", "passports"]


def test_counts_group_by_a_name_from_a_closed_set_only():
    f = Filters(date_from=date(2026, 1, 1), date_to=date(2026, 1, 31))
    sql, _ = stats.counts_by_sql(scope=Scope.national(), filters=f, area=None, by="sector")
    assert "r.sector_code AS k" in sql
    with pytest.raises(ValueError, match="cannot count by"):
        stats.counts_by_sql(scope=Scope.national(), filters=f, area=None, by="r.sector_code; DROP TABLE rating")
