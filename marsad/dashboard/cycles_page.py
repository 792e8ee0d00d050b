"""The evaluation cycles' page: one cycle's overview in the official's jurisdiction (analytics/cycles.py): visits by
channel, places by band (grades or stars), grades moved since the previous cycle, the weakest axes, the places in the
lowest band and every place at or below the follow-up threshold on an axis, with the method in both languages.
Officials above a center open an improvement plan from a listed place in one click (with the cycle as its before)."""

from __future__ import annotations

import logging
from urllib.parse import urlencode

import dash_mantine_components as dmc
from dash import ALL, Dash, Input, Output, State, dcc, html, no_update
from sqlalchemy.exc import IntegrityError, SQLAlchemyError

from marsad import context, i18n, params
from marsad.analytics import cycles, plans
from marsad.audit_trail import record
from marsad.context import Context, Resources
from marsad.dashboard import method_note, url_sync
from marsad.dashboard.inputs import clicked_item, lang_of, next_count
from marsad.dashboard.page_header import header
from marsad.db.engines import DatabaseUnavailable
from marsad.queries import cycles as cycle_queries
from marsad.queries import plans as plan_queries

log = logging.getLogger(__name__)
LANG, CYCLE, BANDS, BODY, DONE, URL, REFRESH = (
    "cy-lang",
    "cy-cycle",
    "cy-bands",
    "cy-body",
    "cy-done",
    "cy-url",
    "cy-refresh",
)
PLAN = "cy-plan"  # pattern-matching type: {"type": PLAN, "center": id, "axis": axis code or ""}
BAND_SETS = ("grades", "stars")
MAX_ROWS = 50  # per table, weakest first; the rest are counted, and are in the API and the reports (300 rows, each
# with a pattern-matching button, took half a second of the browser to draw)


def _chosen(every: list[dict], wanted: str | None) -> dict | None:
    """The cycle asked for, else the latest with visits in the jurisdiction, else the latest."""
    by_id = {str(c["id"]): c for c in every}
    if wanted in by_id:
        return by_id[wanted]
    return next((c for c in reversed(every) if c["visits"]), every[-1] if every else None)


def layout(ctx: Context, lang: str = "ar", cycle: str | None = None, bands: str | None = None, **_query):
    lang = lang_of(lang, ctx.settings.default_lang)

    def t(key: str, **kw) -> str:
        return i18n.t(key, lang, **kw)

    every = cycles.listed(ctx)
    chosen = _chosen(every, cycle)
    options = [
        {"value": str(c["id"]), "label": t("cycle_option", name=c["name"], visits=i18n.fmt_count(c["visits"], lang))}
        for c in reversed(every)
    ]
    return html.Div(
        [
            dcc.Store(id=LANG, data=lang),
            dcc.Store(id=URL),
            dcc.Store(id=REFRESH, data=0),
            header("cycles_title", lang),
            dmc.Group(
                [
                    dmc.Select(
                        id=CYCLE,
                        label=t("cycle_choose"),
                        data=options,
                        value=str(chosen["id"]) if chosen else None,
                        allowDeselect=False,
                        w=340,
                    ),
                    dmc.SegmentedControl(
                        id=BANDS,
                        value=bands if bands in BAND_SETS else "grades",
                        data=[{"value": b, "label": t(f"bands_{b}")} for b in BAND_SETS],
                    ),
                ],
                align="flex-end",
                px="md",
            ),
            dmc.Alert(id=DONE, color="blue", variant="light", hide=True, mx="md", mt="sm"),
            dcc.Loading(html.Div(id=BODY, style={"padding": "8px 16px"})),
        ],
        lang=lang,
        dir="rtl" if lang == "ar" else "ltr",
    )


def _stat(label: str, value: str, test_id: str, note: str = ""):
    return dmc.Paper(
        [
            dmc.Text(label, size="sm", c="dimmed"),
            html.Div(value, className="kpi-value", id=test_id),
            dmc.Text(note, size="xs", c="dimmed"),
        ],
        p="sm",
        withBorder=True,
        radius="md",
    )


def _plan_cell(row: dict, axis: str, lang: str, *, can_open: bool, planned: dict):
    """The plan column of a listed place: the open plan's link, or the button that opens one (overseers only)."""
    if row["center_id"] is None:
        return ""
    made = planned.get((row["center_id"], axis or None))
    if made is not None:
        return dcc.Link(i18n.t("plan_see", lang), href=f"/plans?{urlencode({'lang': lang, 'plan': made})}")
    if not can_open:
        return ""
    return dmc.Button(
        i18n.t("plan_open", lang),
        id={"type": PLAN, "center": row["center_id"], "axis": axis},
        size="xs",
        variant="light",
    )


def _place(row: dict, lang: str):
    name = i18n.name(row, lang)
    if row["center_id"] is None:
        return name
    return dcc.Link(name, href=f"/center/{row['center_id']}?lang={lang}")


