"""Everything the explorer shows for one state, computed without Dash (thin callbacks call this)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TypeVar
from urllib.parse import urlencode

import orjson

from marsad import calendars, digits, i18n, params
from marsad.analytics import index as combined
from marsad.analytics.areas import map_areas
from marsad.context import Context
from marsad.dashboard import charts
from marsad.layers import classes, geojson
from marsad.measurements import index
from marsad.parallel import gather
from marsad.queries import areas as area_queries
from marsad.queries import stats
from marsad.queries.filters import CHILD_LEVEL, Filters

T = TypeVar("T")
STATE_KEYS = ("area", "sector", "service", "source", "from", "to", "measure", "classes")
MEASURES = ("index",)  # what the map's areas show besides the ratings (the default): the combined index


@dataclass
class View:
    areas: bytes  # the map's layers as GeoJSON already encoded: a cached view is read and sent without walking
    centers: bytes  # them again (orjson.Fragment puts them into the answer as they are)
    n_shown: int  # centers on the map
    bounds: list | None
    lineage: list[dict]  # the path from the top of the official's jurisdiction down to the current area
    kpis: dict
    distribution_fig: dict  # plotly figure as a plain dict: cheap to cache and to send
    trend_fig: dict
    level: str | None
    area: str | None
    n_centers: int  # in the area; more than are drawn when the map asks to zoom in
    search: str
    other_lang_search: str
    period_caption: str  # the period's first and last day, in the calendar asked (or both)
    caption: str = ""  # the view's place, filters and period in words (printed above the map)
    drillable: bool = True  # the areas shown have areas below them (not a locality's own)
    area_list: list[tuple[str, str]] = field(default_factory=list)  # (code, "name: figure") of the map's areas
    warnings: list[str] = field(default_factory=list)
    measure: str | None = None  # what the areas show: None for the ratings, "index" for the combined index
    legend_title: str = ""  # the ratings legend: what its colours are (colour_classes)
    legend: list[tuple[str, str]] = field(default_factory=list)  # (colour, label), lowest first


def query_string(state: dict, lang: str, calendar: str | None = None) -> str:
    pairs = [("lang", lang)] + [(k, state[k]) for k in STATE_KEYS if state.get(k)]
    if calendar:
        pairs.append(("cal", calendars.short(calendar)))
    return "?" + urlencode(pairs)


def caption(filters: Filters, measure: str | None, lineage: list[dict], catalog: dict, lang: str, period: str) -> str:
    """The view in words: where, what is shown and filtered (validated filters), and when (for print, where the
    filters are not)."""
    names = {s["code"]: i18n.name(s, lang) for s in (*catalog["sectors"], *catalog["services"])}
    parts = [" › ".join(i18n.name(a, lang) for a in lineage) or i18n.t("national", lang)]
    if measure == "index":
        parts.append(i18n.t("measure_index", lang))
    parts += [names.get(code, code) for code in (filters.sector, filters.service) if code]
    if filters.source:
        parts.append(i18n.t(f"src_{filters.source}", lang))
    return i18n.sep(lang).join([*parts, period])


def map_labels(lang: str) -> dict:
    """The words on the map's tooltips and popups, in `lang`."""
    return {k: i18n.t(k, lang) for k in ("mean", "n", "no_ratings", "approximate", "sector", "profile")} | {
        "sep": i18n.sep(lang)
    }


def index_labels(lang: str, bands: list[dict]) -> dict:
    """The words of the combined index's tooltips, in `lang`."""
    return {
        "index": i18n.t("measure_index", lang),
        "partial": i18n.t("index_partial", lang),
        "instruments": {k: i18n.t(f"src_{k}", lang) for k in index.INSTRUMENTS},
        "bands": {b["code"]: i18n.name(b, lang) for b in bands},
        "sep": i18n.sep(lang),
    }


def popup_context(catalog: dict, lang: str) -> dict:
    """The centers layer's hideout part that its popups are built from in the browser."""
    return geojson.popup_context(
        lang=lang, labels=map_labels(lang), sector_names={s["code"]: i18n.name(s, lang) for s in catalog["sectors"]}
    )


def build(
    ctx: Context,
    *,
    state: dict,
    lang: str,
    present: Callable[[View], T],
    page: str = "explorer",
    calendar: str = "gregorian",
) -> T:
    """present(the view for this state), from the cache when the same scope asked it before on the same `page`.
    `present` turns the view into what is sent (components made plain data): a pure function of the view, the
    language and the scope, cached with it (under the page's name) so that a cached answer is not built again."""
    state = {k: state.get(k) or None for k in STATE_KEYS}
    return ctx.cache.cached(
        f"view:{page}",
        lambda: present(_build(ctx, state=state, lang=lang, calendar=calendar)),
        scope=ctx.scope,
        state=state,
        lang=lang,
        latin_digits=digits.latin(),
        calendar=calendar,
        today=params.today_riyadh(),
    )


