"""A corpus for personal-data removal: comments as citizens of Saudi Arabia, Jordan and Bahrain write them, in
Arabic and English, with the personal data each holds (what must go) and comments whose numbers must stay.

Positive cases are made by putting each way of writing a piece of personal data into sentences of both
languages; the numbers, names and accounts are invented (IBANs carry valid check digits, as real ones do)."""

from __future__ import annotations

import random

AR = "٠١٢٣٤٥٦٧٨٩"
FA = "۰۱۲۳۴۵۶۷۸۹"
WIDE = "０１２３４５６７８９"
AR_WORDS = ["صفر", "واحد", "اثنين", "ثلاثة", "أربعة", "خمسة", "ستة", "سبعة", "ثمانية", "تسعة"]
EN_WORDS = ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine"]


def script(digits: str, table: str) -> str:
    return "".join(table[int(c)] if c.isdigit() else c for c in digits)


def spaced(digits: str, sizes: tuple[int, ...], sep: str = " ") -> str:
    out, i = [], 0
    for n in sizes:
        out.append(digits[i : i + n])
        i += n
    out.append(digits[i:])
    return sep.join(p for p in out if p)


def saudi_mobile(d: str) -> list[str]:  # d = "5XXXXXXXX"
    local = "0" + d
    return [
        local,
        spaced(local, (3, 3)),
        spaced(local, (3, 3), "-"),
        spaced(local, (3, 3), "."),
        f"({local[:3]}) {local[3:6]}-{local[6:]}",
        spaced(d, (2, 3)),
        d,
        "+966" + d,
        "+966 " + spaced(d, (2, 3)),
        "00966" + d,
        "966" + d,
        "+966 (0) " + spaced(d, (2, 3)),
        spaced(local, (3, 3), "/"),
        " ".join(local),
        script(local, AR),
        script(spaced(local, (3, 3)), AR),
        script(local, FA),
        script(local, WIDE),
        spaced(local, (3, 3), "\u00a0"),
        spaced(local, (3, 3), "\u200b"),
        spaced(local, (3, 3), "  "),
        "\u200f" + local + "\u200e",
        local[:4] + "\u2060" + local[4:],
        "+٩٦٦" + script(d, AR),
        "(+966) " + d,
        spaced(local, (4, 3), " - "),
    ]


def spelled(local: str) -> list[str]:
    return [" ".join(AR_WORDS[int(c)] for c in local), " ".join(EN_WORDS[int(c)] for c in local)]


def saudi_landline(d: str) -> list[str]:  # d = "1XXXXXXXX" (area 1-7)
    local = "0" + d
    return [
        local,
        spaced(local, (3, 3)),
        f"({local[:3]}) {local[3:]}",
        "+966 " + spaced(d, (2, 3)),
        "00966" + d,
        script(local, AR),
        spaced(local, (3, 3), "-"),
    ]


def jordan_mobile(d: str) -> list[str]:  # d = "7[789]XXXXXXX"
    local = "0" + d
    return [
        local,
        spaced(local, (3, 3)),
        "+962 " + spaced(d, (2, 3)),
        "00962" + d,
        "962" + d,
        spaced(d, (2, 3)),
        script(local, AR),
        f"({local[:3]}) {local[3:6]} {local[6:]}",
        spaced(local, (3, 3), "-"),
    ]


def jordan_landline(d: str) -> list[str]:  # d = "[2-6]XXXXXXX"
    local = "0" + d
    return [local, spaced(local, (2, 3)), "+962 " + spaced(d, (1, 3)), "00962" + d, script(local, AR)]


def bahrain(d: str) -> list[str]:  # d = 8 digits
    return [d, spaced(d, (4,)), "+973 " + spaced(d, (4,)), "00973" + d, "+973" + d, script(d, AR), spaced(d, (4,), "-")]


def foreign() -> list[str]:
    return [
        "+44 20 7946 0958",
        "+20 100 123 4567",
        "+1-202-555-0143",
        "0044 7911 123456",
        "+971 50 123 4567",
        "+965 9876 5432",
        "+974 3312 4567",
        "+968 9123 4567",
        "+91 98765 43210",
    ]


def iban(country: str, length: int, rng: random.Random) -> str:
    if country == "SA":
        body = f"{rng.randint(10, 99)}" + "".join(rng.choice("0123456789") for _ in range(length - 6))
    else:
        body = "".join(rng.choice("ABCDEFGHIJKLMNOPQRSTUVWXYZ") for _ in range(4)) + "".join(
            rng.choice("0123456789") for _ in range(length - 8)
        )
    moved = body + country + "00"
    check = 98 - int("".join(str(int(c, 36)) for c in moved)) % 97
    raw = f"{country}{check:02d}{body}"
    return raw


