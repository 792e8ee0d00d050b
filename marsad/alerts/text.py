"""An alert said in words, the same on the alerts page, in reports and in e-mails."""

from __future__ import annotations

from marsad import i18n


def describe(row: dict, lang: str) -> str:
    """What was found: a fall of the satisfied share, an axis at or below the threshold, or a surge of comments
    about a term (with how many of the window's comments mention it)."""
    if row["kind"] == "axis":
        return i18n.t(
            "alert_axis", lang, axis=i18n.t("crit_" + row["axis"], lang), share=i18n.fmt_share(row["drop"], lang)
        )
    if row["kind"] == "surge":
        share = row["mentions"] / row["n_recent"] if row["n_recent"] else None
        return i18n.t(
            "alert_surge",
            lang,
            term=row["term"],
            mentions=i18n.fmt_count(row["mentions"], lang),
            n=i18n.fmt_count(row["n_recent"], lang),
            days=i18n.fmt_count(row["window_days"], lang),
            share=i18n.fmt_share(share, lang),
            jump=i18n.fmt_signed(row["drop"], lang, percent=True),
        )
    if row["kind"] == "plan_overdue":
        return i18n.t("alert_plan_overdue", lang, days=i18n.fmt_count(row["window_days"], lang))
    if row["kind"] == "plan_late":
        return i18n.t("alert_plan_late", lang, n=i18n.fmt_count(row["n_recent"], lang))
    return i18n.t("alert_drop", lang, drop=i18n.fmt_share(row["drop"], lang))


def place(row: dict, lang: str) -> str:
    """Where: the center's name, or for an area alert the area's with its sector."""
    name = i18n.name(row, lang)
    if row.get("center_id") is None:
        return f"{name} · {row['sector_ar'] if lang == 'ar' else row['sector_en']}"
    return name


def link(row: dict, lang: str) -> str:
    """The page to look into it: the center's profile, or the explorer on the area and sector."""
    if row.get("center_id") is not None:
        return f"/center/{row['center_id']}?lang={lang}"
    area = row["governorate_code"] or row["region_code"]
    return f"/?area={area}&sector={row['sector_code']}&lang={lang}"
