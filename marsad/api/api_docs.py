"""The OpenAPI document as a readable page (/api/v1/docs): rendered on the server from the document itself, so it
works offline and cannot disagree with it. Every text is escaped."""

from __future__ import annotations

import html
import json

CSS = """body{font-family:'Noto Sans',sans-serif;max-width:1100px;margin:2em auto;padding:0 1em;color:#1f2937}
h2{border-bottom:1px solid #e5e7eb;padding-bottom:.2em;margin-top:2em} code{background:#f3f4f6;padding:0 .25em}
.op{border:1px solid #e5e7eb;border-radius:6px;padding:.6em 1em;margin:.8em 0}
.m{display:inline-block;min-width:4.5em;font-weight:700} .get{color:#2166ac} .post{color:#1a7f37}
.delete{color:#b2182b} table{border-collapse:collapse;width:100%;font-size:.9em}
td,th{border-bottom:1px solid #eee;text-align:left;padding:.2em .4em;vertical-align:top} .lock{color:#6b7280}
pre{background:#f9fafb;padding:.6em;overflow:auto;font-size:.8em}"""


def _e(value: object) -> str:
    return html.escape(str(value), quote=True)


def _schema_text(schema: dict) -> str:
    if "$ref" in schema:
        return schema["$ref"].rsplit("/", 1)[-1]
    if "enum" in schema:
        return " | ".join(map(str, schema["enum"]))
    out = str(schema.get("type", "object"))
    limits = [f"{k} {schema[k]}" for k in ("minimum", "maximum", "maxLength", "pattern", "format") if k in schema]
    return out + (f" ({', '.join(limits)})" if limits else "")


def _operation(path: str, method: str, op: dict) -> str:
    security = op.get("security")
    who = "anyone" if security == [] else " or ".join(next(iter(s)) for s in (security or []))
    rows = "".join(
        f"<tr><td><code>{_e(p['name'])}</code>{' *' if p.get('required') else ''}</td><td>{_e(p['in'])}</td>"
        f"<td>{_e(_schema_text(p['schema']))}</td><td>{_e(p.get('description', ''))}</td></tr>"
        for p in op.get("parameters", [])
    )
    params = f"<table><tr><th>parameter</th><th>in</th><th>type</th><th></th></tr>{rows}</table>" if rows else ""
    body = op.get("requestBody", {}).get("content", {}).get("application/json", {}).get("schema")
    body_html = f"<p>body: <code>{_e(_schema_text(body))}</code></p>" if body else ""
    answers = ", ".join(
        f"<code>{_e(code)}</code> {_e(r.get('description', ''))}" for code, r in op.get("responses", {}).items()
    )
    return (
        f'<div class="op"><span class="m {_e(method)}">{_e(method.upper())}</span> <code>{_e(path)}</code> '
        f"— {_e(op.get('summary', ''))} <span class=lock>({_e(who)})</span>{params}{body_html}"
        f"<p>answers: {answers}</p></div>"
    )


def page(spec: dict) -> str:
    info = spec["info"]
    ops = "".join(_operation(path, method, op) for path, item in spec["paths"].items() for method, op in item.items())
    schemes = "".join(
        f"<li><code>{_e(name)}</code>: {_e(s.get('scheme'))} — {_e(s.get('description', ''))}</li>"
        for name, s in spec["components"]["securitySchemes"].items()
    )
    schemas = "".join(
        f"<h3 id='{_e(name)}'>{_e(name)}</h3><pre>{_e(json.dumps(schema, indent=1, ensure_ascii=False))}</pre>"
        for name, schema in spec["components"]["schemas"].items()
    )
    return (
        f"<!DOCTYPE html><html lang=en><head><meta charset=utf-8><title>{_e(info['title'])}</title>"
        f"<style>{CSS}</style></head><body><h1>{_e(info['title'])} v{_e(info['version'])}</h1>"
        f"<p>{_e(info['description'])}</p><p>Machine-readable: <a href='/api/v1/openapi.json'>openapi.json</a> "
        f"(OpenAPI {_e(spec['openapi'])}).</p><h2>Signing in</h2><ul>{schemes}</ul><h2>Operations</h2>{ops}"
        f"<h2>Schemas</h2>{schemas}</body></html>"
    )
