"""E-mail through SMTP (settings MARSAD_SMTP_*): reports with their PDF attached, and alerts. A message names its
ledger row in its Message-ID, so that a receiving system can tell a resend from a new message."""

from __future__ import annotations

import smtplib
from dataclasses import dataclass
from email.message import EmailMessage
from email.utils import make_msgid

from marsad.settings import Settings

DOMAIN = "marsad.local"


class MailFailed(RuntimeError):
    """The SMTP server could not be reached or refused the message; the message says which."""


@dataclass(frozen=True)
class Mailer:
    host: str
    port: int
    sender: str
    user: str | None = None
    password: str | None = None
    starttls: bool = False
    timeout: float = 30.0

    def send(
        self, *, to: str, subject: str, body: str, attachment: tuple[str, bytes] | None = None, ref: str | None = None
    ) -> str:
        """Send one message; its Message-ID. MailFailed when it did not go."""
        message = EmailMessage()
        message["From"], message["To"], message["Subject"] = self.sender, to, subject
        # the same ledger row always gives the same Message-ID: a receiving system can drop a resend
        message["Message-ID"] = f"<marsad.{ref}@{DOMAIN}>" if ref else make_msgid(domain=DOMAIN)
        message.set_content(body)
        if attachment is not None:
            name, data = attachment
            message.add_attachment(data, maintype="application", subtype="pdf", filename=name)
        try:
            with smtplib.SMTP(self.host, self.port, timeout=self.timeout) as smtp:
                if self.starttls:
                    smtp.starttls()
                if self.user:
                    smtp.login(self.user, self.password or "")
                smtp.send_message(message)
        except (OSError, smtplib.SMTPException) as exc:
            raise MailFailed(f"sending to {to} through {self.host}:{self.port} failed: {exc}") from exc
        return str(message["Message-ID"])


def from_settings(settings: Settings) -> Mailer | None:
    """The configured mailer, or None (reports then go to the inbox only)."""
    if not settings.smtp_host:
        return None
    return Mailer(
        host=settings.smtp_host,
        port=settings.smtp_port,
        sender=settings.smtp_from,
        user=settings.smtp_user,
        password=settings.smtp_password.get_secret_value() if settings.smtp_password else None,
        starttls=settings.smtp_starttls,
    )
