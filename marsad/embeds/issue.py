"""Making, listing and revoking embeds, for the API (api/embeds.py) and the pages: the rules in one place.

An embed is made by an official with an account (a row in `official`: its issuer's jurisdiction is read from
there at each use), inside their own jurisdiction, for at most MARSAD_EMBED_MAX_DAYS. Officials manage their own
embeds; national analysts see and revoke everyone's."""

from __future__ import annotations

from marsad import params
from marsad.context import Context
from marsad.embeds import tokens
from marsad.embeds.access import narrowed
from marsad.queries import embeds
from marsad.schemas import EmbedIn

PATH = "/embed/"


def _issuer_id(ctx: Context) -> int:
    return ctx.account_id("embeds")


def oversees_all(ctx: Context) -> bool:
    """National analysts manage every official's embeds."""
    return ctx.official is not None and ctx.official.national and ctx.official.role == "analyst"


def shown(ctx: Context, row: dict) -> dict:
    """An embed as listed: its row, dates as ISO text, its status, link and iframe code."""
    status = "revoked" if row["revoked_at"] else "expired" if row["expired"] else "active"
    out = {
        k: row[k]
        for k in ("id", "issuer", "view", "title", "area_code", "sector_code", "filters", "revoked_by")
        if k in row
    }
    out.update({k: row[k].isoformat() if row.get(k) else None for k in ("created_at", "expires_at", "revoked_at")})
    out["status"] = status
    if status == "active":
        url = PATH + tokens.sign(ctx.resources.secret, row)
        out["url"] = url
        out["iframe"] = f'<iframe src="{url}" width="100%" height="720" style="border:0" title="Marsad"></iframe>'
    return out


def create(ctx: Context, body: EmbedIn) -> dict:
    issuer = _issuer_id(ctx)
    if body.days > ctx.settings.embed_max_days:
        raise params.BadRequest(f"an embed may live {ctx.settings.embed_max_days} days at most")
    fixed = {"service": body.service, "source": body.source, "from": body.date_from, "to": body.date_to}
    params.parse_filters({**fixed, "sector": body.sector}, ctx.ref.catalog(), params.today_riyadh())
    narrowed(ctx, area=body.area, sector=body.sector)  # OutOfScope / UnknownArea outside the jurisdiction
    filters = {k: v for k, v in {**fixed, "lang": body.lang}.items() if v is not None}
    row = embeds.create(
        ctx.resources.quick_engine,
        official_id=issuer,
        view=body.view,
        title=body.title,
        area_code=body.area,
        sector_code=body.sector,
        filters=filters,
        days=body.days,
    )
    return shown(ctx, row)


def listed(ctx: Context) -> list[dict]:
    issuer = _issuer_id(ctx)
    rows = embeds.listed(ctx.resources.quick_engine, official_id=None if oversees_all(ctx) else issuer)
    return [shown(ctx, r) for r in rows]


def revoke(ctx: Context, embed_id: int) -> bool:
    issuer = _issuer_id(ctx)
    assert ctx.official is not None
    return embeds.revoke(
        ctx.resources.quick_engine,
        embed_id=embed_id,
        official_id=None if oversees_all(ctx) else issuer,
        by=ctx.official.username,
    )
