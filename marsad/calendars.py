"""Dates in the Gregorian or the Umm al-Qura (Hijri) calendar, as a setting (MARSAD_CALENDAR) and a per-user
switch (`cal` in the address): labels, captions, exports and the Hijri period picker. Conversion by hijridate
(the Umm al-Qura tables, 1343–1500 AH); figures are always computed over Gregorian days, so a Hijri month or
quarter is the exact range of days it covers."""

from __future__ import annotations

from datetime import date, timedelta

from hijridate import Gregorian, Hijri

from marsad import digits

CALENDARS = ("gregorian", "hijri", "both")
SUFFIX = {"ar": "هـ", "en": "AH"}


def calendar_of(value: object, default: str = "gregorian") -> str:
    """A supported calendar (also the short forms g, h, b), else `default`."""
    short = {"g": "gregorian", "h": "hijri", "b": "both"}
    value = short.get(value, value) if isinstance(value, str) else None
    return value if value in CALENDARS else default


def short(calendar: str) -> str:
    """The form kept in the address bar."""
    return calendar[0]


def hijri(day: date) -> Hijri:
    return Gregorian(day.year, day.month, day.day).to_hijri()


def gregorian(h: Hijri) -> date:
    g = h.to_gregorian()
    return date(g.year, g.month, g.day)


def month_range(year: int, month: int) -> tuple[date, date]:
    """The first and last Gregorian day of Hijri month `month` of `year`."""
    first = Hijri(year, month, 1)
    return gregorian(first), gregorian(first) + timedelta(days=first.month_length() - 1)


def quarter_range(year: int, quarter: int) -> tuple[date, date]:
    """Hijri quarter 1–4 of `year`: months 1–3, 4–6, 7–9, 10–12."""
    start = month_range(year, 3 * (quarter - 1) + 1)[0]
    return start, month_range(year, 3 * quarter)[1]


def _digits(text: str, lang: str) -> str:
    return digits.in_script(text, lang)


def month_name(h: Hijri, lang: str) -> str:
    return h.month_name("ar" if lang == "ar" else "en")


def fmt_day(day: date, lang: str) -> str:
    """'22 جمادى الآخرة 1448 هـ' / '22 Jumada al-Akhirah 1448 AH'."""
    h = hijri(day)
    return _digits(f"{h.day} {month_name(h, lang)} {h.year} {SUFFIX[lang if lang == 'ar' else 'en']}", lang)


def fmt_month(day: date, lang: str) -> str:
    """The Hijri month of `day`: 'جمادى الآخرة 1448'."""
    h = hijri(day)
    return _digits(f"{month_name(h, lang)} {h.year}", lang)


def fmt_range(start: date, end: date, lang: str) -> str:
    return f"{fmt_day(start, lang)} – {fmt_day(end, lang)}"


def recent_periods(today: date, lang: str, *, months: int = 18, quarters: int = 6) -> list[dict]:
    """The picker's choices: the latest Hijri months and quarters (the current ones included), newest first, as
    {"value": "h:1448-06" | "h:1448-Q2", "label", "from", "to"} with Gregorian ISO days."""
    now = hijri(today)
    out = []
    year, month = now.year, now.month
    for _ in range(months):
        start, end = month_range(year, month)
        label = f"{month_name(Hijri(year, month, 1), lang)} {year}"
        out.append({"value": f"h:{year}-{month:02d}", "label": _digits(label, lang), "from": start, "to": end})
        year, month = (year, month - 1) if month > 1 else (year - 1, 12)
    year, quarter = now.year, (now.month - 1) // 3 + 1
    for _ in range(quarters):
        start, end = quarter_range(year, quarter)
        label = f"{'الربع' if lang == 'ar' else 'Q'}{' ' if lang == 'ar' else ''}{quarter} {year}"
        out.append({"value": f"h:{year}-Q{quarter}", "label": _digits(label, lang), "from": start, "to": end})
        year, quarter = (year, quarter - 1) if quarter > 1 else (year - 1, 4)
    return out


def parse_period(value: str) -> tuple[date, date] | None:
    """'h:1448-06' (a month) or 'h:1448-Q2' (a quarter) as its Gregorian days; None when it is not one."""
    if not isinstance(value, str) or not value.startswith("h:") or len(value) > 12:
        return None
    year_text, _, part = value[2:].partition("-")
    try:
        year = int(year_text)
        if part.startswith("Q"):
            quarter = int(part[1:])
            return quarter_range(year, quarter) if 1 <= quarter <= 4 else None
        month = int(part)
        return month_range(year, month) if 1 <= month <= 12 else None
    except (ValueError, OverflowError):  # not numbers, or outside the Umm al-Qura tables
        return None
