"""The improvement plans page: the plans of the official's jurisdiction (open, overdue, closed), one plan's actions
and notes, and what each official may do with it (analytics/plans.py, queries/plans.py): governors, agency heads and
analysts open, note and close plans; the center's manager adds and ticks off its actions. The forms are always in
the page (hidden where they do not apply), so that every callback finds its inputs; rows come by callback."""

from __future__ import annotations

import logging
from datetime import date

import dash_mantine_components as dmc
from dash import ALL, Dash, Input, Output, State, ctx, dcc, html, no_update
from sqlalchemy.exc import IntegrityError, SQLAlchemyError

from marsad import context, i18n, params
from marsad.analytics import plans
from marsad.audit_trail import record
from marsad.context import Context, Resources
from marsad.dashboard.inputs import clicked_item, lang_of, next_count
from marsad.dashboard.page_header import header
from marsad.db.engines import DatabaseUnavailable
from marsad.queries import cycles as cycle_queries
from marsad.queries import plans as plan_queries

log = logging.getLogger(__name__)
LANG, REFRESH, SELECTED, STATUS, TABLE, DETAIL, DONE = (
    "pl-lang", "pl-refresh", "pl-selected", "pl-status", "pl-table", "pl-detail", "pl-done")  # fmt: skip
CENTER, AXIS, OPEN = "pl-center", "pl-axis", "pl-open"
ACTION_FORM, ACTION, OWNER, DUE, ADD = "pl-action-form", "pl-action", "pl-owner", "pl-due", "pl-add"
NOTE_FORM, NOTE, ADD_NOTE, CLOSE = "pl-note-form", "pl-note", "pl-add-note", "pl-close"
SHOW, TICK = "pl-show", "pl-tick"  # pattern-matching types: {"type": SHOW, "id": plan}, {"type": TICK, "id": action}
HIDDEN = {"display": "none"}


def _axes(request: Context) -> dict[str, dict]:
    """The default guide's axes by code (what a plan's axis is named by)."""
    return {a["code"]: a for a in cycle_queries.default_axes(request.engine)}


def plan_reason(plan: dict, axes: dict[str, dict], lang: str) -> str:
    """Why a plan was opened: its axis's name, or a weak grade."""
    axis = axes.get(plan["axis_code"]) if plan["axis_code"] else None
    return i18n.name(axis, lang) if axis else plan["axis_code"] or i18n.t("plan_weak", lang)


def layout(ctx: Context, lang: str = "ar", plan: str | None = None, **_query):
    """`plan`: a plan to show at once (from a link; shown only if it is in the jurisdiction)."""
    lang = lang_of(lang, ctx.settings.default_lang)
    selected = params.whole_number(plan)

    def t(key: str) -> str:
        return i18n.t(key, lang)

    reasons = [{"value": "", "label": t("plan_weak")}] + [
        {"value": code, "label": i18n.name(a, lang)} for code, a in _axes(ctx).items()
    ]
    return html.Div(
        [
            dcc.Store(id=LANG, data=lang),
            dcc.Store(id=REFRESH, data=0),
            dcc.Store(id=SELECTED, data=selected),
            header("plans_title", lang),
            dmc.Group(
                [
                    dmc.NumberInput(id=CENTER, label=t("plan_center"), min=1, w=220),
                    dmc.Select(id=AXIS, label=t("plan_reason"), value="", data=reasons, allowDeselect=False),
                    dmc.Button(t("plan_open"), id=OPEN),
                ],
                align="flex-end",
                px="md",
                style=None if ctx.oversees() else HIDDEN,
            ),
            dmc.SegmentedControl(
                id=STATUS,
                value="open",
                data=[{"value": s, "label": t(f"plans_{s}")} for s in ("open", "overdue", "closed", "all")],
                mx="md",
                mt="sm",
            ),
            dmc.Alert(id=DONE, color="blue", variant="light", hide=True, mx="md", mt="sm"),
            html.Div(id=TABLE, style={"padding": "8px 16px"}),
            html.Div(id=DETAIL, style={"padding": "8px 16px"}),
            dmc.Group(
                [
                    dmc.TextInput(id=ACTION, label=t("plan_action"), w=320),
                    dmc.TextInput(id=OWNER, label=t("plan_owner")),
                    dmc.TextInput(id=DUE, label=t("plan_due"), placeholder="YYYY-MM-DD", w=140),
                    dmc.Button(t("plan_add"), id=ADD),
                ],
                id=ACTION_FORM,
                align="flex-end",
                px="md",
                style=HIDDEN,
            ),
            dmc.Group(
                [
                    dmc.TextInput(id=NOTE, label=t("plan_note"), w=400),
                    dmc.Button(t("plan_add_note"), id=ADD_NOTE, variant="light"),
                    dmc.Button(t("plan_close"), id=CLOSE, color="green"),
                ],
                id=NOTE_FORM,
                align="flex-end",
                px="md",
                style=HIDDEN,
            ),
        ],
        lang=lang,
        dir="rtl" if lang == "ar" else "ltr",
    )


