"""Delivering reports: the planner puts every due (recipient, report, period) in the ledger, once; `deliver` sends
one ledger row. The row stays locked from its claim until its sending is recorded, in one transaction, so two
workers never send it both, and a worker that dies before the mail server has taken the message leaves it pending
for the next try (what is left: a worker dying in the moment between the server's acceptance and the commit)."""

from __future__ import annotations

import logging
from datetime import date, timedelta

from sqlalchemy import Connection, Engine

from marsad import i18n
from marsad.alerts import mailing
from marsad.audit_trail import record
from marsad.context import Context, Resources, for_official
from marsad.i18n import RIYADH
from marsad.mail import Mailer
from marsad.queries import deliveries, officials
from marsad.reports import periods, service
from marsad.reports.content import KINDS, NotInScope

log = logging.getLogger(__name__)
SUBSCRIBABLE = (*KINDS, mailing.ALERTS)  # a report kind, or the alerts e-mailed as they are raised


def due(subscriptions: list[dict], today: date) -> list[dict]:
    """Every complete period of each subscription since it began, or since the last one in the ledger, as ledger
    rows (a catch-up after downtime included: nothing is skipped, and what is planned is not planned again)."""
    rows = []
    for s in subscriptions:
        if s["kind"] not in KINDS:
            continue  # alerts go out as they are raised (alerts/mailing.py)
        last = s.get("last_key")
        # a subscription begins on its Riyadh day, the calendar `today` is in (its UTC day is the day before from
        # 21:00 UTC: a period that ended before it began was sent, and a test at that hour counted one too many)
        first = periods.parse(last).date_to + timedelta(days=1) if last else s["created_at"].astimezone(RIYADH).date()
        for p in periods.since(KINDS[s["kind"]], first, today):
            rows.append(
                {
                    "official_id": s["official_id"],
                    "kind": s["kind"],
                    "period_key": p.key,
                    "lang": s["lang"],
                    "email": s["email"],
                }
            )
    return rows


def plan(owner: Engine, today: date, res: Resources | None = None) -> list[int]:
    """Put what is due in the ledger (with `res`, the new alerts of alert subscribers too); the ids of every pending
    delivery (to hand to the queue)."""
    subscriptions = deliveries.subscriptions(owner)
    return deliveries.plan(owner, due(subscriptions, today) + (mailing.due(res, subscriptions) if res else []))


def deliver(res: Resources, owner: Engine, mailer: Mailer | None, delivery_id: int, *, today: date) -> str:
    """Send one delivery: 'sent', 'failed' (it cannot be made: the official is disabled, the subject left their
    jurisdiction), or 'skipped' (sent already, or being sent by another worker). MailFailed leaves it pending."""
    with owner.begin() as conn:
        row = deliveries.claim(conn, delivery_id)
        if row is None:
            return "skipped"
        official = officials.by_id(res.quick_engine, row["official_id"])
        if official is None or official.disabled:
            deliveries.done(conn, delivery_id, pdf=None, status="failed", error="the official is disabled")
            return "failed"
        ctx = for_official(res, official)
        if row["kind"] == mailing.ALERTS:
            return _alert(ctx, conn, mailer, row, delivery_id)
        try:
            report = service.build(ctx, row["kind"], today=today, period=row["period_key"])
        except (NotInScope, ValueError) as exc:
            deliveries.done(conn, delivery_id, pdf=None, status="failed", error=str(exc)[:500])
            return "failed"
        lang = row["lang"]
        pdf = service.write(ctx, report, lang=lang, fmt="pdf")
        if row["email"] and mailer is not None:
            title = f"{i18n.t('rep_' + row['kind'], lang)} · {report.period.label(lang)}"
            mailer.send(
                to=row["email"],
                subject=f"{i18n.t('app_title', lang)} · {title}",
                body=i18n.t("rep_mail_body", lang, title=title),
                attachment=(f"marsad-{row['kind']}-{row['period_key'].replace(':', '-')}.pdf", pdf),
                ref=f"delivery-{delivery_id}",
            )
        deliveries.done(conn, delivery_id, pdf=pdf)
    record(
        ctx,
        "report_sent",
        row["kind"],
        {"delivery": delivery_id, "period": row["period_key"], "email": bool(row["email"])},
    )
    return "sent"


def _alert(ctx: Context, conn: Connection, mailer: Mailer | None, row: dict, delivery_id: int) -> str:
    """Send one alert's e-mail (in the claimed row's transaction)."""
    alert = mailing.alert_of(ctx, row["period_key"])
    if alert is None:
        deliveries.done(conn, delivery_id, pdf=None, status="failed", error="the alert is not in the jurisdiction")
        return "failed"
    if row["email"] and mailer is not None:
        subject, body = mailing.message(alert, row["lang"], ctx.settings.public_url)
        mailer.send(to=row["email"], subject=subject, body=body, ref=f"delivery-{delivery_id}")
    deliveries.done(conn, delivery_id, pdf=None)
    record(
        ctx, "alert_sent", alert["kind"], {"delivery": delivery_id, "alert": alert["id"], "email": bool(row["email"])}
    )
    return "sent"
