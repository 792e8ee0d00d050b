"""An audit row in plain words (pure): who did what to what, with its area, sector, period and the rest named as a
person would, in Arabic or English ("opened the map · Riyadh · Ministry of Health · 2026-01-01 – 2026-03-31")."""

from __future__ import annotations

from marsad import i18n

ACTIONS = {  # what an official did
    "view": ("فتح", "opened"),
    "api": ("قرأ عبر الواجهة البرمجية", "read through the API"),
    "export": ("نزّل", "downloaded"),
    "report": ("فتح تقريراً", "opened a report"),
    "report_download": ("نزّل تقريراً", "downloaded a report"),
    "subscription": ("غيّر اشتراكه في", "changed a subscription to"),
    "ingest": ("رفع", "uploaded"),
    "moderate": ("راجع", "moderated"),
    "plan": ("عمل على خطة تحسين", "worked on an improvement plan"),
    "embed": ("أدار عرضاً مضمّناً", "managed an embedded view"),
    "embed_view": ("عُرض عرض مضمّن لـ", "an embedded view showed"),
    "api_key": ("أدار مفتاح واجهة برمجية", "managed an API key"),
    "measurements": ("حمّل ملف قياس", "loaded a measurement file"),
    "alert": ("تابع تنبيهاً", "followed up an alert"),
}
TARGETS = {  # on what
    "explorer": ("الخريطة", "the map"),
    "center": ("ملف مركز", "a center's profile"),
    "comments": ("التعليقات", "the comments"),
    "cycle": ("دورة تقييم", "an evaluation cycle"),
    "cycles": ("دورات التقييم", "the evaluation cycles"),
    "compare": ("المقارنة", "the comparison"),
    "ratings": ("تقييمات", "ratings"),
    "comment": ("تعليقاً", "a comment"),
    "comments_bulk": ("تعليقات", "comments"),
    "proposal": ("مركزاً مقترحاً", "a proposed center"),
    "undo": ("(تراجع)", "(undo)"),
    "create": ("(إنشاء)", "(created)"),
    "revoke": ("(إلغاء)", "(revoked)"),
    "open": ("(فتح)", "(opened)"),
    "close": ("(إغلاق)", "(closed)"),
    "note": ("(ملاحظة)", "(note)"),
    "action": ("(إجراء)", "(action)"),
    "action_done": ("(إنجاز إجراء)", "(action done)"),
    "action_undone": ("(إلغاء إنجاز إجراء)", "(action undone)"),
}
SHOWN = ("area", "parent", "sector", "service", "source", "from", "to", "center", "id", "status", "decision", "kind")


def action_options(lang: str) -> list[dict]:
    return [{"value": k, "label": v[0 if lang == "ar" else 1]} for k, v in ACTIONS.items()]


def sentence(row: dict, lang: str, *, areas: dict[str, dict], names: dict[str, str]) -> str:
    """`row`: an audit row (action, target, params); `names`: sector and service names by code."""
    i = 0 if lang == "ar" else 1
    action = ACTIONS.get(row["action"], (row["action"], row["action"]))[i]
    target = TARGETS.get(row["target"], (row["target"], row["target"]))[i]
    params = row.get("params") or {}
    parts = [f"{action} {target}"]
    for key in ("area", "parent"):
        code = params.get(key)
        if code not in (None, ""):
            parts.append(i18n.name(areas[code], lang) if code in areas else f"{key}: {code}")
    parts += [names.get(params[k], str(params[k])) for k in ("sector", "service") if params.get(k)]
    if params.get("source"):
        parts.append(i18n.t(f"src_{params['source']}", lang) if params["source"] in SOURCE_KEYS else params["source"])
    if params.get("from") and params.get("to"):
        parts.append(i18n.fmt_text_digits(f"{params['from']} – {params['to']}", lang))
    for key in ("center", "id", "status", "decision", "kind"):
        if params.get(key) not in (None, ""):
            parts.append(i18n.fmt_text_digits(f"{key}: {params[key]}", lang))
    rest = [k for k in params if k not in SHOWN and params[k] not in (None, "", [], {})]
    if rest:
        parts.append(", ".join(f"{k}: {params[k]}" for k in rest[:4]))
    return i18n.sep(lang).join(parts)


SOURCE_KEYS = ("app", "survey", "mystery_shopper", "focus_group")
