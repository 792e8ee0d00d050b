"""A report for one recipient: which subject and period by default, built in their context (content.py) and
written as HTML or PDF (render.py). The pages, the command and the delivery worker all come through here."""

from __future__ import annotations

from datetime import UTC, date, datetime

from marsad import i18n
from marsad.context import Context
from marsad.jurisdiction import Scope
from marsad.queries.officials import Official
from marsad.reports import content, periods, render
from marsad.reports.content import KINDS, NotInScope, Report

FORMATS = ("pdf", "html")


def default_subject(ctx: Context, kind: str) -> dict:
    """What a recipient's report is about when not said: a center manager's single center, an agency head's single
    sector, otherwise the whole jurisdiction."""
    scope = ctx.scope
    if kind == "center-weekly":
        return {"center": next(iter(scope.centers))} if scope.centers is not None and len(scope.centers) == 1 else {}
    if kind == "sector-quarterly" and scope.sectors is not None and len(scope.sectors) == 1:
        return {"sector": next(iter(scope.sectors))}
    return {}


def build(
    ctx: Context,
    kind: str,
    *,
    today: date,
    period: str | None = None,
    center: int | None = None,
    area: str | None = None,
    sector: str | None = None,
) -> Report:
    """periods.BadPeriod or ValueError for a bad request, NotInScope for a subject outside the jurisdiction."""
    if kind not in KINDS:
        raise ValueError(f"unknown report {kind!r}; expected one of {', '.join(KINDS)}")
    cadence = KINDS[kind]
    p = periods.parse(period) if period else periods.latest_complete(cadence, today)
    if p.cadence != cadence:
        raise periods.BadPeriod(f"a {kind} report covers a {cadence}, not {p.key}")
    subject = {**default_subject(ctx, kind), **{k: v for k, v in (("center", center), ("area", area)) if v}}
    if sector:
        subject["sector"] = sector
    if kind == "center-weekly":
        if not subject.get("center"):
            raise ValueError("a center weekly report needs a center (--center ID)")
        return content.center_weekly(ctx, center_id=int(subject["center"]), period=p)
    if kind == "sector-quarterly" and not subject.get("sector"):
        raise ValueError("a sector quarterly report needs a sector (--sector CODE)")
    return content.area_report(ctx, kind=kind, period=p, area_code=subject.get("area"), sector=subject.get("sector"))


def jurisdiction_text(ctx: Context, lang: str) -> str:
    """The recipient's jurisdiction in words."""
    return describe_jurisdiction(ctx.official, ctx.scope, ctx.ref.catalog(), ctx.ref.area_index(), lang)


def describe_jurisdiction(official: Official | None, scope: Scope, catalog: dict, index: dict, lang: str) -> str:
    """A jurisdiction in words: the whole country, or its areas (the official's own, not the localities a center
    manager's scope is widened to), sectors and number of centers."""
    if scope.areas is None and scope.sectors is None and scope.centers is None:
        return i18n.t("all_country", lang)
    sectors = {s["code"]: i18n.name(s, lang) for s in catalog["sectors"]}
    areas = official.areas if official is not None else tuple(scope.areas or ())
    parts = [i18n.name(index[a], lang) for a in sorted(areas) if a in index]
    parts += [sectors.get(s, s) for s in sorted(scope.sectors or ())]
    if scope.centers:
        parts.append(i18n.t("centers_count", lang, n=i18n.fmt_count(len(scope.centers), lang)))
    return ("، " if lang == "ar" else ", ").join(parts)


def write(ctx: Context, report: Report, *, lang: str, fmt: str, calendar: str = "gregorian") -> bytes:
    """The report as a PDF or an HTML page (UTF-8)."""
    recipient = ctx.official.display_name if ctx.official is not None else "Marsad"
    page = render.to_html(
        report,
        lang=lang,
        recipient=recipient,
        jurisdiction=jurisdiction_text(ctx, lang),
        now=datetime.now(UTC).replace(microsecond=0),
        calendar=calendar,
        styled=fmt != "pdf",
    )
    return render.to_pdf(page) if fmt == "pdf" else page.encode()


__all__ = [
    "FORMATS",
    "KINDS",
    "NotInScope",
    "build",
    "default_subject",
    "describe_jurisdiction",
    "jurisdiction_text",
    "write",
]
