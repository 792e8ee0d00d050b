"""The explorer's state as files, computed without Dash or Flask: the tables behind the map and the charts (CSV,
Excel), the map and the charts as figures (PNG), and the whole view as a one-page briefing (PDF). All from
views.explorer.read, the same reads as the page, so an export holds exactly what the view shows."""

from __future__ import annotations

from datetime import datetime

from marsad import briefing, calendars, exports, i18n
from marsad.context import Context
from marsad.dashboard import charts
from marsad.dashboard.views import explorer as view_mod
from marsad.layers import geojson, map_figure
from marsad.queries.audit import scope_json

TABLES = ("areas", "centers", "kpis", "distribution", "trend")
CHARTS = ("map", "distribution", "trend")
AREA_COLUMNS = ("code", "level", "parent_code", "name_ar", "name_en", "approximate", "n", "mean", "satisfied_share")
CENTER_COLUMNS = ("id", "code", "name_ar", "name_en", "sector_code", "lat", "lon", "n", "mean", "satisfied_share")
SHEET_NAMES = {
    "ar": {"areas": "المناطق", "centers": "المراكز", "kpis": "المؤشرات", "distribution": "التوزيع", "trend": "الاتجاه"},
    "en": {"areas": "Areas", "centers": "Centers", "kpis": "KPIs", "distribution": "Distribution", "trend": "Trend"},
}


def tables(d: view_mod.Data) -> dict[str, tuple[tuple[str, ...], list[list]]]:
    """Each table of the view: (columns, rows)."""
    k = d.kpis
    centers = [
        {**{c: r.get(c) for c in CENTER_COLUMNS}, "n": int(r.get("n") or 0)}
        for r in d.center_rows  # the rows the map draws (none when the area has more than the map shows)
    ]
    return {
        "areas": (AREA_COLUMNS, [[r.get(c) for c in AREA_COLUMNS] for r in d.rows]),
        "centers": (CENTER_COLUMNS, [[r[c] for c in CENTER_COLUMNS] for r in centers]),
        "kpis": (
            ("measure", "value", "previous", "change"),
            [[m, k[m], k["previous"][m], k["change"][m]] for m in ("n", "mean", "satisfied_share")],
        ),
        "distribution": (("score", "n"), [[i + 1, n] for i, n in enumerate(k["distribution"])]),
        "trend": (
            ("period", "bucket", "n", "mean", "satisfied_share"),
            [[r["period"].isoformat(), r["bucket"], r["n"], r["mean"], r.get("satisfied_share")] for r in d.trend_rows],
        ),
    }


def facts(
    ctx: Context, d: view_mod.Data, lang: str, *, now: datetime, calendar: str = "gregorian"
) -> list[tuple[str, str]]:
    """What the file holds, for its header or 'about' sheet: view, area, filters, period, jurisdiction, who, when."""
    f = d.filters
    official = ctx.official
    out = [
        ("view", "explorer"),
        ("area", (i18n.name(d.area, lang) + f" ({d.area['code']})") if d.area else i18n.t("national", lang)),
        *[
            (name, value)
            for name, value in (("sector", f.sector), ("service", f.service), ("source", f.source))
            if value
        ],
        ("from", f.date_from.isoformat()),
        ("to", f.date_to.isoformat()),
        *([("period (Hijri)", calendars.fmt_range(f.date_from, f.date_to, lang))] if calendar != "gregorian" else []),
        ("jurisdiction", str(scope_json(ctx.scope))),
        ("exported by", official.username if official else "-"),
        ("exported at (UTC)", now.isoformat()),
    ]
    if d.n_centers > len(d.center_rows):
        out.append(("centers", f"{d.n_centers} in the area; the map (and this export) draws none above this zoom"))
    out += [("warning", w) for w in d.warnings]
    return out


def table_file(
    ctx: Context, d: view_mod.Data, name: str, fmt: str, lang: str, *, now: datetime, calendar: str = "gregorian"
) -> tuple[bytes, int]:
    """One table as CSV or Excel, or (name 'all', Excel) every table as a sheet: (the file, rows in it)."""
    found = tables(d)
    meta = facts(ctx, d, lang, now=now, calendar=calendar)
    if name == "all":
        sheets = [(SHEET_NAMES[lang][n], exports.Table(*found[n], meta=[])) for n in TABLES]
        total = sum(len(t.rows) for _, t in sheets)
        return exports.to_xlsx_book(sheets, meta=[*meta, ("rows", str(total))], lang=lang), total
    columns, rows = found[name]
    table = exports.Table(columns, rows, [*meta, ("table", name), ("rows", str(len(rows)))])
    return exports.render(table, fmt, lang=lang), len(rows)


