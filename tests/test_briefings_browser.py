"""Briefings in headless Chromium: a governor downloads the explorer's view as CSV, PNG and PDF from the page's own
menu, makes an embed of it in the page's dialog, and a page on another (allowed) host shows it in an iframe with
the same numbers, without signing in; a host that is not allowed cannot frame it. Nothing leaves the machine."""

from __future__ import annotations

import subprocess
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urlparse

import pytest
import requests

from tests.conftest import LiveServer, _free_port
from tests.test_explorer_browser import latin

pytestmark = pytest.mark.browser
PERIOD = {"from": "2025-01-01", "to": "2025-12-31"}


class Host:
    """Another site: serves one page that frames `src`."""

    def __init__(self, port: int):
        self.src = ""
        host = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):
                body = (
                    "<!DOCTYPE html><html><body><h1>Cabinet briefing</h1>"
                    f'<iframe id="marsad" src="{host.src}" width="1200" height="900"></iframe></body></html>'
                ).encode()
                self.send_response(200)
                self.send_header("Content-Type", "text/html; charset=utf-8")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", port), Handler)
        self.url = f"http://127.0.0.1:{port}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def stop(self):
        self.server.shutdown()


@pytest.fixture()
def site(demo_settings, tmp_path):
    allowed = Host(_free_port())
    live = LiveServer(
        demo_settings.model_copy(update={"data_dir": tmp_path, "embed_frame_ancestors": f"'self' {allowed.url}"})
    )
    yield live, allowed
    live.stop()
    allowed.stop()


def test_download_and_embed_a_governors_view(browser, site, accounts, tmp_path):
    live, allowed = site
    auth = accounts["governor"]
    hosts: set[str] = set()
    context = browser.new_context(
        viewport={"width": 1400, "height": 1100},
        accept_downloads=True,
        http_credentials={"username": auth[0], "password": auth[1]},
    )
    page = context.new_page()
    page.on("request", lambda req: hosts.add(urlparse(req.url).hostname))
    page.goto(f"{live.url}/?lang=ar&from={PERIOD['from']}&to={PERIOD['to']}")
    page.wait_for_function(
        "() => { const k = document.querySelector('#kpi-n'); return k && /[0-9٠-٩]/.test(k.innerText); }"
    )
    n = int(latin(page.locator("#kpi-n").inner_text()).replace(",", ""))
    summary = requests.get(f"{live.url}/api/v1/summary", params=PERIOD, auth=auth, timeout=30).json()
    assert n == summary["n"] > 0

    def download(item: str):
        page.locator("#dl-open").click()
        with page.expect_download() as info:
            page.locator(f"#{item}").click()
        return info.value

    csv_file = download("dl-areas-csv")
    body = csv_file.path().read_bytes()
    assert body.startswith(b"\xef\xbb\xbf") and csv_file.suggested_filename.endswith(".csv")
    text = body.decode("utf-8-sig")
    regions = requests.get(f"{live.url}/api/v1/areas", params={**PERIOD, "parent": "SA-01"}, auth=auth, timeout=30)
    for feature in regions.json()["features"]:
        assert feature["properties"]["name_ar"] in text
    assert f"# from: {PERIOD['from']}" in text
    png = download("dl-map-png")
    assert png.path().read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    pdf = download("dl-all-pdf")
    pdf_path = tmp_path / "briefing.pdf"
    pdf.save_as(pdf_path)
    info = subprocess.run(["pdfinfo", str(pdf_path)], capture_output=True, text=True, check=True).stdout
    assert "Pages:           1" in info

    # the embed dialog makes a link to this view
    page.locator("#emb-open").click()
    page.locator("#emb-title-in").fill("إحاطة مجلس الوزراء")
    page.locator("#emb-create").click()
    page.wait_for_selector("#emb-made-url")
    url = page.locator("#emb-made-url").inner_text().strip()
    assert url.startswith("/embed/")

    # another site frames it, for a reader who never signed in
    allowed.src = live.url + url + "?lang=en"
    reader = browser.new_context(viewport={"width": 1400, "height": 1100})
    shown = reader.new_page()
    shown.on("request", lambda req: hosts.add(urlparse(req.url).hostname))
    shown.goto(allowed.url)
    frame = shown.frame_locator("#marsad")
    frame.locator("#kpi-n").filter(has_text=str(summary["n"] % 10)).wait_for(timeout=30_000)
    assert int(frame.locator("#kpi-n").inner_text().replace(",", "")) == summary["n"]
    assert frame.locator("#emb-title").inner_text() == "إحاطة مجلس الوزراء"
    assert frame.locator("a[href^='/center/'], a[href='/'], #sign-out").count() == 0  # no way into the app

    # the governor revokes it on the embeds page: the framed view stops at once
    page.goto(f"{live.url}/embeds?lang=en")
    page.wait_for_selector("#emb-rows")
    row = page.locator("tr", has_text="إحاطة مجلس الوزراء")
    assert "active" in row.inner_text().lower()
    row.get_by_role("button", name="Revoke").click()
    page.wait_for_function("() => document.querySelector('#emb-rows').innerText.toLowerCase().includes('revoked')")
    shown.reload()
    frame.locator("#emb-refused").wait_for(timeout=30_000)
    assert "revoked" in frame.locator("#emb-refused").inner_text() and frame.locator("#kpi-n").count() == 0
    reader.close()
    context.close()

    # a host that is not allowed gets no view (the browser refuses to frame it)
    other = Host(_free_port())
    other.src = allowed.src
    try:
        refused = browser.new_context().new_page()
        refused.on("request", lambda req: hosts.add(urlparse(req.url).hostname))
        refused.goto(other.url.replace("127.0.0.1", "localhost"))
        refused.wait_for_function(
            "() => performance.getEntriesByType('resource').some(e => e.name.includes('/embed/'))"
        )
        refused.wait_for_timeout(1000)
        child = next(f for f in refused.frames if f != refused.main_frame)
        assert child.url.startswith("chrome-error://"), child.url  # blocked by frame-ancestors
        assert child.locator("#kpi-n").count() == 0
        refused.context.close()
    finally:
        other.stop()
    assert hosts <= {"127.0.0.1", "localhost"}, f"requests left the machine: {hosts}"
