"""Removing personal data from comments before they are stored.

Removed: e-mail addresses; Saudi mobile and landline numbers in local and international form; other
international numbers (+ or 00 prefix); 10-digit national and residence (iqama) ids, which start with 1 or 2.
Digits may be Latin (0-9), Arabic-Indic (٠-٩) or Eastern Arabic-Indic (۰-۹), with spaces or dashes inside.
Left alone: prices, dates, times, durations, scores, short service numbers (e.g. 920001234, 937).
"""

from __future__ import annotations

import re

_DIGIT_FORMS = {str(i): f"[{i}{chr(0x0660 + i)}{chr(0x06F0 + i)}]" for i in range(10)}
D = "[0-9\u0660-\u0669\u06f0-\u06f9]"
SEP = r"[ \-]?"
# only a directly adjacent digit blocks a match: two numbers side by side are both removed (removing too
# much from a longer spaced number is the safe way to be wrong)
NOT_DIGIT_BEFORE = rf"(?<!{D})"
NOT_DIGIT_AFTER = rf"(?!{D})"


def _lit(digits: str) -> str:
    """A digit literal that matches in any of the three digit scripts."""
    return "".join(_DIGIT_FORMS[c] for c in digits)


def _digits(n_min: int, n_max: int | None = None) -> str:
    n_max = n_min if n_max is None else n_max
    return rf"(?:{SEP}{D}){{{n_min},{n_max}}}"


_INTL_966 = rf"(?:(?:\+|{_lit('00')})[ ]?{_lit('966')}|{_lit('966')}){SEP}(?:{_lit('0')})?"
PATTERNS = [
    ("email", re.compile(r"[A-Za-z0-9._%+\-]+@[A-Za-z0-9.\-]+\.[A-Za-z]{2,}")),
    ("phone", re.compile(rf"{NOT_DIGIT_BEFORE}{_INTL_966}{_lit('5')}{_digits(8)}{NOT_DIGIT_AFTER}")),
    (
        "phone",
        re.compile(
            rf"{NOT_DIGIT_BEFORE}{_INTL_966}{_lit('1')}[1-7\u0661-\u0667\u06F1-\u06F7]{_digits(7)}"
            rf"{NOT_DIGIT_AFTER}"
        ),
    ),
    ("phone", re.compile(rf"{NOT_DIGIT_BEFORE}{_lit('05')}{_digits(8)}{NOT_DIGIT_AFTER}")),
    (
        "phone",
        re.compile(
            rf"{NOT_DIGIT_BEFORE}{_lit('01')}[1-7\u0661-\u0667\u06F1-\u06F7]{_digits(7)}"
            rf"{NOT_DIGIT_AFTER}"
        ),
    ),
    ("phone", re.compile(rf"{NOT_DIGIT_BEFORE}(?:\+|{_lit('00')})[ ]?{D}{{1,3}}{_digits(7, 12)}{NOT_DIGIT_AFTER}")),
    ("id", re.compile(rf"{NOT_DIGIT_BEFORE}[12\u0661\u0662\u06F1\u06F2]{D}{{9}}{NOT_DIGIT_AFTER}")),
]
TOKENS = {
    "ar": {"email": "[بريد محذوف]", "phone": "[رقم هاتف محذوف]", "id": "[رقم هوية محذوف]"},
    "en": {"email": "[email removed]", "phone": "[phone removed]", "id": "[ID removed]"},
}
ARABIC = re.compile("[\u0600-\u06ff]")


def redact(text: str, lang: str | None = None) -> tuple[str, list[str]]:
    """The text with personal data replaced by a marker, and the kinds removed (for moderation)."""
    tokens = TOKENS[lang if lang in TOKENS else ("ar" if ARABIC.search(text) else "en")]
    found: list[str] = []
    for kind, pattern in PATTERNS:
        text, n = pattern.subn(tokens[kind], text)
        found += [kind] * n
    return text, found
