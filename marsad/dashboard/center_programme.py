"""The measurement programme on a center's profile (pure builders): the center's combined index of the last complete
quarter with its band, each instrument's value, n and weights, the complaints beside it and the method in both
languages; and the center's improvement plans, each a link to the plans page."""

from __future__ import annotations

from urllib.parse import urlencode

import dash_mantine_components as dmc
from dash import dcc, html

from marsad import i18n
from marsad.dashboard import method_note
from marsad.dashboard.plans_page import plan_reason
from marsad.measurements.index import INSTRUMENTS


def _number(value: float | None, lang: str, digits: int = 1) -> str:
    return "—" if value is None else i18n.fmt_text_digits(f"{value:.{digits}f}", lang)


def _complaints(kpi: dict | None, lang: str):
    if not kpi:
        return None
    text = i18n.t(
        "index_complaints",
        lang,
        cases=i18n.fmt_count(kpi["cases"], lang),
        on_time=i18n.fmt_share(kpi["closed_on_time"], lang),
        satisfied=i18n.fmt_mean(kpi["satisfaction"], lang) if kpi["answered"] else "—",
        answered=i18n.fmt_count(kpi["answered"], lang),
    )
    return dmc.Text(text, size="sm", id="ctr-complaints")


def index_card(found: dict, quarter_key: str, lang: str):
    """`found`: analytics.index.center; `quarter_key`: "quarter:2026-Q3"."""
    method, row = found["method"], found["center"]
    quarter = i18n.fmt_text_digits(quarter_key.split(":", 1)[1], lang)
    title = dmc.Title(i18n.t("index_title", lang, quarter=quarter), order=4)
    declared = method["weights"]
    weights = ("، " if lang == "ar" else ", ").join(
        f"{i18n.t('src_' + k, lang)} {i18n.fmt_text_digits(f'{declared[k]:g}%', lang)}"
        for k in INSTRUMENTS
        if k in declared
    )
    method_text = [
        dmc.Text(f"{i18n.t('index_method_version', lang, version=method['version'])}: {weights}", size="xs"),
        method_note.both_languages(method["text"], lang, "ctr-index-method"),
    ]
    if row is None or row["index"] is None:
        return dmc.Paper(
            [title, dmc.Text(i18n.t("index_none", lang), c="dimmed", id="ctr-index-none"), *method_text],
            p="sm",
            withBorder=True,
            id="ctr-index",
        )
    bands = {b["code"]: i18n.name(b, lang) for b in method["bands"]}
    head = [i18n.t(k, lang) for k in ("index_component", "index_value", "index_n", "index_weight", "index_weight_used")]
    body = []
    for k in [k for k in INSTRUMENTS if k in row["components"]]:
        c = row["components"][k]
        body.append(
            html.Tr(
                [
                    html.Td(i18n.t(f"src_{k}", lang)),
                    html.Td(_number(c["value"], lang)),
                    html.Td(i18n.fmt_count(c["n"], lang)),
                    html.Td(i18n.fmt_text_digits(f"{c['weight']:g}%", lang)),
                    html.Td(i18n.fmt_share(c["weight_used"], lang)),
                ],
                id=f"ctr-index-{k}",
            )
        )
    partial = (
        dmc.Badge(
            f"{i18n.t('index_partial', lang)} {'، '.join(i18n.t('src_' + m, lang) for m in row['missing'])}",
            color="orange",
            variant="light",
            id="ctr-index-partial",
        )
        if row["partial"]
        else None
    )
    return dmc.Paper(
        [
            title,
            dmc.Group(
                [
                    html.Div(_number(row["index"], lang), className="kpi-value", id="ctr-index-value"),
                    dmc.Badge(bands.get(row["band"], row["band"]), size="lg", id="ctr-index-band"),
                    partial,
                ]
            ),
            dmc.Table([html.Thead(html.Tr([html.Th(h) for h in head])), html.Tbody(body)], id="ctr-index-components"),
            _complaints(row["complaints"], lang),
            *method_text,
        ],
        p="sm",
        withBorder=True,
        id="ctr-index",
    )


def plans_card(plans: list[dict], axes: dict[str, dict], lang: str):
    """The center's plans, newest deadline last, each a link to it on the plans page."""
    if not plans:
        items = [dmc.Text(i18n.t("rep_no_plans", lang), c="dimmed")]
    else:
        items = []
        for p in plans:
            reason = plan_reason(p, axes, lang)
            state = i18n.t("plan_overdue" if p["overdue"] else f"plans_{p['status']}", lang)
            deadline = i18n.fmt_text_digits(p["deadline"].isoformat(), lang)
            items.append(
                dmc.Group(
                    [
                        dcc.Link(reason, href=f"/plans?{urlencode({'lang': lang, 'plan': p['id']})}"),
                        dmc.Text(f"{i18n.t('plan_deadline', lang)}: {deadline}", size="sm"),
                        dmc.Badge(state, color="red" if p["overdue"] else "blue", variant="light"),
                    ],
                    id=f"ctr-plan-{p['id']}",
                )
            )
    return dmc.Paper(
        [dmc.Title(i18n.t("center_plans", lang), order=4), *items], p="sm", withBorder=True, id="ctr-plans"
    )
