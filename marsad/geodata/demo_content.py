"""Names and texts for the demo data: sectors, their services and center types, and comment phrases."""

from __future__ import annotations

# code, Arabic, English, center type (ar, en), share of centers, quality effect, rating volume factor
SECTORS = [
    (
        "health",
        "وزارة الصحة",
        "Ministry of Health",
        ("مركز الرعاية الصحية الأولية", "Primary Health Care Center"),
        0.28,
        -0.10,
        1.4,
    ),
    (
        "municipal",
        "الشؤون البلدية والقروية والإسكان",
        "Municipal, Rural Affairs and Housing",
        ("بلدية", "Municipality"),
        0.13,
        -0.40,
        0.8,
    ),
    ("post", "البريد", "Postal Services", ("مكتب البريد", "Post Office"), 0.10, 0.10, 0.6),
    ("education", "وزارة التعليم", "Ministry of Education", ("مكتب التعليم", "Education Office"), 0.08, 0.00, 0.5),
    (
        "social",
        "الموارد البشرية والتنمية الاجتماعية",
        "Human Resources and Social Development",
        ("مكتب الضمان الاجتماعي", "Social Services Office"),
        0.08,
        -0.30,
        0.9,
    ),
    (
        "civil_affairs",
        "الأحوال المدنية",
        "Civil Affairs",
        ("مكتب الأحوال المدنية", "Civil Affairs Office"),
        0.08,
        0.30,
        1.2,
    ),
    (
        "traffic",
        "الإدارة العامة للمرور",
        "General Department of Traffic",
        ("إدارة المرور", "Traffic Department"),
        0.08,
        0.00,
        1.1,
    ),
    ("justice", "وزارة العدل", "Ministry of Justice", ("المحكمة العامة", "General Court"), 0.08, -0.20, 0.9),
    (
        "passports",
        "المديرية العامة للجوازات",
        "General Directorate of Passports",
        ("مكتب الجوازات", "Passports Office"),
        0.09,
        0.50,
        1.3,
    ),
]

SERVICES = {
    "health": [
        ("appointment", "حجز موعد", "Appointment booking"),
        ("vaccination", "التطعيم", "Vaccination"),
        ("consultation", "استشارة طبية عامة", "General consultation"),
        ("sick_leave", "إصدار إجازة مرضية", "Sick leave certificate"),
        ("prescription", "صرف الوصفات الطبية", "Prescription refill"),
    ],
    "municipal": [
        ("building_permit", "رخصة بناء", "Building permit"),
        ("shop_licence", "رخصة محل تجاري", "Shop licence"),
        ("report", "البلاغات البلدية", "Municipal reports"),
        ("land_survey", "طلب مسح أرض", "Land survey request"),
    ],
    "post": [
        ("parcel", "استلام الطرود", "Parcel collection"),
        ("national_address", "العنوان الوطني", "National address"),
        ("mail", "إرسال البريد", "Sending mail"),
    ],
    "education": [
        ("equivalency", "معادلة الشهادات", "Certificate equivalency"),
        ("transfer", "نقل طالب", "Student transfer"),
        ("attestation", "تصديق الوثائق", "Document attestation"),
    ],
    "social": [
        ("social_security", "الضمان الاجتماعي", "Social security"),
        ("disability", "دعم ذوي الإعاقة", "Disability support"),
        ("labour_complaint", "الشكاوى العمالية", "Labour complaints"),
    ],
    "civil_affairs": [
        ("national_id", "إصدار الهوية الوطنية", "National ID issuance"),
        ("family_record", "سجل الأسرة", "Family record"),
        ("birth", "تسجيل المواليد", "Birth registration"),
        ("marriage", "تسجيل عقد الزواج", "Marriage registration"),
    ],
    "traffic": [
        ("licence_issue", "إصدار رخصة القيادة", "Driving licence issuance"),
        ("licence_renewal", "تجديد رخصة القيادة", "Driving licence renewal"),
        ("vehicle_registration", "تسجيل المركبة", "Vehicle registration"),
        ("accident_report", "تقارير الحوادث", "Accident reports"),
    ],
    "justice": [
        ("case_filing", "رفع دعوى", "Filing a case"),
        ("notary", "التوثيق", "Notarisation"),
        ("power_of_attorney", "إصدار وكالة", "Power of attorney"),
        ("enforcement", "طلب تنفيذ", "Enforcement request"),
    ],
    "passports": [
        ("passport_issue", "إصدار جواز سفر", "Passport issuance"),
        ("passport_renewal", "تجديد جواز السفر", "Passport renewal"),
        ("exit_reentry", "تأشيرة خروج وعودة", "Exit and re-entry visa"),
        ("residence_renewal", "تجديد الإقامة", "Residence permit renewal"),
    ],
}

