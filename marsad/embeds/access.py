"""Who an embed reads as: its issuer, as their row says at the time of use, narrowed to the embed's area and
sector. A disabled issuer, a revoked or expired embed, an edited token, or an issuer whose jurisdiction no longer
holds the embed's area or sector: nothing is read."""

from __future__ import annotations

from dataclasses import dataclass

from marsad.context import Context, OutOfScope, Resources, for_official
from marsad.db.engines import retry_if_disconnected
from marsad.embeds import tokens
from marsad.jurisdiction import Scope
from marsad.queries import embeds, officials


class EmbedRefused(PermissionError):
    """The embed link gives nothing; `reason` is one of invalid, revoked, expired, issuer, scope."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


@dataclass(frozen=True)
class Embed:
    row: dict
    ctx: Context  # the issuer, with the embed's scope

    @property
    def filters(self) -> dict:
        return dict(self.row["filters"] or {})


def narrowed(ctx: Context, *, area: str | None, sector: str | None) -> Context:
    """ctx limited to `area` and `sector` (each optional), which must lie inside its jurisdiction: OutOfScope
    otherwise (UnknownArea for an area that does not exist)."""
    scope = ctx.scope
    if area is not None:
        ctx.area_in_scope(area)
    if sector is not None and scope.sectors is not None and sector not in scope.sectors:
        raise OutOfScope(f"sector {sector} is outside your jurisdiction")
    return Context(
        resources=ctx.resources,
        official=ctx.official,
        scope=Scope(
            areas=frozenset([area]) if area is not None else scope.areas,
            sectors=frozenset([sector]) if sector is not None else scope.sectors,
            centers=scope.centers,
        ),
    )


def open_embed(res: Resources, token: str) -> Embed:
    """The embed a token names, with the context it reads in; EmbedRefused (with the reason) otherwise."""
    try:
        said = tokens.read(res.secret, token, max_age_seconds=res.settings.embed_max_days * 86400)
    except tokens.BadToken as exc:
        raise EmbedRefused("invalid") from exc
    row = retry_if_disconnected(lambda: embeds.by_id(res.quick_engine, said["e"]))
    if row is None or tokens.claims(row) != said:
        raise EmbedRefused("invalid")
    if row["revoked_at"] is not None:
        raise EmbedRefused("revoked")
    if row["expired"]:
        raise EmbedRefused("expired")
    issuer = retry_if_disconnected(lambda: officials.by_id(res.quick_engine, row["official_id"]))
    if issuer is None or issuer.disabled:
        raise EmbedRefused("issuer")
    try:
        ctx = narrowed(for_official(res, issuer), area=row["area_code"], sector=row["sector_code"])
    except (OutOfScope, ValueError) as exc:
        raise EmbedRefused("scope") from exc
    return Embed(row=row, ctx=ctx)