@dataclass
class Data:
    """What a state reads, before it is drawn: the explorer's view and its exports come from the same rows."""

    state: dict  # the state as validated (invalid parts dropped)
    area: dict | None
    filters: Filters
    child_level: str | None
    rows: list[dict]  # the map's areas
    n_centers: int
    center_rows: list[dict]  # the map's centers (none above max_map_centers)
    kpis: dict
    trend_rows: list[dict]
    warnings: list[str]
    index_method: dict | None = None  # with the combined index on the map (state "measure"), its method
    reference_mean: float | None = None  # the jurisdiction's mean, with the "difference" colour classes


def legend_title(scheme: classes.Classes, lang: str, *, national: bool) -> str:
    """What the legend's colours are: the mean's fixed scale, the sixths of the areas in view, or the difference
    from the mean of the whole jurisdiction (the nation's for a national official), with that mean."""
    if scheme.scheme == "quantiles":
        return i18n.t("legend_quantiles", lang)
    if scheme.scheme == "difference":
        key = "legend_difference_national" if national else "legend_difference"
        return i18n.t(key, lang, mean=i18n.fmt_mean(scheme.reference, lang))
    return i18n.t("legend", lang)


def colour_classes(d: Data) -> classes.Classes:
    """The ratings map's colour classes for the state's choice (fixed, the areas' quantiles, or the difference
    from the jurisdiction's mean)."""
    if d.state["classes"] == "quantiles":
        return classes.quantiles([r["mean"] for r in d.rows if r.get("n") and r.get("mean") is not None])
    if d.state["classes"] == "difference":
        return classes.difference(d.reference_mean)
    return classes.FIXED


def read(ctx: Context, *, state: dict, lang: str) -> Data:
    """Validate the state (dropping what is invalid, with a warning) and read everything the view shows."""
    index = ctx.ref.area_index()
    catalog = ctx.ref.catalog()
    scope = ctx.scope
    warnings: list[str] = []
    state = {k: state.get(k) or None for k in STATE_KEYS}
    try:
        filters = params.parse_filters(state, catalog, params.today_riyadh())
    except params.BadRequest as exc:
        warnings.append(str(exc))
        state.update(sector=None, service=None, source=None, **{"from": None, "to": None})
        filters = params.parse_filters(state, catalog, params.today_riyadh())
    try:
        asked = params.parse_area(state, "area", index)
    except params.BadRequest as exc:
        warnings.append(str(exc))
        asked = None
    area, refused = ctx.area_or_home(asked["code"] if asked else None)
    if refused and asked:
        warnings.append(i18n.t("out_of_scope", lang, code=asked["code"]))
    state["area"] = area["code"] if area else None
    if state["measure"] is not None and state["measure"] not in MEASURES:
        warnings.append(i18n.t("bad_measure", lang, value=state["measure"]))
        state["measure"] = None
    if state["measure"] == "index" and area is not None and CHILD_LEVEL[area["level"]] is None:
        warnings.append(i18n.t("index_no_children", lang))
        state["measure"] = None
    if state["classes"] is not None and state["classes"] not in classes.SCHEMES[1:]:
        warnings.append(i18n.t("bad_classes", lang, value=state["classes"]))
        state["classes"] = None
    if state["measure"] == "index":
        state["classes"] = None  # the index has its bands

    def map_centers() -> tuple[int, list[dict]]:
        if area is None:
            return 0, []
        # keyed without the period: the usual next step, another period over the same area, skips this read
        n = ctx.memo("count_centers", stats.count_centers, area=area, sector=filters.sector, service=filters.service)
        if n > ctx.settings.max_map_centers:
            return n, []
        return n, ctx.read(lambda e: stats.centers(e, scope=scope, filters=filters, area=area))

    # Independent reads, run at the same time. Only the whole view is cached (build): caching each read as well
    # cost every first answer a pickling and a cache write per read (a round trip each with Redis) for the
    # rare view that shares a period's reads (the same state in the other language).
    def areas_read() -> tuple[str | None, list[dict], dict | None]:
        if state["measure"] != "index":
            return (*map_areas(ctx, filters=filters, area=area), None)
        found = combined.child_areas(
            ctx, parent=area, date_from=filters.date_from, date_to=filters.date_to, sector=filters.sector,
            complaints=False,  # the map does not show them
        )  # fmt: skip
        return CHILD_LEVEL[area["level"] if area else None], found["areas"], found["method"]

    def reference() -> float | None:  # what the "difference" classes are read against
        if state["classes"] != "difference":
            return None
        return ctx.read(lambda e: stats.jurisdiction_mean(e, scope=scope, filters=filters))

    (child_level, rows, method), (n_centers, center_rows), kpis, trend_rows, reference_mean = gather(
        areas_read,
        map_centers,
        lambda: ctx.read(lambda e: stats.kpis(e, scope=scope, filters=filters, area=area)),
        lambda: ctx.read(lambda e: stats.trend(e, scope=scope, filters=filters, area=area)),
        reference,
    )
    return Data(
        state=state,
        area=area,
        filters=filters,
        child_level=child_level,
        rows=rows,
        n_centers=n_centers,
        center_rows=center_rows,
        kpis=kpis,
        trend_rows=trend_rows,
        warnings=warnings,
        index_method=method,
        reference_mean=reference_mean,
    )


