"""Plotly figures for the explorer (pure: data in, figure out)."""

from __future__ import annotations

import plotly.graph_objects as go

from marsad.layers.classes import COLORS

FONT = "Noto Sans, Noto Sans Arabic, Tahoma, sans-serif"


def _base(title: str, rtl: bool) -> go.Figure:
    fig = go.Figure()
    fig.update_layout(title={"text": title, "x": 0.98 if rtl else 0.02, "xanchor": "right" if rtl else "left"},
                      margin={"l": 40, "r": 40, "t": 40, "b": 30}, height=260, font={"family": FONT, "size": 12},
                      paper_bgcolor="rgba(0,0,0,0)", plot_bgcolor="rgba(0,0,0,0)", showlegend=False)
    return fig


def distribution(counts: list[int], *, title: str, rtl: bool, hover: str) -> go.Figure:
    fig = _base(title, rtl)
    palette = [COLORS[0], COLORS[1], COLORS[2], COLORS[4], COLORS[5]]
    fig.add_bar(x=["1", "2", "3", "4", "5"], y=counts, marker_color=palette, hovertemplate=hover)
    fig.update_xaxes(type="category", autorange="reversed" if rtl else True)
    fig.update_yaxes(side="right" if rtl else "left", gridcolor="#eee")
    return fig


def trend(rows: list[dict], *, title: str, rtl: bool, mean_label: str, n_label: str, fmt_period) -> go.Figure:
    """Mean score (line) and number of ratings (bars) per period; `fmt_period(date, bucket)` labels them."""
    fig = _base(title, rtl)
    x = [fmt_period(r["period"], r["bucket"]) for r in rows]
    fig.add_bar(x=x, y=[r["n"] for r in rows], name=n_label, marker_color="#d9d9d9", yaxis="y2",
                hovertemplate=f"{n_label}: %{{y:,}}<extra></extra>")
    fig.add_scatter(x=x, y=[r["mean"] for r in rows], name=mean_label, mode="lines+markers",
                    line={"color": COLORS[5], "width": 2}, hovertemplate=f"{mean_label}: %{{y:.2f}}<extra></extra>")
    fig.update_layout(
        xaxis={"autorange": "reversed" if rtl else True, "type": "category", "nticks": 8},
        yaxis={"side": "right" if rtl else "left", "gridcolor": "#eee", "overlaying": "y2", "tickformat": ".2f"},
        yaxis2={"side": "left" if rtl else "right", "showgrid": False, "rangemode": "tozero"},
    )
    return fig
