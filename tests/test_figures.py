"""Every figure builder's plain dict is a valid plotly figure (plotly validates it here, not in requests)."""

from __future__ import annotations

from datetime import date

import plotly.graph_objects as go
import pytest

from marsad.layers import figures

SECTORS = [
    {
        "code": "health",
        "name_en": "Health",
        "mean": 3.9,
        "rank": 1,
        "ci_low": 3.8,
        "ci_high": 4.0,
        "criteria": {"speed": 3.5, "staff": None},
    },
    {
        "code": "post",
        "name_en": "Post",
        "mean": 3.1,
        "rank": None,
        "ci_low": None,
        "ci_high": None,
        "criteria": {"speed": 2.9, "staff": 3.0},
    },
]
CRITERIA = [("speed", "Speed"), ("staff", "Staff")]
TREND = [
    {"period": date(2026, 1, 1), "bucket": "month", "n": 10, "mean": 3.5, "key": "health"},
    {"period": date(2026, 2, 1), "bucket": "month", "n": 0, "mean": None, "key": "health"},
    {"period": date(2026, 2, 1), "bucket": "month", "n": 4, "mean": 4.25, "key": "post"},
]


def label(d, bucket):
    return f"{bucket}:{d:%Y-%m}"


@pytest.mark.parametrize("rtl", [True, False], ids=["ar", "en"])
@pytest.mark.parametrize(
    "build",
    [
        lambda rtl: figures.distribution([1, 2, 3, 4, 5], title="t", rtl=rtl, hover="%{y}"),
        lambda rtl: figures.trend(TREND, title="t", rtl=rtl, mean_label="mean", n_label="n", fmt_period=label),
        lambda rtl: figures.trend(
            TREND[:2],
            title="t",
            rtl=rtl,
            mean_label="m",
            n_label="n",
            fmt_period=label,
            span=(date(2026, 1, 5), date(2026, 2, 10)),
            partial_label="partial",
        ),
        lambda rtl: figures.sector_scores(SECTORS, title="t", rtl=rtl, name_key="name_en", few_label="few"),
        lambda rtl: figures.criteria_heatmap(SECTORS, title="t", rtl=rtl, name_key="name_en", criteria=CRITERIA),
        lambda rtl: figures.sector_trends(TREND, title="t", rtl=rtl, names={"health": "Health"}, fmt_period=label),
        lambda rtl: figures.side_by_side(
            SECTORS, title="t", rtl=rtl, labels=["A", "B"], criteria=CRITERIA, overall_label="all"
        ),
        lambda rtl: figures.criteria_bars({"speed": 3.2, "staff": None}, title="t", rtl=rtl, labels=CRITERIA),
    ],
    ids=[
        "distribution",
        "trend",
        "trend-partial",
        "sector_scores",
        "heatmap",
        "sector_trends",
        "side_by_side",
        "criteria_bars",
    ],
)
def test_builders_make_valid_plotly_figures(build, rtl):
    fig = build(rtl)
    checked = go.Figure(fig).to_dict()  # raises on any unknown property or invalid value
    assert len(checked["data"]) == len(fig["data"])
    assert checked["layout"]["title"]["text"] == "t"
    assert checked["layout"]["yaxis"]["side"] == ("right" if rtl else "left")
    for trace in fig["data"]:
        assert trace["type"] in ("bar", "scatter", "heatmap")


def test_unset_properties_are_left_out_but_gaps_in_data_stay():
    fig = figures.sector_scores(SECTORS, title="t", rtl=False, name_key="name_en", few_label="few")
    assert "autorange" not in fig["layout"]["xaxis"]  # None: unset, as plotly would
    line = figures.sector_trends(TREND, title="t", rtl=False, names={}, fmt_period=label)
    assert None in line["data"][0]["y"]  # a period without ratings is a gap in the line


@pytest.mark.parametrize(
    "build",
    [
        lambda e: figures.distribution([0, 0, 0, 0, 0], title="t", rtl=True, hover="", empty=e),
        lambda e: figures.trend([], title="t", rtl=False, mean_label="m", n_label="n", fmt_period=label, empty=e),
        lambda e: figures.sector_scores([], title="t", rtl=False, name_key="name_en", few_label="f", empty=e),
        lambda e: figures.criteria_heatmap([], title="t", rtl=True, name_key="name_en", criteria=CRITERIA, empty=e),
        lambda e: figures.sector_trends([], title="t", rtl=False, names={}, fmt_period=label, empty=e),
        lambda e: figures.criteria_bars({"speed": None}, title="t", rtl=False, labels=CRITERIA, empty=e),
    ],
    ids=["distribution", "trend", "sector_scores", "heatmap", "sector_trends", "criteria_bars"],
)
def test_a_chart_with_nothing_to_draw_says_so_without_axes(build):
    fig = build("No ratings for this choice <b>here</b>")
    checked = go.Figure(fig).to_dict()
    assert checked["data"] == [] or all(not t.get("y") for t in checked["data"])
    assert fig["layout"]["xaxis"]["visible"] is False and fig["layout"]["yaxis"]["visible"] is False
    assert fig["layout"]["annotations"][0]["text"] == "No ratings for this choice &lt;b&gt;here&lt;/b&gt;"


