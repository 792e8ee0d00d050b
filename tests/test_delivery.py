"""Report delivery (reports and alerts issue): every (recipient, report, period) is sent exactly once, to a real
local SMTP server (aiosmtpd), with two workers at once, with a worker killed while it sends, and across a restart
and a catch-up after downtime; every delivery is also kept in the ledger (the in-app inbox)."""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
import threading
import time
from collections import Counter
from datetime import timedelta
from email import message_from_bytes, policy

import flask
import pytest
from aiosmtpd.controller import Controller
from sqlalchemy import text

from marsad import mail, params, resources
from marsad.queries import deliveries, officials
from marsad.reports import delivery, periods
from tests.conftest import _free_port, site_of

pytestmark = pytest.mark.database


class Inbox:
    """An SMTP server's handler that keeps every message; `hold` makes it wait at RCPT (a send in progress)."""

    def __init__(self):
        self.messages: list = []
        self.hold = threading.Event()
        self.held = threading.Event()

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if self.hold.is_set():
            self.held.set()
            while self.hold.is_set():
                await asyncio.sleep(0.05)
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        self.messages.append(message_from_bytes(envelope.content))
        return "250 Message accepted for delivery"

    def refs(self) -> Counter:
        return Counter(m["Message-ID"].removeprefix("<marsad.").split("@")[0] for m in self.messages)


@pytest.fixture()
def smtp():
    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=_free_port())
    controller.start()
    yield inbox, controller.port
    controller.stop()


@pytest.fixture(scope="module")
def site(fresh_engine_factory, tmp_path_factory, demo_settings):
    server = site_of(fresh_engine_factory, tmp_path_factory, demo_settings, name="marsad_delivery", seed=13)
    yield server
    server.stop()


def subscribe(site, username, kind, *, email, weeks_ago):
    official = officials.by_username(site.engine, username)
    deliveries.subscribe(site.engine, official_id=official.id, kind=kind, lang="ar", email=email, active=True, by="t")
    with site.engine.begin() as conn:
        conn.execute(
            text("UPDATE subscription SET created_at = now() - make_interval(weeks => :w) WHERE official_id = :o"),
            {"w": weeks_ago, "o": official.id},
        )


def reset(site):
    with site.engine.begin() as conn:
        conn.execute(text("TRUNCATE report_delivery, subscription, procrastinate_jobs CASCADE"))


def ledger(site) -> list[dict]:
    with site.engine.connect() as conn:
        return [dict(r) for r in conn.execute(text("SELECT * FROM report_delivery ORDER BY id")).mappings()]


def worker(site, port, tmp_path, *, until_idle=True):
    env = {
        **os.environ,
        "MARSAD_DATABASE_URL": site.engine.url.render_as_string(hide_password=False),
        "MARSAD_DATA_DIR": str(tmp_path),
        "MARSAD_SECRET_KEY": "test-secret-key-not-for-production",
        "MARSAD_SMTP_HOST": "127.0.0.1",
        "MARSAD_SMTP_PORT": str(port),
    }
    args = [sys.executable, "-m", "marsad.cli", "reports", "worker", *(["--until-idle"] if until_idle else [])]
    return subprocess.Popen(args, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)


def expected_periods(kind, weeks_ago) -> int:
    today = params.today_riyadh()
    cadence = delivery.KINDS[kind]
    return len(periods.since(cadence, today - timedelta(weeks=weeks_ago), today))