def spaced_iban(raw: str) -> str:
    return " ".join(raw[i : i + 4] for i in range(0, len(raw), 4))


EMAILS = [
    "ahmed.alotaibi@gmail.com",
    "sara_k+gov@mail.co.sa",
    "m.haddad@yahoo.com",
    "layla99@outlook.com",
    "khalid dot omar at gmail dot com",
    "noura [at] hotmail [dot] com",
    "f.ali (at) batelco (dot) com (dot) bh",
    "yousef @ orange . jo",
    "reem.s@uj.edu.sa",
    "info.hamad@gmail.com",
]

AR_SENTENCES = [
    "اتصلوا بي على {x} بخصوص الطلب",
    "رقمي {x} ولم يرد أحد",
    "جوالي: {x}",
    "للتواصل {x} وشكراً لكم",
    "أرجو الاتصال على {x} بعد العصر",
    "الموظف أخذ رقمي {x} ووعد بالاتصال ولم يتصل",
    "واتساب {x} لو سمحتم",
    "راسلوني على {x} في أي وقت",
    "رقم أخي {x} هو صاحب المعاملة",
    "تواصلوا معي ({x}) لتعديل الموعد",
]
EN_SENTENCES = [
    "my number is {x}",
    "call me on {x} please",
    "contact: {x}",
    "reach me at {x} after 4pm",
    "pls whatsapp {x} about my application",
    "The clerk took my number {x} and never called back",
    "you can text {x} any time",
    "my brother ({x}) was there with me",
]
ID_SENTENCES_AR = [
    "رقم الهوية {x} ولم يقبلوها",
    "رقم الإقامة {x} منتهية وطلبوا التجديد",
    "هويتي {x}",
    "الرقم الوطني {x} مسجل خطأ",
    "الرقم الشخصي {x} لم يظهر في النظام",
]
ID_SENTENCES_EN = [
    "my iqama {x} expired",
    "national ID: {x}.",
    "national number {x} is wrong in the system",
    "my CPR {x} was not accepted",
]
IBAN_SENTENCES = [
    "حولوا المبلغ إلى حسابي {x} من فضلكم",
    "refund to IBAN {x} please",
    "الآيبان {x}",
    "my account {x} never got the refund",
]


def positives() -> list[tuple[str, list[str]]]:
    """(comment, the pieces of personal data in it as written)."""
    rng = random.Random(2026)
    cases: list[tuple[str, list[str]]] = []

    def put(forms: list[str], sentences_ar=AR_SENTENCES, sentences_en=EN_SENTENCES):
        for i, form in enumerate(forms):
            pool = sentences_ar if i % 2 == 0 else sentences_en
            cases.append((pool[rng.randrange(len(pool))].format(x=form), [form]))

    for _ in range(5):
        d = "5" + "".join(rng.choice("0123456789") for _ in range(8))
        put(saudi_mobile(d))
        put(spelled("0" + d))
    for _ in range(4):
        put(saudi_landline(rng.choice("1234567").join(["1", ""]) + "".join(rng.choice("0123456789") for _ in range(7))))
        put(jordan_mobile("7" + rng.choice("789") + "".join(rng.choice("0123456789") for _ in range(7))))
        put(jordan_landline(rng.choice("23456") + "".join(rng.choice("0123456789") for _ in range(7))))
        put(bahrain("3" + "".join(rng.choice("0123456789") for _ in range(7))))
        put(bahrain(rng.choice(["17", "13", "66", "39"]) + "".join(rng.choice("0123456789") for _ in range(6))))
    put(foreign())
    ids = ["1" + "".join(rng.choice("0123456789") for _ in range(9)) for _ in range(4)]
    ids += ["2" + "".join(rng.choice("0123456789") for _ in range(9)) for _ in range(4)]
    ids += ["9" + "".join(rng.choice("0123456789") for _ in range(9)) for _ in range(3)]
    id_forms = ids + [script(i, AR) for i in ids[:3]] + [spaced(ids[0], (3, 3)), spaced(ids[5], (4, 3), "-")]
    put(id_forms, ID_SENTENCES_AR, ID_SENTENCES_EN)
    cpr = ["880112345", "920304567", "010556789"]
    cases += [(f"الرقم الشخصي {c} لم يظهر في النظام", [c]) for c in cpr]
    cases += [(f"my CPR {c} was not accepted", [c]) for c in cpr]
    ibans = [iban("SA", 24, rng) for _ in range(3)] + [iban("JO", 30, rng), iban("BH", 22, rng)]
    put([*ibans, *(spaced_iban(i) for i in ibans)], IBAN_SENTENCES, IBAN_SENTENCES)
    put(EMAILS, ["ايميلي {x} للتواصل", "راسلوني على {x}"], ["email me at {x}", "my email: {x}"])
    # two pieces in one comment
    cases += [
        ("راسلوني على m.alotaibi@gmail.com أو 0509876543", ["m.alotaibi@gmail.com", "0509876543"]),
        ("هويتي 1111111111 وجوالي 0599999999", ["1111111111", "0599999999"]),
        ("0501234567 0559876543 رقمين للتواصل", ["0501234567", "0559876543"]),
        ("call 0791234567 or +962 6 512 3456", ["0791234567", "+962 6 512 3456"]),
        ("number:0501234567,thanks", ["0501234567"]),
        ("جوالي٠٥٠١٢٣٤٥٦٧وشكرا", ["٠٥٠١٢٣٤٥٦٧"]),
    ]
    return cases


