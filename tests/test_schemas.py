"""Request bodies (unit): what a batch of ratings refuses, with and without the raw body searched already."""

import pytest
from pydantic import ValidationError

from marsad.schemas import NUL_CHECKED, RatingBatch


def rating(**kw) -> dict:
    return {"center_id": 7, "service_code": "svc", "submitted_at": "2026-01-15T10:00:00+03:00", "overall": 4,
            "source": "survey", **kw}  # fmt: skip


@pytest.mark.parametrize(
    "bad",
    [
        rating(comment="a NUL \x00 inside"),
        rating(service_code="s\x00vc"),
        {**rating(), "criteria": {"speed": 2, "st\x00aff": 3}},
    ],
)
def test_a_nul_anywhere_in_a_batch_is_refused_unless_the_raw_body_was_searched(bad):
    with pytest.raises(ValidationError, match="NUL"):
        RatingBatch.model_validate({"ratings": [rating(), bad]})
    if "criteria" not in bad:  # a NUL in a value: the body's own search found it (body_of); not searched twice
        assert RatingBatch.model_validate({"ratings": [bad]}, context={NUL_CHECKED: True}).ratings


@pytest.mark.parametrize(
    "bad",
    [rating(source="app"), rating(lang="fr"), rating(overall=6), rating(criteria={"speed": 0}),
     rating(submitted_at="2026-01-15T10:00:00"), rating(extra=1), rating(criteria={"speed": 2, "mood": 3})],
)  # fmt: skip
def test_a_batch_refuses_what_the_rating_table_cannot_hold(bad):
    with pytest.raises(ValidationError):
        RatingBatch.model_validate({"ratings": [bad]}, context={NUL_CHECKED: True})


def test_a_batch_keeps_choices_and_criteria():
    batch = RatingBatch.model_validate(
        {"ratings": [rating(source=" mystery_shopper ", lang="en", criteria={"speed": 2})]}, context={NUL_CHECKED: True}
    )
    (r,) = batch.ratings
    assert (r.source, r.lang, r.criteria.speed, r.criteria.staff) == ("mystery_shopper", "en", 2, None)
