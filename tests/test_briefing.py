"""The pure builders behind the downloads: the map as a plotly figure from our own GeoJSON, and the one-page PDF
briefing (WeasyPrint: laid out here, no browser)."""

from __future__ import annotations

import io

import plotly.graph_objects as go
from PIL import Image

from marsad import briefing
from marsad.layers import map_figure
from marsad.layers.classes import COLORS, NO_DATA

SQUARE = {"type": "Polygon", "coordinates": [[[46, 24], [47, 24], [47, 25], [46, 25], [46, 24]]]}
TWO = {
    "type": "MultiPolygon",
    "coordinates": [
        [[[48, 24], [49, 24], [49, 25], [48, 24]]],
        [[[50, 24], [51, 24], [51, 26], [50, 24]], [[50.2, 24.2], [50.4, 24.2], [50.3, 24.3], [50.2, 24.2]]],
    ],
}


def area(code, geometry, mean, n, name="<b>الرياض</b> %{x}"):
    props = {"code": code, "name_ar": name, "name_en": code, "mean": mean, "n": n}
    return {"type": "Feature", "geometry": geometry, "properties": props}


def test_the_map_figure_groups_areas_by_colour_and_keeps_names_as_text():
    areas = {"type": "FeatureCollection", "features": [area("A", SQUARE, 4.5, 10), area("B", TWO, None, 0)]}
    centers = {
        "type": "FeatureCollection",
        "features": [
            {
                "type": "Feature",
                "geometry": {"type": "Point", "coordinates": [46.5, 24.5]},
                "properties": {"mean": 2.0, "n": 3},
            }
        ],
    }
    fig = map_figure.choropleth(areas, centers, title="t", lang="ar", no_data_label="none")
    go.Figure(fig)  # valid plotly
    fills = [t for t in fig["data"] if t.get("fill") == "toself"]
    assert [t["fillcolor"] for t in fills] == [COLORS[-1], NO_DATA] and fills[1]["name"] == "none"
    # the multipolygon's two outer rings, each closed by a gap; its hole is not drawn
    assert fills[1]["x"].count(None) == 2 and len(fills[1]["x"]) == 4 + 4 + 2
    text = next(t for t in fig["data"] if t.get("mode") == "text")["text"]
    assert text[0] == "&lt;b&gt;الرياض&lt;/b&gt; % {x}"
    assert next(t for t in fig["data"] if t.get("mode") == "markers")["marker"]["color"] == [COLORS[0]]
    assert 1.05 < fig["layout"]["yaxis"]["scaleratio"] < 1.15  # 1 / cos(24.5-25°)


def _brief(rows: int, lang: str = "ar") -> briefing.Briefing:
    out = io.BytesIO()
    Image.new("RGB", (90, 60), "#2166ac").save(out, format="PNG")
    png = out.getvalue()
    return briefing.Briefing(
        lang=lang,
        title="<script>alert(1)</script> مرصد",
        facts=[("الفترة", "2025")],
        kpis=[("عدد التقييمات", "١٬٠٠٠", "+٣")],
        pictures=[("map", png), ("a", png), ("b", png)],
        table_title="المحافظات",
        columns=["الاسم", "المتوسط"],
        rows=[[f"محافظة ذات اسم طويل جداً جداً رقم {i} <img src=x>", "3.5"] for i in range(rows)],
        footer="f",
    )


def test_the_briefing_escapes_every_text_and_fits_one_page():
    html = briefing.to_html(_brief(3))
    assert "<script>" not in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "<img src=x>" not in html and 'dir="rtl"' in html
    assert len(briefing.render(_brief(200)).pages) > 1  # a long table does not fit as it is...
    fitted, document = briefing.fitted(_brief(200))  # ...so its last rows are left out
    assert len(document.pages) == 1 and 10 < len(fitted.rows) < 200
    assert briefing.pdf(_brief(5)).startswith(b"%PDF")
