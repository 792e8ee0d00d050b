"""The explorer's layout: header, filters, KPI cards, the map with its legend, and the charts (filled by the
callbacks in explorer.py)."""

from __future__ import annotations

import dash_leaflet as dl
import dash_mantine_components as dmc
from dash import dcc, html
from sqlalchemy.exc import SQLAlchemyError

from marsad import calendars, country, i18n, params, place_names
from marsad.analytics import index as combined
from marsad.context import Context
from marsad.dashboard import dates, embed_dialog, explorer_header, ids, method_note, offered
from marsad.dashboard.inputs import lang_of
from marsad.dashboard.views import explorer as view_mod
from marsad.db.engines import DatabaseUnavailable
from marsad.layers.classes import NO_DATA, SCHEMES, hideout, index_legend_items, legend_items
from marsad.queries.filters import SOURCES

EMPTY = {"type": "FeatureCollection", "features": []}
NATIONAL = "__national__"


def _initial(ctx: Context, query: dict) -> tuple[dict, dict, list[str]]:
    """Filter control values from the URL, keeping only valid ones; the catalog for the options (what the
    jurisdiction holds)."""
    warnings = []
    try:
        catalog = offered.catalog(ctx)
    except (SQLAlchemyError, DatabaseUnavailable):
        return {}, {"sectors": [], "services": []}, ["db"]
    values: dict[str, str] = {}  # each value is kept only if it is valid together with those kept before it
    for key in ("sector", "service", "source", "from", "to"):
        value = query.get(key)
        if not value:
            continue
        try:
            params.parse_filters({**values, key: value}, catalog, params.today_riyadh())
            values[key] = value
        except params.BadRequest as exc:
            warnings.append(str(exc))
    if query.get("measure") == "index":
        values["measure"] = "index"
    if query.get("classes") in SCHEMES[1:]:
        values["classes"] = query["classes"]
    return values, catalog, warnings


def legend_style(shown: bool) -> dict:
    """Where a legend sits on the map; hidden when the map shows the other measure."""
    corner = {"position": "absolute", "bottom": "12px", "insetInlineStart": "12px", "zIndex": 1000}
    return corner if shown else {**corner, "display": "none"}


def legend_rows(title: str, items: list[tuple[str, str]], lang: str, extra=()) -> list:
    """A legend's lines: what it shows, its classes from highest to lowest, then areas without ratings."""
    return (
        [html.Div(title, style={"fontWeight": 600})]
        + [
            html.Div([html.I(style={"background": c}), html.Span(i18n.fmt_text_digits(label, lang), dir="ltr")])
            for c, label in reversed(items)
        ]
        + [html.Div([html.I(style={"background": NO_DATA}), i18n.t("no_ratings", lang)]), *extra]
    )


def select_options(items: list[dict], lang: str, all_label: str) -> list[dict]:
    return [{"value": "", "label": all_label}] + [{"value": s["code"], "label": i18n.name(s, lang)} for s in items]


