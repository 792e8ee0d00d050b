"""The combined index for an official: each child area of a parent (or the regions) over a quarter or month, in the
jurisdiction, with its components, band and the complaints KPI beside it (measurements/index.py)."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from marsad.context import Context
from marsad.measurements import index as method_of
from marsad.measurements.cycles import band_of
from marsad.queries import cycles as cycle_queries
from marsad.queries import index_parts, stats
from marsad.queries.filters import CHILD_LEVEL, Filters

METHOD = {
    "ar": (
        "المؤشر المركب من ٠ إلى ١٠٠ متوسط موزون لأدوات القياس بالأوزان المعلنة: الاستبيانات وتقييمات التطبيق (متوسط "
        "الدرجة من ١ إلى ٥ محوّلاً إلى ٠–١٠٠)، والمتسوق الخفي (متوسط درجة الزيارة)، ومجموعات التركيز (متوسط درجات "
        "المحاور). إذا غابت أداة أُعيد توزيع أوزان الحاضرة ووُسم الرقم بأنه جزئي. مؤشر المنطقة من قيم أدواتها على كل "
        "مشاهداتها، لا من متوسط مؤشرات مراكزها."
    ),
    "en": (
        "The combined index (0-100) is the weighted mean of the instruments with the declared weights: surveys and app "
        "ratings (mean score 1-5 mapped to 0-100), mystery shopping (mean visit score) and focus groups (mean axis "
        "score). When an instrument is missing, the weights of those present are re-normalised and the figure is "
        "flagged partial. An area's index comes from its instruments over all their observations, not from a mean "
        "of its centers' indexes."
    ),
}


def _combined(
    ctx: Context, *, by: str, parent: dict | None, date_from: date, date_to: date, sector: str | None,
    complaints: bool = True,
):  # fmt: skip
    """The method, its bands, and per key (a child area's code, or a center's id for `by` "center") the index with
    its components, band and the complaints KPI."""
    method = index_parts.method(ctx.engine)
    weights = {k: float(v) for k, v in method["weights"].items()}
    values: dict = {}
    for source in ("survey", "app"):
        f = Filters(date_from=date_from, date_to=date_to, sector=sector, source=source)
        for r in ctx.memo("index_counts", stats.counts_by, filters=f, area=parent, by=by):
            values.setdefault(r["key"], {})[source] = method_of.rating_value(r)
    found = index_parts.parts(
        ctx.engine, scope=ctx.scope, by=by, parent=parent, date_from=date_from, date_to=date_to, sector=sector,
        complaints=complaints,
    )  # fmt: skip
    for instrument in ("mystery_shopper", "focus_group"):
        for key, value in found[instrument].items():
            values.setdefault(key, {})[instrument] = value
    bands = cycle_queries.bands(ctx.engine, method["band_set"])
    rows = {}
    for key in values:
        combined = method_of.combine({k: values[key].get(k) for k in method_of.INSTRUMENTS}, weights)
        rows[key] = {
            **combined,
            "band": band_of(combined["index"], bands) if combined["index"] is not None else None,
            "complaints": found["complaints"].get(key),
        }
    described = {
        "version": method["version"],
        "weights": weights,
        "band_set": method["band_set"],
        "bands": bands,
        "text": METHOD,
        "note": {"ar": method["note_ar"], "en": method["note_en"]},
    }
    return described, rows


def child_areas(
    ctx: Context, *, parent: dict | None, date_from: date, date_to: date, sector: str | None, complaints: bool = True
) -> dict:
    """{"method": …, "areas": [per child area with data: code, names, index, band, partial, missing, components,
    complaints (None without `complaints`)]}."""
    child = CHILD_LEVEL[parent["level"] if parent else None]
    assert child is not None
    method, rows = _combined(
        ctx, by=child, parent=parent, date_from=date_from, date_to=date_to, sector=sector, complaints=complaints
    )
    names = ctx.ref.area_index()
    areas = [
        {**{k: names[code][k] for k in ("code", "level", "parent_code", "name_ar", "name_en")}, **rows[code]}
        for code in sorted(rows)
        if code in names
    ]
    return {"method": method, "areas": areas}


def center(ctx: Context, *, center_id: int, date_from: date, date_to: date) -> dict:
    """{"method": …, "center": the center's index, band, components and complaints, or None without data}: read
    with the jurisdiction narrowed to the center (so only its own observations count, and none outside scope)."""
    own = replace(ctx, scope=ctx.scope.narrowed_to_centers({center_id}))
    method, rows = _combined(own, by="center", parent=None, date_from=date_from, date_to=date_to, sector=None)
    return {"method": method, "center": rows.get(center_id)}
