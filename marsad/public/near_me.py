"""Public "near me": the citizen locates themselves (locate control), clicks the map or picks a town,
chooses a sector or service and sees the nearest well-rated centers, listed and on the map."""

from __future__ import annotations

import logging

import dash_leaflet as dl
import dash_mantine_components as dmc
from dash import Dash, Input, Output, State, ctx, dcc, no_update
from sqlalchemy.exc import SQLAlchemyError

from marsad import context, i18n, params, place_names
from marsad.analytics import nearby
from marsad.context import Context, Resources
from marsad.db.engines import DatabaseUnavailable
from marsad.layers.classes import color_for
from marsad.queries import areas as area_queries
from marsad.scores import nearness

log = logging.getLogger(__name__)
MAP, POINT, TOWN, SECTOR, SERVICE, RADIUS, LIST, RESULTS, HERE, NOTE, LANG = (
    "pub-map",
    "pub-point",
    "pub-town",
    "pub-sector",
    "pub-service",
    "pub-radius",
    "pub-list",
    "pub-results",
    "pub-here",
    "pub-note",
    "pub-lang",
)
EMPTY = {"type": "FeatureCollection", "features": []}


def latlng_of(click) -> tuple[float, float] | None:
    """(lat, lon) of a map click (Leaflet's {lat, lng}) or of a located position ([lat, lng]), if well-formed."""
    latlng = (click or {}).get("latlng") if isinstance(click, dict) else None
    if isinstance(latlng, dict):
        latlng = [latlng.get("lat"), latlng.get("lng")]
    if not (isinstance(latlng, list) and len(latlng) == 2 and all(isinstance(v, int | float) for v in latlng)):
        return None
    lat, lon = float(latlng[0]), float(latlng[1])
    return (lat, lon) if -90 <= lat <= 90 and -180 <= lon <= 180 else None


def towns(pub: Context) -> list[dict]:
    country = pub.settings.country
    return pub.cache.reference(f"towns:{country}", lambda: area_queries.locality_points(pub.engine, country))


def basemap(pub: Context) -> dict:
    country = pub.settings.country
    return pub.cache.reference(f"region_outlines:{country}", lambda: area_queries.region_outlines(pub.engine, country))


def layout(pub: Context, lang: str):
    catalog = pub.ref.catalog()

    def options(items, all_label):
        return [{"value": "", "label": all_label}] + [{"value": s["code"], "label": i18n.name(s, lang)} for s in items]

    return dmc.Stack(
        [
            dcc.Store(id=LANG, data=lang),
            dcc.Store(id=POINT),
            dmc.Text(i18n.t("pub_how", lang), size="sm", c="dimmed"),
            dmc.Group(
                [
                    dmc.Select(
                        id=TOWN,
                        label=i18n.t("pub_town", lang),
                        searchable=True,
                        clearable=True,
                        w=220,
                        data=[{"value": t["code"], "label": i18n.name(t, lang)} for t in towns(pub)],
                        nothingFoundMessage=i18n.t("nothing_found", lang),
                    ),
                    dmc.Select(
                        id=SECTOR,
                        label=i18n.t("sector", lang),
                        value="",
                        allowDeselect=False,
                        w=220,
                        data=options(catalog["sectors"], i18n.t("all_sectors", lang)),
                    ),
                    dmc.Select(
                        id=SERVICE,
                        label=i18n.t("service", lang),
                        value="",
                        allowDeselect=False,
                        w=220,
                        data=options([], i18n.t("all_services", lang)),
                    ),
                    dmc.SegmentedControl(
                        id=RADIUS,
                        value="10",
                        data=[{"value": v, "label": i18n.t("pub_km", lang, n=v)} for v in ("2", "5", "10", "25")],
                    ),
                ],
                align="end",
            ),
            dmc.Grid(
                [
                    dmc.GridCol(
                        dl.MapContainer(
                            [
                                dl.GeoJSON(
                                    data=basemap(pub),
                                    style={"color": "#9ca3af", "weight": 1, "fillColor": "#f3f4f6", "fillOpacity": 0.6},
                                    interactive=False,
                                ),
                                place_names.layer(lang),
                                dl.LocateControl(
                                    locateOptions={"enableHighAccuracy": True},
                                    position="topleft",
                                    setView=False,
                                    drawCircle=False,
                                    drawMarker=False,
                                    showPopup=False,
                                    strings={"title": i18n.t("pub_locate", lang)},
                                    id="pub-locate",
                                ),
                                dl.GeoJSON(
                                    id=RESULTS,
                                    data=EMPTY,
                                    pointToLayer={"variable": "marsad.pub.resultPoint"},
                                    onEachFeature={"variable": "marsad.pub.resultFeature"},
                                ),
                                dl.LayerGroup(id=HERE),
                                dl.ScaleControl(position="bottomleft", imperial=False),
                            ],
                            id=MAP,
                            center=[24.0, 45.0],
                            zoom=5,
                            className="marsad-map",
                            attributionControl=False,
                            eventHandlers={"locationfound": {"variable": "marsad.pub.located"}},
                        ),
                        span={"base": 12, "md": 7},
                    ),
                    dmc.GridCol(
                        dmc.Stack([dmc.Text(id=NOTE, size="sm", c="dimmed"), dmc.Stack(id=LIST, gap="xs")]),
                        span={"base": 12, "md": 5},
                    ),
                ]
            ),
            dmc.Text(nearness.METHOD[lang], size="xs", c="dimmed", id="pub-method"),
        ],
        gap="sm",
    )


