"""Tables shared by the pages: ranked centers or areas with score, mean, interval and n."""

from __future__ import annotations

import dash_mantine_components as dmc
from dash import dcc, html

from marsad import i18n

NUM = {"whiteSpace": "nowrap", "paddingInline": "10px"}


def fmt_ci(row: dict, lang: str) -> str:
    return f"{i18n.fmt_mean(row['ci_low'], lang)} – {i18n.fmt_mean(row['ci_high'], lang)}"


def ranking(
    rows: list[dict],
    *,
    title: str,
    lang: str,
    test_id: str,
    name_label: str,
    sector_label=None,
    href=None,
    empty: str = "",
) -> dmc.Stack:
    """Ranked rows (rank, bayes, mean, ci, n); `sector_label(row)` adds a sector column, `href(row)` links names;
    without rows, `empty` is said instead of an empty table."""
    if not rows:
        return dmc.Stack([dmc.Title(title, order=5), dmc.Text(empty, c="dimmed", id=test_id)], gap="xs")
    cols = ["col_rank", None, *(["sector"] if sector_label else []), "col_score", "col_mean", "col_ci", "col_n"]
    head = html.Thead(html.Tr([html.Th(name_label if k is None else i18n.t(k, lang)) for k in cols]))

    def name_cell(r):
        label = i18n.name(r, lang)
        return html.Td(dcc.Link(label, href=href(r)) if href else label, className="rank-name")

    body = html.Tbody(
        [
            html.Tr(
                [
                    html.Td(i18n.fmt_count(r["rank"], lang), style=NUM),
                    name_cell(r),
                    *([html.Td(sector_label(r))] if sector_label else []),
                    html.Td(i18n.fmt_mean(r["bayes"], lang), style=NUM),
                    html.Td(i18n.fmt_mean(r["mean"], lang), style=NUM),
                    html.Td(fmt_ci(r, lang), dir="ltr", style=NUM),
                    html.Td(i18n.fmt_count(r["n"], lang), style=NUM),
                ]
            )
            for r in rows
        ]
    )
    return dmc.Stack([dmc.Title(title, order=5), dmc.Table([head, body], striped=True, id=test_id)], gap="xs")


def measures(
    items: list[dict], *, labels: list[str], lang: str, criteria: list[tuple[str, str]], test_id: str
) -> dmc.Table:
    """Items side by side: one column per item, one row per measure."""
    rows = [
        (i18n.t("col_n", lang), [i18n.fmt_count(it["n"], lang) for it in items]),
        (i18n.t("col_mean", lang), [i18n.fmt_mean(it["mean"], lang) for it in items]),
        (i18n.t("col_ci", lang), [fmt_ci(it, lang) for it in items]),
        (i18n.t("kpi_satisfied", lang), [i18n.fmt_share(it["satisfied_share"], lang) for it in items]),
        *[(label, [i18n.fmt_mean(it["criteria"][c], lang) for it in items]) for c, label in criteria],
    ]
    head = html.Thead(html.Tr([html.Th("")] + [html.Th(label) for label in labels]))
    body = html.Tbody(
        [
            html.Tr([html.Th(name)] + [html.Td(v, style=NUM, dir="ltr" if "–" in v else None) for v in values])
            for name, values in rows
        ]
    )
    return dmc.Table([head, body], striped=True, id=test_id)
