"""Every visible string, in Arabic (default, right-to-left) and English; numbers formatted per language."""

from __future__ import annotations

from datetime import timedelta, timezone

from marsad import calendars, country, digits
from marsad.i18n_briefings import BRIEFING_STRINGS
from marsad.i18n_programme import PROGRAMME_STRINGS

LANGS = ("ar", "en")
RIYADH = timezone(timedelta(hours=3))

STRINGS: dict[str, tuple[str, str]] = {
    "app_title": ("مرصد", "Marsad"),
    "app_subtitle": (
        "رضا المستفيدين عن مراكز الخدمات الحكومية",
        "Citizen satisfaction with government service centers",
    ),
    "switch_lang": ("English", "العربية"),
    "classes": ("ألوان الخريطة", "Map colours"),
    "classes_fixed": ("مقياس ثابت", "Fixed scale"),
    "classes_quantiles": ("أسداس العرض", "Sixths of view"),
    "classes_difference": ("الفرق عن المتوسط", "Vs. the mean"),
    "legend_quantiles": (
        "متوسط الرضا: كل لون نحو سدس المناطق المعروضة",
        "Mean score: each colour about a sixth of the areas shown",
    ),
    "legend_difference_national": ("الفرق عن المتوسط الوطني ({mean})", "Difference from the national mean ({mean})"),
    "legend_difference": ("الفرق عن متوسط نطاقك ({mean})", "Difference from your jurisdiction's mean ({mean})"),
    "bad_classes": ("ألوان غير معروفة: {value}", "unknown map colours: {value}"),
    "digits_latin": ("أرقام 123", "Digits 123"),  # shown in Arabic only: switches to Latin digits
    "digits_arabic": ("أرقام ١٢٣", "Digits ١٢٣"),
    "national": ("المملكة", "Kingdom"),
    "filters": ("عوامل التصفية", "Filters"),
    "sector": ("القطاع", "Sector"),
    "service": ("الخدمة", "Service"),
    "source": ("مصدر التقييم", "Rating source"),
    "period": ("الفترة", "Period"),
    "all_sectors": ("كل القطاعات", "All sectors"),
    "all_services": ("كل الخدمات", "All services"),
    "all_sources": ("كل المصادر", "All sources"),
    "src_app": ("تطبيق التقييم", "Rating app"),
    "src_survey": ("استبيان", "Survey"),
    "src_mystery_shopper": ("المتسوق الخفي", "Mystery shopper"),
    "src_focus_group": ("مجموعات التركيز", "Focus group"),
    "kpi_n": ("عدد التقييمات", "Ratings"),
    "kpi_mean": ("متوسط التقييم", "Mean score"),
    "kpi_satisfied": ("نسبة الراضين (٤–٥)", "Satisfied (4–5)"),
    "kpi_change": ("التغير عن الفترة السابقة", "Change vs previous period"),
    "vs_previous": ("عن الفترة السابقة", "vs previous period"),
    "no_previous": ("لا بيانات للفترة السابقة", "no data for the previous period"),
    "mean": ("المتوسط", "Mean"),
    "n": ("التقييمات", "Ratings"),
    "no_ratings": ("لا توجد تقييمات", "No ratings"),
    "distribution": ("توزيع الدرجات", "Score distribution"),
    "trend": ("الاتجاه عبر الزمن", "Trend over time"),
    "legend": ("متوسط الرضا (١–٥)", "Mean satisfaction (1–5)"),
    "approximate": ("حدود تقريبية", "approximate boundaries"),
    "approximate_note": (
        "حدود المحافظات والمراكز تقريبية (مشتقة من مواقع المقرات) إلى أن تُستورد الحدود الرسمية.",
        "Governorate and locality boundaries are approximate (derived from seat locations) until "
        "official boundaries are imported.",
    ),
    "click_to_drill": ("انقر على منطقة للتعمق فيها", "Click an area to drill down"),
    "centers_hint": ("تظهر المراكز عند اختيار منطقة", "Centers appear once a region is selected"),
    "too_many_centers": (
        "{n} مركزاً في هذه المنطقة: اختر محافظة لعرضها على الخريطة",
        "{n} centers in this area: choose a governorate to see them on the map",
    ),
    "centers_shown": ("المراكز المعروضة: {n}", "Centers shown: {n}"),  # no counted noun: "١ مراكز", "1 centers"
    "level_region": ("المناطق", "Regions"),
    "level_governorate": ("المحافظات", "Governorates"),
    "level_locality": ("المدن والقرى", "Cities and villages"),
    "db_error": (
        "تعذر الوصول إلى قاعدة البيانات. حاول مرة أخرى بعد قليل.",
        "The database cannot be reached. Try again in a moment.",
    ),
    "bad_link": (
        "بعض قيم الرابط غير صالحة وتم تجاهلها: {msg}",
        "Some values in the link were invalid and ignored: {msg}",
    ),
    "count_hover": ("العدد: %{y:,}<extra></extra>", "Count: %{y:,}<extra></extra>"),
    "role_governor": ("أمير منطقة", "Regional governor"),
    "role_governorate_official": ("مسؤول محافظة", "Governorate official"),
    "role_agency_head": ("رئيس جهة", "Agency head"),
    "role_center_manager": ("مدير مركز", "Center manager"),
    "role_analyst": ("محلل وطني", "National analyst"),
    "jurisdiction": ("النطاق", "Jurisdiction"),
    "all_country": ("كل المملكة", "Nationwide"),
    "centers_count": ("{n} مركز", "{n} center(s)"),
    "sign_out": ("تسجيل الخروج", "Sign out"),
    "out_of_scope": (
        "المنطقة {code} خارج نطاق صلاحياتك؛ تم عرض نطاقك.",
        "Area {code} is outside your jurisdiction; showing yours instead.",
    ),
    "audit_title": ("سجل التدقيق", "Audit log"),
    "audit_link": ("سجل التدقيق", "Audit log"),
    "back_to_map": ("العودة إلى الخريطة", "Back to the map"),
    "audit_forbidden": ("سجل التدقيق متاح للمحللين الوطنيين فقط.", "Only national analysts can read the audit log."),
    "audit_at": ("الوقت", "Time"),
    "audit_user": ("المستخدم", "User"),
    "audit_action": ("الإجراء", "Action"),
    "compare_link": ("المقارنات والترتيب", "Comparisons and rankings"),
    "compare_title": ("مقارنة القطاعات وترتيب المراكز", "Sector comparison and center rankings"),
    "sector_scores": ("متوسط كل قطاع مع فترة الثقة ٩٥٪", "Each sector's mean with its 95% interval"),
    "criteria_heatmap": ("متوسط المعايير لكل قطاع", "Mean of each criterion by sector"),
    "top_centers": ("الأعلى تقييماً", "Top-rated centers"),
    "bottom_centers": ("الأدنى تقييماً", "Lowest-rated centers"),
    "few_ratings": ("تقييمات قليلة", "few ratings"),
    "min_ratings": ("الحد الأدنى لعدد التقييمات", "Minimum number of ratings"),
    "col_rank": ("الترتيب", "Rank"),
    "col_center": ("المركز", "Center"),
    "col_score": ("الدرجة المعدلة", "Adjusted score"),
    "col_mean": ("المتوسط", "Mean"),
    "col_ci": ("فترة الثقة ٩٥٪", "95% interval"),
    "col_n": ("التقييمات", "Ratings"),
    "crit_speed": ("سرعة الإنجاز", "Speed"),
    "crit_staff": ("تعامل الموظفين", "Staff"),
    "crit_clarity": ("وضوح الإجراءات", "Clarity"),
    "crit_facility": ("المكان والتجهيزات", "Facility"),
    "crit_outcome": ("حل المشكلة", "Outcome"),
    "unranked_note": (
        "{n} مركزاً لديها أقل من {m} تقييماً ولم تُرتَّب",
        "{n} centers have fewer than {m} ratings and are not ranked",
    ),
    "comments_link": ("تعليقات المستفيدين", "Citizens' comments"),
    "sector_trends": ("متوسط كل قطاع عبر الزمن", "Each sector's mean over time"),
    "areas_ranked": ("ترتيب المناطق", "Areas ranked"),
    "col_area": ("المنطقة", "Area"),
    "side_by_side": ("مقارنة جنباً إلى جنب", "Side by side"),
    "sectors": ("القطاعات", "Sectors"),
    "centers": ("المراكز", "Centers"),
    "pick_items": ("اختر من ٢ إلى ٤ (اكتب للبحث)", "Choose 2 to 4 (type to search)"),
    "nothing_found": ("لا نتائج", "Nothing found"),
    "pick_hint": ("اختر عنصرين على الأقل للمقارنة.", "Choose at least two to compare."),
    "sbs_where": ("القطاعات داخل {where}", "Sectors within {where}"),
    "center_profile": ("ملف المركز", "Center profile"),
    "code": ("الرمز", "Code"),
    "criteria": ("متوسط كل معيار", "Mean of each criterion"),
    "recent_comments": ("أحدث التعليقات", "Recent comments"),
    "all_comments": ("كل تعليقات المركز", "All of this center's comments"),
    "no_comments": ("لا تعليقات في هذه الفترة", "No comments in this period"),
    "no_center": ("لا يوجد مركز بهذا الرقم ضمن نطاقك.", "There is no center with this number in your jurisdiction."),
    "peer_rank": (
        "الترتيب {rank} من {of} بين مراكز القطاع نفسه في {where}",
        "Ranked {rank} of {of} among the same sector's centers in {where}",
    ),
    "peer_unranked": ("غير مرتب في {where}: أقل من {m} تقييماً", "Not ranked in {where}: fewer than {m} ratings"),
    "profile": ("ملف المركز", "Profile"),
    "comments_title": ("تعليقات المستفيدين", "Citizens' comments"),
    "search": ("بحث في التعليقات", "Search comments"),
    "search_hint": ("بالهمزة أو بدونها، بالتشكيل أو بدونه", "Arabic spelling variants match"),
    "all_areas": ("كل المناطق", "All areas"),
    "comment_lang": ("لغة التعليق", "Comment language"),
    "all_langs": ("كل اللغات", "All languages"),
    "score": ("الدرجة", "Score"),
    "show_more": ("عرض المزيد", "Show more"),
    "comments_shown": ("{n} تعليقاً معروضاً، الأحدث أولاً", "{n} comments shown, newest first"),
    "clear_center": ("كل المراكز", "All centers"),
    "moderation_note": (
        "تُعرض التعليقات المعتمدة فقط، وقد أزيلت منها البيانات الشخصية عند حفظها.",
        "Only approved comments are listed; personal data was removed when they were stored.",
    ),
    "pub_title": ("مرصد | أفضل المراكز القريبة منك", "Marsad · the best-rated centers near you"),
    "pub_how": (
        "حدد موقعك بزر الموقع على الخريطة، أو انقر على الخريطة، أو اختر مدينتك.",
        "Share your location with the map's locate button, click the map, or pick your town.",
    ),
    "pub_town": ("المدينة أو القرية", "Town or village"),
    "pub_km": ("{n} كم", "{n} km"),
    "pub_locate": ("موقعي", "My location"),
    "pub_ratings": ("{n} تقييم", "{n} ratings"),
    "pub_too_few": ("تقييمات غير كافية لعرض درجة", "Too few ratings to show a score"),
    "pub_too_few_long": (
        "لدى هذا المركز أقل من {m} تقييمات، فلا تُعرض درجته بعد.",
        "This center has fewer than {m} ratings, so no score is shown yet.",
    ),
    "pub_start": ("حدد موقعاً لعرض المراكز القريبة.", "Choose a location to see nearby centers."),
    "pub_bad_point": ("تعذر استخدام هذا الموقع؛ اختر موقعاً آخر.", "That location cannot be used; choose another."),
    "pub_found": ("{n} مركزاً ضمن {km} كم، الأفضل أولاً", "{n} centers within {km} km, best first"),
    "pub_none": ("لا مراكز ضمن هذا النطاق؛ جرّب نطاقاً أوسع.", "No centers within this radius; try a wider one."),
    "pub_no_center": ("لا يوجد مركز نشط بهذا الرقم.", "There is no active center with this number."),
    "pub_rate_this": ("قيّم هذا المركز", "Rate this center"),
    "pub_platforms": ("قيّم خدمة إلكترونية", "Rate a digital service"),
    "pub_no_target": ("لم يُحدد مركز أو منصة صالحة للتقييم.", "No valid center or platform was chosen to rate."),
    "pub_rate_title": ("تقييم: {name}", "Rate: {name}"),
    "pub_phone_why": (
        "للتقييم نحتاج رقم جوالك فقط للتحقق. لا نحفظ الرقم نفسه أبداً، ولا يظهر لأحد.",
        "To rate we only need your mobile number, to confirm it. The number itself is never stored "
        "and never shown to anyone.",
    ),
    "pub_phone": ("رقم الجوال", "Mobile number"),
    "pub_send_code": ("أرسل رمز التحقق", "Send me a code"),
    "pub_code": ("رمز التحقق", "Code"),
    "pub_check_code": ("تأكيد", "Confirm"),
    "pub_code_sent": ("أرسلنا رمزاً من ٦ أرقام إلى جوالك.", "We sent a 6-digit code to your phone."),
    "pub_enter_code": ("أدخل الرمز الذي وصلك.", "Enter the code you received."),
    "pub_send_failed": ("تعذر إرسال الرمز؛ حاول بعد قليل.", "The code could not be sent; try again in a moment."),
    "pub_service_used": ("الخدمة التي استخدمتها", "The service you used"),
    "pub_overall": ("التقييم العام", "Overall"),
    "pub_comment": ("تعليقك (اختياري)", "Your comment (optional)"),
    "pub_comment_note": (
        "لا تكتب بيانات شخصية؛ نحذف الأرقام والبريد تلقائياً، ويُنشر التعليق بعد المراجعة.",
        "No personal data please: numbers and e-mails are removed, and comments are published after review.",
    ),
    "pub_submit": ("أرسل التقييم", "Send my rating"),
    "pub_need_overall": ("اختر التقييم العام (من ١ إلى ٥).", "Choose an overall score (1 to 5)."),
    "pub_need_service": ("اختر الخدمة التي استخدمتها.", "Choose the service you used."),
    "pub_thanks": ("شكراً، سُجّل تقييمك.", "Thank you, your rating is recorded."),
    "pub_thanks_comment": ("سيظهر تعليقك بعد المراجعة.", "Your comment will appear after review."),
    "pub_back": ("البحث عن مركز", "Find a center"),
    "moderation_link": ("المراجعة", "Moderation"),
    "moderation_title": ("مراجعة التعليقات والمراكز المقترحة", "Review comments and proposed centers"),
    "mod_pending_comments": ("تعليقات بانتظار المراجعة (الأقدم أولاً)", "Comments waiting for review (oldest first)"),
    "mod_proposals": ("مراكز مقترحة من المستفيدين", "Centers proposed by citizens"),
    "mod_approve": ("اعتماد", "Approve"),
    "mod_hide": ("إخفاء", "Hide"),
    "mod_reject": ("رفض", "Reject"),
    "mod_empty": ("لا شيء بانتظار المراجعة.", "Nothing is waiting for review."),
    "mod_done": ("تم.", "Done."),
    "mod_gone": (
        "لم يعد هذا العنصر بانتظار المراجعة ضمن نطاقك.",
        "This item is no longer waiting for review in your jurisdiction.",
    ),
    "pub_propose_link": ("اقترح مركزاً غير موجود", "Propose a missing center"),
    "pub_propose_title": ("اقتراح مركز غير موجود على الخريطة", "Propose a center missing from the map"),
    "pub_propose_pin": (
        "انقر على الخريطة في موقع المركز (أو استخدم زر موقعي).",
        "Click the map where the center is (or use the location button).",
    ),
    "pub_propose_name": ("اسم المركز", "Name of the center"),
    "pub_propose_services": ("الخدمات التي يقدمها", "Services it offers"),
    "pub_propose_submit": ("أرسل الاقتراح", "Send the proposal"),
    "pub_propose_need_pin": ("ضع دبوساً على الخريطة في موقع المركز.", "Put a pin on the map where the center is."),
    "pub_propose_thanks": ("شكراً، سيراجع مسؤولو المنطقة اقتراحك.", "Thank you; the area's officials will review it."),
    "name": ("الاسم", "Name"),
    "exported_by": ("صدّره", "Exported by"),
    "exported_at": ("وقت التصدير", "Exported at"),
    "calendar": ("التقويم", "Calendar"),
    "hijri_period": ("شهر أو ربع هجري", "Hijri month or quarter"),
    "help_share": ("الرابط يحفظ العرض الحالي ويمكن مشاركته", "The link keeps this view and can be shared"),
    **BRIEFING_STRINGS,
    **PROGRAMME_STRINGS,
}


