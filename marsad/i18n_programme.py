"""The measurement programme's interface strings (Arabic, English): the evaluation cycles' page and the combined index
on a center's profile. Merged into i18n.STRINGS."""

from __future__ import annotations

PROGRAMME_STRINGS: dict[str, tuple[str, str]] = {
    "cycles_title": ("دورات التقييم", "Evaluation cycles"),
    "cycles_link": ("دورات التقييم", "Cycles"),
    "cycle_choose": ("الدورة", "Cycle"),
    "cycle_option": ("{name} ({visits} زيارة)", "{name} ({visits} visits)"),
    "cycle_bands": ("الفئات", "Bands"),
    "bands_grades": ("ممتاز / متوسط / ضعيف", "Excellent / average / weak"),
    "bands_stars": ("النجوم (٢–٧)", "Stars (2–7)"),
    "cycles_none": ("لا دورات تقييم بعد.", "No evaluation cycle yet."),
    "cycle_empty": ("لا زيارات في هذه الدورة ضمن نطاقك.", "No visits in this cycle in your jurisdiction."),
    "cycle_period": ("من {start} إلى {end}", "{start} to {end}"),
    "cycle_places": ("المراكز والمنصات", "Centers and platforms"),
    "cycle_by_grade": ("المراكز حسب الفئة", "Places by band"),
    "cycle_weak_on": ("في أدنى فئة على هذه القناة: {n}", "in the lowest band on this channel: {n}"),
    "cycle_no_previous": ("لا دورة سابقة للمقارنة.", "No previous cycle to compare with."),
    "cycle_since": (
        "منذ {previous}: تحسن {up}، تراجع {down}، ثبت {same} (من {compared} مركزاً زيرت في الدورتين)",
        "Since {previous}: {up} improved, {down} declined, {same} unchanged (of {compared} visited in both)",
    ),
    "cycle_axes": ("المحاور من الأضعف", "Axes, weakest first"),
    "cycle_lowest": ("في أدنى فئة: {band}", "In the lowest band: {band}"),
    "cycle_below_title": (
        "عند حد المتابعة ({share}) أو دونه في محور",
        "At or below the follow-up threshold ({share}) on an axis",
    ),
    "cycle_showing": ("يُعرض {n} من {of}.", "Showing {n} of {of}."),
    "ch_field": ("ميدانية", "Field"),
    "ch_phone": ("هاتفية", "Phone"),
    "ch_web": ("إلكترونية", "Web"),
    "col_axis": ("المحور", "Axis"),
    "col_axis_score": ("درجة المحور", "Axis score"),
    "col_visits": ("الزيارات", "Visits"),
    "col_mean_score": ("متوسط الدرجة", "Mean score"),
    "col_plan": ("خطة التحسين", "Improvement plan"),
    "plan_is_open": ("خطة مفتوحة", "plan open"),
    "cycle_bad_plan": ("لا يمكن فتح خطة لهذا من هذه الدورة.", "No plan can be opened for that from this cycle."),
    "plan_see": ("عرض الخطة", "See the plan"),
    "cycle_method": ("المنهجية", "Method"),
    "index_title": ("المؤشر المركب لربع {quarter}", "Combined index, {quarter}"),
    "index_none": ("لا بيانات قياس لهذا المركز في الربع.", "No measurements of this center in the quarter."),
    "index_component": ("الأداة", "Instrument"),
    "index_value": ("القيمة (٠–١٠٠)", "Value (0–100)"),
    "index_weight": ("الوزن المعلن", "Declared weight"),
    "index_weight_used": ("الوزن المستخدم", "Weight used"),
    "index_complaints": (
        "الشكاوى: {cases} حالة، {on_time} أُغلقت في موعدها، رضا المشتكين عن الرد {satisfied} من ٥ ({answered} أجابوا)",
        "Complaints: {cases} cases, {on_time} closed on time, satisfaction with the answer {satisfied} of 5 "
        "({answered} answered)",
    ),
    "index_n": ("العدد", "n"),
    "index_method_version": ("منهجية المؤشر، الإصدار {version}", "Index method, version {version}"),
    "bottom_in_top": (
        "المراكز المرتبة هنا كلها في القائمة الأعلى ({n})؛ لا قائمة دنيا منفصلة.",
        "Every ranked center here is in the top list ({n}); there is no separate bottom list.",
    ),
    "no_ratings_here": ("لا تقييمات لهذا الاختيار في هذه الفترة.", "No ratings for this choice in this period."),
    "partial_period": ("فترة جزئية", "partial period"),
    "axis_score": ("الدرجة", "Score"),
    "pub_err_busy": ("طلبات كثيرة في هذه الساعة؛ حاول لاحقاً.", "Too many requests this hour; try again later."),
    "pub_err_code_wrong": (
        "الرمز غير صحيح؛ راجع الرسالة وحاول مجدداً.",
        "The code is not right; check the message and try again.",
    ),
    "pub_err_code_expired": ("انتهت صلاحية الرمز؛ اطلب رمزاً جديداً.", "The code has expired; ask for a new one."),
    "pub_err_code_locked": ("رموز خاطئة كثيرة؛ اطلب رمزاً جديداً.", "Too many wrong codes; ask for a new one."),
    "pub_err_code_none": (
        "لم يُطلب رمز لهذا الرقم؛ اطلب رمزاً أولاً.",
        "No code was asked for this number; ask for one first.",
    ),
    "pub_err_wrong_today": (
        "رموز خاطئة كثيرة لهذا الرقم اليوم؛ حاول غداً.",
        "Too many wrong codes for this number today; try again tomorrow.",
    ),
    "pub_err_sign_in": ("أكّد رقم جوالك أولاً.", "Confirm your mobile number first."),
    "pub_err_unknown_target": (
        "هذا المركز أو المنصة غير معروف، أو لا يقدّم هذه الخدمة.",
        "Unknown center or platform, or it does not offer this service.",
    ),
    "pub_err_rated": (
        "قيّمت هذه الخدمة هنا خلال الساعات الأربع والعشرين الماضية؛ يمكنك تقييمها مجدداً غداً.",
        "You rated this service here in the last 24 hours; you can rate it again tomorrow.",
    ),
    "pub_err_outside": (
        "الموقع خارج مناطق الدولة؛ ضعه حيث المركز.",
        "The pin is outside the country's areas; place it where the center is.",
    ),
    "pub_err_number_missing": (
        "أدخل رقم جوال، مثل {local} أو {intl}.",
        "Enter a mobile number, e.g. {local} or {intl}.",
    ),
    "pub_err_number_format": (
        "هذا ليس رقم هاتف؛ أدخل مثلاً {local} أو {intl}.",
        "This is not a phone number; enter e.g. {local} or {intl}.",
    ),
    "pub_err_number_invalid": ("هذا ليس رقم جوال صحيحاً.", "This is not a valid mobile number."),
    "pub_err_form": ("تحقق من الحقول: بعضها ناقص أو غير صالح.", "Check the form: a field is missing or not valid."),
    "center_plans": ("خطط التحسين لهذا المركز", "This center's improvement plans"),
}