def table(rows: list[dict], lang: str, axes: dict[str, dict]):
    if not rows:
        return dmc.Text(i18n.t("rep_no_plans", lang), c="dimmed", id="pl-rows")
    body = []
    for p in rows:
        state = dmc.Badge(
            i18n.t("plan_overdue" if p["overdue"] else f"plans_{p['status']}", lang),
            color="red" if p["overdue"] else "blue",
        )
        reason = plan_reason(p, axes, lang)
        show = dmc.Button(i18n.t("plan_show", lang), id={"type": SHOW, "id": p["id"]}, size="xs", variant="light")
        cells = [
            i18n.name(p, lang),
            reason,
            i18n.fmt_text_digits(p["deadline"].isoformat(), lang),
            f"{i18n.fmt_count(p['done'], lang)}/{i18n.fmt_count(p['actions'], lang)}",
            state,
            show,
        ]
        body.append(html.Tr([html.Td(c) for c in cells], id=f"pl-row-{p['id']}"))
    return dmc.Table([html.Tbody(body)], striped=True, id="pl-rows")


def detail(plan: dict, lang: str, *, manager: bool):
    open_ = plan["status"] == "open"
    actions = [
        dmc.Checkbox(
            label=i18n.sep(lang).join((a["action"], a["owner"], i18n.fmt_text_digits(a["due"].isoformat(), lang))),
            checked=a["done"],
            id={"type": TICK, "id": a["id"]},
            disabled=not (manager and open_),
        )
        for a in plan["actions"]
    ]
    notes = [dmc.Text(f"{n['author']}: {n['body']}", size="sm") for n in plan["notes"]]
    parts = [
        dmc.Title(
            f"{i18n.name(plan, lang)}{i18n.sep(lang)}{i18n.t('plans_' + plan['status'], lang)}", order=4, id="pl-title"
        ),
        dmc.Stack(actions, id="pl-actions", gap="xs"),
        dmc.Stack(notes, id="pl-notes", gap="xs"),
    ]
    if plan["outcome"]:
        o = plan["outcome"]
        low, high = o["interval"] or (None, None)
        text = i18n.t(f"verdict_{o['verdict']}", lang, before=o["before"]["mean"], after=o["after"]["mean"],
                      low=low, high=high)  # fmt: skip
        parts.append(dmc.Alert(text, id="pl-outcome", color="gray"))
    return dmc.Stack(parts, gap="sm")


