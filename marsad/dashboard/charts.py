"""The rating charts the explorer, its downloads and a center's profile share, labelled in the page's language:
axis titles, the partial first or last bucket marked, and an empty chart that says why it is empty."""

from __future__ import annotations

from datetime import date

from marsad import i18n
from marsad.layers import figures


def trend(rows: list[dict], lang: str, *, span: tuple[date, date], calendar: str = "gregorian") -> figures.Figure:
    """`span`: the period asked (its first and last day); buckets reaching outside it are marked partial."""
    return figures.trend(
        rows,
        title=i18n.t("trend", lang),
        rtl=lang == "ar",
        mean_label=i18n.t("mean", lang),
        n_label=i18n.t("n", lang),
        fmt_period=lambda d, bucket: i18n.fmt_period(d, bucket, lang, calendar),
        empty=i18n.t("no_ratings_here", lang),
        span=span,
        partial_label=i18n.t("partial_period", lang),
    )


def distribution(counts: list[int], lang: str) -> figures.Figure:
    return figures.distribution(
        counts,
        title=i18n.t("distribution", lang),
        rtl=lang == "ar",
        hover=i18n.t("count_hover", lang),
        empty=i18n.t("no_ratings_here", lang),
        axis_titles=(i18n.t("axis_score", lang), i18n.t("n", lang)),
    )
