"""Plotly figures (pure: data in, figure out), built as the plain dicts dcc.Graph takes.

Not through plotly.graph_objects: its property validation cost about 45 ms per explorer answer, half the
time of a cold one. tests/test_figures.py validates every builder's output with plotly instead.
"""

from __future__ import annotations

import html
from datetime import date, timedelta

from marsad.layers.classes import COLORS, color_for

FONT = "Noto Sans, Noto Sans Arabic, Tahoma, sans-serif"
COUNT_TICKS = ",d"  # 15,000, not plotly's "15k": a Latin letter in an Arabic axis (its digits are converted)


def label(text: object) -> str:
    """A name from the data as plotly text: plotly reads a few HTML tags (<b>, <a href>, <span style>) and
    %{...} placeholders in labels and hover templates, so names go in escaped, as plain text."""
    return html.escape(str(text), quote=False).replace("%{", "% {")


class Figure(dict):
    """{"data": [traces], "layout": {...}} with the two helpers the builders use."""

    def __init__(self, layout: dict):
        super().__init__(data=[], layout=layout)

    def add(self, kind: str, **trace) -> None:
        self["data"].append(_unset_none({"type": kind, **trace}))

    def update_layout(self, **changes) -> None:
        self["layout"].update(_unset_none(changes))


def _unset_none(props: dict) -> dict:
    """None leaves a property unset, as in plotly.graph_objects (None inside data arrays stays: a gap)."""
    return {k: _unset_none(v) if isinstance(v, dict) else v for k, v in props.items() if v is not None}


def _base(title: str, rtl: bool) -> Figure:
    return Figure(
        {
            "title": {"text": title, "x": 0.98 if rtl else 0.02, "xanchor": "right" if rtl else "left"},
            "margin": {"l": 40, "r": 40, "t": 40, "b": 30},
            "height": 260,
            "font": {"family": FONT, "size": 12},
            "paper_bgcolor": "rgba(0,0,0,0)",
            "plot_bgcolor": "rgba(0,0,0,0)",
            "showlegend": False,
        }
    )


def _empty(title: str, rtl: bool, message: str) -> Figure:
    """A chart with nothing to draw: no axes, and what is missing said in the middle (not empty -1..1 axes)."""
    fig = _base(title, rtl)
    fig.update_layout(
        xaxis={"visible": False},
        yaxis={"visible": False},
        annotations=[
            {"text": label(message), "showarrow": False, "xref": "paper", "yref": "paper", "x": 0.5, "y": 0.5,
             "font": {"size": 13, "color": "#6b7280"}}
        ],
    )  # fmt: skip
    return fig


def _axis_title(text: str) -> dict:
    return {"text": label(text), "font": {"size": 11, "color": "#6b7280"}}


def distribution(
    counts: list[int], *, title: str, rtl: bool, hover: str, empty: str = "", axis_titles: tuple[str, str] = ("", "")
) -> Figure:
    """Ratings per score (1-5); `axis_titles`: (the score's, the count's); `empty`: said when there is none."""
    if not any(counts):
        return _empty(title, rtl, empty)
    fig = _base(title, rtl)
    palette = [COLORS[0], COLORS[1], COLORS[2], COLORS[4], COLORS[5]]
    fig.add("bar", x=["1", "2", "3", "4", "5"], y=counts, marker={"color": palette}, hovertemplate=hover)
    fig.update_layout(
        xaxis={"type": "category", "autorange": "reversed" if rtl else True, "title": _axis_title(axis_titles[0])},
        yaxis={
            "side": "right" if rtl else "left",
            "gridcolor": "#eee",
            "title": _axis_title(axis_titles[1]),
            "tickformat": COUNT_TICKS,
        },
    )
    return fig


