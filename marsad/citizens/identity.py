"""Mobile numbers and one-time codes. A number is kept only as a keyed HMAC; codes and tokens likewise.

The number is parsed with `phonenumbers` (the country's local forms and international ones, in Latin or
Arabic-Indic digits) and must be a valid mobile number.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets

import phonenumbers
from phonenumbers import PhoneNumberType

from marsad.country import profile

ARABIC_INDIC = str.maketrans("٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹", "01234567890123456789")
MOBILE = (PhoneNumberType.MOBILE, PhoneNumberType.FIXED_LINE_OR_MOBILE)


class InvalidNumber(ValueError):
    """Not a mobile number we can send a code to; str(exc) says why, `key` names the reason (number_missing,
    number_format, number_invalid) and `examples` the country's forms."""

    def __init__(self, message: str, key: str, examples: dict[str, str]):
        super().__init__(message)
        self.key, self.examples = key, examples


def parse_mobile(raw: str, country: str) -> str:
    """The number in E.164 form, or InvalidNumber (examples from the country's profile)."""
    p = profile(country)
    examples = {"local": p.phone_local, "intl": p.phone_international}
    if not isinstance(raw, str) or not 6 <= len(raw.strip()) <= 32:
        raise InvalidNumber(f"enter a mobile number, e.g. {p.phone_local} or {p.phone_international}",
                            "number_missing", examples)  # fmt: skip
    try:
        number = phonenumbers.parse(raw.translate(ARABIC_INDIC), country)
    except phonenumbers.NumberParseException:
        raise InvalidNumber(f"this is not a phone number; enter e.g. {p.phone_local} or {p.phone_international}",
                            "number_format", examples) from None  # fmt: skip
    if not phonenumbers.is_valid_number(number) or phonenumbers.number_type(number) not in MOBILE:
        raise InvalidNumber("this is not a valid mobile number", "number_invalid", examples)
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def keyed(key: bytes, purpose: str, value: str) -> str:
    """HMAC-SHA256 of value, separated by purpose (a number, a code and a token never share a digest)."""
    return hmac.new(key, f"{purpose}\0{value}".encode(), hashlib.sha256).hexdigest()


def new_code() -> str:
    return f"{secrets.randbelow(1_000_000):06d}"


def new_token() -> str:
    return secrets.token_urlsafe(32)
