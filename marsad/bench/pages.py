"""`marsad bench --pages`: how long a person waits for each page in a browser, against gunicorn as `marsad run`
serves it. Headless Chromium with an empty cache for every visit (a new browser context): the time to the first
contentful paint, and to the page's own content (the map's areas, a table, a chart) drawn with its data: the frame
after it entered the document, stamped in the page (a script is busy for a second after, say, the map appears,
Playwright's own polling would only see it then). The first visit of each page right after the server started is
reported apart, then `repeats` more (p50, p95)."""

from __future__ import annotations

import json
import os
import statistics
from pathlib import Path

from sqlalchemy import Engine

from marsad.bench.clients import Server, bench_official, pct
from marsad.queries import officials

TARGET_MS = 2000  # the daily-use issue's first paint, p95
PAGES = [  # (name, path, what is drawn once the page has its data)
    ("explorer", "/?lang=ar", "path.marsad-area"),
    ("compare", "/compare?lang=ar", "#cmp-top-table"),
    ("comments", "/comments?lang=ar", ".cm-item"),
    ("center profile", "/center/{center}?lang=ar", "#ctr-name"),
    ("cycles", "/cycles?lang=ar", "#cy-title, #cy-empty"),
    ("plans", "/plans?lang=ar", "#pl-rows"),
    ("moderation", "/moderation?lang=ar", "#mod-count:not(:empty)"),
    ("citizens: near me", "/public/?lang=ar", "#pub-map path"),
]


# the first frame after an element matching the page's selector entered the document, in ms from navigation start
DRAWN_STAMP = """(() => {
  const ready = %s;
  const seen = () => {
    if (window.__marsadDrawn == null && document.querySelector(ready)) {
      window.__marsadDrawn = -1;
      requestAnimationFrame(() => { window.__marsadDrawn = performance.now(); });
    }
  };
  new MutationObserver(seen).observe(document, {childList: true, subtree: true, attributes: true});
})();"""


def _visit(browser, url: str, auth, ready: str) -> tuple[float, float]:
    """(first contentful paint, content drawn) in ms from the start of navigation, with an empty cache."""
    context = browser.new_context(viewport={"width": 1400, "height": 1000}, http_credentials=auth)
    try:
        page = context.new_page()
        page.add_init_script(DRAWN_STAMP % json.dumps(ready))
        page.goto(url, wait_until="commit", timeout=60_000)
        page.wait_for_function("() => window.__marsadDrawn > 0", timeout=60_000)
        drawn = page.evaluate("() => window.__marsadDrawn")
        fcp = page.evaluate(
            "() => (performance.getEntriesByName('first-contentful-paint')[0] || {startTime: null}).startTime"
        )
        return (fcp if fcp is not None else drawn), drawn
    finally:
        context.close()


def run(engine: Engine, database_url: str, *, center: int, repeats: int = 10, progress=print) -> dict:
    from playwright.sync_api import sync_playwright

    exe = os.environ.get("MARSAD_CHROMIUM", "/usr/bin/chromium")
    if not Path(exe).exists():
        raise RuntimeError(f"Chromium not found at {exe}: apt-get install -y chromium (or set MARSAD_CHROMIUM)")
    username, password = bench_official(engine)
    auth = {"username": username, "password": password}
    progress("bench pages: starting the server …")
    server = Server(database_url)
    results: dict = {"target_ms": TARGET_MS, "repeats": repeats, "pages": {}}
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=exe, args=["--headless", "--no-sandbox", "--disable-gpu"])
            try:
                first = {}
                for name, path, ready in PAGES:  # the first visit of each, right after the start
                    first[name] = _visit(browser, server.url + path.format(center=center), auth, ready)
                for name, path, ready in PAGES:
                    progress(f"bench pages: {name} …")
                    visits = [
                        _visit(browser, server.url + path.format(center=center), auth, ready) for _ in range(repeats)
                    ]
                    paints, drawn = [v[0] for v in visits], [v[1] for v in visits]
                    results["pages"][name] = {
                        "first_after_start_ms": round(first[name][1]),
                        "paint_p50_ms": round(statistics.median(paints)),
                        "drawn_p50_ms": round(statistics.median(drawn)),
                        "drawn_p95_ms": round(pct(drawn, 0.95)),
                    }
            finally:
                browser.close()
    finally:
        server.stop()
        officials.set_disabled(engine, username)
    return results


def print_table(results: dict) -> None:
    print(f"\npages in a browser (empty cache, {results['repeats']} visits each; target: drawn p95 ≤ "
          f"{results['target_ms']} ms)")  # fmt: skip
    print(f"{'page':<22}{'first visit':>13}{'paint p50':>11}{'drawn p50':>11}{'drawn p95':>11}")
    for name, r in results["pages"].items():
        mark = (
            ""
            if r["drawn_p95_ms"] <= results["target_ms"] and r["first_after_start_ms"] <= results["target_ms"]
            else "  over"
        )
        print(
            f"{name:<22}{r['first_after_start_ms']:>11}ms{r['paint_p50_ms']:>9}ms{r['drawn_p50_ms']:>9}ms"
            f"{r['drawn_p95_ms']:>9}ms{mark}"
        )