def test_two_workers_send_each_report_once(site, smtp, tmp_path):
    inbox, port = smtp
    reset(site)
    subscribe(site, "center_manager", "center-weekly", email="manager@example.test", weeks_ago=4)
    subscribe(site, "governor", "area-monthly", email="governor@example.test", weeks_ago=9)
    subscribe(site, "analyst", "area-quarterly", email=None, weeks_ago=14)  # the inbox only
    workers = [worker(site, port, tmp_path), worker(site, port, tmp_path)]
    for w in workers:
        out, _ = w.communicate(timeout=300)
        assert w.returncode == 0, out[-2000:]
    rows = ledger(site)
    want = sum(expected_periods(k, w) for k, w in (("center-weekly", 4), ("area-monthly", 9), ("area-quarterly", 14)))
    assert len(rows) == want and all(r["status"] == "sent" and r["pdf"].startswith(b"%PDF") for r in rows)
    mailed = [r for r in rows if r["email"]]
    refs = inbox.refs()
    assert sorted(refs) == sorted(f"delivery-{r['id']}" for r in mailed) and set(refs.values()) == {1}
    to = Counter(m["To"] for m in inbox.messages)
    assert to["manager@example.test"] == expected_periods("center-weekly", 4)
    assert to["governor@example.test"] == expected_periods("area-monthly", 9)
    pdf = next(m for m in inbox.messages if m["To"] == "governor@example.test").get_payload()[1]
    assert pdf.get_content_type() == "application/pdf" and pdf.get_payload(decode=True).startswith(b"%PDF")


def test_a_worker_killed_while_sending_leaves_nothing_twice_and_nothing_out(site, smtp, tmp_path):
    inbox, port = smtp
    reset(site)
    subscribe(site, "center_manager", "center-weekly", email="manager@example.test", weeks_ago=3)
    inbox.hold.set()  # the first send waits at RCPT
    first = worker(site, port, tmp_path, until_idle=False)
    assert inbox.held.wait(120), "the worker never reached the mail server"
    first.kill()  # in the middle of a send
    first.wait(30)
    inbox.hold.clear()
    time.sleep(0.5)
    assert inbox.messages == []  # the killed send did not go
    second = worker(site, port, tmp_path)
    out, _ = second.communicate(timeout=300)
    assert second.returncode == 0, out[-2000:]
    rows = ledger(site)
    assert len(rows) == expected_periods("center-weekly", 3) and all(r["status"] == "sent" for r in rows)
    assert set(inbox.refs().values()) == {1} and len(inbox.messages) == len(rows)


def test_a_restart_and_a_catch_up_after_downtime(site, smtp, demo_settings, tmp_path):
    inbox, port = smtp
    reset(site)
    subscribe(site, "governor", "area-monthly", email="g@example.test", weeks_ago=20)
    settings = demo_settings.model_copy(
        update={"database_url": site.engine.url.render_as_string(hide_password=False), "data_dir": tmp_path}
    )
    server = flask.Flask("delivery-test")
    res = resources.make(settings, server, resources.database(settings))
    mailer = mail.Mailer(host="127.0.0.1", port=port, sender="marsad@example.test")
    today = params.today_riyadh()
    with server.app_context():
        # down for two months: the catch-up plans what was missed, once
        before = today - timedelta(days=62)
        first = delivery.plan(site.engine, before)
        assert [delivery.deliver(res, site.engine, mailer, i, today=before) for i in first] == ["sent"] * len(first)
        caught_up = delivery.plan(site.engine, today)  # only the periods since are new
        assert caught_up and not set(first) & set(caught_up)
        assert [delivery.deliver(res, site.engine, mailer, i, today=today) for i in caught_up] == ["sent"] * len(
            caught_up
        )
        # a restart plans and delivers again: nothing new, nothing twice
        assert delivery.plan(site.engine, today) == []
        every = first + caught_up
        assert [delivery.deliver(res, site.engine, mailer, i, today=today) for i in every] == ["skipped"] * len(every)
    months = expected_periods("area-monthly", 20)
    assert len(inbox.messages) == months == len(ledger(site)) and set(inbox.refs().values()) == {1}
    # an official disabled after their report was planned: it fails, with the reason, and is not sent
    with site.engine.begin() as conn:
        conn.execute(text("DELETE FROM report_delivery WHERE id = (SELECT max(id) FROM report_delivery)"))
    with server.app_context():
        (pending,) = delivery.plan(site.engine, today)
        officials.set_disabled(site.engine, "governor")
        try:
            assert delivery.deliver(res, site.engine, mailer, pending, today=today) == "failed"
        finally:
            officials.set_disabled(site.engine, "governor", False)
    assert ledger(site)[-1]["last_error"] == "the official is disabled" and len(inbox.messages) == months


