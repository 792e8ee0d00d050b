"""Request bodies of the citizen endpoints: validated by pydantic, and the source of their OpenAPI schemas."""

from __future__ import annotations

import unicodedata
from datetime import date

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field, ValidationInfo, field_validator, model_validator

from marsad.queries.rollups import CRITERIA

Score = Field(ge=1, le=5)
NUL_CHECKED = "nul_checked"  # validation context: the raw body was searched for NUL characters already


class Fields(BaseModel):
    """A body's object whose fields are checked by pydantic alone (no Python called per object): numbers only, or
    inside an object that looks for NUL characters in all it holds (RatingBatch)."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


class Strict(Fields):
    @model_validator(mode="before")
    @classmethod
    def _no_nul(cls, data, info: ValidationInfo):
        """PostgreSQL text cannot hold NUL characters: refuse them here, clearly. Once per object, not per
        field; nested objects check their own. Skipped when the caller looked for them in the whole raw body
        already (context NUL_CHECKED: a JSON body holds one only as \u0000): per object it was 0.1 s of every
        5,000-rating upload."""
        if info.context and info.context.get(NUL_CHECKED):
            return data
        if isinstance(data, dict):
            for name, value in data.items():
                items = value if isinstance(value, list) else (value,)
                if any(isinstance(v, str) and "\x00" in v for v in items):
                    raise ValueError(f"{name}: contains a NUL character")
        return data


class CodeRequest(Strict):
    phone: str = Field(
        min_length=6, max_length=32, description="mobile number, local or international form", examples=["0501234567"]
    )
    lang: str = Field("ar", pattern="^(ar|en)$", description="language of the text message")


class CodeCheck(Strict):
    phone: str = Field(min_length=6, max_length=32)
    code: str = Field(pattern=r"^[0-9٠-٩]{6}$", description="the six-digit code received by text message")
    challenge: str = Field(
        min_length=20,
        max_length=100,
        pattern=r"^[A-Za-z0-9_-]+$",
        description="the challenge POST /public/codes returned to whoever asked for the code",
    )


class Criteria(Fields):
    speed: int | None = Field(None, ge=1, le=5)
    staff: int | None = Field(None, ge=1, le=5)
    clarity: int | None = Field(None, ge=1, le=5)
    facility: int | None = Field(None, ge=1, le=5)
    outcome: int | None = Field(None, ge=1, le=5)


class RatingIn(Strict):
    center_id: int | None = Field(None, ge=1, le=2**31 - 1, description="the center rated (or platform_code)")
    platform_code: str | None = Field(None, min_length=1, max_length=64, description="the e-platform rated")
    service_code: str = Field(min_length=1, max_length=64, description="the service used")
    overall: int = Field(ge=1, le=5)
    criteria: Criteria = Field(default_factory=Criteria)
    comment: str | None = Field(None, max_length=1000)
    lang: str | None = Field(None, pattern="^(ar|en)$", description="language of the comment (guessed if absent)")

    @model_validator(mode="after")
    def _one_target(self):
        if (self.center_id is None) == (self.platform_code is None):
            raise ValueError("give exactly one of center_id and platform_code")
        return self


# what a center's name may hold besides letters, combining marks, digits and spaces
NAME_PUNCTUATION = set("-.,'’()/&#:،")


def center_name(value: str) -> str:
    """A center's name as a citizen may propose it: letters (any script), marks, digits, spaces and a little
    punctuation, at least two letters; no markup (<, >, quotes, braces), no control or invisible characters.
    Spaces are collapsed. Raises ValueError saying what is wrong."""
    text = " ".join(unicodedata.normalize("NFC", value).split())
    bad = sorted(
        {ch for ch in text if not (ch == " " or ch in NAME_PUNCTUATION or unicodedata.category(ch)[0] in "LMN")}
    )
    if bad:
        shown = " ".join(repr(ch) for ch in bad[:5])
        raise ValueError(f"a center's name may hold letters, digits, spaces and - . , ' ( ) / & # : only; not {shown}")
    if sum(1 for ch in text if unicodedata.category(ch)[0] == "L") < 2:
        raise ValueError("a center's name needs at least two letters")
    return text


class ProposalIn(Strict):
    name: str = Field(min_length=3, max_length=120)

    @field_validator("name")
    @classmethod
    def _name(cls, value: str) -> str:
        return center_name(value)

    sector_code: str = Field(min_length=1, max_length=64)
    service_codes: list[str] = Field(default_factory=list, max_length=20)
    lat: float = Field(ge=-90, le=90)
    lon: float = Field(ge=-180, le=180)


assert set(Criteria.model_fields) == set(CRITERIA)


class BatchRating(Fields):
    center_id: int = Field(ge=1, le=2**31 - 1)
    service_code: str = Field(min_length=1, max_length=64)
    submitted_at: AwareDatetime = Field(description="when the visit or survey answer happened (with a time zone)")
    overall: int = Field(ge=1, le=5)
    criteria: Criteria = Field(default_factory=Criteria)
    comment: str | None = Field(None, max_length=1000)
    lang: str | None = Field(None, pattern="^(ar|en)$")
    source: str = Field(pattern="^(survey|mystery_shopper|focus_group)$")


# A batch is validated by pydantic's own code alone: 5,000 ratings took 71 ms with a Python check of each object for
# NUL characters, 40 ms with one NUL check of the whole batch (skipped where the raw body was searched already)
class RatingBatch(Fields):
    """Up to 5,000 survey, mystery-shopper or focus-group ratings uploaded at once."""

    ratings: list[BatchRating] = Field(min_length=1, max_length=5000)

    @model_validator(mode="before")
    @classmethod
    def _no_nul(cls, data, info: ValidationInfo):
        if info.context and info.context.get(NUL_CHECKED):
            return data
        if _holds_nul(data):
            raise ValueError("the batch contains a NUL character")
        return data


def _holds_nul(value) -> bool:
    if isinstance(value, str):
        return "\x00" in value
    if isinstance(value, dict):
        return any(_holds_nul(k) or _holds_nul(v) for k, v in value.items())
    if isinstance(value, list | tuple):
        return any(_holds_nul(v) for v in value)
    return False


class ApiKeyIn(Strict):
    name: str = Field(min_length=1, max_length=80, description="what the key is for, e.g. 'cabinet briefing notebook'")
    days: int | None = Field(None, ge=1, description="days until it expires; none: it lasts until revoked")


class EmbedIn(Strict):
    """An embed of a view: its title, an optional narrowing (area, sector) inside the issuer's jurisdiction, the
    fixed filters, the language and how long the link lives."""

    view: str = Field("explorer", pattern="^explorer$", description="the view embedded")
    title: str = Field(min_length=1, max_length=200, description="shown above the embedded view")
    area: str | None = Field(None, min_length=1, max_length=200, description="area code the embed is limited to")
    sector: str | None = Field(None, min_length=1, max_length=200, description="sector code it is limited to")
    service: str | None = Field(None, min_length=1, max_length=200, description="service code (a fixed filter)")
    source: str | None = Field(None, min_length=1, max_length=40, description="rating source (a fixed filter)")
    date_from: str | None = Field(
        None, alias="from", pattern=r"^\d{4}-\d{2}-\d{2}$", description="first day; none: a rolling 12 months"
    )
    date_to: str | None = Field(None, alias="to", pattern=r"^\d{4}-\d{2}-\d{2}$", description="last day")
    lang: str = Field("ar", pattern="^(ar|en)$", description="the embedded view's language")
    days: int = Field(30, ge=1, description="days until the link expires (at most the MARSAD_EMBED_MAX_DAYS setting)")

    @field_validator("title")
    @classmethod
    def _title(cls, value: str) -> str:
        if any(unicodedata.category(ch) == "Cc" for ch in value):
            raise ValueError("contains a control character")
        return value


class SubscriptionIn(Strict):
    """A report subscription: to the official signed in, or (national analysts) to the official named."""

    lang: str = Field("ar", pattern="^(ar|en)$")
    email: str | None = Field(None, max_length=254, pattern=r"^[^@\s]+@[^@\s]+$", description="none: the inbox only")
    active: bool = True
    username: str | None = Field(None, min_length=1, max_length=200, description="(national analysts) whose")


class AlertUpdate(Strict):
    status: str = Field(pattern="^(acknowledged|resolved)$")
    note: str | None = Field(None, max_length=2000, description="what is being done about it")


class PlanIn(Strict):
    center_id: int = Field(ge=1, le=2**31 - 1)
    cycle_id: int | None = Field(None, ge=1, le=2**31 - 1, description="the cycle whose result the plan answers")
    axis: str | None = Field(None, max_length=40, description="an axis at or below the threshold; none: a weak grade")
    days: int = Field(100, ge=7, le=730, description="the plan's length")


class ActionIn(Strict):
    action: str = Field(min_length=1, max_length=500)
    owner: str = Field(min_length=1, max_length=120)
    due: date


class ActionUpdate(Strict):
    done: bool


class NoteIn(Strict):
    body: str = Field(min_length=1, max_length=2000)
