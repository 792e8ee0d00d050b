"""The explorer's header: the title, who is signed in (name, role, jurisdiction: printed too) and the links to the
other pages, downloads and embedding (left out of print: the marsad-chrome class)."""

from __future__ import annotations

from urllib.parse import urlencode

import dash_mantine_components as dmc
from dash import dcc, html

from marsad import digits, i18n
from marsad.context import Context
from marsad.dashboard import embed_dialog, file_links
from marsad.reports.service import describe_jurisdiction


def digits_href(back: str) -> str:
    """The link that switches this reader's digits (Arabic-Indic / Latin) and comes back to `back`."""
    return "/settings/digits?" + urlencode({"style": "arabic" if digits.latin() else "latin", "next": back})


def digits_switch(back: str, *, hidden: bool = False) -> html.A:
    """Arabic-Indic or Latin digits, for the Arabic interface (the English one writes Latin digits anyway)."""
    text = i18n.t("digits_arabic" if digits.latin() else "digits_latin", "ar")
    return html.A(text, href=digits_href(back), id="digits-switch", hidden=hidden)


def header(request: Context, catalog: dict, lang: str) -> dmc.Group:
    official = request.official
    assert official is not None
    return dmc.Group(
        [
            dmc.Stack(
                [
                    dmc.Title(i18n.t("app_title", lang), order=2, id="app-title"),
                    dmc.Text(i18n.t("app_subtitle", lang), c="dimmed", size="sm"),
                ],
                gap=0,
            ),
            _official_badge(official, catalog, request.ref.area_index(), lang),
            dmc.Group(
                [
                    dcc.Link(
                        i18n.t("switch_lang", lang),
                        href="/?lang=" + ("en" if lang == "ar" else "ar"),
                        id="lang-switch",
                        refresh=True,
                    ),
                    digits_switch(f"/?lang={lang}", hidden=lang != "ar"),
                    dcc.Link(i18n.t("compare_link", lang), href=f"/compare?lang={lang}", id="compare-link"),
                    dcc.Link(i18n.t("comments_link", lang), href=f"/comments?lang={lang}", id="comments-link"),
                    dcc.Link(i18n.t("moderation_link", lang), href=f"/moderation?lang={lang}", id="moderation-link"),
                    dcc.Link(i18n.t("embeds_link", lang), href=f"/embeds?lang={lang}", id="embeds-link"),
                    html.A(i18n.t("reports_link", lang), href=f"/reports/?lang={lang}", id="reports-link"),
                    dcc.Link(i18n.t("alerts_link", lang), href=f"/alerts?lang={lang}", id="alerts-link"),
                    dcc.Link(i18n.t("cycles_link", lang), href=f"/cycles?lang={lang}", id="cycles-link"),
                    dcc.Link(i18n.t("plans_link", lang), href=f"/plans?lang={lang}", id="plans-link"),
                    dcc.Link(i18n.t("up_link", lang), href=f"/upload?lang={lang}", id="upload-link"),
                    download_menu(lang),
                    embed_dialog.button(lang),
                    *(
                        [dcc.Link(i18n.t("audit_link", lang), href=f"/audit?lang={lang}", id="audit-link")]
                        if official.national
                        else []
                    ),
                    html.A(i18n.t("sign_out", lang), href="/sign-out", id="sign-out"),
                ],
                gap="lg",
                className="marsad-chrome",
            ),
        ],
        justify="space-between",
        p="md",
    )


def _official_badge(official, catalog: dict, index: dict, lang: str):
    """Who is signed in: name, role and jurisdiction."""
    where = describe_jurisdiction(official, official.scope(), catalog, index, lang)
    return dmc.Stack(
        [
            dmc.Text(official.display_name, fw=600, size="sm", id="official-name"),
            dmc.Text(
                f"{i18n.t('role_' + official.role, lang)}{i18n.sep(lang)}{i18n.t('jurisdiction', lang)}: {where}",
                size="xs",
                c="dimmed",
                id="official-scope",
            ),
        ],
        gap=0,
    )


DOWNLOADS = (
    ("all", "xlsx"),
    ("all", "pdf"),
    ("areas", "csv"),
    ("centers", "csv"),
    ("trend", "csv"),
    ("map", "png"),
    ("distribution", "png"),
    ("trend", "png"),
)  # what the download menu offers (dashboard/downloads.py); the callbacks point each link at the current view


def download_id(name: str, fmt: str) -> str:
    return f"dl-{name}-{fmt}"


def download_menu(lang: str):
    return file_links.menu(
        "dl-open",
        lang,
        [
            (download_id(name, fmt), i18n.t(f"dl_{name}_{fmt}", lang), f"/download/explorer/{name}.{fmt}?lang={lang}")
            for name, fmt in DOWNLOADS
        ],
    )
