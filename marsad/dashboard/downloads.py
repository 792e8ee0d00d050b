"""Downloads of the explorer's view, at /download/explorer/<name>.<format> with the view's own query string
(area, sector, service, source, from, to, lang): a table as CSV or Excel, every table as one workbook
(all.xlsx), the map or a chart as PNG, the whole view as a one-page PDF briefing (all.pdf).

Signed-in officials only (not a public route), with the jurisdiction of the session like every read; an area
outside it is refused rather than replaced; each download is audited with its row count."""

from __future__ import annotations

from datetime import UTC, datetime

import flask
from flask import Blueprint, Response, request

from marsad import briefing, calendars, context, exports, i18n, params, pictures
from marsad.audit_trail import record
from marsad.dashboard import text_errors
from marsad.dashboard.views import explorer as view_mod
from marsad.dashboard.views import explorer_export as files

downloads = Blueprint("downloads", __name__, url_prefix="/download")
OFFERED = {
    **{(name, fmt): exports.MEDIA[fmt] for name in files.TABLES for fmt in exports.FORMATS},
    ("all", "xlsx"): exports.MEDIA["xlsx"],
    **{(name, "png"): "image/png" for name in files.CHARTS},
    ("all", "pdf"): "application/pdf",
}


text_errors.install(downloads, "download")


@downloads.errorhandler(pictures.PicturesUnavailable)
def _no_pictures(exc):
    return text_errors.text(503, str(exc))


@downloads.get("/explorer/<name>.<fmt>")
def explorer(name: str, fmt: str):
    if (name, fmt) not in OFFERED:
        choices = ", ".join(sorted(f"{n}.{f}" for n, f in OFFERED))
        return text_errors.text(404, f"no download {name}.{fmt}; offered: {choices}")
    ctx = context.current()
    state = {k: params.parse_text(request.args, k) for k in view_mod.STATE_KEYS}
    state["measure"] = None  # the files hold the ratings' tables, whatever the map shows
    lang = i18n.lang_of(params.parse_text(request.args, "lang"), ctx.settings.default_lang)
    calendar = calendars.calendar_of(params.parse_text(request.args, "cal"), ctx.settings.calendar)
    ctx.area_in_scope(state["area"])  # refused, not replaced by the home area as on the page
    params.parse_filters(state, ctx.ref.catalog(), params.today_riyadh())  # a bad filter is a 400, not a warning
    d = view_mod.read(ctx, state=state, lang=lang)
    now = datetime.now(UTC).replace(microsecond=0)
    asked = {k: v for k, v in state.items() if v}
    if fmt in exports.FORMATS:
        body, rows = files.table_file(ctx, d, name, fmt, lang, now=now, calendar=calendar)
        if rows > ctx.settings.max_export_rows:
            raise params.BadRequest(
                f"this export would hold {rows:,} rows, more than {ctx.settings.max_export_rows:,}: narrow the area, "
                "the filters or the period"
            )
    elif fmt == "png":
        fig, width, height = files.chart(ctx, d, name, lang, calendar)
        body, rows = pictures.png(fig, width=width, height=height), len(d.rows)
    else:
        body, rows = briefing_pdf(ctx, d, lang, now, calendar), len(d.rows)
    record(ctx, "export", f"explorer/{name}", {"format": fmt, "rows": rows, "lang": lang, **asked})
    where = (state["area"] or "national").replace("/", "-")
    filename = f"marsad-explorer-{name}-{where}-{now:%Y%m%d-%H%M%S}.{fmt}"
    return Response(
        body,
        mimetype=OFFERED[(name, fmt)],
        headers={"Content-Disposition": f'attachment; filename="{filename}"', "Cache-Control": "no-store"},
    )


def briefing_pdf(ctx, d, lang: str, now: datetime, calendar: str) -> bytes:
    return briefing.pdf(files.brief(ctx, d, lang, now=now, png=pictures.png, calendar=calendar))


def install(server: flask.Flask) -> None:
    server.register_blueprint(downloads)