def register(app: Dash, res: Resources) -> None:
    @app.callback(Output(TABLE, "children"), Input(STATUS, "value"), Input(REFRESH, "data"), State(LANG, "data"))
    def fill(status, _refresh, lang):
        lang = lang_of(lang)
        request = context.for_request(res)
        status = status if status in ("open", "overdue", "closed") else None
        try:
            rows = plan_queries.listed(request.engine, scope=request.scope, status=status, today=params.today_riyadh())
        except (SQLAlchemyError, DatabaseUnavailable):
            log.exception("listing plans failed")
            return dmc.Alert(i18n.t("db_error", lang), color="red")
        return table(rows, lang, _axes(request))

    @app.callback(Output(SELECTED, "data"), Input({"type": SHOW, "id": ALL}, "n_clicks"), prevent_initial_call=True)
    def select(_clicks):
        trigger = clicked_item()
        if trigger is None:
            return no_update
        plan_id = trigger.get("id")
        return plan_id if isinstance(plan_id, int) and not isinstance(plan_id, bool) else no_update

    @app.callback(
        Output(DETAIL, "children"),
        Output(ACTION_FORM, "style"),
        Output(NOTE_FORM, "style"),
        Input(SELECTED, "data"),
        Input(REFRESH, "data"),
        State(LANG, "data"),
    )
    def show(selected, _refresh, lang):
        lang = lang_of(lang)
        if not isinstance(selected, int) or isinstance(selected, bool):
            return None, HIDDEN, HIDDEN
        request = context.for_request(res)
        plan = plan_queries.one(request.engine, scope=request.scope, plan_id=selected, today=params.today_riyadh())
        if plan is None:
            return dmc.Text(i18n.t("plan_gone", lang), c="dimmed"), HIDDEN, HIDDEN
        manager, open_ = request.manages(plan["center_id"]), plan["status"] == "open"
        return (
            detail(plan, lang, manager=manager),
            None if manager and open_ else HIDDEN,
            None if request.oversees() else HIDDEN,
        )

    @app.callback(
        Output(REFRESH, "data"),
        Output(DONE, "children"),
        Output(DONE, "hide"),
        Output(SELECTED, "data", allow_duplicate=True),
        Input(OPEN, "n_clicks"),
        Input(ADD, "n_clicks"),
        Input(ADD_NOTE, "n_clicks"),
        Input(CLOSE, "n_clicks"),
        Input({"type": TICK, "id": ALL}, "checked"),
        State(CENTER, "value"),
        State(AXIS, "value"),
        State(ACTION, "value"),
        State(OWNER, "value"),
        State(DUE, "value"),
        State(NOTE, "value"),
        State(SELECTED, "data"),
        State(REFRESH, "data"),
        State(LANG, "data"),
        prevent_initial_call=True,
    )
    def act(_o, _a, _n, _c, _ticks, center, axis, action, owner, due, note, selected, refresh, lang):
        lang = lang_of(lang)
        trigger = ctx.triggered_id
        if trigger is None or (not isinstance(trigger, dict) and not (ctx.triggered and ctx.triggered[0]["value"])):
            return no_update, no_update, no_update, no_update
        request = context.for_request(res)
        plan_id = selected if isinstance(selected, int) and not isinstance(selected, bool) else None
        form = {"center": center, "axis": axis, "action": action, "owner": owner, "due": due, "note": note}
        said, show = _do(request, trigger, plan_id, form)
        count = next_count(refresh)
        return count, i18n.t(said, lang), False, show if show is not None else no_update


def _text(value, limit: int) -> str | None:
    return value.strip()[:limit] if isinstance(value, str) and value.strip() else None


def _do(request: Context, trigger, plan_id: int | None, form: dict) -> tuple[str, int | None]:
    """What a click does: (message key, plan to show or None). Refused or invalid input says so, and does nothing."""
    who = request.official.username if request.official else "-"
    opener = request.oversees()
    try:
        if trigger == OPEN:
            center = form["center"]
            if not opener or not isinstance(center, int) or isinstance(center, bool) or not 0 < center < 2**31:
                return "plan_not_yours" if not opener else "plan_bad_input", None
            axis = form["axis"] if form["axis"] in _axes(request) else None
            made = plans.open_plan(request, center_id=center, cycle_id=None, axis=axis, days=request.settings.plan_days)
            if made is None:
                return "plan_no_center", None
            record(request, "plan", "open", {"id": made, "center": center})
            return "plan_opened", made
        if plan_id is None:
            return "plan_gone", None
        if trigger == CLOSE and opener:
            result = plans.close_plan(request, plan_id)
            if result is not None:
                record(request, "plan", "close", {"plan": plan_id, "verdict": result["verdict"]})
            return ("plan_closed" if result else "plan_gone"), plan_id
        note = _text(form["note"], 2000)
        if trigger == ADD_NOTE and opener and note:
            if plan_queries.add_note(request.engine, scope=request.scope, plan_id=plan_id, body=note, by=who):
                record(request, "plan", "note", {"plan": plan_id})
            return "plan_noted", plan_id
        plan = plan_queries.one(request.engine, scope=request.scope, plan_id=plan_id, today=params.today_riyadh())
        if plan is None or not request.manages(plan["center_id"]):
            return "plan_not_yours", None
        action, owner, due = _text(form["action"], 500), _text(form["owner"], 120), _text(form["due"], 10)
        if trigger == ADD and action and owner and due:
            made = plan_queries.add_action(
                request.engine, scope=request.scope, plan_id=plan_id, action=action, owner=owner,
                due=date.fromisoformat(due), by=who,
            )  # fmt: skip
            record(request, "plan", "action", {"plan": plan_id, "id": made})
            return "plan_action_added", plan_id
        if isinstance(trigger, dict) and trigger.get("type") == TICK and isinstance(trigger.get("id"), int):
            done = ctx.triggered[0]["value"]
            if isinstance(done, bool) and plan_queries.set_done(
                request.engine, scope=request.scope, plan_id=plan_id, action_id=trigger["id"], done=done, by=who
            ):
                record(request, "plan", "action_done" if done else "action_undone", {"plan": plan_id})
                return "plan_ticked", plan_id
    except IntegrityError:
        return "plan_exists", None
    except ValueError:
        return "plan_bad_input", plan_id
    return "plan_bad_input", plan_id
