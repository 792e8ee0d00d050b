"""Links to the API's list routes as files (format=csv|xlsx), for the pages' download menus."""

from __future__ import annotations

from urllib.parse import urlencode

FORMATS = ("csv", "xlsx")


def api_file(path: str, query: dict, fmt: str, lang: str) -> str:
    """The API route's rows as a file, for the same query (empty parameters left out)."""
    kept = {k: v for k, v in query.items() if v not in (None, "")}
    return f"/api/v1/{path}?" + urlencode({**kept, "format": fmt, "export_lang": lang})


def links(path: str, query: dict, lang: str) -> dict[str, str]:
    """format -> link, for each file format."""
    return {fmt: api_file(path, query, fmt, lang) for fmt in FORMATS}