NEGATIVES = [
    "دفعت 250 ريال رسوم التجديد",
    "الرسوم 1,500 ريال وهي مرتفعة",
    "paid SAR 1500 for the licence",
    "the fee was 2,300.50 riyals",
    "زرت المركز يوم 2026-11-20 صباحاً",
    "الموعد كان 20/11/2026 الساعة 10:30",
    "الموعد 13/11/2026 ولم يحضر الموظف",
    "visited on 17-11-2026 at 9:15",
    "2026/11/13 كان يوم الزيارة",
    "انتظرت ٤٥ دقيقة فقط",
    "انتظرت 3 ساعات",
    "التقييم 5/5 بدون مبالغة",
    "rated 4 out of 5",
    "اتصلت بالرقم الموحد 920001234 ولم يردوا",
    "اتصلت على 937 للاستفسار",
    "رقم الطلب 55123 ولم يتم الرد",
    "رقم المعاملة 987654 منذ أسبوعين",
    "ticket #20261120 still open",
    "الدور رقم 125 والانتظار طويل",
    "مرت 12 يوماً على الطلب",
    "الساعة 7:45 صباحاً كان الباب مغلقاً",
    "في عام ١٤٤٧ هـ تم افتتاح المبنى",
    "the form asks for 10 documents",
    "version 2.3.1 of the app crashes",
    "الطابق 2 غرفة 14",
    "زرتهم 3 مرات في شهر 11",
    "رقم الطلب 36512345 ما زال معلقاً",
    "ticket 17234567 was closed without reply",
    "booking number 551234567 was cancelled",
    "رقم المرجع 39128811",
    "invoice 13500000 paid",
    "سعر العقار 13,500,000 ريال",
    "fees of 1,200,000 fils",
    "الرسوم 15 دينار فقط",
    "paid BD 25.500",
    "الرمز البريدي 12345",
    "مبنى رقم 7788",
    "لوحة السيارة أ ب ج 1234",
    "الخدمة أخذت 20 دقيقة",
    "اتصلت على 8001245000 الرقم المجاني",
    "call 800 124 5000 toll free",
    "من الساعة 8 إلى 2",
    "عدد الموظفين 6 فقط والمراجعين 40",
    "waited from 10:00 to 13:30",
    "الطلب رقم 2026111300045",
    "الفترة من 1/1/2026 إلى 31/3/2026",
    "أعطيهم 10 من 10",
    "100% راضٍ عن الخدمة",
    "the queue number was A-113",
    "في الربع الثالث 2026 تحسنت الخدمة",
    "قيمة المخالفة 500 ريال",
    "التذكرة 1234567 منذ شهر",
    "رقم البلاغ 66123456 ولم يغلق",
    "order 3612345 is late",
    "we are 5 people and waited 2 hours",
    "الموظف رقم 12 كان ممتازاً",
    "the office on floor 3, window 7",
    "يوم 5 من شهر 12",
    "في 2025 و 2026",
    "الساعة ٩:٣٠ مساءً",
    "تأخر التسليم 14 يوم عمل",
    "مبلغ 1.250.000 ريال",
    "سنة 1446",
    "رخصة رقم 4521",
    "رسوم 2,000 و 3,500 ريال",
    "الاستمارة 7 صفحات",
    "انتظرت من ٨ إلى ١١",
    "score 9/10",
    "قبل 3 أيام",
    "the app version 4.12.0",
    "got 2 SMS and 1 email",
    "عدد 150 طلب متأخر",
    "خدمة 24/7 ممتازة",
    "مرت سنة كاملة",
    "one of the staff was very kind",
    "ست ساعات انتظار",
    "خمسة موظفين فقط",
    "two windows out of six were open",
    "الرقم الموحد 199009 لا يرد",
    "أرقام الانتظار من 1 إلى 200",
    "the fee is 3 dinars",
    "ثلاثة أيام ولم يردوا",
    "reference 2026-4455-77",
    "معاملة رقم 1445/7788",
]
