"""A report as HTML (the in-app page) and as an A4 PDF (WeasyPrint): Arabic right to left with Arabic-Indic digits,
or English; the period and the jurisdiction on every page, page numbers, the method text. Every text from the
data is escaped; the charts are SVG (charts.py); nothing is fetched."""

from __future__ import annotations

import html
import threading
from datetime import datetime

from marsad import i18n
from marsad.alerts import text as alert_text
from marsad.layers.classes import legend_items
from marsad.queries.rollups import CRITERIA
from marsad.reports import charts, render_programme
from marsad.reports.content import Report

FONTS = "'Noto Sans', 'Noto Sans Arabic', 'DejaVu Sans', sans-serif"
CSS = """
@page { size: A4; margin: 18mm 14mm 16mm;
  @top-center { content: string(running); font-size: 7.5pt; color: #6b7280; }
  @bottom-center { content: counter(page) " / " counter(pages); font-size: 8pt; color: #6b7280; } }
body { font-family: FONTS; font-size: 9pt; color: #1f2937; }
.running { string-set: running content(); font-size: 0; height: 0; }
h1 { font-size: 16pt; margin: 0 0 1mm; } h2 { font-size: 11pt; margin: 5mm 0 1.5mm; border-bottom: 1px solid #e5e7eb; }
.sub { color: #4b5563; margin-bottom: 3mm; }
table { border-collapse: collapse; width: 100%; } th, td { padding: 1mm 1.5mm; border-bottom: 1px solid #eee;
  text-align: start; vertical-align: top; } th { background: #f3f4f6; }
td.n { text-align: end; white-space: nowrap; }
.comment { border-inline-start: 2px solid #d1d5db; padding: 0.5mm 2mm; margin: 1.5mm 0; }
.comment .meta { color: #6b7280; font-size: 7.5pt; }
.method { color: #4b5563; font-size: 8pt; } .legend span { display: inline-block; width: 3mm; height: 3mm; }
.split { display: flex; gap: 4mm; } .split > div { flex: 1; }
""".replace("FONTS", FONTS)


def _e(value: object) -> str:
    return html.escape(str(value), quote=True)


class _Fmt:
    def __init__(self, lang: str):
        self.lang = lang

    def n(self, v) -> str:
        return i18n.fmt_count(v, self.lang) if v is not None else "—"

    def mean(self, v) -> str:
        return i18n.fmt_mean(v, self.lang)

    def share(self, v) -> str:
        return i18n.fmt_share(v, self.lang)

    def signed(self, v, **kw) -> str:
        return i18n.fmt_signed(v, self.lang, **kw)


def _kpi_table(r: Report, f: _Fmt, t) -> str:
    k, prev, ago = r.kpis, r.kpis["previous"], r.year_ago
    rows = [
        (t("kpi_n"), f.n(k["n"]), f.n(prev["n"]), f.signed(k["change"]["n"], digits=0), f.n(ago["n"])),
        (t("kpi_mean"), f.mean(k["mean"]), f.mean(prev["mean"]), f.signed(k["change"]["mean"]), f.mean(ago["mean"])),
        (
            t("kpi_satisfied"),
            f.share(k["satisfied_share"]),
            f.share(prev["satisfied_share"]),
            f.signed(k["change"]["satisfied_share"], percent=True),
            f.share(ago["satisfied_share"]),
        ),
    ]
    head = "".join(
        f"<th>{_e(t(c))}</th>" for c in ("rep_measure", "rep_this", "rep_previous", "rep_change", "rep_year_ago")
    )
    body = "".join(
        f'<tr><td>{_e(a)}</td><td class="n kpi">{_e(b)}</td><td class="n">{_e(c)}</td><td class="n">{_e(d)}</td>'
        f'<td class="n">{_e(e)}</td></tr>'
        for a, b, c, d, e in rows
    )
    return f'<table class="kpis"><tr>{head}</tr>{body}</table>'


def _trend(r: Report, f: _Fmt, t, rtl: bool) -> str:
    points = [(p["mean"], int(p["n"] or 0)) for p in r.trend]
    first = r.trend[0]["period"] if r.trend else None
    last = r.trend[-1]["period"] if r.trend else None
    span = f"{i18n.fmt_period(first, 'month', f.lang)} – {i18n.fmt_period(last, 'month', f.lang)}" if first else ""
    return f"<h2>{_e(t('rep_trend'))}</h2>{charts.trend(points, rtl=rtl)}<div class=sub>{_e(span)}</div>"


