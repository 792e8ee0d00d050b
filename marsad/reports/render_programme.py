"""The measurement programme's sections of a report, as HTML (text escaped): a center's improvement plans; an area's
combined index by child area, the latest evaluation cycle's results and its overdue plans."""

from __future__ import annotations

import html

from marsad import i18n


def _e(value: object) -> str:
    return html.escape(str(value), quote=True)


def _named(row: dict, key: str, lang: str) -> str:
    return row.get(f"{key}_ar" if lang == "ar" else f"{key}_en") or ""


def _plans(plans: list[dict], f, t, lang: str, title: str) -> str:
    if not plans:
        return f"<h2>{_e(title)}</h2><p>{_e(t('rep_no_plans'))}</p>"
    rows = "".join(
        f"<tr><td>{_e(i18n.name(p, lang))}</td>"
        f"<td>{_e(_named(p, 'axis', lang) if p['axis_code'] else t('plan_weak'))}</td>"
        f"<td dir=ltr>{_e(i18n.fmt_text_digits(p['deadline'].isoformat(), lang))}</td>"
        f"<td class=n>{_e(f.n(p['done']))}/{_e(f.n(p['actions']))}</td>"
        f"<td>{_e(t('plan_overdue') if p['overdue'] else '')}</td></tr>"
        for p in plans
    )
    heads = ("col_center", "plan_reason", "plan_deadline", "plan_actions", "plan_state")
    head = "".join(f"<th>{_e(t(k))}</th>" for k in heads)
    return f"<h2>{_e(title)}</h2><table><tr>{head}</tr>{rows}</table>"


def _index_text(value: float | None, lang: str) -> str:
    return "—" if value is None else i18n.fmt_text_digits(f"{value:.1f}", lang)


def _index(areas: list[dict], t, lang: str) -> str:
    if not areas:
        return ""
    rows = "".join(
        f"<tr><td>{_e(i18n.name(a, lang))}</td><td class=n>{_e(_index_text(a['index'], lang))}</td>"
        f"<td>{_e(_named(a, 'band', lang))}</td>"
        f"<td>{_e(t('index_partial') + ' ' + '، '.join(t('src_' + m) for m in a['missing']) if a['partial'] else '')}"
        "</td></tr>"
        for a in sorted(areas, key=lambda a: -(a["index"] or 0))
    )
    return (
        f"<h2>{_e(t('measure_index'))}</h2><table><tr><th>{_e(t('col_area'))}</th><th>{_e(t('measure_index'))}</th>"
        f"<th>{_e(t('plan_grade'))}</th><th></th></tr>{rows}</table>"
    )


def _cycle(cycle: dict | None, f, t, lang: str) -> str:
    if not cycle:
        return ""
    names = {b["code"]: i18n.name(b, lang) for b in cycle["bands"]}
    grades = " · ".join(f"{names[g]}: {f.n(n)}" for g, n in cycle["places_by_grade"].items())
    moved = cycle["since_previous"]
    lines = [
        t("cycle_visits", visits=f.n(cycle["visits"]), places=f.n(cycle["places"])),
        grades,
        t("cycle_moved", up=f.n(moved["improved"]), down=f.n(moved["declined"])) if moved else "",
        t("cycle_below", n=f.n(len({b["code"] for b in cycle["below_threshold"]}))),
    ]
    items = "".join(f"<li>{_e(line)}</li>" for line in lines if line)
    return f"<h2>{_e(t('rep_cycle', name=cycle['cycle']['name']))}</h2><ul>{items}</ul>"


def sections(r, f, t, lang: str) -> str:
    """The programme's sections of report `r`."""
    if r.kind == "center-weekly":
        return _plans(r.plans, f, t, lang, t("rep_plans"))
    return _index(r.index, t, lang) + _cycle(r.cycle, f, t, lang) + _plans(r.plans, f, t, lang, t("rep_overdue_plans"))
