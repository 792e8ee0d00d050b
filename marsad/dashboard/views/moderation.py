"""The moderation page without Dash: what waits for review in the jurisdiction, and a decision on one item."""

from __future__ import annotations

from dataclasses import dataclass

from itsdangerous import BadData, URLSafeTimedSerializer

from marsad import i18n
from marsad.audit_trail import record
from marsad.context import Context
from marsad.dashboard import offered
from marsad.queries import moderation

PROPOSAL_DECISIONS = ("approve", "reject")


PAGE = 20  # comments shown at once: each card is a dozen components, several with pattern-matching ids, which
# the browser registers one by one; 50 cards held its main thread for 0.85 s on this machine (bench --pages)
UNDO_SECONDS = 60
_UNDO_SALT = "marsad-moderation-undo"


@dataclass
class Queue:
    comments: list[dict]
    waiting: int  # comments waiting under the filters (more than are shown, often)
    proposals: list[dict]
    sector_names: dict[str, str]
    area_index: dict[str, dict]


def queue(ctx: Context, *, lang: str, sector: str | None = None, band: str | None = None) -> Queue:
    """Comments waiting for review (PAGE at most, of a sector and a score band when given), their count, and,
    except for center managers, proposed centers."""
    codes = {s["code"] for s in offered.catalog(ctx)["sectors"]}
    sector = sector if isinstance(sector, str) and sector in codes else None  # forged values: the whole queue
    band = band if isinstance(band, str) and band in moderation.SCORE_BANDS else None
    comments = moderation.pending_comments(ctx.engine, scope=ctx.scope, limit=PAGE, sector=sector, band=band)
    waiting = moderation.pending_count(ctx.engine, scope=ctx.scope, sector=sector, band=band)
    proposals = moderation.proposals(ctx.engine, scope=ctx.scope) if ctx.scope.centers is None else []
    return Queue(
        comments=comments,
        waiting=waiting,
        proposals=proposals,
        sector_names={s["code"]: i18n.name(s, lang) for s in ctx.ref.catalog()["sectors"]},
        area_index=ctx.ref.area_index(),
    )


def _signer(ctx: Context) -> URLSafeTimedSerializer | None:
    """Undo tokens are signed with the app's secret; without one there is no undo."""
    return URLSafeTimedSerializer(ctx.resources.secret, salt=_UNDO_SALT) if ctx.resources.secret else None


def decide_comments(ctx: Context, *, ids: list[int], decision: str) -> tuple[list[int], str | None]:
    """Approve or hide waiting comments in the jurisdiction at once (audited): the ids decided, and a token that
    undoes exactly that for UNDO_SECONDS (signed: it names this official, these ids and the decision)."""
    assert ctx.official is not None
    if decision not in moderation.COMMENT_STATUSES:
        return [], None
    done = moderation.set_comments_status(ctx.engine, scope=ctx.scope, ids=ids[:PAGE], status=decision)
    record(ctx, "moderate", "comments", {"ids": done, "status": decision})
    if not done:
        return [], None
    ctx.cache.bump_data_version()
    signer = _signer(ctx)
    claim = {"who": ctx.official.username, "ids": done, "status": decision}
    return done, signer.dumps(claim) if signer else None


def undo(ctx: Context, token: str) -> list[int] | None:
    """Put back to waiting what a token decided, if it is this official's and under a minute old; None when the
    token is too old, forged or another's."""
    assert ctx.official is not None
    signer = _signer(ctx)
    try:
        claim = signer.loads(token, max_age=UNDO_SECONDS) if signer else None
    except BadData:
        return None
    if not isinstance(claim, dict) or claim.get("who") != ctx.official.username:
        return None
    ids = [i for i in claim.get("ids", []) if isinstance(i, int) and not isinstance(i, bool)]
    status = claim.get("status")
    if status not in moderation.COMMENT_STATUSES:
        return None
    back = moderation.set_comments_status(ctx.engine, scope=ctx.scope, ids=ids, status="pending", was=status)
    record(ctx, "moderate", "undo", {"ids": back, "status": status})
    if back:
        ctx.cache.bump_data_version()
    return back


def decide_proposal(ctx: Context, *, item_id: int, decision: str) -> bool | None:
    """Approve or reject a proposed center (audited); True when done, False when it is gone or outside the
    jurisdiction, None for a decision that is not offered (or a center manager, who decides none)."""
    assert ctx.official is not None
    if decision not in PROPOSAL_DECISIONS or ctx.scope.centers is not None:
        return None
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
    if done:
        ctx.cache.bump_data_version()
    return done
