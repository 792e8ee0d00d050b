"""Calling Dash callbacks over HTTP exactly as the browser does, with forged inputs."""

from __future__ import annotations

import json

import requests


def dependencies(server, auth, prefix: str = "/") -> list[dict]:
    r = requests.get(f"{server.url}{prefix}_dash-dependencies", auth=auth, timeout=30)
    r.raise_for_status()
    return r.json()


def _outputs(output: str):
    if output.startswith(".."):
        parts = [p for p in output.strip(".").split("...") if p]
        return [dict(zip(("id", "property"), p.rsplit(".", 1))) for p in parts]
    cid, prop = output.rsplit(".", 1)
    return {"id": cid, "property": prop}


def call(
    server, auth, dep: dict, values: dict, changed: str | None = None, headers=None, prefix: str = "/"
) -> requests.Response:
    """POST <prefix>_dash-update-component for `dep`; `values` maps 'id.property' to the forged value."""

    def fill(items):
        out = []
        for item in items:
            key = f"{item['id']}.{item['property']}" if isinstance(item["id"], str) else None
            entry = {"id": item["id"], "property": item["property"]}
            if key in values:
                entry["value"] = values[key]
            out.append(entry)
        return out

    inputs = fill(dep["inputs"])
    changed = changed or f"{dep['inputs'][0]['id']}.{dep['inputs'][0]['property']}"
    body = {
        "output": dep["output"],
        "outputs": _outputs(dep["output"]),
        "inputs": inputs,
        "changedPropIds": [changed],
        "state": fill(dep.get("state", [])),
    }
    return requests.post(
        f"{server.url}{prefix}_dash-update-component",
        data=json.dumps(body),
        auth=auth,
        headers={"Content-Type": "application/json", **(headers or {})},
        timeout=60,
    )


def find(deps: list[dict], output_part: str) -> dict:
    return next(d for d in deps if output_part in d["output"] and not d.get("clientside_function"))