def layout(request: Context, lang: str = "ar", **query):
    settings = request.settings
    official = request.official
    assert official is not None
    lang = lang_of(lang, settings.default_lang)
    calendar = calendars.calendar_of(query.get("cal"), settings.calendar)
    values, catalog, warnings = _initial(request, query)
    filters = params.parse_filters(values, catalog, params.today_riyadh())
    period = [filters.date_from.isoformat(), filters.date_to.isoformat()]
    sector_services = [s for s in catalog["services"] if s["sector_code"] == values.get("sector")]
    alert_text = (
        i18n.t("db_error", lang)
        if warnings == ["db"]
        else i18n.t("bad_link", lang, msg="; ".join(warnings))
        if warnings
        else None
    )
    header = explorer_header.header(request, catalog, lang)
    controls = dmc.Stack(
        [
            dmc.Title(i18n.t("filters", lang), order=4),
            dmc.SegmentedControl(
                id=ids.MEASURE,
                value=values.get("measure", "ratings"),
                data=[{"value": m, "label": i18n.t(f"measure_{m}", lang)} for m in ("ratings", "index")],
                fullWidth=True,
            ),
            dmc.SegmentedControl(
                id=ids.CLASSES,
                value=values.get("classes", "fixed"),
                data=[{"value": c, "label": i18n.t(f"classes_{c}", lang)} for c in SCHEMES],
                fullWidth=True,
                size="xs",
                **{"aria-label": i18n.t("classes", lang)},
            ),
            dmc.Select(
                id=ids.SECTOR,
                label=i18n.t("sector", lang),
                value=values.get("sector", ""),
                data=select_options(catalog["sectors"], lang, i18n.t("all_sectors", lang)),
                allowDeselect=False,
            ),
            dmc.Select(
                id=ids.SERVICE,
                label=i18n.t("service", lang),
                value=values.get("service", ""),
                data=select_options(sector_services, lang, i18n.t("all_services", lang)),
                allowDeselect=False,
            ),
            dmc.Select(
                id=ids.SOURCE,
                label=i18n.t("source", lang),
                value=values.get("source", ""),
                data=[{"value": "", "label": i18n.t("all_sources", lang)}]
                + [{"value": s, "label": i18n.t(f"src_{s}", lang)} for s in SOURCES],
                allowDeselect=False,
            ),
            dates.period_picker(ids.PERIOD, lang, period, allowSingleDateInRange=True),
            dmc.Text(id=ids.PERIOD_CAPTION, size="xs", c="dimmed"),
            html.Div(
                dmc.Select(
                    id=ids.HIJRI_PERIOD,
                    label=i18n.t("hijri_period", lang),
                    data=[
                        {"value": p["value"], "label": p["label"]}
                        for p in calendars.recent_periods(params.today_riyadh(), lang)
                    ],
                    value=None,
                    clearable=True,
                ),
                id=ids.HIJRI_BOX,
                style=None if calendar != "gregorian" else {"display": "none"},
            ),
            dmc.SegmentedControl(
                id=ids.CALENDAR,
                value=calendar,
                data=[{"value": c, "label": i18n.t(f"cal_{c}", lang)} for c in calendars.CALENDARS],
                size="xs",
                fullWidth=True,
            ),
            dmc.Text(i18n.t("help_share", lang), size="xs", c="dimmed"),
            *(  # only while approximate boundaries are shown
                [dmc.Alert(i18n.t("approximate_note", lang), color="gray", variant="light", id="approx-note")]
                if any(a["approximate"] for a in request.ref.area_index().values())
                else []
            ),
        ],
        gap="sm",
    )
    body = dmc.Grid(
        [
            dmc.GridCol(controls, span={"base": 12, "md": 3}, className="marsad-chrome"),
            dmc.GridCol(
                dmc.Stack(
                    [
                        dmc.Alert(alert_text, id=ids.LINK_ALERT, color="red", variant="light", hide=alert_text is None),
                        dmc.Alert(id=ids.ALERT, color="red", variant="light", hide=True),
                        html.Div(id=ids.PRINT_CAPTION, className="marsad-print-only"),  # the filters, on paper
                        dmc.Group(
                            [
                                dmc.Breadcrumbs([], id=ids.BREADCRUMB, separator="›"),
                                dmc.Text(id=ids.LEVEL_TITLE, c="dimmed", size="sm"),
                            ],
                            justify="space-between",
                        ),
                        kpi_grid(lang),
                        map_panel(request, catalog, lang),
                        dmc.Text(id=ids.CENTERS_NOTE, size="sm", c="dimmed"),
                        html.Div(id=ids.AREA_LIST),
                        dmc.SimpleGrid(
                            [
                                dcc.Graph(id=ids.DISTRIBUTION, config={"displayModeBar": False}),
                                dcc.Graph(id=ids.TREND, config={"displayModeBar": False}),
                            ],
                            cols={"base": 1, "lg": 2},
                        ),
                    ],
                    gap="sm",
                ),
                span={"base": 12, "md": 9},
                className="marsad-main",
            ),
        ],
        p="md",
    )
    return html.Div(
        [
            dcc.Store(id=ids.STATE, data={"lang": lang, "area": query.get("area"), "cal": calendar}),
            dcc.Store(id=ids.URL_SYNC),
            embed_dialog.modal(lang, max_days=settings.embed_max_days),
            header,
            body,
        ],
        lang=lang,
        dir="rtl" if lang == "ar" else "ltr",
    )


