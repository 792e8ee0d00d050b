"""Country profiles (daily-use issue, point 2) and the details seen in a browser: Jordan's words for its levels and
roles, its phone form and its calendar's months, next to a Saudi site in the same process; the approximate note,
and printing a view."""

from __future__ import annotations

from datetime import date

import pytest
import requests

from marsad import country, digits, i18n
from marsad.dashboard import ids
from tests.browsing import signed_in


@pytest.mark.unit
def test_every_shipped_profile_loads_and_gives_its_words():
    assert {"SA", "JO", "BH"} <= set(country.available())
    for code in country.available():
        p = country.profile(code)
        assert set(country.WORDS) <= set(p.strings) and p.phone_local and 0 <= p.first_day <= 6
    try:
        country.use("JO")
        assert i18n.t("level_region", "ar") == "المحافظات" and i18n.t("role_governor", "en") == "Governor"
        assert i18n.t("national", "ar") == "الأردن"
        country.use("SA")
        assert i18n.t("level_region", "ar") == "المناطق" and i18n.t("national", "en") == "Kingdom"
    finally:
        country.use("SA")
    with pytest.raises(country.UnknownCountry, match="expected one of"):
        country.profile("XX")


@pytest.mark.unit
def test_shipped_place_names_are_clean_arabic_and_plain_english():
    """The demo's names in clean Arabic (point 3): no Latin, Persian letters, vowel or direction marks in Arabic, no
    diacritics or lower-case starts in English, for every shipped region, governorate and locality."""
    import re

    from marsad.geodata import boundaries

    props = [f["properties"] for f in boundaries.shipped()["features"]]
    assert len(props) > 400
    not_arabic = [p["name_ar"] for p in props if re.search(r"[^\u0621-\u064A ]", p["name_ar"])]
    not_plain = [p["name_en"] for p in props if not re.fullmatch(r"[A-Z][A-Za-z' ()-]*", p["name_en"])]
    assert not_arabic == [] and not_plain == []
    by_code = {p["code"]: p for p in props}
    assert by_code["SA-04-G10972337-L107312"]["name_ar"] == "بقيق"  # was Persian "اب‌قایق"
    assert by_code["SA-05-G10972306-L107304"]["name_ar"] == "بريدة"  # was "brydہ"


@pytest.fixture(scope="module")
def jordan(fresh_engine_factory, tmp_path_factory, demo_settings):
    from marsad.geodata import demo_officials
    from marsad.geodata.demo import DemoSpec, generate
    from tests.conftest import LiveServer

    engine = fresh_engine_factory("marsad_jordan")
    generate(engine, DemoSpec(country="JO", centers=80, ratings=3_000, seed=5, end=date.today()), progress=False)
    rows = demo_officials.create(engine, country="JO", path=tmp_path_factory.mktemp("acc") / "o.txt")
    settings = demo_settings.model_copy(
        update={"database_url": engine.url.render_as_string(hide_password=False), "country": "JO",
                "data_dir": tmp_path_factory.mktemp("jo")}
    )  # fmt: skip
    server = LiveServer(settings)
    server.accounts = {u: (u, p) for u, p, _ in rows}
    yield server
    server.stop()
    country.set_default("SA")  # the process's other apps and tests are Saudi


@pytest.mark.browser
def test_a_jordanian_site_speaks_of_governorates_and_its_own_calendar(jordan, live_server, accounts, browser):
    user, password = jordan.accounts["governor"]
    context = signed_in(browser, (user, password))
    page = context.new_page()
    page.goto(f"{jordan.url}/?lang=ar")
    page.wait_for_selector("#official-scope")
    assert page.locator("#official-scope").inner_text().startswith("محافظ")  # not "أمير منطقة"
    page.locator("#f-period").click()  # the calendar: Levantine month names, weeks from Sunday
    page.wait_for_selector(".mantine-DatePickerInput-calendarHeaderLevel")
    header = page.locator(".mantine-DatePickerInput-calendarHeaderLevel").first.inner_text()
    assert any(
        m in header for m in ("كانون", "شباط", "آذار", "نيسان", "أيار", "حزيران", "تموز", "آب", "أيلول", "تشرين")
    )
    assert page.locator(".mantine-DatePickerInput-weekday").first.inner_text() == "ح"
    context.close()

    public = browser.new_context(viewport={"width": 1000, "height": 900})
    citizen = public.new_page()
    citizen.goto(f"{jordan.url}/public/?lang=ar")
    citizen.locator("#pub-propose-link").click()
    citizen.wait_for_selector("#pub-phone")
    assert citizen.locator("#pub-phone").get_attribute("placeholder") == "07XXXXXXXX"
    citizen.locator("#pub-phone").fill("12")
    citizen.locator("#pub-send").click()
    citizen.wait_for_function("() => (document.body.innerText || '').includes('أدخل رقم جوال، مثل 07XXXXXXXX')")
    public.close()

    # the Saudi site in the same process keeps its own words
    user, password = accounts["governor"]
    saudi = signed_in(browser, (user, password))
    page = saudi.new_page()
    page.goto(f"{live_server.url}/?lang=ar")
    page.wait_for_selector("#official-scope")
    assert page.locator("#official-scope").inner_text().startswith("أمير منطقة")
    page.locator("#f-period").click()
    page.wait_for_selector(".mantine-DatePickerInput-calendarHeaderLevel")
    header = page.locator(".mantine-DatePickerInput-calendarHeaderLevel").first.inner_text()
    assert any(m in header for m in ("يناير", "فبراير", "مارس", "أبريل", "مايو", "يونيو", "يوليو", "أغسطس", "سبتمبر",
                                     "أكتوبر", "نوفمبر", "ديسمبر"))  # fmt: skip
    saudi.close()