def _ranked(rows: list[dict], f: _Fmt, t, lang: str, title: str) -> str:
    if not rows:
        return ""
    head = "".join(f"<th>{_e(t(c))}</th>" for c in ("col_rank", "col_center", "col_mean", "col_ci", "col_n"))
    body = "".join(
        f"<tr><td class=n>{_e(f.n(row['rank']))}</td><td>{_e(i18n.name(row, lang))}</td>"
        f"<td class=n>{_e(f.mean(row['mean']))}</td>"
        f"<td class=n>{_e(f.mean(row['ci_low']))} – {_e(f.mean(row['ci_high']))}</td><td class=n>{_e(f.n(row['n']))}</td></tr>"
        for row in rows
    )
    return f"<h2>{_e(title)}</h2><table>{head and '<tr>' + head + '</tr>'}{body}</table>"


def _center_body(r: Report, f: _Fmt, t, lang: str, rtl: bool) -> str:
    crit = r.criteria or {}
    crit_rows = "".join(
        f"<tr><td>{_e(t('crit_' + c))}</td><td class=n>{_e(f.mean(crit.get(c)))}</td></tr>" for c in CRITERIA
    )
    crit_chart = charts.bars([crit.get(c) for c in CRITERIA], top=5, rtl=rtl, fmt=f.mean, width=260)
    services = "".join(
        f"<tr><td>{_e(i18n.name(s, lang))}</td><td class=n>{_e(f.n(s['n']))}</td><td class=n>{_e(f.mean(s['mean']))}</td>"
        f"<td class=n>{_e(f.share(s['satisfied_share']))}</td></tr>"
        for s in r.services
    )
    peers = "".join(
        f"<tr><td>{_e(t('rep_' + level))}</td><td>"
        + _e(t("rep_rank_of", rank=f.n(p["rank"]), of=f.n(p["of"])) if p.get("rank") else t("rep_unranked"))
        + "</td></tr>"
        for level, p in r.peers.items()
    )
    comments = (
        "".join(
            f'<div class="comment"><div class="meta">{_e(i18n.fmt_day(c["submitted_at"], lang))} · '
            f'{_e(f.n(c["overall"]))}/{_e(f.n(5))}</div><div dir="auto">{_e(c["comment"])}</div></div>'
            for c in r.comments
        )
        or f"<p>{_e(t('rep_no_comments'))}</p>"
    )
    return (
        f"<div class=split><div><h2>{_e(t('criteria'))}</h2><table>{crit_rows}</table></div>"
        f"<div><h2>&#160;</h2>{crit_chart}</div></div>"
        f"<h2>{_e(t('rep_services'))}</h2><table><tr><th>{_e(t('service'))}</th><th>{_e(t('col_n'))}</th>"
        f"<th>{_e(t('col_mean'))}</th><th>{_e(t('kpi_satisfied'))}</th></tr>{services}</table>"
        f"<h2>{_e(t('rep_peers'))}</h2><table>{peers}</table>"
        + _trend(r, f, t, rtl)
        + f"<h2>{_e(t('rep_comments'))}</h2>{comments}"
    )


def _area_body(r: Report, f: _Fmt, t, lang: str, rtl: bool) -> str:
    legend = "".join(f'<span style="background:{c}"></span> {_e(label)} ' for c, label in legend_items())
    area_rows = "".join(
        f"<tr><td>{_e(i18n.name(a, lang))}</td><td class=n>{_e(f.n(a['n']))}</td><td class=n>{_e(f.mean(a['mean']))}</td>"
        f"<td class=n>{_e(f.share(a['satisfied_share']))}</td></tr>"
        for a in sorted(r.areas, key=lambda a: -(a["mean"] or 0))
    )
    sectors = "".join(
        f"<tr><td class=n>{_e(f.n(s['rank']))}</td><td>{_e(i18n.name(s, lang))}</td><td class=n>{_e(f.mean(s['mean']))}</td>"
        f"<td class=n>{_e(f.mean(s['ci_low']))} – {_e(f.mean(s['ci_high']))}</td><td class=n>{_e(f.n(s['n']))}</td></tr>"
        for s in r.sectors
    )
    return (
        f"<h2>{_e(t('rep_map'))}</h2><div class=split><div>{charts.choropleth(r.map_features)}"
        f'<div class="legend method">{legend}</div></div>'
        f"<div><table><tr><th>{_e(t('col_area'))}</th><th>{_e(t('col_n'))}</th><th>{_e(t('col_mean'))}</th>"
        f"<th>{_e(t('kpi_satisfied'))}</th></tr>{area_rows}</table></div></div>"
        + _trend(r, f, t, rtl)
        + f"<h2>{_e(t('rep_sectors'))}</h2><table><tr><th>{_e(t('col_rank'))}</th><th>{_e(t('sector'))}</th>"
        f"<th>{_e(t('col_mean'))}</th><th>{_e(t('col_ci'))}</th><th>{_e(t('col_n'))}</th></tr>{sectors}</table>"
        + _ranked(r.top, f, t, lang, t("top_centers"))
        + _ranked(r.bottom, f, t, lang, t("bottom_centers"))
    )