def _result(item: dict, lang: str, sector_names: dict):
    score = (
        f"{i18n.fmt_mean(item['score'], lang)}{i18n.sep(lang)}{i18n.t('pub_ratings', lang, n=i18n.fmt_count(item['n'], lang))}"
        if item["score"] is not None
        else i18n.t("pub_too_few", lang)
    )
    return dmc.Paper(
        [
            dmc.Group(
                [
                    dcc.Link(
                        i18n.name(item, lang), href=f"/public/center/{item['id']}?lang={lang}", className="pub-name"
                    ),
                    dmc.Badge(
                        i18n.t("pub_km", lang, n=i18n.fmt_text_digits(f"{item['distance_km']:.1f}", lang)),
                        variant="light",
                    ),
                ],
                justify="space-between",
            ),
            dmc.Text(sector_names.get(item["sector_code"], item["sector_code"]), size="xs", c="dimmed"),
            dmc.Text(score, size="sm", className="pub-score"),
        ],
        p="xs",
        withBorder=True,
        radius="md",
        className="pub-item",
        **{"data-id": str(item["id"])},
    )


def register(app: Dash, res: Resources) -> None:
    pub = context.public(res)  # the same for every request: no official, the public scope

    @app.callback(
        Output(SERVICE, "data"),
        Output(SERVICE, "value"),
        Input(SECTOR, "value"),
        State(LANG, "data"),
        prevent_initial_call=True,
    )
    def services_of(sector, lang):
        lang = i18n.lang_of(lang)
        offered = [s for s in pub.ref.catalog()["services"] if s["sector_code"] == sector]
        return (
            [{"value": "", "label": i18n.t("all_services", lang)}]
            + [{"value": s["code"], "label": i18n.name(s, lang)} for s in offered]
        ), ""

    @app.callback(Output(POINT, "data"), Input(MAP, "clickData"), Input(TOWN, "value"), prevent_initial_call=True)
    def choose_point(click, town):
        if ctx.triggered_id == TOWN:
            found = next((t for t in towns(pub) if t["code"] == town), None)
            return {"lat": found["lat"], "lon": found["lon"]} if found else no_update
        point = latlng_of(click)
        return {"lat": point[0], "lon": point[1]} if point else no_update

    @app.callback(
        Output(LIST, "children"),
        Output(RESULTS, "data"),
        Output(HERE, "children"),
        Output(MAP, "viewport"),
        Output(NOTE, "children"),
        Input(POINT, "data"),
        Input(SECTOR, "value"),
        Input(SERVICE, "value"),
        Input(RADIUS, "value"),
        State(LANG, "data"),
    )
    def results(point, sector, service, radius, lang):
        lang = i18n.lang_of(lang)
        if not isinstance(point, dict):
            return [], EMPTY, [], no_update, i18n.t("pub_start", lang)
        try:
            lat, lon = float(point["lat"]), float(point["lon"])
            radius_km = float(radius) if radius in ("2", "5", "10", "25") else 10.0
            if not (-90 <= lat <= 90 and -180 <= lon <= 180):
                raise params.BadRequest("the point is off the map")
            filters = params.parse_filters(
                {"sector": sector or None, "service": service or None}, pub.ref.catalog(), params.today_riyadh()
            )
            items = nearby.nearby(
                pub,
                lat=lat,
                lon=lon,
                radius_km=radius_km,
                sector=filters.sector,
                service=filters.service,
                limit=20,
                today=params.today_riyadh(),
            )
        except (KeyError, TypeError, ValueError, params.BadRequest):
            return [], EMPTY, [], no_update, i18n.t("pub_bad_point", lang)
        except (SQLAlchemyError, DatabaseUnavailable):
            log.exception("nearby failed")
            return no_update, no_update, no_update, no_update, i18n.t("db_error", lang)
        names = {s["code"]: i18n.name(s, lang) for s in pub.ref.catalog()["sectors"]}
        features = [
            {
                "type": "Feature",
                "geometry": {"type": "Point", "coordinates": [i["lon"], i["lat"]]},
                # the name goes into the tooltip as text (assets/marsad_map.js resultFeature), never as HTML
                "properties": {"color": color_for(i["score"]), "name": i18n.name(i, lang)},
            }
            for i in items
        ]
        here = [
            dl.Circle(center=[lat, lon], radius=radius_km * 1000, color="#2563eb", weight=1, fillOpacity=0.04),
            dl.CircleMarker(center=[lat, lon], radius=6, color="#2563eb", fillOpacity=1),
        ]
        d = radius_km / 111.0
        viewport = {"bounds": [[lat - d, lon - d * 1.1], [lat + d, lon + d * 1.1]]}
        note = (
            i18n.t("pub_found", lang, n=i18n.fmt_count(len(items), lang), km=i18n.fmt_count(int(radius_km), lang))
            if items
            else i18n.t("pub_none", lang)
        )
        return (
            [_result(i, lang, names) for i in items],
            {"type": "FeatureCollection", "features": features},
            here,
            viewport,
            note,
        )
