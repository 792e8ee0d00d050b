"""A method's text in the page's language and, below it and smaller, in the other: how every index and grade is
computed is shown in both languages beside it."""

from __future__ import annotations

from dash import html


def both_languages(texts: dict[str, str], lang: str, test_id: str) -> html.Div:
    other = "en" if lang == "ar" else "ar"
    return html.Div(
        [
            html.P(texts[lang], id=test_id, className="marsad-method"),
            html.P(texts[other], lang=other, dir="rtl" if other == "ar" else "ltr", className="marsad-method-other"),
        ]
    )