def _build(ctx: Context, *, state: dict, lang: str, calendar: str = "gregorian") -> View:
    """The view of a state: its data, drawn."""
    d = read(ctx, state=state, lang=lang)
    index = ctx.ref.area_index()
    rows, center_rows, kpis, trend_rows, area = d.rows, d.center_rows, d.kpis, d.trend_rows, d.area
    state, child_level, n_centers, warnings = d.state, d.child_level, d.n_centers, d.warnings
    labels = map_labels(lang)
    scheme = colour_classes(d)

    def fmt_mean(v):
        return i18n.fmt_mean(v, lang)

    def fmt_count(v):
        return i18n.fmt_count(v, lang)

    if d.index_method is not None:
        map_area_fc = geojson.index_areas(
            rows,
            ctx.ref.area_shapes(),
            lang=lang,
            fmt_index=lambda v: "—" if v is None else i18n.fmt_text_digits(f"{v:.1f}", lang),
            labels=index_labels(lang, d.index_method["bands"]),
        )
    else:
        area_fc = geojson.areas_collection(rows, ctx.ref.area_shapes())
        map_area_fc = geojson.map_areas(
            area_fc, lang=lang, fmt_mean=fmt_mean, fmt_count=fmt_count, labels=labels, color=scheme.color
        )
    centers_fc = geojson.map_centers(
        geojson.centers_collection(center_rows), lang=lang, fmt_mean=fmt_mean, fmt_count=fmt_count, color=scheme.color
    )
    lineage = [a for a in (area_queries.lineage(index, area["code"]) if area else []) if ctx.allows_area(a["code"])]

    def figure(r: dict) -> str:  # what the list says of an area: its index, or its mean and ratings
        if d.index_method is not None:
            return "—" if r.get("index") is None else i18n.fmt_text_digits(f"{r['index']:.1f}", lang)
        return f"{fmt_mean(r.get('mean'))} ({fmt_count(r.get('n'))})"

    period = i18n.fmt_range(d.filters.date_from, d.filters.date_to, lang, calendar)
    return View(
        areas=orjson.dumps(map_area_fc),
        centers=orjson.dumps(centers_fc),
        n_shown=len(centers_fc["features"]),
        bounds=geojson.union_bounds(index[r["code"]]["bbox"] for r in rows if r["code"] in index),
        lineage=lineage,
        kpis=kpis,
        distribution_fig=charts.distribution(kpis["distribution"], lang),
        trend_fig=charts.trend(trend_rows, lang, span=(d.filters.date_from, d.filters.date_to), calendar=calendar),
        level=child_level or "locality",
        drillable=child_level is not None,
        area_list=[
            (r["code"], f"{i18n.name(index[r['code']], lang)}: {figure(r)}")
            for r in sorted(rows, key=lambda r: i18n.name(index[r["code"]], lang))
            if r["code"] in index
        ],
        area=state["area"],
        n_centers=n_centers,
        search=query_string(state, lang, calendar),
        other_lang_search=query_string(state, "en" if lang == "ar" else "ar", calendar),
        period_caption=period,
        caption=caption(d.filters, state["measure"], lineage, ctx.ref.catalog(), lang, period),
        warnings=warnings,
        measure=state["measure"],
        legend_title=legend_title(scheme, lang, national=ctx.scope.areas is None and ctx.scope.sectors is None),
        legend=scheme.legend(),
    )