def map_panel(ctx: Context, catalog: dict, lang: str, *, profile_links: bool = True) -> html.Div:
    """The map (areas, clustered centers, the officials' open alerts, scale) with its legend; the callbacks fill its
    layers. Without `profile_links` (embedded views), the centers' popups link nowhere and alerts are not drawn."""
    settings = ctx.settings
    profile = country.profile(settings.country)
    center, zoom = list(profile.map_center), profile.map_zoom
    tiles = [dl.TileLayer(url=settings.tile_url, attribution=settings.tile_attribution)] if settings.tile_url else []

    def legend_of(title: str, items: list[tuple[str, str]], element_id: str, hidden: bool, extra=()) -> html.Div:
        return html.Div(
            legend_rows(title, items, lang, extra),
            id=element_id,
            className="marsad-legend",
            style=legend_style(not hidden),
        )

    legend = legend_of(i18n.t("legend", lang), legend_items(), ids.LEGEND, False)
    method = html.Details(  # the index's method, in both languages, beside it
        [html.Summary(i18n.t("cycle_method", lang)), method_note.both_languages(combined.METHOD, lang, "index-method")],
        className="marsad-legend-method",
    )
    index_legend = legend_of(i18n.t("measure_index", lang), index_legend_items(), ids.INDEX_LEGEND, True, [method])
    popup = view_mod.popup_context(catalog, lang)
    if not profile_links:
        popup["profile"] = ""
    return html.Div(
        [
            dl.MapContainer(
                [
                    *tiles,
                    dl.GeoJSON(
                        id=ids.AREAS,
                        data=EMPTY,
                        hideout=hideout(),
                        style={"variable": "marsad.map.areaStyle"},
                        hoverStyle={"variable": "marsad.map.areaHover"},
                        onEachFeature={"variable": "marsad.map.areaFeature"},
                    ),
                    place_names.layer(lang),
                    dl.GeoJSON(
                        id=ids.CENTERS,
                        data=EMPTY,
                        hideout={**hideout(), "popup": popup},
                        cluster=True,
                        zoomToBoundsOnClick=True,
                        superClusterOptions={"radius": 60, "maxZoom": 12},
                        pointToLayer={"variable": "marsad.map.centerPoint"},
                        onEachFeature={"variable": "marsad.map.centerFeature"},
                        clusterToLayer={"variable": "marsad.map.clusterIcon"},
                    ),
                    *(
                        [
                            dl.GeoJSON(
                                id=ids.ALERTS,
                                data=EMPTY,
                                hideout={"lang": lang},
                                pointToLayer={"variable": "marsad.map.alertPoint"},
                                onEachFeature={"variable": "marsad.map.alertFeature"},
                            )
                        ]
                        if profile_links
                        else []
                    ),
                    dl.ScaleControl(position="topleft", imperial=False),
                ],
                id=ids.MAP,
                center=center,
                zoom=zoom,
                className="marsad-map",
                attributionControl=False,
            ),
            legend,
            index_legend,
        ],
        style={"position": "relative"},
    )


def kpi_grid(lang: str) -> dmc.SimpleGrid:
    """The four KPI cards (their texts come from the callbacks: KPI_TEXTS)."""
    return dmc.SimpleGrid(_kpi_cards(lang), id=ids.KPIS, cols={"base": 2, "md": 4}, spacing="sm")


KPI_TEXTS = (
    "kpi-n",
    "kpi-n-change",
    "kpi-mean",
    "kpi-mean-change",
    "kpi-satisfied",
    "kpi-satisfied-change",
    "kpi-change",
)  # the cards' texts an answer sets (the cards themselves are in the layout)


def _kpi_card(title: str, test_id: str, note: str = "") -> dmc.Paper:
    return dmc.Paper(
        [
            dmc.Text(title, size="sm", c="dimmed"),
            html.Div(className="kpi-value", id=f"kpi-{test_id}"),
            dmc.Text(note, size="xs", c="dimmed", id=f"kpi-{test_id}-change"),
        ],
        p="sm",
        withBorder=True,
        radius="md",
    )


def _kpi_cards(lang: str) -> list:
    return [
        _kpi_card(i18n.t("kpi_n", lang), "n"),
        _kpi_card(i18n.t("kpi_mean", lang), "mean"),
        _kpi_card(i18n.t("kpi_satisfied", lang), "satisfied"),
        _kpi_card(i18n.t("kpi_change", lang), "change", note=i18n.t("mean", lang)),
    ]
