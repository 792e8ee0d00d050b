"""Which digits the Arabic interface writes: Arabic-Indic (٠١٢٣) by default, Latin for a reader who chose them
(many Gulf officials prefer them). The choice is the reader's cookie, set for each request before anything is
formatted; every number on a page, in a chart (assets/marsad_digits.js) and in a report goes through here."""

from __future__ import annotations

from contextvars import ContextVar

COOKIE = "marsad_digits"  # "latin", else the language's own digits
ARABIC = str.maketrans("0123456789.,%-", "٠١٢٣٤٥٦٧٨٩٫٬٪−")
LATIN = str.maketrans("٠١٢٣٤٥٦٧٨٩٫٬٪", "0123456789.,%")
_LATIN: ContextVar[bool] = ContextVar("marsad_latin_digits", default=False)


def use_latin(on: bool) -> None:
    """This request's choice (from the reader's cookie)."""
    _LATIN.set(on)


def latin() -> bool:
    return _LATIN.get()


def in_script(text: str, lang: str) -> str:
    """`text`'s digits and number signs in the digits of `lang` as this reader writes them."""
    return text.translate(ARABIC) if lang == "ar" and not _LATIN.get() else text


def of_reader(text: str, lang: str) -> str:
    """A text written with Arabic-Indic digits (an interface string, "(١–٥)") as this reader writes digits."""
    return text.translate(LATIN) if lang == "ar" and _LATIN.get() else text
