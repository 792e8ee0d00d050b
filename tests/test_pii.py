"""Personal-data removal on realistic comments: what must go, and what must stay."""

from __future__ import annotations

import pytest

from marsad.comments.pii import redact
from tests.pii_corpus import NEGATIVES

P_AR, I_AR, E_AR = "[رقم هاتف محذوف]", "[رقم هوية محذوف]", "[بريد محذوف]"
P_EN, I_EN, E_EN = "[phone removed]", "[ID removed]", "[email removed]"

REMOVED = [
    ("اتصلوا بي على 0501234567 بخصوص الطلب", f"اتصلوا بي على {P_AR} بخصوص الطلب"),
    ("رقمي 050 123 4567 ولم يرد أحد", f"رقمي {P_AR} ولم يرد أحد"),
    ("جوالي 050-123-4567", f"جوالي {P_AR}"),
    ("تواصل معي +966501234567 من فضلك", f"تواصل معي {P_AR} من فضلك"),
    ("رقمي +966 50 123 4567", f"رقمي {P_AR}"),
    ("رقمي 00966501234567", f"رقمي {P_AR}"),
    ("رقمي 966501234567", f"رقمي {P_AR}"),
    ("رقمي +9660501234567", f"رقمي {P_AR}"),
    ("جوالي ٠٥٠١٢٣٤٥٦٧ أرجو الاتصال", f"جوالي {P_AR} أرجو الاتصال"),
    ("جوالي ٠٥٥ ٤٤٤ ٣٣٢٢", f"جوالي {P_AR}"),
    ("رقم البيت 0114567890", f"رقم البيت {P_AR}"),
    ("هاتف المنزل +966 11 456 7890", f"هاتف المنزل {P_AR}"),
    ("هاتف المكتب 0126543210 جدة", f"هاتف المكتب {P_AR} جدة"),
    ("my number is 0551234567", f"my number is {P_EN}"),
    ("call me on +966 55 123 4567 please", f"call me on {P_EN} please"),
    ("reach me at +44 20 7946 0958", f"reach me at {P_EN}"),
    ("my Egyptian number +20 100 123 4567", f"my Egyptian number {P_EN}"),
    ("call +1-202-555-0143 anytime", f"call {P_EN} anytime"),
    ("phone 0044 7911 123456", f"phone {P_EN}"),
    ("رقم أخي في الأردن +962 79 123 4567", f"رقم أخي في الأردن {P_AR}"),
    ("رقم الهوية 1023456789 ولم يقبلوها", f"رقم الهوية {I_AR} ولم يقبلوها"),
    ("رقم الإقامة 2398765432 منتهية", f"رقم الإقامة {I_AR} منتهية"),
    ("هويتي ١٠٢٣٤٥٦٧٨٩", f"هويتي {I_AR}"),
    ("my iqama 2123456789 expired", f"my iqama {I_EN} expired"),
    ("national ID: 1098765432.", f"national ID: {I_EN}."),
    ("ايميلي ahmed.ali@example.com للتواصل", f"ايميلي {E_AR} للتواصل"),
    ("email me at sara_k+gov@mail.co.sa", f"email me at {E_EN}"),
    ("راسلوني على m.alotaibi@gmail.com أو 0509876543", f"راسلوني على {E_AR} أو {P_AR}"),
    ("هويتي 1111111111 وجوالي 0599999999", f"هويتي {I_AR} وجوالي {P_AR}"),
    ("number:0501234567,thanks", f"number:{P_EN},thanks"),
]

KEPT = NEGATIVES  # comments whose numbers must stay: tests/pii_corpus.py


@pytest.mark.parametrize("text,expected", REMOVED)
def test_personal_data_is_removed(text, expected):
    assert redact(text)[0] == expected


@pytest.mark.parametrize("text", KEPT)
def test_ordinary_numbers_are_left_alone(text):
    assert redact(text) == (text, [])


def test_the_corpus_is_large_enough_and_kinds_are_reported():
    assert len(REMOVED) + len(KEPT) >= 50
    _, kinds = redact("ahmed@x.com 0501234567 1023456789")
    assert sorted(kinds) == ["email", "id", "phone"]
    assert redact("call 0501234567", lang="ar")[0] == f"call {P_AR}"


def test_recall_and_precision_on_the_corpus(capsys):
    """Every way of writing a number, an id, an IBAN or an e-mail: each piece must be gone (recall); nothing
    else may be removed (precision): markers beyond the pieces of a positive comment, and any in a negative one."""
    from tests.pii_corpus import positives

    cases = positives()
    pieces = sum(len(p) for _, p in cases)
    found = extra = 0
    missed = []
    for text, expected in cases:
        out, kinds = redact(text)
        gone = [p for p in expected if p not in out and p.replace("\u200b", "") not in out]
        found += len(gone)
        missed += [(text, p) for p in expected if p not in gone]
        extra += max(0, len(kinds) - len(expected))
    wrong = [(t, redact(t)[0]) for t in NEGATIVES if redact(t)[1]]
    false_positives = extra + len(wrong)
    recall = found / pieces
    precision = found / (found + false_positives)
    with capsys.disabled():
        print(
            f"\npersonal data: {len(cases)} comments with {pieces} pieces, {len(NEGATIVES)} without; "
            f"recall {recall:.1%}, precision {precision:.1%}"
        )
    assert len(cases) + len(NEGATIVES) >= 300
    assert recall >= 0.99, missed[:10]
    assert precision >= 0.98, wrong[:10]


@pytest.mark.database
def test_stored_comments_are_checked_again_by_migration_0015(fresh_engine_factory):
    from datetime import date

    from sqlalchemy import text

    from marsad.db.schema import downgrade, migrate
    from marsad.geodata.demo import DemoSpec, generate

    engine = fresh_engine_factory("marsad_pii_migration")
    generate(engine, DemoSpec(country="SA", centers=60, ratings=500, seed=3, end=date.today()), progress=False)
    with engine.begin() as conn:
        rows = conn.execute(text("SELECT id FROM rating WHERE comment IS NOT NULL ORDER BY id LIMIT 3")).scalars().all()
        texts = ["اتصلوا على 050.123.4567 لو سمحتم", "call (055) 444-3322 please", "الخدمة ممتازة"]
        for rid, comment in zip(rows, texts):
            conn.execute(text("UPDATE rating SET comment = :c WHERE id = :i"), {"c": comment, "i": rid})
    downgrade(engine, "0014")  # 0015 is undone without putting anything back: the comments are as written above
    migrate(engine)
    with engine.connect() as conn:
        stored = conn.execute(
            text("SELECT comment, comment_norm FROM rating WHERE id = ANY(:i) ORDER BY id"), {"i": rows}
        ).all()
    assert [s.comment for s in stored] == [f"اتصلوا على {P_AR} لو سمحتم", f"call {P_EN} please", "الخدمة ممتازة"]
    assert "4567" not in stored[0].comment_norm and "3322" not in stored[1].comment_norm
