"""A browser context signed in as an official (HTTP basic credentials), as the browser tests open them."""

from __future__ import annotations


def signed_in(browser, auth: tuple[str, str], *, width: int = 1400, height: int = 1000):
    user, password = auth
    return browser.new_context(
        viewport={"width": width, "height": height}, http_credentials={"username": user, "password": password}
    )
