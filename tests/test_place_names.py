"""Place names on the maps (daily-use issue, point 5): the shipped cities and towns as an offline label layer,
more of them the closer the map is zoomed, on the explorer, a center's small map and the citizens' map."""

from __future__ import annotations

import pytest
import requests

from marsad.geodata import boundaries
from marsad.layers import places
from tests.browsing import signed_in


@pytest.mark.unit
def test_labels_carry_the_name_in_the_language_and_the_tier_of_the_places_size():
    shipped = boundaries.places("SA")
    assert len(shipped) > 100 and all(p["lon"] and p["lat"] for p in shipped)
    biggest = max(shipped, key=lambda p: p["population"])
    ar, en = places.labels(shipped, "ar"), places.labels(shipped, "en")
    assert len(ar["features"]) == len(shipped)
    last = ar["features"][-1]  # the biggest is drawn last, on top
    assert last["properties"] == {"name": biggest["name_ar"], "tier": 1}
    assert en["features"][-1]["properties"]["name"] == biggest["name_en"]
    assert last["geometry"]["coordinates"] == [biggest["lon"], biggest["lat"]]
    assert {"name": "الرياض", "tier": 1} in [f["properties"] for f in ar["features"]]
    assert [places.tier(n) for n in (5_000_000, 1_000_000, 999_999, 200_000, 50_000, 10_000, 9_999, None)] == [
        1, 1, 2, 2, 3, 4, 5, 5]  # fmt: skip
    tiers = [f["properties"]["tier"] for f in ar["features"]]
    assert tiers == sorted(tiers, reverse=True) and set(tiers) == {1, 2, 3, 4, 5}


def test_the_place_names_are_public_cached_and_in_the_asked_language(live_server):
    r = requests.get(f"{live_server.url}/api/v1/public/places", params={"lang": "ar"}, timeout=30)
    assert r.status_code == 200 and "max-age=86400" in r.headers["Cache-Control"]
    names = {f["properties"]["name"] for f in r.json()["features"]}
    assert "الرياض" in names and "جدة" in names and "Riyadh" not in names
    r = requests.get(f"{live_server.url}/api/v1/public/places", params={"lang": "xx"}, timeout=30)
    assert "الرياض" in {f["properties"]["name"] for f in r.json()["features"]}  # unknown: the default, Arabic


@pytest.mark.browser
def test_the_map_names_the_big_cities_nationally_and_the_towns_closer_in(live_server, accounts, browser):
    context = signed_in(browser, accounts["analyst"])
    page = context.new_page()
    page.goto(f"{live_server.url}/?lang=ar")
    page.wait_for_selector(".marsad-place-1 span")
    shown = [t for t in page.locator(".marsad-place span:visible").all_inner_texts()]
    assert "الرياض" in shown and "جدة" in shown
    assert page.locator(".marsad-place-5 span:visible").count() == 0  # no village names over the whole country
    national = len(shown)
    page.locator("path.marsad-area-SA-01").click()  # the map flies to the Riyadh region: more names
    page.wait_for_function(
        "n => document.querySelectorAll('.marsad-place').length > 0 && "
        "[...document.querySelectorAll('.marsad-place span')].filter(e => e.offsetParent).length > n",
        arg=national,
        timeout=15000,
    )
    assert page.locator(".marsad-place span").first.evaluate("e => e.closest('.leaflet-interactive')") is None

    page.goto(f"{live_server.url}/?lang=en")
    page.wait_for_selector(".marsad-place-1 span")
    assert "Riyadh" in page.locator(".marsad-place span:visible").all_inner_texts()
    context.close()
