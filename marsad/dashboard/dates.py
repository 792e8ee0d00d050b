"""The officials' period picker, in the page's language and the country's week (first day, weekend): Arabic month
and day names come from assets/marsad_dates.js (no download), which DatesProvider finds by the locale's name."""

from __future__ import annotations

import dash_mantine_components as dmc

from marsad import country, i18n


def period_picker(picker_id: str, lang: str, value: list, **kwargs) -> dmc.DatesProvider:
    p = country.current()
    return dmc.DatesProvider(
        dmc.DatePickerInput(
            id=picker_id,
            label=i18n.t("period", lang),
            type="range",
            value=value,
            valueFormat="YYYY-MM-DD",
            **kwargs,
        ),
        settings={
            "locale": p.date_locale if lang == "ar" else "en",
            "firstDayOfWeek": p.first_day,
            "weekendDays": list(p.weekend),
        },
    )