def _table(heads: list[str], rows: list[list], test_id: str, total: int, lang: str):
    shown = dmc.Table(
        [
            html.Thead(html.Tr([html.Th(h) for h in heads])),
            html.Tbody([html.Tr([html.Td(c) for c in r]) for r in rows]),
        ],
        striped=True,
        id=test_id,
    )
    if total <= len(rows):
        return shown
    note = i18n.t("cycle_showing", lang, n=i18n.fmt_count(len(rows), lang), of=i18n.fmt_count(total, lang))
    return dmc.Stack([shown, dmc.Text(note, size="sm", c="dimmed")], gap="xs")


def body(found: dict, lang: str, *, can_open: bool, planned: dict):
    """A cycle's overview drawn (pure): `planned` maps (center id, axis or None) to the open plan's id."""

    def t(key: str, **kw) -> str:
        return i18n.t(key, lang, **kw)

    def n(v) -> str:
        return i18n.fmt_count(v, lang)

    c = found["cycle"]
    if not found["visits"]:
        return dmc.Text(t("cycle_empty"), c="dimmed", id="cy-empty")
    axes = {a["code"]: i18n.name(a, lang) for a in found["axes"]}
    bands = {b["code"]: i18n.name(b, lang) for b in found["bands"]}
    period = t(
        "cycle_period",
        start=i18n.fmt_text_digits(c["date_from"].isoformat(), lang),
        end=i18n.fmt_text_digits(c["date_to"].isoformat(), lang),
    )
    channels = [
        _stat(t(f"ch_{ch}"), n(v), f"cy-channel-{ch}", t("cycle_weak_on", n=n(found["weak_by_channel"].get(ch, 0))))
        for ch, v in found["visits_by_channel"].items()
    ]
    grades = [
        dmc.Badge(f"{bands[code]}: {n(count)}", id=f"cy-grade-{code}", variant="light", size="lg")
        for code, count in found["places_by_grade"].items()
    ]
    moved = found["since_previous"]
    since = (
        t(
            "cycle_since",
            previous=found["previous"]["name"],
            up=n(moved["improved"]),
            down=n(moved["declined"]),
            same=n(moved["same"]),
            compared=n(moved["compared"]),
        )
        if moved is not None and found["previous"]
        else t("cycle_no_previous")
    )
    weakest = [
        html.Tr(
            [
                html.Td(axes.get(a["axis"], a["axis"])),
                html.Td(dmc.Progress(value=a["mean"], w=200, **{"aria-label": axes.get(a["axis"], a["axis"])})),
                html.Td(i18n.fmt_text_digits(f"{a['mean']:.1f}", lang)),
                html.Td(n(a["visits"])),
            ]
        )
        for a in found["weakest_axes"]
    ]
    lowest = found["bands"][-1]["code"]
    low = [p for p in found["places_list"] if p["grade"] == lowest]
    low_rows = [
        [
            _place(p, lang),
            i18n.fmt_text_digits(f"{p['mean']:.1f}", lang),
            n(p["n"]),
            _plan_cell(p, "", lang, can_open=can_open, planned=planned),
        ]
        for p in low[:MAX_ROWS]
    ]
    below = found["below_threshold"]
    below_rows = [
        [
            _place(b, lang),
            axes.get(b["axis"], b["axis"]),
            i18n.fmt_text_digits(f"{b['score']:.1f}", lang),
            n(b["visits"]),
            _plan_cell(b, b["axis"], lang, can_open=can_open, planned=planned),
        ]
        for b in below[:MAX_ROWS]
    ]
    share = i18n.fmt_text_digits(f"{found['threshold'] * 100:.0f}%", lang)
    return dmc.Stack(
        [
            dmc.Title(f"{c['name']}{i18n.sep(lang)}{period}", order=4, id="cy-title"),
            dmc.SimpleGrid(
                [
                    _stat(t("col_visits"), n(found["visits"]), "cy-visits"),
                    _stat(t("cycle_places"), n(found["places"]), "cy-places"),
                    *channels,
                ],
                cols={"base": 2, "md": 5},
            ),
            dmc.Title(t("cycle_by_grade"), order=5),
            dmc.Group(grades, id="cy-grades"),
            dmc.Text(since, id="cy-since"),
            dmc.Title(t("cycle_axes"), order=5),
            dmc.Table(
                [
                    html.Thead(
                        html.Tr([html.Th(h) for h in (t("col_axis"), "", t("col_axis_score"), t("col_visits"))])
                    ),
                    html.Tbody(weakest),
                ],
                id="cy-axes",
                style={"width": "auto"},
                horizontalSpacing="lg",
            ),
            dmc.Tabs(
                [
                    dmc.TabsList(
                        [
                            dmc.TabsTab(
                                f"{t('cycle_lowest', band=bands[lowest])} ({n(len(low))})",
                                value="lowest",
                                id="cy-tab-lowest",
                            ),
                            dmc.TabsTab(
                                f"{t('cycle_below_title', share=share)} ({n(len(below))})",
                                value="below",
                                id="cy-tab-below",
                            ),
                        ]
                    ),
                    dmc.TabsPanel(
                        _table(
                            [t("col_center"), t("col_mean_score"), t("col_visits"), t("col_plan")],
                            low_rows,
                            "cy-lowest",
                            len(low),
                            lang,
                        ),
                        value="lowest",
                        pt="xs",
                    ),
                    dmc.TabsPanel(
                        _table(
                            [t("col_center"), t("col_axis"), t("col_axis_score"), t("col_visits"), t("col_plan")],
                            below_rows,
                            "cy-below",
                            len(below),
                            lang,
                        ),
                        value="below",
                        pt="xs",
                    ),
                ],
                value="lowest",
                keepMounted=True,
                id="cy-tabs",
                persistence=True,  # the tab stays chosen when a plan opened from it redraws the page
                persistence_type="memory",
            ),
            dmc.Title(t("cycle_method"), order=5),
            method_note.both_languages(found["method"], lang, "cy-method"),
        ],
        gap="sm",
    )