def test_the_inbox_and_subscriptions_through_the_api(site, smtp, tmp_path):
    import requests

    mailbox, port = smtp
    reset(site)
    manager, governor, analyst = (site.accounts[u] for u in ("center_manager", "governor", "analyst"))

    def api(method, path, auth, **kw):
        return requests.request(method, f"{site.url}/api/v1/{path}", auth=auth, timeout=60, **kw)

    r = api("PUT", "subscriptions/center-weekly", manager, json={"lang": "en", "email": "m@example.test"})
    assert r.status_code == 200 and r.json()["active"] and r.json()["email"] == "m@example.test"
    assert api("PUT", "subscriptions/center-weekly", manager, json={"email": "not an address"}).status_code == 400
    assert api("PUT", "subscriptions/nightly", manager, json={}).status_code == 404
    assert api("PUT", "subscriptions/area-monthly", governor, json={"username": "center_manager"}).status_code == 403
    assigned = api("PUT", "subscriptions/area-quarterly", analyst, json={"username": "governor", "lang": "ar"})
    assert assigned.status_code == 200
    assert [s["kind"] for s in api("GET", "subscriptions", governor).json()["items"]] == ["area-quarterly"]
    with site.engine.begin() as conn:
        conn.execute(text("UPDATE subscription SET created_at = now() - interval '3 weeks'"))
    done = worker(site, port, tmp_path)
    out, _ = done.communicate(timeout=300)
    assert done.returncode == 0, out[-2000:]
    mine = api("GET", "inbox", manager).json()["items"]
    assert len(mine) == expected_periods("center-weekly", 3) and all(i["status"] == "sent" for i in mine)
    pdf = api("GET", f"inbox/{mine[0]['id']}.pdf", manager)
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    assert api("GET", f"inbox/{mine[0]['id']}.pdf", governor).status_code == 404  # not theirs
    assert all(i["id"] not in {m["id"] for m in mine} for i in api("GET", "inbox", governor).json()["items"])
    assert sum(1 for m in mailbox.messages if m["To"] == "m@example.test") == len(mine)
    page = requests.get(f"{site.url}/reports/?lang=en", auth=manager, timeout=60)
    assert "Reports delivered to you" in page.text and f"/api/v1/inbox/{mine[0]['id']}.pdf" in page.text


def test_default_subscriptions_by_role(site):
    reset(site)
    added = deliveries.add_defaults(site.engine, lang="ar")
    kinds = {}
    with site.engine.connect() as conn:
        for username, kind, created_by in conn.execute(
            text("SELECT o.username, s.kind, s.created_by FROM subscription s JOIN official o ON o.id = s.official_id")
        ):
            kinds[username] = (kind, created_by)
    assert kinds["center_manager"] == ("center-weekly", "default")
    assert kinds["health_head"][0] == "sector-quarterly" and kinds["governor"][0] == "area-quarterly"
    assert kinds["analyst"][0] == "area-quarterly" and added == len(kinds)
    assert deliveries.add_defaults(site.engine, lang="ar") == 0  # once


