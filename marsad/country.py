"""Country profiles (data, not code: marsad/countries/<code>.json): what the interface calls the levels, the top of
the map and the officials' roles, the phone numbers' form, the week (first day, weekend), the calendar's locale and
the map's starting view. Saudi Arabia, Jordan and Bahrain ship; another country is one more file there.

The words reach i18n.t through `use(code)`, set for each request from the app's settings (several apps in one
process keep their own); `set_default` covers work outside a request (reports, mail)."""

from __future__ import annotations

import json
from contextvars import ContextVar
from dataclasses import dataclass
from functools import cache
from pathlib import Path

FOLDER = Path(__file__).parent / "countries"
_CURRENT: ContextVar[str | None] = ContextVar("marsad_country", default=None)
_DEFAULT = ["SA"]
WORDS = ("national", "level_region", "level_governorate", "level_locality", "role_governor",
         "role_governorate_official")  # fmt: skip


class UnknownCountry(ValueError):
    pass


@dataclass(frozen=True)
class Profile:
    code: str
    name: dict[str, str]
    strings: dict[str, tuple[str, str]]
    phone_local: str
    phone_international: str
    first_day: int  # 0 Sunday … 6 Saturday
    weekend: tuple[int, ...]
    date_locale: str  # the date pickers' Arabic locale (assets/marsad_dates.js)
    map_center: tuple[float, float]
    map_zoom: int


def available() -> list[str]:
    return sorted(p.stem for p in FOLDER.glob("*.json"))


@cache
def profile(code: str) -> Profile:
    path = FOLDER / f"{code}.json"
    if not path.is_file():
        raise UnknownCountry(f"no country profile {code!r}; expected one of {', '.join(available())}")
    raw = json.loads(path.read_text(encoding="utf-8"))
    strings = {k: (v[0], v[1]) for k, v in raw["strings"].items()}
    missing = [k for k in WORDS if k not in strings]
    if missing:
        raise UnknownCountry(f"{path.name} lacks the words {', '.join(missing)}")
    return Profile(
        code=raw["code"],
        name=raw["name"],
        strings=strings,
        phone_local=raw["phone"]["local"],
        phone_international=raw["phone"]["international"],
        first_day=int(raw["week"]["first_day"]),
        weekend=tuple(int(d) for d in raw["week"]["weekend"]),
        date_locale=raw["date_locale"],
        map_center=(float(raw["map"]["center"][0]), float(raw["map"]["center"][1])),
        map_zoom=int(raw["map"]["zoom"]),
    )


def set_default(code: str) -> None:
    profile(code)  # refuses an unknown one
    _DEFAULT[0] = code


def use(code: str) -> None:
    """The country of the work at hand (each request: its app's)."""
    _CURRENT.set(code)


def current() -> Profile:
    return profile(_CURRENT.get() or _DEFAULT[0])
