"""The explorer's answer is encoded by orjson in one pass, never walked value by value in Python."""

from __future__ import annotations

import dash_mantine_components as dmc
import plotly.io._json as plotly_json
from dash import html

from marsad.dashboard.plain import plain
from tests.jurisdiction_helpers import call, dependencies, find


def test_plain_turns_nested_components_into_their_json_form():
    tree = dmc.Button([html.Span("أ", id="x"), "ب"], id={"type": "crumb", "code": "SA-01"}, disabled=True)
    out = plain([tree, {"k": (html.B("c"),)}])
    assert out[0]["type"] == "Button" and out[0]["namespace"] == "dash_mantine_components"
    assert out[0]["props"]["id"] == {"type": "crumb", "code": "SA-01"} and out[0]["props"]["disabled"] is True
    assert out[0]["props"]["children"][0] == {
        "type": "Span",
        "namespace": "dash_html_components",
        "props": {"children": "أ", "id": "x"},
    }
    assert out[0]["props"]["children"][1] == "ب"
    assert out[1] == {"k": [{"type": "B", "namespace": "dash_html_components", "props": {"children": "c"}}]}


def test_explorer_answer_needs_no_python_cleaning(live_server, accounts, monkeypatch):
    walked = []
    original = plotly_json.clean_to_json_compatible
    monkeypatch.setattr(
        plotly_json, "clean_to_json_compatible", lambda obj, **kw: walked.append(1) or original(obj, **kw)
    )
    deps = dependencies(live_server, accounts["analyst"])
    r = call(
        live_server,
        accounts["analyst"],
        find(deps, "areas-layer.data"),
        {
            "state.data": {"lang": "en", "area": "SA-01"},
            "f-sector.value": "",
            "f-service.value": "",
            "f-source.value": "",
            "f-period.value": ["2026-02-01", "2026-03-09"],
        },
    )
    assert r.status_code == 200
    answer = r.json()["response"]
    crumbs = answer["breadcrumb"]["children"]
    assert [c["props"]["id"]["code"] for c in crumbs] == ["__national__", "SA-01"]
    assert [c["props"]["disabled"] for c in crumbs] == [False, True]
    assert answer["kpi-n"]["children"].replace(",", "").isdigit() and answer["centers-layer"]["data"]["features"]
    assert walked == []


def _coordinates(geometry):
    stack = [geometry["coordinates"]]
    while stack:
        c = stack.pop()
        if c and isinstance(c[0], (int, float)):
            yield c
        else:
            stack.extend(c)


def test_the_map_flies_to_the_areas_it_draws(live_server, accounts):
    """The viewport is put together from the area index's boxes; it must be the box around every point of the
    areas in the answer (the drawn geometry is rounded to 5 decimals, the boxes are not)."""
    deps = dependencies(live_server, accounts["analyst"])
    for area in (None, "SA-01"):
        answer = call(
            live_server,
            accounts["analyst"],
            find(deps, "areas-layer.data"),
            {"state.data": {"lang": "en", "area": area}, "f-period.value": ["2026-02-01", "2026-03-09"]},
        ).json()["response"]
        points = [p for f in answer["areas-layer"]["data"]["features"] for p in _coordinates(f["geometry"])]
        assert len(points) > 10
        lons, lats = [p[0] for p in points], [p[1] for p in points]
        expected = [[min(lats), min(lons)], [max(lats), max(lons)]]
        got = answer["map"]["viewport"]["bounds"]
        assert all(abs(g - e) <= 1e-5 for g_pair, e_pair in zip(got, expected) for g, e in zip(g_pair, e_pair)), (
            area,
            got,
            expected,
        )