def lang_of(value: object, default: str = "ar") -> str:
    """A supported language, else `default`."""
    return value if isinstance(value, str) and value in LANGS else default


def t(key: str, lang: str, **kwargs) -> str:
    """The text of `key` in `lang` (the country profile's words first: levels, roles, the top of the map)."""
    text = digits.of_reader((country.current().strings.get(key) or STRINGS[key])[0 if lang == "ar" else 1], lang)
    return text.format(**kwargs) if kwargs else text


def name(row: dict, lang: str) -> str:
    return row["name_ar"] if lang == "ar" else row["name_en"]


def _digits(text: str, lang: str) -> str:
    return digits.in_script(text, lang)


def sep(lang: str) -> str:
    """The separator between parts of a line: in Arabic not "·", which reads as the digit zero (٠)."""
    return " | " if lang == "ar" else " · "


def fmt_text_digits(text: str, lang: str) -> str:
    """Digits (and separators) of an already formatted text in the language's script."""
    return _digits(text, lang)


def fmt_count(n: int | None, lang: str) -> str:
    return _digits(f"{int(n or 0):,}", lang)


def fmt_mean(mean: float | None, lang: str) -> str:
    return "—" if mean is None else _digits(f"{mean:.2f}", lang)


def fmt_share(share: float | None, lang: str) -> str:
    return "—" if share is None else _digits(f"{share * 100:.1f}%", lang)


