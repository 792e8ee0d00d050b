"""Arabic normalisation: each rule finds what it must and nothing else."""

from __future__ import annotations

import pytest

from marsad.comments.normalize import highlight, normalize

# (rule, query, a comment that must be found, a comment that must not)
CASES = [
    ("alef hamza above", "الأحوال", "راجعت مكتب الاحوال المدنية", "راجعت مكتب الجوازات"),
    ("alef hamza below", "إنجاز", "سرعة انجاز المعاملة", "سرعة الرد على الهاتف"),
    ("alef madda", "آلية", "الالية واضحة", "الخطوات واضحة"),
    ("alef wasla", "ٱلموظف", "الموظف متعاون", "المدير متعاون"),
    ("ta marbuta", "الصحة", "مركز الصحه الاولية", "مركز الصحيح"),
    ("ta marbuta, reverse", "مدينه", "مكتب المدينة المنورة", "مكتب مدني"),
    ("alef maqsura", "مستشفى", "مستشفي الملك فهد", "مستشار الملك"),
    ("tatweel", "ممتاز", "خدمة ممـــتازة", "خدمة متأخرة"),
    ("diacritics", "شكرا", "شُكْرًا جزيلاً للموظفين", "شكوى من الموظفين"),
    ("diacritics in the query", "مُمْتاز", "تعامل ممتاز", "تعامل سيء"),
    ("latin case", "ABSHER", "the absher app was down", "the sehhaty app was down"),
]


@pytest.mark.parametrize("rule,query,found,not_found", CASES, ids=[c[0] for c in CASES])
def test_each_rule_finds_and_only_finds(rule, query, found, not_found):
    q = normalize(query)
    assert q in normalize(found), (rule, normalize(found))
    assert q not in normalize(not_found), (rule, normalize(not_found))


def test_highlight_marks_the_original_spelling():
    pieces = highlight("خدمة ممـــتازة وشُكْرًا", "ممتاز شكرا")
    marked = [p for p, m in pieces if m]
    assert marked == ["ممـــتاز", "شُكْرًا"]
    assert "".join(p for p, _ in pieces) == "خدمة ممـــتازة وشُكْرًا"
    assert highlight("نص", "") == [("نص", False)]


def test_sql_normalisation_is_the_python_one(demo_engine):
    """Center search normalises names in SQL (marsad_norm): it must agree with the Python rules."""
    from sqlalchemy import text

    samples = [
        "إدارة الجوازات",
        "مكتبة آل سعود",
        "مستشفى الولادة",
        "الـــرياض",
        "مُحَمَّد",
        "ٱلخدمة",
        "Passport OFFICE",
        "مركز الرعاية الصحية ١٢",
    ]
    with demo_engine.connect() as conn:
        got = [conn.execute(text("SELECT marsad_norm(:t)"), {"t": s}).scalar() for s in samples]
    assert got == [normalize(s) for s in samples]


def test_center_search_finds_names_whatever_the_spelling(demo_engine):
    from marsad.jurisdiction import Scope
    from marsad.queries import centers

    national = centers.search(demo_engine, scope=Scope.national(), term="اداره", limit=200)
    assert national and all("إدارة" in c["name_ar"] or "ادارة" in c["name_ar"] for c in national)
    assert centers.search(demo_engine, scope=Scope.national(), term="إدارة", limit=200) == national
    health = centers.search(demo_engine, scope=Scope.of(sectors={"health"}), term="riyadh", limit=200)
    assert health and all(c["sector_code"] == "health" and "riyadh" in c["name_en"].lower() for c in health)
    assert centers.search(demo_engine, scope=Scope.of(sectors=set()), term="riyadh") == []