def test_alerts_are_mailed_once_as_raised_and_only_within_the_jurisdiction(site, smtp, tmp_path):
    import requests

    from marsad.jurisdiction import Scope
    from marsad.queries import alerts

    mailbox, port = smtp
    reset(site)
    governor = officials.by_username(site.engine, "governor")
    (region,) = governor.scope().areas
    with site.engine.begin() as conn:
        conn.execute(text("TRUNCATE alert"))
        inside, outside = (
            conn.execute(
                text(f"SELECT min(id) FROM service_center WHERE region_code {op} :r AND status = 'active'"),
                {"r": region},
            ).scalar()
            for op in ("=", "<>")
        )

    def raise_alert(center: int, *, hours_ago: float = 0, axis: str | None = None) -> None:
        with site.engine.begin() as conn:
            conn.execute(
                text(
                    "INSERT INTO alert (kind, axis, center_id, sector_code, region_code, governorate_code, "
                    "locality_code, day, window_days, drop, z, n_recent, created_at) SELECT CASE WHEN CAST(:a AS text) IS NULL "
                    "THEN 'drop' ELSE 'axis' END, :a, id, sector_code, region_code, governorate_code, locality_code, "
                    "current_date - (:h / 24)::int, 1, 0.3, 4.5, 20, now() - make_interval(secs => :h * 3600) "
                    "FROM service_center WHERE id = :c"
                ),
                {"c": center, "h": hours_ago, "a": axis},
            )

    raise_alert(inside, hours_ago=48)  # before the subscription: not mailed
    auth = site.accounts["governor"]
    put = requests.put(
        f"{site.url}/api/v1/subscriptions/alerts", json={"email": "g@example.test", "lang": "en"}, auth=auth, timeout=60
    )
    assert put.status_code == 200 and put.json()["kind"] == "alerts"
    with site.engine.begin() as conn:
        conn.execute(text("UPDATE subscription SET created_at = now() - interval '1 day'"))
    raise_alert(inside)
    raise_alert(outside)  # another region's: never theirs
    done = worker(site, port, tmp_path)
    out, _ = done.communicate(timeout=300)
    assert done.returncode == 0, out[-2000:]
    with site.engine.connect() as conn:
        subscribed = conn.execute(text("SELECT created_at FROM subscription")).scalar()
    every = alerts.listed(site.engine, scope=Scope.national(), status=None, limit=1000, oldest_first=True)
    theirs = [a for a in every if a["region_code"] == region and a["created_at"] >= subscribed]
    elsewhere = [f"alert:{a['id']:012d}" for a in every if a["center_id"] == outside]
    rows = [r for r in ledger(site) if r["kind"] == "alerts"]
    assert theirs and elsewhere and not set(elsewhere) & {r["period_key"] for r in rows}
    assert [r["period_key"] for r in rows] == [f"alert:{a['id']:012d}" for a in theirs]
    assert all(r["status"] == "sent" and r["pdf"] is None for r in rows)
    mails = [m for m in mailbox.messages if m["To"] == "g@example.test"]
    assert len(mails) == len(theirs) and set(mailbox.refs().values()) == {1}
    parsed = [message_from_bytes(m.as_bytes(), policy=policy.default) for m in mails]
    first = next(m for m in parsed if str(m["Subject"]).endswith(theirs[0]["name_en"]))
    assert "satisfied share fell 30.0%" in first.get_content()
    again = worker(site, port, tmp_path)  # a restart: nothing new, nothing twice
    again.communicate(timeout=300)
    raise_alert(inside, axis="speed")  # a new one after: only it
    third = worker(site, port, tmp_path)
    third.communicate(timeout=300)
    assert len([m for m in mailbox.messages if m["To"] == "g@example.test"]) == len(theirs) + 1
    inbox = requests.get(f"{site.url}/api/v1/inbox", auth=auth, timeout=60).json()["items"]
    assert sum(1 for i in inbox if i["kind"] == "alerts") == len(theirs) + 1


def test_the_delivery_benchmark_sends_through_workers_and_cleans_up(site, demo_settings, tmp_path, capsys, monkeypatch):
    from marsad.reports import delivery_bench

    reset(site)
    monkeypatch.setenv("MARSAD_DATA_DIR", str(tmp_path))
    monkeypatch.setenv("MARSAD_SECRET_KEY", "test-secret-key-not-for-production")
    settings = demo_settings.model_copy(
        update={"database_url": site.engine.url.render_as_string(hide_password=False), "data_dir": tmp_path}
    )
    assert delivery_bench.run(settings, deliveries=3, workers=[1]) == 0
    out = capsys.readouterr().out
    assert "1 worker(s): 3 sent (3 mails, 0 not sent, exit codes [0])" in out, out
    with site.engine.connect() as conn:
        left = conn.execute(
            text(
                "SELECT count(*) FILTER (WHERE NOT o.disabled), count(s.id) + count(d.id) FROM official o "
                "LEFT JOIN subscription s ON s.official_id = o.id LEFT JOIN report_delivery d ON d.official_id = o.id "
                "WHERE o.username LIKE 'bench-cm-%'"
            )
        ).one()
    assert tuple(left) == (0, 0)  # its managers disabled (the audit log names them), their rows gone