def fmt_signed(value: float | None, lang: str, *, digits: int = 2, percent: bool = False) -> str:
    if value is None:
        return "—"
    text = f"{value * 100:+.1f} pt" if percent else f"{value:+.{digits}f}"
    if lang == "ar":
        text = text.replace("pt", "نقطة")
    return _digits(text, lang)


MONTHS = {
    "ar": (
        "يناير",
        "فبراير",
        "مارس",
        "أبريل",
        "مايو",
        "يونيو",
        "يوليو",
        "أغسطس",
        "سبتمبر",
        "أكتوبر",
        "نوفمبر",
        "ديسمبر",
    ),
    "en": ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"),
}


def fmt_period(d, bucket: str, lang: str, calendar: str = "gregorian") -> str:
    """A trend bucket's label: 'نوفمبر ٢٠٢٦' / 'Nov 2026' for months, the first day for weeks; in the Hijri
    calendar the Hijri date of its first day; with both calendars, both, on two lines."""
    month = MONTHS["ar" if lang == "ar" else "en"][d.month - 1]
    text = _digits(f"{month} {d.year}" if bucket == "month" else f"{d.day} {month}", lang)
    if calendar == "gregorian":
        return text
    h = calendars.hijri(d)
    hijri = _digits(f"{h.day} {calendars.month_name(h, lang)}" + (f" {h.year}" if bucket == "month" else ""), lang)
    return hijri if calendar == "hijri" else f"{text}<br>{hijri}"


def fmt_range(start, end, lang: str, calendar: str = "gregorian") -> str:
    """A period as its first and last day, in the calendar (or both)."""
    gregorian = _digits(f"{start.isoformat()} – {end.isoformat()}", lang)
    if calendar == "gregorian":
        return gregorian
    hijri = calendars.fmt_range(start, end, lang)
    return hijri if calendar == "hijri" else f"{gregorian}{sep(lang)}{hijri}"


def fmt_day(instant, lang: str) -> str:
    """A timestamp as its Riyadh calendar day, YYYY-MM-DD, in the language's digits."""
    return _digits(instant.astimezone(RIYADH).strftime("%Y-%m-%d"), lang)
