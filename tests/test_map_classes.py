"""The map's colour classes (daily-use issue, point 5): fixed, the sixths of the view, or the difference from the
jurisdiction's mean, each with a legend that says which; colours checked against the API's numbers."""

from __future__ import annotations

from itertools import pairwise

import pytest
import requests

from tests.browsing import signed_in

pytestmark = pytest.mark.browser
PALETTE = ["#b2182b", "#ef8a62", "#fddbc7", "#d1e5f0", "#67a9cf", "#2166ac"]  # lowest to highest
PERIOD = {"from": "2025-12-01", "to": "2026-11-30"}


def fills(page) -> dict[str, str]:
    return page.evaluate(
        "() => Object.fromEntries([...document.querySelectorAll('path.marsad-area')].map(p => "
        "[[...p.classList].find(c => c.startsWith('marsad-area-') ).slice(12), p.getAttribute('fill')]))"
    )


def test_difference_from_the_national_mean_and_sixths_of_the_view(live_server, accounts, browser):
    auth = accounts["analyst"]
    regions = requests.get(f"{live_server.url}/api/v1/areas", params=PERIOD, auth=auth, timeout=30).json()
    national = requests.get(f"{live_server.url}/api/v1/summary", params=PERIOD, auth=auth, timeout=30).json()
    reference = round(national["mean"], 2)
    means = {f["properties"]["code"]: f["properties"]["mean"] for f in regions["features"] if f["properties"]["n"]}
    assert len(means) >= 10

    def expected_difference(mean: float) -> str:  # the classes as the legend states them, computed here
        d = mean - reference
        return PALETTE[sum(d >= b for b in (-0.2, -0.1, 0.0, 0.1, 0.2))]

    context = signed_in(browser, auth)
    page = context.new_page()
    page.goto(f"{live_server.url}/?lang=en&classes=difference&from={PERIOD['from']}&to={PERIOD['to']}")
    page.wait_for_function("() => (document.querySelector('#legend')?.innerText || '').includes('national mean')")
    page.wait_for_selector("path.marsad-area-SA-01")
    legend = page.locator("#legend").inner_text()
    assert f"Difference from the national mean ({reference:.2f})" in legend and "≥ +0.20" in legend
    shown = fills(page)
    assert {code: shown[code] for code in means} == {code: expected_difference(m) for code, m in means.items()}

    page.locator("#f-classes").get_by_text("Sixths of view").click()
    page.wait_for_function("() => location.search.includes('classes=quantiles')")
    page.wait_for_function("() => (document.querySelector('#legend')?.innerText || '').includes('a sixth')")
    shown = fills(page)
    colours = [shown[c] for c in sorted(means, key=means.get)]
    assert len(set(colours)) >= 4  # the regions told apart, lowest red to highest blue
    assert colours[0] == PALETTE[0] and colours[-1] == PALETTE[-1]
    assert all(PALETTE.index(a) <= PALETTE.index(b) for a, b in pairwise(colours))

    page.locator("#f-classes").get_by_text("Fixed scale").click()
    page.wait_for_function("() => !location.search.includes('classes=')")
    page.wait_for_function("() => (document.querySelector('#legend')?.innerText || '').includes('(1–5)')")
    context.close()


def test_a_governor_reads_the_difference_from_their_regions_mean(live_server, accounts, browser):
    auth = accounts["governor"]
    region = requests.get(f"{live_server.url}/api/v1/summary", params=PERIOD, auth=auth, timeout=30).json()
    context = signed_in(browser, auth)
    page = context.new_page()
    page.goto(f"{live_server.url}/?lang=ar&classes=difference&from={PERIOD['from']}&to={PERIOD['to']}")
    page.wait_for_function("() => (document.querySelector('#legend')?.innerText || '').includes('نطاقك')")
    legend = page.locator("#legend").inner_text()
    mean = f"{region['mean']:.2f}".translate(str.maketrans("0123456789.", "٠١٢٣٤٥٦٧٨٩٫"))
    assert f"الفرق عن متوسط نطاقك ({mean})" in legend  # their region's mean, never the nation's
    context.close()
