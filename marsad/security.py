"""Security headers on every response: a Content-Security-Policy as strict as Dash allows, and the headers that
stop sniffing, framing and referrer leaks; cookies marked as fits.

Dash needs one inline script (the renderer) and inlines each clientside callback: those are allowed by their
hashes (Dash.csp_hashes), not by 'unsafe-inline', so an injected <script> or event handler never runs. Styles need
'unsafe-inline' (Mantine and Leaflet set them on elements); that cannot run code.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from urllib.parse import urlsplit

from dash import Dash
from flask import Flask, Response, request

from marsad.settings import Settings

EMBEDS = "/embed/"
# frame-ancestors values: keywords and host sources (scheme://host[:port], wildcards in the host)
_SOURCE = re.compile(r"^('none'|'self'|https?://[A-Za-z0-9*.-]+(:\d+)?)$")


def frame_ancestors(value: str, setting: str = "MARSAD_FRAME_ANCESTORS") -> str:
    """The setting checked: space-separated sources; ValueError naming the first one that is not."""
    sources = value.split()
    for source in sources:
        if not _SOURCE.match(source):
            raise ValueError(f"{setting}: {source!r} is not 'none', 'self' or a https:// host source")
    if "'none'" in sources and len(sources) > 1:
        raise ValueError(f"{setting}: 'none' cannot be combined with other sources")
    return " ".join(sources) or "'none'"


def tile_source(tile_url: str | None) -> str:
    """The image source of an online tile server template ({s}, {z}, … placeholders), or nothing."""
    if not tile_url:
        return ""
    parts = urlsplit(tile_url.replace("{s}.", "*.").replace("{s}", "a"))
    return f"{parts.scheme}://{parts.netloc}" if parts.scheme in ("http", "https") and parts.netloc else ""


def policy(*, script_hashes: Iterable[str], settings: Settings, frames: str | None = None) -> str:
    """The policy; `frames`: the frame-ancestors sources (default: the setting for every page but embeds)."""
    directives = {
        "default-src": "'self'",
        "script-src": " ".join(["'self'", *sorted(set(script_hashes))]),
        "style-src": "'self' 'unsafe-inline'",
        "img-src": " ".join(x for x in ("'self' data: blob:", tile_source(settings.tile_url)) if x),
        "font-src": "'self' data:",
        "connect-src": "'self'",
        "object-src": "'none'",
        "base-uri": "'self'",
        "form-action": "'self'",
        "frame-ancestors": frames or frame_ancestors(settings.frame_ancestors),
    }
    return "; ".join(f"{k} {v}" for k, v in directives.items())


def install(server: Flask, apps: list[Dash], settings: Settings) -> None:
    """Headers on every response of `server` (install before its first request). The policy is made on the first
    response, once Dash has set itself up on that request: by then every inline script it renders is known."""
    made: dict[bool, str] = {}
    # a wrong setting stops the app at start, with its reason
    no_frames = frame_ancestors(settings.frame_ancestors) == "'none'"
    embed_frames = frame_ancestors(settings.embed_frame_ancestors, "MARSAD_EMBED_FRAME_ANCESTORS")

    def csp(embedded: bool) -> str:
        if embedded not in made:
            made[embedded] = policy(
                script_hashes=[h for app in apps for h in app.csp_hashes()],
                settings=settings,
                frames=embed_frames if embedded else None,
            )
        return made[embedded]

    server.config.update(
        SESSION_COOKIE_HTTPONLY=True, SESSION_COOKIE_SAMESITE="Lax", SESSION_COOKIE_SECURE=settings.secure_cookies
    )

    @server.after_request
    def _headers(response: Response) -> Response:
        headers = response.headers
        # embedded views (/embed/) may be framed by the hosts of their own setting; nothing else may
        embedded = request.path.startswith(EMBEDS)
        headers.setdefault("Content-Security-Policy", csp(embedded))
        headers.setdefault("X-Content-Type-Options", "nosniff")
        headers.setdefault("Referrer-Policy", "same-origin")
        headers.setdefault("Cross-Origin-Opener-Policy", "same-origin")
        if no_frames and not embedded:
            headers.setdefault("X-Frame-Options", "DENY")
        if request.is_secure:
            headers.setdefault("Strict-Transport-Security", "max-age=31536000; includeSubDomains")
        return response
