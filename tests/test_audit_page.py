"""The audit log in plain words (daily-use issue, point 7): each row a sentence naming the area, sector and period,
filtered by official, action and day; national analysts only."""

from __future__ import annotations

import pytest

from marsad import i18n
from marsad.dashboard.audit_words import sentence
from tests.jurisdiction_helpers import call, dependencies, find


@pytest.mark.unit
def test_an_audit_row_reads_as_a_sentence():
    areas = {"SA-01": {"name_ar": "الرياض", "name_en": "Riyadh"}}
    names = {"health": "Ministry of Health"}
    row = {"action": "view", "target": "explorer",
           "params": {"area": "SA-01", "sector": "health", "from": "2026-01-01", "to": "2026-03-31", "lang": "en"}}  # fmt: skip
    assert sentence(row, "en", areas=areas, names=names) == (
        "opened the map · Riyadh · Ministry of Health · 2026-01-01 – 2026-03-31 · lang: en"
    )
    ar = sentence(row, "ar", areas=areas, names=names)
    assert ar.startswith("فتح الخريطة | الرياض") and "·" not in ar
    assert i18n.fmt_text_digits("2026-01-01 – 2026-03-31", "ar") in ar
    odd = {"action": "something_new", "target": "x", "params": {"area": "SA-99"}}
    assert sentence(odd, "en", areas=areas, names=names) == "something_new x · area: SA-99"


@pytest.mark.database
def test_the_page_filters_by_official_and_action_for_national_analysts_only(live_server, accounts):
    import requests

    requests.get(f"{live_server.url}/api/v1/summary", auth=accounts["governor"], timeout=30)  # an "api" row
    dep = find(dependencies(live_server, accounts["analyst"]), "audit-table.children")

    def rows(who, **values):
        r = call(live_server, accounts[who], dep, {"audit-lang.data": "en", "audit-who.value": "", "audit-action.value": "",
                                                    "audit-since.value": "", **values})  # fmt: skip
        assert r.status_code == 200, r.text
        return r.json()["response"]["audit-table"]["children"]

    table = rows("analyst", **{"audit-who.value": "governor", "audit-action.value": "api"})
    cells = [tr["props"]["children"] for tr in table["props"]["children"][1]["props"]["children"]]
    assert cells and all(c[1]["props"]["children"] == "governor" for c in cells)
    assert all(c[2]["props"]["children"].startswith("read through the API") for c in cells)
    assert "YYYY-MM-DD" in str(rows("analyst", **{"audit-since.value": "last week"}))
    assert "Only national analysts" in str(rows("governor"))
