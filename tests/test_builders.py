"""Unit tests of the pure pieces: colour classes, GeoJSON builders, formatting, parameter parsing, scope."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from marsad import i18n, params
from marsad.dashboard.views.explorer import query_string
from marsad.jurisdiction import Scope
from marsad.layers import classes, geojson
from marsad.queries.filters import Filters

CATALOG = {
    "sectors": [{"code": "health"}, {"code": "post"}],
    "services": [{"code": "health.vaccination", "sector_code": "health"}],
}


@pytest.mark.parametrize(
    "mean,color",
    [
        (None, classes.NO_DATA),
        (1.0, classes.COLORS[0]),
        (2.999, classes.COLORS[0]),
        (3.0, classes.COLORS[1]),
        (3.6, classes.COLORS[3]),
        (4.0, classes.COLORS[5]),
        (5.0, classes.COLORS[5]),
    ],
)
def test_color_classes(mean, color):
    assert classes.color_for(mean) == color


def test_legend_covers_every_class_in_order():
    items = classes.legend_items()
    assert [c for c, _ in items] == list(classes.COLORS)
    assert items[0][1] == "< 3.00" and items[-1][1] == "≥ 4.00"


def test_union_bounds_and_empty_bounds():
    assert geojson.union_bounds([[[20, 40], [25, 45]], [[18, 50], [19, 50]]]) == [[18, 40], [25, 50]]
    assert geojson.union_bounds(iter([[[20, 40], [25, 45]]])) == [[20, 40], [25, 45]]
    assert geojson.union_bounds([]) is None


def test_map_centers_carry_only_what_the_popup_is_built_from():
    fc = geojson.centers_collection(
        [
            {
                "id": 1,
                "code": "C1",
                "name_ar": "<script>x</script>",
                "name_en": "A & B",
                "sector_code": "health",
                "lon": 46.7,
                "lat": 24.7,
                "n": 3,
                "mean": 4.5,
                "satisfied_share": 1.0,
            },
            {
                "id": 2,
                "code": "C2",
                "name_ar": "ب",
                "name_en": "B",
                "sector_code": "health",
                "lon": 46.8,
                "lat": 24.8,
                "n": 0,
                "mean": None,
                "satisfied_share": None,
            },
        ]
    )
    out = geojson.map_centers(fc, lang="ar", fmt_mean=lambda v: f"m{v}", fmt_count=lambda v: f"c{v}")
    first, second = (f["properties"] for f in out["features"])
    # names go to the browser as data; the popup puts them in as text nodes (tested in the browser)
    assert first == {
        "id": 1,
        "color": classes.COLORS[5],
        "name": "<script>x</script>",
        "sector": "health",
        "mean": "m4.5",
        "n": "c3",
    }
    assert second["mean"] is None and second["color"] == classes.NO_DATA and second["n"] == "c0"
    assert out["features"][0]["geometry"] == {"type": "Point", "coordinates": [46.7, 24.7]}
    context = geojson.popup_context(
        lang="ar",
        sector_names={"health": "الصحة"},
        labels={"mean": "م", "n": "ع", "no_ratings": "-", "sector": "ق", "profile": "ملف", "approximate": "تقريبي"},
    )
    assert context == {
        "lang": "ar",
        "dir": "rtl",
        "sectors": {"health": "الصحة"},
        "sector": "ق",
        "mean": "م",
        "n": "ع",
        "no_ratings": "-",
        "profile": "ملف",
    }


def test_arabic_and_english_numbers():
    assert i18n.fmt_count(1234567, "ar") == "١٬٢٣٤٬٥٦٧"
    assert i18n.fmt_count(1234567, "en") == "1,234,567"
    assert i18n.fmt_mean(3.456, "ar") == "٣٫٤٦" and i18n.fmt_mean(None, "en") == "—"
    assert i18n.fmt_share(0.5712, "en") == "57.1%"
    assert i18n.fmt_signed(-0.04, "en") == "-0.04"


def test_period_labels():
    assert i18n.fmt_period(date(2026, 11, 1), "month", "ar") == "نوفمبر ٢٠٢٦"
    assert i18n.fmt_period(date(2026, 11, 2), "week", "en") == "2 Nov"


def test_every_string_has_both_languages():
    for key, (ar, en) in i18n.STRINGS.items():
        assert ar and en, key
        if key == "switch_lang":  # names the other language
            continue
        assert any("\u0600" <= ch <= "\u06ff" for ch in ar) or not any(ch.isalpha() for ch in ar), key


def test_parse_filters_defaults_and_errors():
    f = params.parse_filters({}, CATALOG, date(2026, 11, 22))
    assert (f.date_from, f.date_to) == (date(2025, 11, 23), date(2026, 11, 22))
    f = params.parse_filters({"to": "2026-06-30"}, CATALOG, date(2026, 11, 22))
    assert f.days == 365 and f.date_to == date(2026, 6, 30)
    with pytest.raises(params.BadRequest, match="unknown service"):
        params.parse_filters({"service": "x"}, CATALOG, date(2026, 11, 22))
    with pytest.raises(params.BadRequest, match="does not belong"):
        params.parse_filters({"sector": "post", "service": "health.vaccination"}, CATALOG, date(2026, 11, 22))


def test_previous_period_has_the_same_length():
    f = Filters(date_from=date(2026, 3, 1), date_to=date(2026, 3, 31))
    p = f.previous()
    assert (p.date_from, p.date_to, p.days) == (date(2026, 1, 29), date(2026, 2, 28), 31)


def test_scope_cache_keys_differ_by_jurisdiction():
    keys = {
        Scope.national().cache_key(),
        Scope.of(areas={"SA-01"}).cache_key(),
        Scope.of(areas={"SA-02"}).cache_key(),
        Scope.of(sectors={"health"}).cache_key(),
        Scope.of(areas=set()).cache_key(),
    }
    assert len(keys) == 5
    assert Scope.of(areas={"SA-01", "SA-02"}).cache_key() == Scope.of(areas=["SA-02", "SA-01"]).cache_key()


def test_empty_scope_matches_nothing_national_matches_all():
    sql, p = Scope.of(areas=set()).clause(region="r", governorate="g", locality="l", sector="s", center="c")
    assert "ANY(:scope_areas)" in sql and p["scope_areas"] == []
    assert Scope.national().clause(region="r", governorate="g", locality="l", sector="s", center="c") == ("TRUE", {})


def test_query_string_keeps_the_view():
    qs = query_string({"area": "SA-01", "sector": "health", "service": None, "from": "2026-01-01"}, "en")
    assert qs == "?lang=en&area=SA-01&sector=health&from=2026-01-01"


@pytest.mark.parametrize(
    "lo,hi,months,edges",
    [
        ("2026-03-01", "2026-05-31", ("2026-03-01", "2026-05-01"), []),
        (
            "2025-11-23",
            "2026-11-22",
            ("2025-12-01", "2026-10-01"),
            [("2025-11-23", "2025-11-30"), ("2026-11-01", "2026-11-22")],
        ),
        ("2026-02-10", "2026-02-20", None, [("2026-02-10", "2026-02-20")]),
        (
            "2026-01-31",
            "2026-03-01",
            ("2026-02-01", "2026-02-01"),
            [("2026-01-31", "2026-01-31"), ("2026-03-01", "2026-03-01")],
        ),
        ("2024-02-01", "2024-02-29", ("2024-02-01", "2024-02-01"), []),
        ("2026-12-15", "2027-01-31", ("2027-01-01", "2027-01-01"), [("2026-12-15", "2026-12-31")]),
    ],
)
def test_period_split(lo, hi, months, edges):
    from marsad.queries.periods import split

    d = date.fromisoformat
    got_months, got_edges = split(d(lo), d(hi))
    assert got_months == (tuple(map(d, months)) if months else None)
    assert got_edges == [(d(a), d(b)) for a, b in edges]


def test_map_positions_from_clicks_and_the_locate_control():
    from marsad.public.near_me import latlng_of

    assert latlng_of({"latlng": {"lat": 24.7, "lng": 46.6}}) == (24.7, 46.6)  # a click
    assert latlng_of({"latlng": [24.7, 46.6], "located": True}) == (24.7, 46.6)  # the locate control
    for bad in (
        None,
        {},
        {"latlng": "x"},
        {"latlng": [1]},
        {"latlng": {"lat": "a", "lng": 1}},
        {"latlng": [95, 0]},
        {"latlng": [float("nan"), 0]},
    ):
        assert latlng_of(bad) is None, bad


def test_week_split_covers_every_day_once():
    """Whole Monday-to-Sunday weeks plus edge days cover the period exactly, for 5,000 random periods."""
    import random

    from marsad.queries.periods import split_weeks

    rng = random.Random(7)
    for _ in range(5000):
        lo = date(2025, 1, 1) + timedelta(days=rng.randint(0, 700))
        hi = lo + timedelta(days=rng.randint(0, 70))
        weeks, edges = split_weeks(lo, hi)
        days = []
        if weeks:
            assert weeks[0].weekday() == 0 and weeks[1].weekday() == 0
            days += [weeks[0] + timedelta(days=i) for i in range((weeks[1] - weeks[0]).days + 7)]
        for a, b in edges:
            assert a <= b
            days += [a + timedelta(days=i) for i in range((b - a).days + 1)]
        assert sorted(days) == [lo + timedelta(days=i) for i in range((hi - lo).days + 1)], (lo, hi)
        assert (len(edges) <= 2 and all((b - a).days < 6 for a, b in edges)) or weeks is None