def test_the_trend_shows_the_whole_rating_scale_and_hatches_partial_buckets():
    rows = [
        {"period": date(2026, 1, 1), "bucket": "month", "n": 10, "mean": 4.6},
        {"period": date(2026, 2, 1), "bucket": "month", "n": 12, "mean": 4.7},
        {"period": date(2026, 3, 1), "bucket": "month", "n": 3, "mean": 4.65},
    ]
    fig = figures.trend(rows, title="t", rtl=False, mean_label="Mean", n_label="Ratings", fmt_period=label,
                        span=(date(2026, 1, 1), date(2026, 3, 12)), partial_label="partial")  # fmt: skip
    assert fig["layout"]["yaxis"]["range"] == [1, 5]  # small changes are not magnified
    assert fig["layout"]["yaxis"]["title"]["text"] == "Mean (1–5)"
    assert fig["layout"]["yaxis2"]["title"]["text"] == "Ratings"
    bars = fig["data"][0]
    assert bars["marker"]["pattern"]["shape"] == ["", "", "/"]  # March runs past the period's end
    assert bars["customdata"] == ["", "", " (partial)"]
    weeks = figures.trend(
        [{"period": date(2026, 3, 1), "bucket": "week", "n": 5, "mean": 4.0}], title="t", rtl=False,
        mean_label="m", n_label="n", fmt_period=label, span=(date(2026, 3, 1), date(2026, 3, 7)),
    )  # fmt: skip
    assert weeks["data"][0]["marker"]["pattern"]["shape"] == [""]  # a whole week inside the period
    assert figures.bucket_end(date(2026, 12, 1), "month") == date(2026, 12, 31)
    assert figures.bucket_end(date(2028, 2, 1), "month") == date(2028, 2, 29)


@pytest.mark.unit
def test_the_vendored_plotly_bundle_is_the_version_the_figures_are_built_for():
    """assets/marsad_plotly.js loads plotly.js's cartesian bundle instead of the whole one: it must be the version the
    installed plotly package writes figures for (after upgrading plotly: scripts/vendor_plotly.sh)."""
    from pathlib import Path

    from plotly.offline import get_plotlyjs_version

    import marsad

    assets = Path(marsad.__file__).parent / "assets"
    version = get_plotlyjs_version()
    bundle = assets / "vendor" / f"plotly-cartesian-{version}.min.js"
    assert bundle.exists(), f"run scripts/vendor_plotly.sh: no cartesian bundle for plotly.js {version}"
    assert f"v{version}" in bundle.read_text(encoding="utf-8")[:300]
    assert f'"{bundle.name}"' in (assets / "marsad_plotly.js").read_text(encoding="utf-8")


@pytest.mark.unit
def test_colour_classes_fixed_quantiles_and_difference_from_the_mean():
    from marsad.layers import classes

    assert classes.FIXED.legend()[0] == (classes.COLORS[0], "< 3.00") and classes.color_for(4.1) == classes.COLORS[-1]
    # every area between 3.5 and 3.75: the fixed scale gives one colour, the sixths of the view six
    means = [3.51 + 0.02 * i for i in range(12)]
    assert len({classes.color_for(m) for m in means}) == 1
    q = classes.quantiles(means)
    assert q.scheme == "quantiles" and len(q.colors) == len(q.breaks) + 1 == 6
    assert [sum(q.color(m) == c for m in means) for c in q.colors] == [2] * 6  # each colour a sixth of the areas
    assert q.colors[0] == classes.COLORS[0] and q.colors[-1] == classes.COLORS[-1]
    assert classes.quantiles([3.6, 3.6]) is classes.FIXED  # nothing to tell apart
    two = classes.quantiles([3.0, 4.0])
    assert two.color(3.0) != two.color(4.0)
    d = classes.difference(3.62)
    assert [d.color(m) for m in (3.40, 3.45, 3.55, 3.62, 3.75, 3.90)] == list(classes.COLORS)
    assert d.legend()[0][1] == "< -0.20" and d.legend()[-1][1] == "≥ +0.20" and d.color(None) == classes.NO_DATA
    assert classes.difference(None) is classes.FIXED