def chart(ctx: Context, d: view_mod.Data, name: str, lang: str, calendar: str = "gregorian") -> tuple[dict, int, int]:
    """A chart of the view as a figure, with its size in pixels."""
    if name == "map":
        areas = geojson.areas_collection(d.rows, ctx.ref.area_shapes())
        title = i18n.name(d.area, lang) if d.area else i18n.t("national", lang)
        fig = map_figure.choropleth(
            areas,
            geojson.centers_collection(d.center_rows),
            title=f"{i18n.t('kpi_mean', lang)}{i18n.sep(lang)}{title}",
            lang=lang,
            no_data_label=i18n.t("no_ratings", lang),
        )
        return fig, 900, 620
    if name == "distribution":
        fig = charts.distribution(d.kpis["distribution"], lang)
    else:
        fig = charts.trend(d.trend_rows, lang, span=(d.filters.date_from, d.filters.date_to), calendar=calendar)
    fig["layout"].update(paper_bgcolor="white", plot_bgcolor="white", height=300, width=620)
    return fig, 620, 300


def _briefing_facts(
    ctx: Context, d: view_mod.Data, lang: str, *, now: datetime, calendar: str
) -> list[tuple[str, str]]:
    f = d.filters
    catalog = ctx.ref.catalog()
    names = {s["code"]: i18n.name(s, lang) for s in (*catalog["sectors"], *catalog["services"])}
    out = [(i18n.t("period", lang), i18n.fmt_range(f.date_from, f.date_to, lang, calendar))]
    if f.sector:
        out.append((i18n.t("sector", lang), names.get(f.sector, f.sector)))
    if f.service:
        out.append((i18n.t("service", lang), names.get(f.service, f.service)))
    if f.source:
        out.append((i18n.t("source", lang), i18n.t(f"src_{f.source}", lang)))
    if ctx.official is not None:
        out.append((i18n.t("exported_by", lang), ctx.official.display_name))
    out.append((i18n.t("exported_at", lang), i18n.fmt_text_digits(f"{now:%Y-%m-%d %H:%M} UTC", lang)))
    return out


def brief(
    ctx: Context, d: view_mod.Data, lang: str, *, now: datetime, png, calendar: str = "gregorian"
) -> briefing.Briefing:
    """The one-page briefing; `png(figure, width, height)` renders the pictures."""
    k = d.kpis
    where = i18n.name(d.area, lang) if d.area else i18n.t("national", lang)
    pictures = []
    for name in CHARTS:
        fig, width, height = chart(ctx, d, name, lang, calendar)
        caption = where if name == "map" else i18n.t(name, lang)
        pictures.append((caption, png(fig, width=width, height=height)))
    ranked = sorted((r for r in d.rows if r["n"]), key=lambda r: -(r["mean"] or 0))[:15]
    return briefing.Briefing(
        lang=lang,
        title=f"{i18n.t('app_title', lang)}{i18n.sep(lang)}{where}",
        facts=_briefing_facts(ctx, d, lang, now=now, calendar=calendar),
        kpis=[
            (i18n.t("kpi_n", lang), i18n.fmt_count(k["n"], lang), i18n.fmt_signed(k["change"]["n"], lang, digits=0)),
            (i18n.t("kpi_mean", lang), i18n.fmt_mean(k["mean"], lang), i18n.fmt_signed(k["change"]["mean"], lang)),
            (
                i18n.t("kpi_satisfied", lang),
                i18n.fmt_share(k["satisfied_share"], lang),
                i18n.fmt_signed(k["change"]["satisfied_share"], lang, percent=True),
            ),
        ],
        pictures=pictures,
        table_title=i18n.t(f"level_{d.child_level or 'locality'}", lang),
        columns=[i18n.t("name", lang), i18n.t("mean", lang), i18n.t("n", lang)],
        rows=[[i18n.name(r, lang), i18n.fmt_mean(r["mean"], lang), i18n.fmt_count(r["n"], lang)] for r in ranked],
        footer=f"{i18n.t('app_title', lang)} · {now:%Y-%m-%d %H:%M} UTC · {ctx.official.username if ctx.official else ''}",
    )
