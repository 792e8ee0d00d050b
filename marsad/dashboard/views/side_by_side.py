"""The compare page's side-by-side section without Dash: the options offered and 2–4 sectors or centers
compared (score with interval, criteria)."""

from __future__ import annotations

from dataclasses import dataclass

from marsad import i18n
from marsad.analytics import rankings
from marsad.context import Context
from marsad.dashboard import offered
from marsad.dashboard.views.compare import Selection
from marsad.layers import figures
from marsad.queries import centers as center_queries
from marsad.queries.rollups import CRITERIA

KINDS = ("sectors", "centers")
MAX_ITEMS = 4


def kind_of(value: object) -> str:
    return value if isinstance(value, str) and value in KINDS else "sectors"


def picked(kind: str, raw: object) -> list[str]:
    """The chosen codes (sectors) or ids (centers) from the browser: well-formed, unique, at most four."""
    values = raw if isinstance(raw, list) else []
    out: list[str] = []
    for v in values:
        if not isinstance(v, str) or not v or v in out:
            continue
        if (v.isascii() and v.isdecimal() and len(v) <= 10 and int(v) < 2**31) if kind == "centers" else len(v) <= 64:
            out.append(v)
    return out[:MAX_ITEMS]


def options(ctx: Context, *, kind: str, search: str, chosen: list[str], lang: str) -> list[dict]:
    """Sectors: those of the jurisdiction's centers. Centers: those in scope matching the search, plus the ones
    already chosen."""
    if kind == "sectors":
        return [{"value": s["code"], "label": i18n.name(s, lang)} for s in offered.catalog(ctx)["sectors"]]
    kept = center_queries.center_info(ctx.engine, scope=ctx.scope, ids=[int(v) for v in chosen])
    found = center_queries.search(ctx.engine, scope=ctx.scope, term=search, limit=30)
    rows = list(kept.values()) + [r for r in found if r["id"] not in kept]
    return [{"value": str(r["id"]), "label": f"{i18n.name(r, lang)} ({r['code']})"} for r in rows]


@dataclass
class SideBySideView:
    items: list[dict]  # fewer than two: nothing to compare yet
    labels: list[str]
    criteria: list[tuple[str, str]]
    figure: dict
    hint: str


def build(ctx: Context, sel: Selection, *, kind: str, chosen: list[str]) -> SideBySideView:
    lang = sel.lang
    if kind == "sectors":
        rows = {r["code"]: r for r in rankings.sectors(ctx, filters=sel.filters, area=sel.area, min_ratings=1)}
        items = [rows[c] for c in chosen if c in rows]
    else:
        items = rankings.center_comparison(ctx, filters=sel.filters, ids=[int(v) for v in chosen])
    if len(items) < 2:
        return SideBySideView(items=[], labels=[], criteria=[], figure={}, hint=i18n.t("pick_hint", lang))
    labels = [i18n.name(it, lang) for it in items]
    criteria = [(c, i18n.t(f"crit_{c}", lang)) for c in CRITERIA]
    fig = figures.side_by_side(
        items,
        title=i18n.t("side_by_side", lang),
        rtl=lang == "ar",
        labels=labels,
        criteria=criteria,
        overall_label=i18n.t("col_mean", lang),
    )
    where = i18n.name(sel.area, lang) if sel.area and kind == "sectors" else None
    return SideBySideView(
        items=items,
        labels=labels,
        criteria=criteria,
        figure=fig,
        hint=i18n.t("sbs_where", lang, where=where) if where else "",
    )
