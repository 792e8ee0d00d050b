"""Removing personal data from comments before they are stored.

Design: normalise first, then classify whole numbers, never match surface forms.
1. The text is put in NFKC form (full-width and other compatibility digits become plain ones, Arabic
   presentation forms plain letters) and invisible format characters (zero-width spaces and joiners, direction
   marks, soft hyphens) are dropped: they carry nothing a reader sees, and only served to split a number.
2. The text is read as units: digits in any script (Latin, Arabic-Indic, Eastern Arabic-Indic, …), digit words
   spelled out in Arabic or English ("صفر خمسة …", "zero five …"), separators (any space, dashes, dots, slashes,
   parentheses) and '+'. A number is a run of digits with at most three separators between two digits.
3. Each number is classified by its digits alone: Saudi, Jordanian and Bahraini mobile and landline numbers in
   local and international form (with or without the leading 0, with 00 or +), any other international number
   (+ or 00 and 8–15 digits), Saudi national and residence ids (10 digits from 1 or 2), Jordanian national
   numbers (10 digits from 9), Bahraini personal numbers (9 digits) after a word that names them. Ids, Bahraini
   8-digit numbers and 9-digit numbers without 0 are left alone right after a reference word (order, ticket,
   transaction …): there they are references, not people.
4. E-mail addresses, also written "name at host dot com" or with [at]/(at), and IBANs (country, check digits,
   account; the mod-97 check must pass) are found on the normalised text.
Left alone: prices, dates, times, durations, scores, counts, short service numbers (920001234, 937), and
reference numbers after a reference word. tests/test_pii.py measures recall and precision on its corpus.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

TOKENS = {
    "ar": {"email": "[بريد محذوف]", "phone": "[رقم هاتف محذوف]", "id": "[رقم هوية محذوف]", "iban": "[رقم حساب محذوف]"},
    "en": {"email": "[email removed]", "phone": "[phone removed]", "id": "[ID removed]", "iban": "[account removed]"},
}
ARABIC = re.compile("[\u0600-\u06ff]")

DIGIT_WORDS = {
    **dict.fromkeys(["zero", "oh"], "0"),
    "one": "1",
    "two": "2",
    "three": "3",
    "four": "4",
    "five": "5",
    "six": "6",
    "seven": "7",
    "eight": "8",
    "nine": "9",
    "صفر": "0",
    "واحد": "1",
    "وحد": "1",
    **dict.fromkeys(["اثنين", "اثنان", "إثنين", "اثنتين", "ثنين"], "2"),
    **dict.fromkeys(["ثلاثة", "ثلاث", "ثلاثه", "تلاتة", "تلاته"], "3"),
    **dict.fromkeys(["أربعة", "اربعة", "أربع", "اربع", "اربعه", "أربعه"], "4"),
    **dict.fromkeys(["خمسة", "خمس", "خمسه"], "5"),
    **dict.fromkeys(["ستة", "ست", "سته"], "6"),
    **dict.fromkeys(["سبعة", "سبع", "سبعه"], "7"),
    **dict.fromkeys(["ثمانية", "ثمان", "ثمانيه", "ثماني", "تمانية"], "8"),
    **dict.fromkeys(["تسعة", "تسع", "تسعه"], "9"),
}
# a spelled digit may carry the conjunction و ("and") in front: "خمسة وستة"
_WORD = re.compile(
    r"(?<![\w])(?:و)?(" + "|".join(sorted(map(re.escape, DIGIT_WORDS), key=len, reverse=True)) + r")(?![\w])",
    re.IGNORECASE,
)
# between the digits of one number (not commas or colons: those are thousands and times)
SEPARATORS = set(" \t\n\r-‐‑‒–—―−.·/\\()[]_")
DATE = re.compile(r"\d{1,4}\s?[/\-.]\s?\d{1,2}\s?[/\-.]\s?\d{1,4}")
MAX_SEPARATORS = 3  # between two digits of one number
REFERENCE_WORDS = re.compile(
    r"(?:طلب|الطلب|معاملة|المعاملة|تذكرة|التذكرة|بلاغ|البلاغ|مرجع|المرجع|الحجز|حجز|فاتورة|الفاتورة|الدور|رقم الدور|"
    r"order|ticket|request|reference|ref|case|booking|invoice|queue|transaction|application)\W{0,3}(?:no\.?|number|"
    r"رقم|#)?\W{0,3}$",
    re.IGNORECASE,
)
CPR_WORDS = re.compile(
    r"(?:cpr|personal number|الرقم الشخصي|رقمي الشخصي|البطاقة السكانية|بطاقة الهوية)\W{0,12}$", re.IGNORECASE
)
EMAIL = re.compile(
    r"[A-Za-z0-9._%+\-]+\s*(?:@|\(at\)|\[at\]|\{at\}|\s+at\s+)\s*[A-Za-z0-9\-]+(?:\s*(?:\.|\(dot\)|\[dot\]|\s+dot\s+)"
    r"\s*[A-Za-z0-9\-]+)*\s*(?:\.|\(dot\)|\[dot\]|\s+dot\s+)\s*[A-Za-z]{2,}\b",
    re.IGNORECASE,
)
IBAN_START = re.compile(r"\b([A-Z]{2})\s?(\d{2})")
IBAN_LENGTHS = {"SA": 24, "JO": 30, "BH": 22, "AE": 23, "KW": 30, "QA": 29, "OM": 23, "EG": 29}


@dataclass(frozen=True)
class _Unit:
    kind: str  # digit, sep, plus
    value: str
    start: int
    end: int


def clean(text: str) -> str:
    """NFKC, without invisible format characters (zero-width spaces and joiners, direction marks, soft hyphens)."""
    text = unicodedata.normalize("NFKC", text)
    return "".join(ch for ch in text if unicodedata.category(ch) != "Cf")


def _units(text: str) -> list[_Unit]:
    words = {m.start(): m for m in _WORD.finditer(text)}
    units: list[_Unit] = []
    i = 0
    while i < len(text):
        m = words.get(i)
        if m is not None:
            units.append(_Unit("digit", DIGIT_WORDS[m.group(1).lower()], m.start(), m.end()))
            i = m.end()
            continue
        ch = text[i]
        if ch.isdecimal():
            units.append(_Unit("digit", str(unicodedata.decimal(ch)), i, i + 1))
        elif ch in SEPARATORS or ch.isspace():
            units.append(_Unit("sep", ch, i, i + 1))
        elif ch == "+":
            units.append(_Unit("plus", ch, i, i + 1))
        else:
            units.append(_Unit("other", ch, i, i + 1))
        i += 1
    return units


@dataclass(frozen=True)
class Number:
    digits: str
    plus: bool
    start: int
    end: int
    spelled: bool


def _chunks(text: str) -> list[list[tuple[_Unit, ...]]]:
    """Runs of digit groups: within a run, groups of adjacent digits are parted by at most MAX_SEPARATORS
    separators; a run ends at anything else."""
    units = _units(text)
    runs: list[list[tuple[_Unit, ...]]] = []
    run: list[tuple[_Unit, ...]] = []
    group: list[_Unit] = []
    seps: list[_Unit] = []
    for u in [*units, _Unit("other", "", len(text), len(text))]:
        if u.kind == "digit":
            if seps and group:
                run.append(tuple(group))
                group = []
            group.append(u)
            seps = []
        elif u.kind == "sep" and group and len(seps) < MAX_SEPARATORS:
            seps.append(u)
        else:
            if group:
                run.append(tuple(group))
            if run:
                runs.append(run)
            run, group, seps = [], [], []
    return runs


def numbers(text: str) -> list[Number]:
    """Every candidate number of a cleaned text: each run of digit groups, and each stretch of consecutive groups
    in it (two numbers side by side are two candidates). Longest first within a run."""
    out = []
    for run in _chunks(text):
        for i in range(len(run)):
            for j in range(len(run), i, -1):
                out.append(_number(text, run[i:j]))
    return out


def _number(text: str, groups: list[tuple[_Unit, ...]]) -> Number:
    first, last = groups[0][0], groups[-1][-1]
    start, end = first.start, last.end
    head = text[max(0, start - 3) : start]
    plus = head.rstrip(" (").endswith("+")
    if plus:
        start -= len(head) - head.rstrip(" (").rfind("+")
    elif head.endswith("("):
        start -= 1
    if end < len(text) and text[end] == ")" and "(" in text[start:end]:
        end += 1
    units = [u for g in groups for u in g]
    spelled = any(u.end - u.start > 1 for u in units)
    return Number("".join(u.value for u in units), plus, start, end, spelled)


def _phone(d: str, plus: bool) -> bool:
    """Whether the digits of a number are a mobile or landline number of Saudi Arabia, Jordan or Bahrain, or any
    international number written with + or 00."""
    intl = plus or d.startswith("00")
    d = d[2:] if d.startswith("00") else d
    for cc, national in (("966", _saudi), ("962", _jordanian), ("973", _bahraini)):
        if d.startswith(cc) and national(d[len(cc) :].removeprefix("0"), international=True):
            return True
    if intl:
        return 8 <= len(d) <= 15
    return (
        _saudi(d.removeprefix("0"), international=False, local=d.startswith("0"))
        or _jordanian(d.removeprefix("0"), international=False, local=d.startswith("0"))
        or _bahraini(d, international=False)
    )


def _saudi(n: str, *, international: bool, local: bool = True) -> bool:
    if len(n) == 9 and n[0] == "5":
        return True  # mobile: 5X XXX XXXX
    return len(n) == 9 and n[0] == "1" and n[1] in "1234567" and (international or local)  # landline 01X XXX XXXX


def _jordanian(n: str, *, international: bool, local: bool = True) -> bool:
    if len(n) == 9 and n[0] == "7" and n[1] in "789":
        return True  # mobile: 7X XXX XXXX
    return len(n) == 8 and n[0] in "23456" and (international or local)  # landline 0X XXX XXXX


def _bahraini(n: str, *, international: bool) -> bool:
    return len(n) == 8 and (n[0] == "3" or n[:2] in ("66", "63", "69", "17", "13", "16"))


def _id(d: str, before: str) -> bool:
    if len(d) == 10 and d[0] in "129":
        return True  # Saudi national (1) and residence (2) ids, Jordanian national numbers (9)
    return len(d) == 9 and bool(CPR_WORDS.search(before))  # a Bahraini personal number, when named


def _ibans(text: str) -> list[tuple[int, int]]:
    """Spans of IBANs: a known country's code, check digits and as many letters or digits as its IBANs have (single
    spaces allowed between), the mod-97 check passing."""
    upper = text.upper()
    found = []
    for m in IBAN_START.finditer(upper):
        length = IBAN_LENGTHS.get(m.group(1))
        if length is None:
            continue
        chars, i = [m.group(1), m.group(2)], m.end()
        count = 4
        while count < length and i < len(upper):
            if upper[i].isascii() and upper[i].isalnum():
                chars.append(upper[i])
                count += 1
            elif not (upper[i] == " " and i + 1 < len(upper) and upper[i + 1] != " "):
                break
            i += 1
        if count != length or (i < len(upper) and upper[i].isascii() and upper[i].isalnum()):
            continue
        compact = "".join(chars)
        moved = compact[4:] + compact[:4]
        if int("".join(str(int(c, 36)) for c in moved)) % 97 == 1:
            found.append((m.start(), i))
    return found


def _kind(text: str, n: Number) -> str | None:
    """What personal data the number `n` of `text` is, or None."""
    before = text[max(0, n.start - 40) : n.start]
    raw = "".join(str(unicodedata.decimal(c)) if c.isdecimal() else c for c in text[n.start : n.end])
    if not n.plus and not n.spelled and DATE.fullmatch(raw.strip("()")):
        return None  # a date
    reference = bool(REFERENCE_WORDS.search(before))  # "order no. …", "رقم الطلب …": a reference, not a person
    if _id(n.digits, before) and not reference:
        return "id"
    strong = n.plus or n.digits.startswith("0") or n.spelled
    if _phone(n.digits, n.plus) and (strong or not reference):
        return "phone"
    return None


def redact(text: str, lang: str | None = None) -> tuple[str, list[str]]:
    """The text with personal data replaced by a marker, and the kinds removed (for moderation)."""
    text = clean(text)
    tokens = TOKENS[lang if lang in TOKENS else ("ar" if ARABIC.search(text) else "en")]
    spans: list[tuple[int, int, str]] = []
    for m in EMAIL.finditer(text):
        spans.append((m.start(), m.end(), "email"))
    spans += [(a, b, "iban") for a, b in _ibans(text)]
    taken = [(a, b) for a, b, _ in spans]
    for n in numbers(text):  # longest candidates first: a number is taken whole, the rest stays free
        if any(a < n.end and n.start < b for a, b in taken):
            continue
        kind = _kind(text, n)
        if kind is not None:
            spans.append((n.start, n.end, kind))
            taken.append((n.start, n.end))
    out, found, last = [], [], 0
    for a, b, kind in sorted(spans):
        if a < last:
            continue
        out += [text[last:a], tokens[kind]]
        found.append(kind)
        last = b
    out.append(text[last:])
    return "".join(out), found