def _planned(request: Context) -> dict:
    """The jurisdiction's open plans by (center id, axis or None)."""
    rows = plan_queries.listed(request.engine, scope=request.scope, status="open", today=params.today_riyadh())
    return {(p["center_id"], p["axis_code"]): p["id"] for p in rows}


def register(app: Dash, res: Resources) -> None:
    @app.callback(
        Output(BODY, "children"),
        Output(URL, "data"),
        Input(CYCLE, "value"),
        Input(BANDS, "value"),
        Input(REFRESH, "data"),
        State(LANG, "data"),
    )
    def render(cycle, bands, _refresh, lang):
        lang = lang_of(lang)
        cycle_id = params.whole_number(cycle)
        if cycle_id is None:
            return dmc.Text(i18n.t("cycles_none", lang), c="dimmed", id="cy-empty"), no_update
        bands = bands if bands in BAND_SETS else "grades"
        request = context.for_request(res)
        try:
            found = cycles.overview(request, cycle_id, band_set=bands)
            if found is None:
                return dmc.Text(i18n.t("cycles_none", lang), c="dimmed", id="cy-empty"), no_update
            planned = _planned(request)
        except (SQLAlchemyError, DatabaseUnavailable):
            log.exception("cycle overview failed")
            return dmc.Alert(i18n.t("db_error", lang), color="red"), no_update
        record(request, "view", "cycle", {"id": cycle, "bands": bands})
        search = "?" + urlencode({"lang": lang, "cycle": cycle, "bands": bands})
        return body(found, lang, can_open=request.oversees(), planned=planned), search

    @app.callback(
        Output(REFRESH, "data"),
        Output(DONE, "children"),
        Output(DONE, "hide"),
        Input({"type": PLAN, "center": ALL, "axis": ALL}, "n_clicks"),
        State(CYCLE, "value"),
        State(REFRESH, "data"),
        State(LANG, "data"),
        prevent_initial_call=True,
    )
    def open_plan(_clicks, cycle, refresh, lang):
        lang = lang_of(lang)
        trigger = clicked_item()
        if trigger is None:
            return no_update, no_update, no_update
        said = _open(context.for_request(res), trigger, cycle)
        count = next_count(refresh)
        return count, i18n.t(said, lang), False

    url_sync.register(app, URL)


def _open(request: Context, trigger: dict, cycle) -> str:
    """Open a plan for a listed place of the cycle (the message key). The center must be an active one of the
    jurisdiction (plans.open_plan), the axis one of the cycle's guide, and the official one who opens plans."""
    if not request.oversees():
        return "plan_not_yours"
    center, axis, cycle_id = params.whole_number(trigger.get("center")), trigger.get("axis"), params.whole_number(cycle)
    if center is None or cycle_id is None or not isinstance(axis, str):
        return "cycle_bad_plan"
    try:
        found = next((c for c in cycles.listed(request) if c["id"] == cycle_id), None)
        if found is None or (
            axis and axis not in {a["code"] for a in cycle_queries.axes_of(request.engine, found["guide_id"])}
        ):
            return "cycle_bad_plan"
        made = plans.open_plan(
            request, center_id=center, cycle_id=found["id"], axis=axis or None, days=request.settings.plan_days
        )
    except IntegrityError:
        return "plan_exists"
    except (SQLAlchemyError, DatabaseUnavailable):
        log.exception("opening a plan from a cycle failed")
        return "db_error"
    if made is None:
        return "plan_no_center"
    record(request, "plan", "open", {"id": made, "center": center, "cycle": found["id"]})
    return "plan_opened"