PLATFORMS = [
    ("absher", "passports", "أبشر", "Absher", None),
    ("sehhaty", "health", "صحتي", "Sehhaty", None),
    ("najiz", "justice", "ناجز", "Najiz", None),
    ("balady", "municipal", "بلدي", "Balady", None),
]

SOURCES = ("app", "survey", "mystery_shopper", "focus_group")
SOURCE_SHARE = (0.78, 0.12, 0.07, 0.03)
SOURCE_EFFECT = (0.0, 0.1, -0.25, -0.1)

COMMENTS = {
    "ar": {
        "neg": [
            "انتظرت أكثر من ساعتين دون أي تنظيم للدور",
            "الموظف لم يكن متعاوناً وطلب مني العودة غداً",
            "النظام معطل للمرة الثالثة هذا الأسبوع",
            "المكان مزدحم جداً ولا توجد مقاعد كافية",
            "لم تُحل مشكلتي رغم المراجعة عدة مرات",
            "الإجراءات غير واضحة وكل موظف يقول شيئاً مختلفاً",
            "مواقف السيارات غير كافية والمبنى يحتاج صيانة",
            "تأخير كبير في إنجاز المعاملة",
        ],
        "mid": [
            "الخدمة مقبولة لكن الانتظار طويل",
            "الموظفون جيدون والمكان يحتاج إلى تحسين",
            "تم إنجاز الطلب بعد مراجعتين",
            "التعامل جيد والإجراءات تحتاج تبسيطاً",
        ],
        "pos": [
            "خدمة ممتازة وسريعة، شكراً للموظفين",
            "تم إنجاز معاملتي في أقل من عشر دقائق",
            "الموظفة كانت متعاونة جداً وشرحت كل الخطوات",
            "المكان نظيف ومنظم والانتظار قصير",
            "تجربة رائعة، أنصح بالحجز المسبق عبر التطبيق",
            "تعامل راقٍ وإنجاز سريع، جزاكم الله خيراً",
        ],
    },
    "en": {
        "neg": [
            "Waited over two hours with no queue system",
            "The staff asked me to come back tomorrow twice",
            "The system was down again",
            "Very crowded and not enough seats",
            "My issue was not resolved",
        ],
        "mid": [
            "Service was fine but the wait was long",
            "Friendly staff, the building needs work",
            "Done on the second visit",
        ],
        "pos": [
            "Excellent and fast service, thank you",
            "Done in under ten minutes",
            "Very helpful staff who explained every step",
            "Clean, well organised, short wait",
        ],
    },
}

# Problems that flare up at one center in the demo's planted comment surges (`marsad demo --planted N`): each is a
# term (as marsad.queries.comment_terms counts it) and comments that mention it, spelled as citizens do (with and
# without diacritics, ة or ه), so that detection has to normalise to see one problem.
PROBLEMS = [
    (
        "مكيف",
        [
            "المكيف معطل والحر لا يطاق في صالة الانتظار",
            "المكيّف لا يعمل منذ الصباح",
            "المُكيف خربان والجو حار جداً",
            "أرجو إصلاح المكيف، الصالة حارة",
        ],
    ),
    (
        "شبكه",
        [
            "جهاز الشبكة لا يعمل ولم أستطع الدفع",
            "الشبكه عطلانة وطلبوا الدفع نقداً",
            "لا يوجد دفع بالشبكة اليوم",
        ],
    ),
    (
        "رسوم",
        [
            "طُلب مني دفع رسوم إضافية غير معلنة",
            "الرسوم تغيّرت دون إعلان",
            "لماذا رسوم جديدة على نفس الخدمة؟",
        ],
    ),
    (
        "مصعد",
        [
            "المصعد معطل وكبار السن يصعدون الدرج",
            "المصعد متوقف منذ أيام",
            "لا يوجد مصعد يعمل في المبنى",
        ],
    ),
]
