"""Alerts by e-mail as they are raised. An official subscribed to kind ALERTS gets each new alert of their
jurisdiction (raised since they subscribed) through the reports' delivery ledger, with period key 'alert:<id>': so
each goes out exactly once, like a report, and stays in their inbox (without a PDF). The alert is read again, in
the official's jurisdiction, when it is sent."""

from __future__ import annotations

from marsad import i18n
from marsad.alerts import text
from marsad.context import Context, Resources, for_official
from marsad.queries import alerts, officials

ALERTS = "alerts"
BATCH = 200  # alerts planned per subscription and run; the next run takes the rest


def key_of(alert_id: int) -> str:
    return f"alert:{alert_id:012d}"  # keys of one kind sort as their periods (here, ids) do


def id_of(key: str) -> int:
    return int(key.removeprefix("alert:"))


def due(res: Resources, subscriptions: list[dict]) -> list[dict]:
    """Ledger rows for the alerts raised in each ALERTS subscriber's jurisdiction since they subscribed, after the
    last one in the ledger (read with their scope, so no one is sent an alert outside their jurisdiction)."""
    rows = []
    for s in subscriptions:
        if s["kind"] != ALERTS:
            continue
        official = officials.by_id(res.quick_engine, s["official_id"])
        if official is None or official.disabled:
            continue
        ctx = for_official(res, official)
        last = s.get("last_key")
        for a in alerts.listed(
            ctx.engine,
            scope=ctx.scope,
            status=None,
            after_id=id_of(last) if last else None,
            since=s["created_at"],
            oldest_first=True,
            limit=BATCH,
        ):
            rows.append(
                {
                    "official_id": s["official_id"],
                    "kind": ALERTS,
                    "period_key": key_of(a["id"]),
                    "lang": s["lang"],
                    "email": s["email"],
                }
            )
    return rows


def alert_of(ctx: Context, key: str) -> dict | None:
    """The alert of a ledger row, if it is (still) in the official's jurisdiction."""
    return alerts.one(ctx.engine, scope=ctx.scope, alert_id=id_of(key))


def message(alert: dict, lang: str, public_url: str | None) -> tuple[str, str]:
    """(subject, body) of an alert's e-mail; its text is plain (the mail is text/plain)."""
    place = text.place(alert, lang)
    subject = f"{i18n.t('app_title', lang)} · {i18n.t('alert_mail_subject', lang)} · {place}"
    lines = [place, text.describe(alert, lang), i18n.fmt_text_digits(alert["day"].isoformat(), lang)]
    if public_url:
        lines.append(public_url.rstrip("/") + text.link(alert, lang))
        lines.append(f"{public_url.rstrip('/')}/alerts?lang={lang}")
    return subject, "\n".join(lines)
