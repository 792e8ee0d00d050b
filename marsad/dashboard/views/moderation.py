"""The moderation page without Dash: what waits for review in the jurisdiction, and a decision on one item."""

from __future__ import annotations

from dataclasses import dataclass

from marsad import i18n
from marsad.audit_trail import record
from marsad.context import Context
from marsad.queries import moderation

PROPOSAL_DECISIONS = ("approve", "reject")


@dataclass
class Queue:
    comments: list[dict]
    proposals: list[dict]
    sector_names: dict[str, str]
    area_index: dict[str, dict]


def queue(ctx: Context, *, lang: str) -> Queue:
    """Comments waiting for review (50 at most) and, except for center managers, proposed centers."""
    comments = moderation.pending_comments(ctx.engine, scope=ctx.scope, limit=50)
    proposals = moderation.proposals(ctx.engine, scope=ctx.scope) if ctx.scope.centers is None else []
    return Queue(
        comments=comments,
        proposals=proposals,
        sector_names={s["code"]: i18n.name(s, lang) for s in ctx.ref.catalog()["sectors"]},
        area_index=ctx.ref.area_index(),
    )


def decide(ctx: Context, *, kind: str, item_id: int, decision: str) -> bool | None:
    """Apply a decision (audited); True when done, False when the item is gone or outside the jurisdiction, None
    for a decision that is not offered."""
    assert ctx.official is not None
    if kind == "comment" and decision in moderation.COMMENT_STATUSES:
        done = moderation.set_comment_status(ctx.engine, scope=ctx.scope, rating_id=item_id, status=decision)
        record(ctx, "moderate", "comment", {"id": item_id, "status": decision})
    elif kind == "proposal" and decision in PROPOSAL_DECISIONS and ctx.scope.centers is None:
        done = (
            moderation.decide_proposal(
                ctx.engine,
                scope=ctx.scope,
                proposal_id=item_id,
                approve=decision == "approve",
                decided_by=ctx.official.username,
            )
            is not None
        )
        record(ctx, "moderate", "proposal", {"id": item_id, "decision": decision})
    else:
        return None
    if done:
        ctx.cache.bump_data_version()
    return done
