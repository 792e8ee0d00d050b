"""The citizen side's rules: one-time codes, sign-in tokens, ratings (validated, personal data removed,
comments held for moderation, one per rater, center and service a day, rate-limited, idempotent) and
proposals of missing centers. Numbers, codes and tokens are only ever handled here as HMACs."""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass

from sqlalchemy import Engine

from marsad import params
from marsad.citizens import identity
from marsad.citizens.senders import CodeSender
from marsad.comments import pii
from marsad.comments.normalize import normalize
from marsad.queries import citizens as q
from marsad.schemas import ProposalIn, RatingIn
from marsad.settings import Settings

ARABIC = re.compile("[\u0600-\u06ff]")


class Refused(Exception):
    """The request cannot be served; `status` is the HTTP status and str(exc) the reason (the API's, in English);
    `key` names it for the citizens' pages, which say it in the page's language (`words` fill it in)."""

    def __init__(self, status: int, message: str, key: str | None = None, words: dict | None = None, **extra):
        super().__init__(message)
        self.status, self.extra, self.key, self.words = status, extra, key, words or {}


def comment_fields(comment: str | None, lang: str | None) -> dict:
    """A comment as stored: personal data removed, a normalised search copy, held for moderation, its
    language (guessed when not given)."""
    text = pii.redact(comment, lang)[0].strip() if comment else None
    if not text:
        return {"comment": None, "comment_norm": None, "comment_status": None, "lang": lang}
    return {
        "comment": text,
        "comment_norm": normalize(text),
        "comment_status": "pending",
        "lang": lang or ("ar" if ARABIC.search(text) else "en"),
    }


