"""A view as a one-page PDF briefing (WeasyPrint, A4 landscape, Arabic right to left or English): title, what the
view holds (filters, period, jurisdiction, time of export), the KPIs, the map and charts as pictures, and a table.

Every text is escaped: names and titles come from the data and are never read as markup. Nothing is fetched:
pictures go in as data: URLs and any other URL is refused.
"""

from __future__ import annotations

import base64
import html
from collections.abc import Sequence
from dataclasses import dataclass, replace

FONTS = "'Noto Sans', 'Noto Sans Arabic', 'DejaVu Sans', sans-serif"  # a Latin font first (DESIGN.md)


@dataclass(frozen=True)
class Briefing:
    lang: str
    title: str
    facts: Sequence[tuple[str, str]]  # (label, value): filters, period, jurisdiction, exported by and at
    kpis: Sequence[tuple[str, str, str]]  # (label, value, change)
    pictures: Sequence[tuple[str, bytes]]  # (caption, PNG)
    table_title: str
    columns: Sequence[str]
    rows: Sequence[Sequence[str]]
    footer: str


def _e(text: object) -> str:
    return html.escape(str(text), quote=True)


def to_html(b: Briefing) -> str:
    rtl = b.lang == "ar"
    facts = "".join(f"<span><b>{_e(k)}:</b> {_e(v)}</span>" for k, v in b.facts)
    kpis = "".join(
        f'<div class="kpi"><div class="k">{_e(k)}</div><div class="v">{_e(v)}</div><div class="c">{_e(c)}</div></div>'
        for k, v, c in b.kpis
    )
    figures = [
        f'<figure><img src="data:image/png;base64,{base64.b64encode(png).decode()}" alt="{_e(caption)}">'
        f"<figcaption>{_e(caption)}</figcaption></figure>"
        for caption, png in b.pictures
    ]
    head = "".join(f"<th>{_e(c)}</th>" for c in b.columns)
    body = "".join("<tr>" + "".join(f"<td>{_e(v)}</td>" for v in row) + "</tr>" for row in b.rows)
    return f"""<!DOCTYPE html>
<html lang="{_e(b.lang)}" dir="{"rtl" if rtl else "ltr"}"><head><meta charset="utf-8"><title>{_e(b.title)}</title>
<style>
@page {{ size: A4 landscape; margin: 10mm; }}
body {{ font-family: {FONTS}; font-size: 8.5pt; color: #1f2937; margin: 0; }}
h1 {{ font-size: 15pt; margin: 0 0 2mm; }}
.facts span {{ margin-inline-end: 4mm; color: #4b5563; }}
.kpi {{ border: 1px solid #d1d5db; border-radius: 2mm; padding: 2mm; }}
.kpi .k {{ color: #6b7280; }} .kpi .v {{ font-size: 14pt; font-weight: bold; }} .kpi .c {{ color: #6b7280; }}
.kpis {{ display: table; width: 100%; border-spacing: 2mm 0; margin: 2mm -2mm; }}
.kpi {{ display: table-cell; }}
.grid {{ width: 100%; border-collapse: collapse; }}
.grid > tbody > tr > td {{ vertical-align: top; padding: 0 1.5mm; border: 0; }}
figure {{ margin: 0 0 2mm; }} figure img {{ display: block; }}
.map img {{ width: 124mm; }} .charts img {{ width: 86mm; }}
figcaption {{ color: #6b7280; font-size: 7pt; }}
h3 {{ font-size: 10pt; margin: 0 0 1mm; }}
.rows {{ border-collapse: collapse; width: 100%; }}
.rows th, .rows td {{ border-bottom: 1px solid #e5e7eb; padding: 0.7mm 1.2mm; text-align: start; }}
.rows th {{ background: #f3f4f6; }}
footer {{ position: fixed; bottom: 0; color: #9ca3af; font-size: 7pt; }}
</style></head>
<body><h1>{_e(b.title)}</h1><div class="facts">{facts}</div><div class="kpis">{kpis}</div>
<table class="grid"><tbody><tr><td class="map">{"".join(figures[:1])}</td><td class="charts">{"".join(figures[1:])}</td>
<td><h3>{_e(b.table_title)}</h3><table class="rows"><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table></td>
</tr></tbody></table>
<footer>{_e(b.footer)}</footer></body></html>"""


def render(b: Briefing):
    """The laid-out document (weasyprint.Document: its pages, and write_pdf)."""
    from weasyprint import HTML
    from weasyprint.urls import URLFetcher

    # data: URLs only (the pictures); a failed fetch fails the briefing rather than leaving a hole in it
    fetcher = URLFetcher(allowed_protocols={"data"}, fail_on_errors=True)
    return HTML(string=to_html(b), url_fetcher=fetcher).render()


def fitted(b: Briefing):
    """(the briefing, its document) on one page: the table's last rows are left out while the view does not fit
    (long names wrap)."""
    document = render(b)
    while len(document.pages) > 1 and b.rows:
        b = replace(b, rows=b.rows[: len(b.rows) - max(1, len(b.rows) // 4)])
        document = render(b)
    return b, document


def pdf(b: Briefing) -> bytes:
    """The briefing as a one-page PDF."""
    return fitted(b)[1].write_pdf()
