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