@pytest.mark.browser
def test_a_printed_view_has_its_filters_as_a_caption_and_no_menus(live_server, accounts, browser):
    user, password = accounts["governor"]
    context = signed_in(browser, (user, password))
    page = context.new_page()
    page.goto(f"{live_server.url}/?lang=en&sector=health&from=2026-01-01&to=2026-03-31")
    page.wait_for_function("() => (document.querySelector('#print-caption')?.textContent || '').includes('2026')")
    assert page.locator("#print-caption").is_hidden()  # on screen, the filters say it
    assert page.locator("#approx-note").count() == 1  # the demo's governorates are approximate
    page.emulate_media(media="print")
    caption = page.locator("#print-caption")
    assert caption.is_visible() and "Ministry of Health" in caption.inner_text() and "Riyadh" in caption.inner_text()
    assert "2026-01-01" in caption.inner_text()
    for hidden in ("#f-sector", "#compare-link", "#sign-out", "#dl-open"):
        assert page.locator(hidden).is_hidden(), hidden
    assert page.locator("#official-scope").is_visible()  # whose jurisdiction it is, printed
    pdf = page.pdf(format="A4")
    assert pdf[:4] == b"%PDF"
    context.close()
    r = requests.get(f"{live_server.url}/assets/marsad_dates.js", auth=accounts["governor"], timeout=30)
    assert r.status_code == 200 and "dayjs_locale_ar-levant" in r.text


@pytest.mark.unit
def test_a_reader_who_chose_latin_digits_gets_them_in_arabic():
    assert i18n.fmt_mean(4.25, "ar") == "٤٫٢٥" and i18n.fmt_count(1200, "ar") == "١٬٢٠٠"
    digits.use_latin(True)
    try:
        assert i18n.fmt_mean(4.25, "ar") == "4.25" and i18n.fmt_count(1200, "ar") == "1,200"
        assert i18n.t("app_title", "ar") == "مرصد"  # the words stay Arabic
    finally:
        digits.use_latin(False)


def test_the_digits_setting_is_a_cookie_and_goes_back_only_to_a_page_here(live_server, accounts):
    for back, expected in [("/compare?lang=ar", "/compare?lang=ar"), ("//elsewhere.example/x", "/"),
                           ("https://elsewhere.example/", "/")]:  # fmt: skip
        r = requests.get(
            f"{live_server.url}/settings/digits",
            params={"style": "latin", "next": back},
            auth=accounts["governor"],
            allow_redirects=False,
            timeout=30,
        )
        assert r.status_code == 302 and r.headers["Location"] == expected, (back, r.headers.get("Location"))
        assert "marsad_digits=latin" in r.headers["Set-Cookie"]
    r = requests.get(f"{live_server.url}/settings/digits?style=roman", auth=accounts["governor"],
                     allow_redirects=False, timeout=30)  # fmt: skip
    assert r.status_code == 302 and "Set-Cookie" not in r.headers


@pytest.mark.browser
def test_one_digit_style_everywhere_and_latin_digits_for_who_chooses_them(live_server, accounts, browser):
    """Legend, clusters, chart axes and the scale bar in Arabic-Indic digits in Arabic; the reader's switch to
    Latin digits turns every one of them (and the cards) Latin, in Arabic still; English writes Latin digits."""
    import re

    def texts(page) -> dict[str, list[str]]:
        return {
            "legend": [page.locator("#legend").inner_text()],
            "clusters": page.locator(".marsad-cluster span").all_inner_texts(),
            "axes": page.locator(f"#{ids.DISTRIBUTION} .ytick text, #{ids.TREND} .ytick text").all_text_contents(),
            "scale": [page.locator(".leaflet-control-scale-line").first.inner_text()],
            "kpi": [page.locator("#kpi-n").inner_text()],
        }

    def ready(page) -> None:
        page.wait_for_selector(f"#{ids.TREND} .ytick text")
        page.wait_for_selector(".marsad-cluster span")
        page.wait_for_function("() => /[0-9٠-٩]/.test(document.querySelector('#kpi-n')?.textContent || '')")

    user, password = accounts["governor"]
    context = signed_in(browser, (user, password))
    page = context.new_page()
    page.goto(f"{live_server.url}/?lang=ar")
    ready(page)
    page.wait_for_timeout(300)  # the observer's pass after plotly's last redraw
    for what, values in texts(page).items():
        assert values and all(re.search("[٠-٩]", v) and not re.search("[0-9]", v) for v in values), (what, values)
    assert "كم" in texts(page)["scale"][0] or re.search(r"[٠-٩]+ م", texts(page)["scale"][0])

    page.locator("#digits-switch").click()  # Latin digits, still in Arabic
    page.wait_for_url(re.compile(r"lang=ar"))
    ready(page)
    assert page.locator("html").get_attribute("lang") == "ar" and page.locator("#app-title").inner_text() == "مرصد"
    page.wait_for_timeout(300)
    for what, values in texts(page).items():
        if what != "scale":
            assert values and all(re.search("[0-9]", v) and not re.search("[٠-٩]", v) for v in values), (what, values)
    page.locator("#digits-switch").click()  # and back
    ready(page)
    page.wait_for_timeout(300)
    assert not re.search("[0-9]", page.locator("#kpi-n").inner_text())

    page.goto(f"{live_server.url}/?lang=en")
    page.wait_for_selector(".marsad-cluster span")
    assert all(re.fullmatch("[0-9,]+", c) for c in page.locator(".marsad-cluster span").all_inner_texts())
    context.close()
