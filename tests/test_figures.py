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
        lambda rtl: figures.trend([], title="t", rtl=rtl, mean_label="mean", n_label="n", fmt_period=label),
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
        "trend-empty",
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
