"""Who delivers one-time codes: the development sender writes them to the server log; the production
sender posts them to an SMS gateway. Neither logs the number: only a short reference derived from its HMAC."""

from __future__ import annotations

import json
import logging
import urllib.request
from typing import Protocol

log = logging.getLogger("marsad.otp")


class CodeSender(Protocol):
    def send(self, *, number: str, ref: str, code: str, lang: str) -> None: ...


class SendFailed(RuntimeError):
    pass


MESSAGE = {"ar": "رمز التحقق في مرصد: {code}", "en": "Your Marsad code: {code}"}


class LogSender:
    """Development: the code goes to the server log under the number's reference."""

    def send(self, *, number: str, ref: str, code: str, lang: str) -> None:
        log.warning("one-time code for rater ref %s: %s (development sender; set MARSAD_SMS_SENDER=http)", ref, code)


class HttpSmsSender:
    """Production: POST {"to", "text"} as JSON with a bearer token to the gateway."""

    def __init__(self, url: str, token: str | None, timeout: float = 5.0):
        self.url, self.token, self.timeout = url, token, timeout

    def send(self, *, number: str, ref: str, code: str, lang: str) -> None:
        body = json.dumps({"to": number, "text": MESSAGE.get(lang, MESSAGE["ar"]).format(code=code)}).encode()
        req = urllib.request.Request(
            self.url,
            data=body,
            method="POST",
            headers={
                "Content-Type": "application/json",
                **({"Authorization": f"Bearer {self.token}"} if self.token else {}),
            },
        )
        try:
            with urllib.request.urlopen(req, timeout=self.timeout) as resp:
                if resp.status >= 300:
                    raise SendFailed(f"gateway answered {resp.status}")
        except OSError as exc:
            log.error("SMS gateway failed for rater ref %s: %s", ref, type(exc).__name__)
            raise SendFailed("the SMS gateway cannot be reached") from None


def from_settings(settings) -> CodeSender:
    if settings.sms_sender == "http":
        if not settings.sms_gateway_url:
            raise ValueError("MARSAD_SMS_SENDER=http needs MARSAD_SMS_GATEWAY_URL")
        token = settings.sms_gateway_token.get_secret_value() if settings.sms_gateway_token else None
        return HttpSmsSender(settings.sms_gateway_url, token)
    return LogSender()