def bucket_end(start: date, bucket: str) -> date:
    """The last day of a trend bucket (a week from its first day, or a calendar month)."""
    if bucket == "week":
        return start + timedelta(days=6)
    following = date(start.year + start.month // 12, start.month % 12 + 1, 1)
    return following - timedelta(days=1)


def trend(
    rows: list[dict], *, title: str, rtl: bool, mean_label: str, n_label: str, fmt_period, empty: str = "",
    span: tuple[date, date] | None = None, partial_label: str = "",
) -> Figure:  # fmt: skip
    """Mean score (line, on its whole 1-5 scale) and number of ratings (bars) per period; `fmt_period(date,
    bucket)` labels them. A bucket only partly inside `span` (the period asked: the running month, say) is drawn
    hatched and said to be partial."""
    if not any(r["n"] for r in rows):
        return _empty(title, rtl, empty)
    fig = _base(title, rtl)
    x = [fmt_period(r["period"], r["bucket"]) for r in rows]
    partial = [
        span is not None and (r["period"] < span[0] or bucket_end(r["period"], r["bucket"]) > span[1]) for r in rows
    ]
    fig.add(
        "bar",
        x=x,
        y=[r["n"] for r in rows],
        name=n_label,
        marker={"color": "#d9d9d9", "pattern": {"shape": ["/" if p else "" for p in partial], "fgcolor": "#9ca3af"}},
        customdata=[f" ({partial_label})" if p else "" for p in partial],
        yaxis="y2",
        hovertemplate=f"{n_label}: %{{y:,}}%{{customdata}}<extra></extra>",
    )
    fig.add(
        "scatter",
        x=x,
        y=[r["mean"] for r in rows],
        name=mean_label,
        mode="lines+markers",
        line={"color": COLORS[5], "width": 2},
        hovertemplate=f"{mean_label}: %{{y:.2f}}<extra></extra>",
    )
    fig.update_layout(
        xaxis={"autorange": "reversed" if rtl else True, "type": "category", "nticks": 8, "automargin": True},
        yaxis={"side": "right" if rtl else "left", "gridcolor": "#eee", "overlaying": "y2", "tickformat": ".1f",
               "range": [1, 5], "dtick": 1, "title": _axis_title(f"{mean_label} (1–5)")},
        yaxis2={"side": "left" if rtl else "right", "showgrid": False, "rangemode": "tozero",
                "title": _axis_title(n_label), "tickformat": COUNT_TICKS},
    )  # fmt: skip
    return fig


def sector_scores(rows: list[dict], *, title: str, rtl: bool, name_key: str, few_label: str, empty: str = "") -> Figure:
    """Each sector's mean with its 95% interval; sectors under the minimum are drawn grey and marked."""
    if not rows:
        return _empty(title, rtl, empty)
    fig = _base(title, rtl)
    rows = sorted(rows, key=lambda r: (r["rank"] is None, r["rank"] or 0))
    fig.add(
        "bar",
        y=[label(r[name_key]) + ("" if r["rank"] else f" ({few_label})") for r in rows],
        x=[r["mean"] for r in rows],
        orientation="h",
        marker={"color": [COLORS[5] if r["rank"] else "#bdbdbd" for r in rows]},
        error_x={
            "type": "data",
            "symmetric": False,
            "array": [(r["ci_high"] or r["mean"]) - r["mean"] for r in rows],
            "arrayminus": [r["mean"] - (r["ci_low"] or r["mean"]) for r in rows],
            "color": "#374151",
        },
        hovertemplate="%{y}: %{x:.2f}<extra></extra>",
    )
    fig.update_layout(
        height=40 + 32 * max(len(rows), 3),
        margin=_label_margin(rtl),
        yaxis={"autorange": "reversed", "side": "right" if rtl else "left"},
        xaxis={"range": [1, 5], "dtick": 1, "autorange": "reversed" if rtl else None},
    )
    return fig


def criteria_heatmap(
    rows: list[dict], *, title: str, rtl: bool, name_key: str, criteria: list[tuple[str, str]], empty: str = ""
) -> Figure:
    """Sectors x criteria, coloured by mean score on the same scale as the map."""
    if not rows:
        return _empty(title, rtl, empty)
    fig = _base(title, rtl)
    z = [[r["criteria"][c] for c, _ in criteria] for r in rows]
    fig.add(
        "heatmap",
        z=z,
        x=[label for _, label in criteria],
        y=[label(r[name_key]) for r in rows],
        zmin=2.5,
        zmax=4.5,
        colorscale=[[0, COLORS[0]], [0.25, COLORS[1]], [0.5, COLORS[2]], [0.75, COLORS[4]], [1, COLORS[5]]],
        texttemplate="%{z:.2f}",
        hovertemplate="%{y} · %{x}: %{z:.2f}<extra></extra>",
        showscale=False,
    )
    fig.update_layout(
        height=60 + 32 * max(len(rows), 3),
        margin=_label_margin(rtl, top=70),
        xaxis={"side": "top", "autorange": "reversed" if rtl else None},
        yaxis={"autorange": "reversed", "side": "right" if rtl else "left"},
    )
    return fig


def _label_margin(rtl: bool, top: int = 40) -> dict:
    """Room for long (Arabic) category names on the side the labels are drawn."""
    wide, narrow = 230, 20
    return {"l": narrow if rtl else wide, "r": wide if rtl else narrow, "t": top, "b": 30}


LINE_COLORS = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000", "#999999")


def sector_trends(rows: list[dict], *, title: str, rtl: bool, names: dict, fmt_period, empty: str = "") -> Figure:
    """One line per sector: its mean score per period (`rows` hold key, period, bucket, mean, n)."""
    if not rows:
        return _empty(title, rtl, empty)
    fig = _base(title, rtl)
    periods = sorted({r["period"] for r in rows})
    labels = {p: fmt_period(p, rows[0]["bucket"]) for p in periods} if rows else {}
    by_key: dict = {}
    for r in rows:
        by_key.setdefault(r["key"], {})[r["period"]] = r
    for i, (key, points) in enumerate(sorted(by_key.items())):
        name = label(names.get(key, key))
        fig.add(
            "scatter",
            x=[labels[p] for p in periods],
            y=[points[p]["mean"] if p in points else None for p in periods],
            name=name,
            mode="lines+markers",
            connectgaps=False,
            line={"color": LINE_COLORS[i % len(LINE_COLORS)], "width": 2},
            marker={"size": 4},
            customdata=[points[p]["n"] if p in points else 0 for p in periods],
            hovertemplate=f"{name}: %{{y:.2f}} (n=%{{customdata:,}})<extra></extra>",
        )
    fig.update_layout(
        height=340,
        showlegend=True,
        legend={"orientation": "h", "y": -0.15},
        xaxis={"autorange": "reversed" if rtl else True, "type": "category", "nticks": 8},
        yaxis={"side": "right" if rtl else "left", "gridcolor": "#eee", "tickformat": ".2f"},
    )
    return fig


def side_by_side(
    items: list[dict], *, title: str, rtl: bool, labels: list[str], criteria: list[tuple[str, str]], overall_label: str
) -> Figure:
    """2–4 sectors or centers: the overall mean and each criterion's mean, grouped by measure."""
    fig = _base(title, rtl)
    x = [overall_label] + [label for _, label in criteria]
    for i, (item, name) in enumerate(zip(items, labels)):
        name = label(name)
        fig.add(
            "bar",
            x=x,
            y=[item["mean"]] + [item["criteria"][c] for c, _ in criteria],
            name=name,
            marker={"color": LINE_COLORS[i % len(LINE_COLORS)]},
            hovertemplate=f"{name} · %{{x}}: %{{y:.2f}}<extra></extra>",
        )
    fig.update_layout(
        height=320,
        showlegend=True,
        barmode="group",
        legend={"orientation": "h", "y": -0.2},
        xaxis={"autorange": "reversed" if rtl else True, "type": "category"},
        yaxis={"side": "right" if rtl else "left", "gridcolor": "#eee", "range": [1, 5], "dtick": 1},
    )
    return fig


def criteria_bars(criteria: dict, *, title: str, rtl: bool, labels: list[tuple[str, str]], empty: str = "") -> Figure:
    """One bar per criterion: its mean score (1–5), coloured on the map's scale."""
    values = [criteria.get(c) for c, _ in labels]
    if all(v is None for v in values):
        return _empty(title, rtl, empty)
    fig = _base(title, rtl)
    fig.add(
        "bar",
        y=[label for _, label in labels],
        x=values,
        orientation="h",
        marker={"color": [color_for(v) for v in values]},
        hovertemplate="%{y}: %{x:.2f}<extra></extra>",
        texttemplate="%{x:.2f}",
        textposition="inside",
    )
    fig.update_layout(
        margin=_label_margin(rtl) | {"l": 20 if rtl else 120, "r": 120 if rtl else 20},
        yaxis={"autorange": "reversed", "side": "right" if rtl else "left"},
        xaxis={"range": [1, 5], "dtick": 1, "autorange": "reversed" if rtl else None},
    )
    return fig
