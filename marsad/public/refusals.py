"""A refusal of the citizens' service (citizens/service.Refused) said in the page's language: by its key when it
has one (the API keeps the English text), else as it is."""

from __future__ import annotations

from marsad import i18n
from marsad.citizens.service import Refused


def said(exc: Refused, lang: str) -> str:
    key = f"pub_err_{exc.key}" if exc.key else None
    return i18n.t(key, lang, **exc.words) if key and key in i18n.STRINGS else str(exc)
