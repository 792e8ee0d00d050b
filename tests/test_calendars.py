"""The Umm al-Qura calendar (hijridate) at month boundaries, against dates published for Saudi Arabia: the first
days of Ramadan and Shawwal 1446 and of Muharram 1447 and Ramadan 1447."""

from __future__ import annotations

from datetime import date, timedelta

from marsad import calendars, i18n

# first Gregorian day of a Hijri month, as announced (Umm al-Qura)
FIRST_DAYS = {
    (1446, 9): date(2025, 3, 1),  # Ramadan 1446
    (1446, 10): date(2025, 3, 30),  # Shawwal 1446 (Eid al-Fitr)
    (1447, 1): date(2025, 6, 26),  # Muharram 1447
    (1447, 9): date(2026, 2, 18),  # Ramadan 1447
}


def test_months_start_and_end_on_the_published_days():
    for (year, month), first in FIRST_DAYS.items():
        start, end = calendars.month_range(year, month)
        assert start == first
        h_last, h_next = calendars.hijri(end), calendars.hijri(end + timedelta(days=1))
        assert (h_last.year, h_last.month) == (year, month) and h_next.day == 1
        assert calendars.hijri(first - timedelta(days=1)).month != month
    ramadan = calendars.month_range(1446, 9)
    assert ramadan[1] == date(2025, 3, 29)  # 29 days: Shawwal began on the 30th


def test_quarters_and_the_picker_cover_whole_months():
    start, end = calendars.quarter_range(1447, 1)
    assert start == date(2025, 6, 26) and calendars.hijri(end).month == 3
    assert calendars.hijri(end + timedelta(days=1)).month == 4
    choices = calendars.recent_periods(date(2026, 2, 20), "ar")
    ramadan = next(c for c in choices if c["value"] == "h:1447-09")
    assert ramadan["label"] == "رمضان ١٤٤٧" and ramadan["from"] == date(2026, 2, 18)
    assert calendars.parse_period("h:1447-09") == (ramadan["from"], ramadan["to"])
    assert calendars.parse_period("h:1447-Q3") == (calendars.month_range(1447, 7)[0], ramadan["to"])
    for bad in ("h:1447-13", "h:1447-Q5", "h:1600-01", "h:x", "1447-09", "h:1447-0x", None, "h:" + "9" * 20):
        assert calendars.parse_period(bad) is None, bad


def test_labels_in_each_calendar():
    day = date(2025, 3, 30)
    assert calendars.fmt_day(day, "en") == "1 Shawwal 1446 AH"
    assert calendars.fmt_day(day, "ar") == "١ شوال ١٤٤٦ هـ"
    assert i18n.fmt_period(date(2025, 3, 1), "month", "en") == "Mar 2025"
    assert i18n.fmt_period(date(2025, 3, 1), "month", "en", "hijri") == "1 Ramadan 1446"
    assert i18n.fmt_period(date(2025, 3, 1), "month", "en", "both") == "Mar 2025<br>1 Ramadan 1446"
    assert i18n.fmt_range(date(2025, 3, 1), date(2025, 3, 29), "en", "hijri") == (
        "1 Ramadan 1446 AH – 29 Ramadan 1446 AH"
    )
    assert calendars.calendar_of("h") == "hijri" and calendars.calendar_of("x", "both") == "both"
