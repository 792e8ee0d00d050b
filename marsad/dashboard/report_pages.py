"""Reports in the app: /reports/ lists the kinds an official receives, with their latest periods; each opens as a
page (/reports/<kind>.html) or downloads as a PDF (/reports/<kind>.pdf), built in the official's jurisdiction and
audited. Query: period, center, area, sector, lang, cal."""

from __future__ import annotations

import html

from flask import Blueprint, Response, request

from marsad import calendars, context, i18n, params
from marsad.audit_trail import record
from marsad.dashboard import text_errors
from marsad.queries import deliveries
from marsad.reports import periods, service

report_pages = Blueprint("reports", __name__, url_prefix="/reports")
MEDIA = {"pdf": "application/pdf", "html": "text/html; charset=utf-8"}
ROLE_KINDS = {
    "center_manager": ("center-weekly",),
    "agency_head": ("sector-quarterly", "area-quarterly", "area-monthly"),
}
DEFAULT_KINDS = ("area-quarterly", "area-monthly", "center-weekly")


text_errors.install(report_pages, "report")


@report_pages.get("/")
def index():
    ctx = context.current()
    lang = i18n.lang_of(request.args.get("lang"), ctx.settings.default_lang)
    assert ctx.official is not None
    kinds = ROLE_KINDS.get(ctx.official.role, DEFAULT_KINDS)
    today = params.today_riyadh()
    rows = []
    for kind in kinds:
        if kind == "center-weekly" and not service.default_subject(ctx, kind):
            continue  # a weekly report is about one center: offered to center managers, or by link
        latest = periods.latest_complete(service.KINDS[kind], today)
        for p in (latest, latest.previous(), latest.previous().previous()):
            q = f"?period={p.key}&lang={lang}"
            rows.append(
                f"<tr><td>{html.escape(i18n.t('rep_' + kind, lang))}</td><td>{html.escape(p.label(lang))}</td>"
                f'<td><a href="/reports/{kind}.html{q}">HTML</a> · <a href="/reports/{kind}.pdf{q}">PDF</a></td></tr>'
            )
    page = (
        f'<!DOCTYPE html><html lang="{lang}" dir="{"rtl" if lang == "ar" else "ltr"}"><head><meta charset="utf-8">'
        f"<title>{html.escape(i18n.t('reports_title', lang))}</title><link rel=stylesheet href=/assets/marsad.css>"
        f"</head><body style='font-family: sans-serif; padding: 1em'><h2>{html.escape(i18n.t('reports_title', lang))}"
        f"</h2><p><a href='/?lang={lang}'>{html.escape(i18n.t('back_to_map', lang))}</a></p>"
        f"<table id=report-list>{''.join(rows)}</table>{_inbox(ctx, lang)}</body></html>"
    )
    return Response(page, mimetype="text/html")


def _label(kind: str) -> str:
    return "alert_mail_kind" if kind == "alerts" else "rep_" + kind


def _inbox(ctx, lang: str) -> str:
    """The reports delivered to the official (the inbox), newest first, each downloadable."""
    if ctx.official is None or not ctx.official.id:
        return ""
    rows = deliveries.inbox(ctx.resources.quick_engine, official_id=ctx.official.id, limit=50)
    if not rows:
        return f"<h3>{html.escape(i18n.t('inbox_title', lang))}</h3><p>{html.escape(i18n.t('inbox_empty', lang))}</p>"
    items = "".join(
        f"<tr><td>{html.escape(i18n.t(_label(r['kind']), lang))}</td><td dir=ltr>{html.escape(r['period_key'])}</td>"
        f"<td>{html.escape(r['status'])}</td><td>"
        + (f'<a href="/api/v1/inbox/{int(r["id"])}.pdf">PDF</a>' if r["has_pdf"] else "")
        + "</td></tr>"
        for r in rows
    )
    return f"<h3>{html.escape(i18n.t('inbox_title', lang))}</h3><table id=inbox>{items}</table>"


@report_pages.get("/<kind>.<fmt>")
def report(kind: str, fmt: str):
    if kind not in service.KINDS or fmt not in service.FORMATS:
        return text_errors.text(404, f"no report {kind}.{fmt}; kinds: {', '.join(service.KINDS)}; formats: pdf, html")
    ctx = context.current()
    args = request.args
    lang = i18n.lang_of(args.get("lang"), ctx.settings.default_lang)
    calendar = calendars.calendar_of(args.get("cal"), ctx.settings.calendar)
    try:
        center = params.parse_int(args, "center", default=None, lo=1, hi=2**31 - 1)
        built = service.build(
            ctx,
            kind,
            today=params.today_riyadh(),
            period=params.parse_text(args, "period"),
            center=center,
            area=params.parse_text(args, "area"),
            sector=params.parse_text(args, "sector"),
        )
    except service.NotInScope as exc:
        return text_errors.text(403, str(exc))
    except (params.BadRequest, ValueError) as exc:
        return text_errors.text(400, str(exc))
    body = service.write(ctx, built, lang=lang, fmt=fmt, calendar=calendar)
    record(ctx, "report", kind, {"format": fmt, "period": built.period.key, "lang": lang, **args.to_dict(flat=True)})
    headers = {"Cache-Control": "no-store"}
    if fmt == "pdf":
        headers["Content-Disposition"] = (
            f'attachment; filename="marsad-{kind}-{built.period.key.replace(":", "-")}.pdf"'
        )
    return Response(body, mimetype=MEDIA[fmt], headers=headers)
