"""Demo mystery-shopper visits: two evaluation cycles (the two half-years before the demo's end) under the default
guide, at the VISITED busiest centers, about PER_CENTER visits each: two-thirds in the field, about a third by phone
and a few on the sector's e-platform (as in Jordan's 2023 cycle: 3,300 field, 1,500 phone, 115 web visits to 452
centers). Each criterion is scored from the center's own quality and trend (the ratings' latent satisfaction), so
the instruments agree as they do in life, with an offset per axis and the shopper's noise."""

from __future__ import annotations

from datetime import date, timedelta

import numpy as np
import pandas as pd
from sqlalchemy import Connection

from marsad.measurements.visits import Guide, scores
from marsad.queries import load
from marsad.queries import visits as visit_queries

VISITED = 450
PER_CENTER = 11
CHANNEL_SHARE = (0.67, 0.31, 0.02)  # field, phone, web
SCORED_BY = {  # the criteria a channel can score
    "field": ("greeting", "signage", "queue", "wait_time", "courtesy", "knowledge", "clarity", "completion",
              "cleanliness", "accessibility"),
    "phone": ("phone_answer", "courtesy", "knowledge", "clarity", "completion"),
    "web": ("web_info", "clarity", "completion"),
}  # fmt: skip
AXIS_OFFSET = {"reception": 0.3, "waiting": -0.5, "staff": 0.2, "procedures": 0.0, "environment": 0.1, "digital": -0.3}
THRESHOLDS = np.array([-1.6, -0.6, 0.35, 1.35])  # as the ratings' (demo.py): a 1-5 score from the latent


def generate(conn: Connection, rng: np.random.Generator, centers: pd.DataFrame, end: date, platforms: dict) -> int:
    """Load the two cycles' visits; how many. `platforms`: sector -> its e-platform's code."""
    row = visit_queries.guide(conn, code="default")
    if row is None:
        return 0
    guide = Guide(**row)
    chosen = centers.sort_values(["volume", "id"], ascending=[False, True]).head(VISITED)
    visit_rows, score_rows, axis_rows = [], [], []
    next_id = 1
    for k, (first, last) in enumerate(((end - timedelta(days=364), end - timedelta(days=183)),
                                        (end - timedelta(days=182), end))):  # fmt: skip
        half = "H1" if last.month <= 6 else "H2"  # named by the half-year it ends in
        cycle_id = visit_queries.add_cycle(
            conn, name=f"{last.year}-{half} (demo)", date_from=first, date_to=last, guide_id=guide.id
        )
        days = (last - first).days
        for c in chosen.itertuples():
            for _ in range(1 + rng.poisson(PER_CENTER - 1)):
                channel = ("field", "phone", "web")[rng.choice(3, p=CHANNEL_SHARE)]
                platform = platforms.get(c.sector_code) if channel == "web" else None
                if channel == "web" and platform is None:
                    channel = "field"
                day = first + timedelta(days=int(rng.integers(0, days + 1)))
                years = 2.0 - (end - day).days / 365.0  # as the ratings' trend runs over the demo's two years
                given = {}
                for code in SCORED_BY[channel]:
                    latent = c.quality + c.slope * (years - 1.0) + AXIS_OFFSET[guide.criteria[code][0]]
                    given[code] = float(np.searchsorted(THRESHOLDS, latent + rng.logistic(0, 0.6)) + 1)
                total, axes = scores(guide, given)
                where = (None, None, None, None) if platform else (
                    c.region_code, c.governorate_code, c.locality_code, int(c.id))  # fmt: skip
                visit_rows.append((next_id, cycle_id, where[3], platform, channel, day, f"MS-{k + 1}-{next_id:06d}",
                                   None, total, c.sector_code, where[0], where[1], where[2], "demo"))  # fmt: skip
                score_rows += [(next_id, code, s) for code, s in given.items()]
                axis_rows += [(next_id, a, s) for a, s in axes.items()]
                next_id += 1
    load.copy_rows(conn, "shopper_visit", VISIT_COLUMNS, visit_rows)
    load.copy_rows(conn, "visit_score", ("visit_id", "criterion_code", "score"), score_rows)
    load.copy_rows(conn, "visit_axis", ("visit_id", "axis_code", "score"), axis_rows)
    load.reset_identity(conn, "shopper_visit")
    return len(visit_rows)


VISIT_COLUMNS = ("id", "cycle_id", "center_id", "platform_code", "channel", "visited_on", "shopper_ref", "notes",
                 "score", "sector_code", "region_code", "governorate_code", "locality_code", "imported_by")  # fmt: skip