def to_html(
    r: Report,
    *,
    lang: str,
    recipient: str,
    jurisdiction: str,
    now: datetime,
    calendar: str = "gregorian",
    styled: bool = True,
) -> str:
    """The report as an HTML page; `styled` False leaves out the stylesheet (to_pdf brings it, parsed once)."""
    rtl = lang == "ar"
    f = _Fmt(lang)

    def t(key: str, **kw) -> str:
        return i18n.t(key, lang, **kw)

    subject = r.subject
    if subject.get("center"):
        about = i18n.name(subject["center"], lang)
    elif subject.get("area"):
        about = i18n.name(subject["area"], lang)
    else:
        about = jurisdiction
    if subject.get("sector_name"):
        about += " · " + subject["sector_name"][lang]
    period = r.period.label(lang, calendar)
    body = _center_body(r, f, t, lang, rtl) if r.kind == "center-weekly" else _area_body(r, f, t, lang, rtl)
    alerts = "".join(
        f"<li>{_e(alert_text.place(a, lang))} · {_e(i18n.fmt_text_digits(a['day'].isoformat(), lang))} · "
        f"{_e(alert_text.describe(a, lang))} ({_e(t('alert_' + a['status']))})</li>"
        for a in r.alerts
    )
    return f"""<!DOCTYPE html><html lang="{lang}" dir="{"rtl" if rtl else "ltr"}"><head><meta charset="utf-8">
<title>{_e(t("rep_" + r.kind))} · {_e(about)}</title>{f"<style>{CSS}</style>" if styled else ""}</head><body>
<div class="running">{_e(t("rep_" + r.kind))} · {_e(about)} · {_e(period)} · {_e(t("jurisdiction"))}: {_e(jurisdiction)}</div>
<h1>{_e(t("rep_" + r.kind))} · {_e(about)}</h1>
<div class="sub"><b>{_e(t("period"))}:</b> <span class="period">{_e(period)}</span> ·
<b>{_e(t("jurisdiction"))}:</b> {_e(jurisdiction)} · <b>{_e(t("rep_for"))}</b> {_e(recipient)} ·
{_e(i18n.fmt_text_digits(f"{now:%Y-%m-%d %H:%M} UTC", lang))}</div>
{_kpi_table(r, f, t)}
{body}
{render_programme.sections(r, f, t, lang)}
<h2>{_e(t("rep_alerts"))}</h2>{f"<ul>{alerts}</ul>" if alerts else f"<p>{_e(t('rep_no_alerts'))}</p>"}
<h2>{_e(t("rep_method"))}</h2><p class="method">{_e(r.method[lang if rtl else "en"])}</p>
</body></html>"""


_pdf_tools = threading.local()


def to_pdf(page: str) -> bytes:
    """A page of to_html(…, styled=False) as a PDF, with the stylesheet parsed once per thread (a third of the
    time a weekly report took was its stylesheet parsed again, and fonts looked up again); nothing is fetched but
    data: URLs."""
    from weasyprint import CSS as Stylesheet
    from weasyprint import HTML
    from weasyprint.text.fonts import FontConfiguration
    from weasyprint.urls import URLFetcher

    tools = getattr(_pdf_tools, "tools", None)
    if tools is None:
        fonts = FontConfiguration()
        tools = _pdf_tools.tools = (
            fonts,
            Stylesheet(string=CSS, font_config=fonts),
            URLFetcher(allowed_protocols={"data"}, fail_on_errors=True),
        )
    fonts, stylesheet, fetcher = tools
    return HTML(string=page, url_fetcher=fetcher).write_pdf(stylesheets=[stylesheet], font_config=fonts)
