"""Mobile numbers and one-time codes. A number is kept only as a keyed HMAC; codes and tokens likewise.

The number is parsed with `phonenumbers` (local Saudi, Jordanian and Bahraini forms and international
ones, in Latin or Arabic-Indic digits) and must be a valid mobile number.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets

import phonenumbers
from phonenumbers import PhoneNumberType

ARABIC_INDIC = str.maketrans("٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹", "01234567890123456789")
MOBILE = (PhoneNumberType.MOBILE, PhoneNumberType.FIXED_LINE_OR_MOBILE)


class InvalidNumber(ValueError):
    """Not a mobile number we can send a code to; str(exc) says why."""


def parse_mobile(raw: str, country: str) -> str:
    """The number in E.164 form, or InvalidNumber."""
    if not isinstance(raw, str) or not 6 <= len(raw.strip()) <= 32:
        raise InvalidNumber("enter a mobile number, e.g. 05XXXXXXXX or +9665XXXXXXXX")
    try:
        number = phonenumbers.parse(raw.translate(ARABIC_INDIC), country)
    except phonenumbers.NumberParseException:
        raise InvalidNumber("this is not a phone number; enter e.g. 05XXXXXXXX or +9665XXXXXXXX") from None
    if not phonenumbers.is_valid_number(number) or phonenumbers.number_type(number) not in MOBILE:
        raise InvalidNumber("this is not a valid mobile number")
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def keyed(key: bytes, purpose: str, value: str) -> str:
    """HMAC-SHA256 of value, separated by purpose (a number, a code and a token never share a digest)."""
    return hmac.new(key, f"{purpose}\0{value}".encode(), hashlib.sha256).hexdigest()


def new_code() -> str:
    return f"{secrets.randbelow(1_000_000):06d}"


def new_token() -> str:
    return secrets.token_urlsafe(32)