@dataclass
class Citizens:
    settings: Settings
    engine: Engine  # connections act as marsad_citizen
    key: bytes
    sender: CodeSender

    def _hmac(self, purpose: str, value: str) -> str:
        return identity.keyed(self.key, purpose, value)

    def _limit(self, conn, bucket: str, limit: int, what: str) -> None:
        if not q.hit(conn, bucket, limit=limit):
            raise Refused(429, f"too many {what} in this hour; try again later", "busy")

    def _limit_address(self, conn, address: str) -> None:
        self._limit(
            conn,
            "addr:" + self._hmac("addr", address),
            self.settings.requests_per_hour_per_address,
            "requests from this address",
        )

    def request_code(self, *, phone: str, lang: str, address: str) -> dict:
        """Send a one-time code (the sender's log names the number only by a short HMAC-derived reference) and
        return the challenge it is bound to: only the requester holds it, and only with it can the code be used.

        Limits: per address; per number and address; per number, except at addresses the number signed in from
        before. A stranger can therefore use up the number's codes for the hour only for new addresses."""
        number = self._number(phone)
        phone_hmac = self._hmac("phone", number)
        address_hmac = self._hmac("addr", address)
        code = identity.new_code()
        challenge = identity.new_token()
        with q.as_rater(self.engine) as conn:
            self._limit_address(conn, address)
            self._limit(
                conn,
                f"code:{phone_hmac}:{address_hmac}",
                self.settings.codes_per_hour_per_number_and_address,
                "codes for this number from here",
            )
            if not q.known_address(conn, phone_hmac=phone_hmac, address_hmac=address_hmac):
                self._limit(
                    conn, "code:" + phone_hmac, self.settings.codes_per_hour_per_number, "codes for this number"
                )
            q.create_challenge(
                conn,
                phone_hmac=phone_hmac,
                challenge_hmac=self._hmac("challenge", challenge),
                code_hmac=self._hmac("code", phone_hmac + code),
                ttl_seconds=self.settings.otp_ttl_seconds,
            )
            self.sender.send(number=number, ref=phone_hmac[:10], code=code, lang=lang)
        return {"challenge": challenge, "expires_in": self.settings.otp_ttl_seconds}

    def check_code(self, *, phone: str, code: str, challenge: str, address: str) -> dict:
        """A sign-in token for the number when the code of this challenge is right. Wrong guesses count against
        the challenge (otp_max_attempts) and, over every challenge of the number, against a daily allowance
        (wrong_codes_per_day_per_number) that addresses the number signed in from before do not need."""
        number = self._number(phone)
        phone_hmac = self._hmac("phone", number)
        address_hmac = self._hmac("addr", address)
        code = code.translate(identity.ARABIC_INDIC)
        with q.as_rater(self.engine) as conn:
            self._limit_address(conn, address)
            known = q.known_address(conn, phone_hmac=phone_hmac, address_hmac=address_hmac)
            wrong_today = "wrong:" + phone_hmac
            if not known and q.hits(conn, wrong_today, per="day") >= self.settings.wrong_codes_per_day_per_number:
                raise Refused(429, "too many wrong codes for this number today; try again tomorrow", "wrong_today")
            outcome = q.check_challenge(
                conn,
                phone_hmac=phone_hmac,
                challenge_hmac=self._hmac("challenge", challenge),
                code_hmac=self._hmac("code", phone_hmac + code),
                max_attempts=self.settings.otp_max_attempts,
            )
            if outcome == "ok":
                q.remember_address(conn, phone_hmac=phone_hmac, address_hmac=address_hmac)
                token = identity.new_token()
                expires = q.create_token(
                    conn,
                    token_hmac=self._hmac("token", token),
                    rater=q.rater_id(conn, phone_hmac=phone_hmac),
                    ttl_hours=self.settings.token_ttl_hours,
                )
                return {"token": token, "expires_at": expires.isoformat()}
            if outcome in ("wrong", "locked"):
                q.hit(conn, wrong_today, limit=self.settings.wrong_codes_per_day_per_number, per="day")
        messages = {
            "wrong": "the code is not right; check the message and try again",
            "expired": "the code has expired; ask for a new one",
            "locked": "too many wrong codes; ask for a new one",
            "none": "no code was asked for this number with this challenge; ask for one first",
        }
        raise Refused(
            400 if outcome == "wrong" else 409 if outcome == "none" else 410 if outcome == "expired" else 429,
            messages[outcome],
            f"code_{outcome}",
        )

    def rater(self, token: str | None) -> dict:
        if not isinstance(token, str) or not token or len(token) > 200:
            raise Refused(
                401, "sign in with your mobile number first (a bearer token from /api/v1/public/codes/check)", "sign_in"
            )
        with q.as_rater(self.engine) as conn:
            rater = q.rater_by_token(conn, token_hmac=self._hmac("token", token))
        if rater is None:
            raise Refused(401, "this sign-in has expired or is unknown; confirm your number again", "sign_in")
        return rater

    def submit_rating(
        self, *, token: str | None, body: RatingIn, idempotency_key: str | None, address: str
    ) -> tuple[int, dict]:
        """(201, rating) when stored, (200, rating) when the same idempotency key was seen before."""
        rater = self.rater(token)
        if idempotency_key is not None and not isinstance(idempotency_key, str):
            raise Refused(400, "Idempotency-Key must be text")
        if idempotency_key is not None and not params.IDEMPOTENCY_KEY.fullmatch(idempotency_key):
            raise Refused(400, "Idempotency-Key must be 8 to 100 letters, digits or . _ : -")
        request_hash = hashlib.sha256(json.dumps(body.model_dump(), sort_keys=True).encode()).hexdigest()
        rater_hmac = self._hmac("rater", rater["phone_hmac"])
        with q.as_rater(self.engine, rater_hmac) as conn:
            q.lock_rater(conn, rater=rater["id"])
            if idempotency_key is not None:
                seen = q.replayed(conn, rater=rater["id"], key=idempotency_key)
                if seen is not None:
                    return self._replay(seen, request_hash)
            self._limit_address(conn, address)
            self._limit(conn, "rate:" + rater_hmac, self.settings.ratings_per_hour_per_number, "ratings")
            if not q.target_ok(
                conn, center_id=body.center_id, platform_code=body.platform_code, service_code=body.service_code
            ):
                raise Refused(422, "unknown center or platform, or it does not offer this service", "unknown_target")
            if q.rated_recently(
                conn,
                rater_hmac=rater_hmac,
                center_id=body.center_id,
                platform_code=body.platform_code,
                service_code=body.service_code,
            ):
                raise Refused(
                    409, "you rated this service here in the last 24 hours; you can rate it again tomorrow", "rated"
                )
            row = self._row(body, rater_hmac)
            rating_id = q.add_rating(conn, row=row, rater=rater["id"], key=idempotency_key, request_hash=request_hash)
        return 201, self._public(rating_id, row)

    def _replay(self, seen: dict, request_hash: str) -> tuple[int, dict]:
        if seen["request_hash"] != request_hash:
            raise Refused(422, "this Idempotency-Key was used for a different rating")
        return 200, {"id": seen["rating_id"], "replayed": True}

    @staticmethod
    def _row(body: RatingIn, rater_hmac: str) -> dict:
        return {
            "center_id": body.center_id,
            "platform_code": body.platform_code,
            "service_code": body.service_code,
            "overall": body.overall,
            **{f"c_{k}": v for k, v in body.criteria.model_dump().items()},
            **comment_fields(body.comment, body.lang),
            "rater_hmac": rater_hmac,
        }

    @staticmethod
    def _public(rating_id: int, row: dict) -> dict:
        return {"id": rating_id, "replayed": False, "comment": row["comment"], "comment_status": row["comment_status"]}

    def propose(self, *, token: str | None, body: ProposalIn, catalog: dict, address: str) -> dict:
        rater = self.rater(token)
        sectors = {s["code"] for s in catalog["sectors"]}
        services = {s["code"]: s["sector_code"] for s in catalog["services"]}
        if body.sector_code not in sectors:
            raise Refused(422, f"unknown sector {body.sector_code!r}")
        wrong = [s for s in body.service_codes if services.get(s) != body.sector_code]
        if wrong:
            raise Refused(422, f"services not of this sector: {', '.join(wrong[:5])}")
        with q.as_rater(self.engine) as conn:
            self._limit_address(conn, address)
            self._limit(conn, "propose:" + self._hmac("rater", rater["phone_hmac"]), 10, "proposals")
            proposal = q.add_proposal(
                conn,
                name=pii.redact(body.name)[0],
                sector_code=body.sector_code,
                service_codes=sorted(set(body.service_codes)),
                lon=body.lon,
                lat=body.lat,
                rater=rater["id"],
                country=self.settings.country,
            )
        if proposal is None:
            raise Refused(422, "the pin is outside the country's areas; place it where the center is", "outside")
        return {"id": proposal, "status": "pending"}

    def _number(self, phone: str) -> str:
        try:
            return identity.parse_mobile(phone, self.settings.country)
        except identity.InvalidNumber as exc:
            raise Refused(400, str(exc), exc.key, exc.examples) from None
