"""Demo focus groups and complaints, from the same centers' quality as the ratings and visits (so that instruments
agree as they do in life):

- focus groups: each quarter of the last year, a session per sector in each region, and one about each of the
  SESSIONS_AT busiest centers, with a score per axis of the default guide;
- complaints: over the last year, in proportion to a center's volume and more where it is worse, by portal, app,
  phone or other, answered against a ten-day deadline (most on time), some resolved, some rated by the complainant.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta, timezone

import numpy as np
import pandas as pd
from sqlalchemy import Connection

from marsad.queries import load
from marsad.queries import visits as visit_queries

SESSIONS_AT = 60
COMPLAINTS_PER_1000_RATINGS = 60
CHANNELS = ("portal", "app", "phone", "other")
CHANNEL_SHARE = (0.4, 0.35, 0.2, 0.05)
LOCAL = timezone(timedelta(hours=3))


def _share(latent: np.ndarray) -> np.ndarray:
    return 100 / (1 + np.exp(-(1.2 * latent + 0.4)))


def generate(
    conn: Connection, rng: np.random.Generator, centers: pd.DataFrame, end: date, ratings: int
) -> tuple[int, int]:
    """Load the focus groups and complaints; how many of each."""
    guide = visit_queries.guide(conn, code="default")
    axes = sorted(guide["axes"]) if guide else []
    sessions, scores = [], []
    quarters = [
        (end - timedelta(days=91 * (q + 1)) + timedelta(days=1), end - timedelta(days=91 * q)) for q in range(4)
    ]
    groups = centers.groupby(["region_code", "sector_code"])["quality"].mean()
    busiest = centers.sort_values(["volume", "id"], ascending=[False, True]).head(SESSIONS_AT)
    next_id = 1
    for q, (first, last) in enumerate(quarters):
        span = (last - first).days
        places = [(None, sector, region, None, None, quality) for (region, sector), quality in groups.items()] + [
            (int(c.id), c.sector_code, c.region_code, c.governorate_code, c.locality_code, c.quality)
            for c in busiest.itertuples()
        ]
        for center_id, sector, region, governorate, locality, quality in places:
            held = first + timedelta(days=int(rng.integers(0, span + 1)))
            sessions.append((next_id, f"FG-{q + 1}-{next_id:05d}", center_id, sector, region, governorate, locality,
                             held, int(rng.integers(6, 13)), None, "demo"))  # fmt: skip
            values = _share(quality + rng.normal(0, 0.35, size=len(axes)))
            scores += [(next_id, axis, round(float(v), 1)) for axis, v in zip(axes, values, strict=True)]
            next_id += 1
    load.copy_rows(conn, "focus_group", FOCUS_COLUMNS, sessions)
    load.copy_rows(conn, "focus_group_axis", ("group_id", "axis_code", "score"), scores)
    load.reset_identity(conn, "focus_group")
    return len(sessions), _complaints(conn, rng, centers, end, ratings)


def _complaints(conn: Connection, rng: np.random.Generator, centers: pd.DataFrame, end: date, ratings: int) -> int:
    total = ratings * COMPLAINTS_PER_1000_RATINGS // 1000 // 2  # the ratings cover two years; complaints one
    weight = centers["volume"].to_numpy() * (1 + np.clip(-centers["quality"].to_numpy(), 0, None))
    counts = rng.multinomial(total, weight / weight.sum())
    rows: list[tuple] = []
    start = datetime.combine(end - timedelta(days=364), time(8), tzinfo=LOCAL)
    now = datetime.combine(end, time(16), tzinfo=LOCAL)
    for c, k in zip(centers.itertuples(), counts, strict=True):
        for _ in range(int(k)):
            received = start + timedelta(minutes=int(rng.integers(0, 364 * 24 * 60)))
            deadline = received + timedelta(days=10)
            took = timedelta(hours=float(rng.exponential(6 * 24 * (1.3 if c.quality < 0 else 1.0))))
            closed = received + took if received + took < now else None
            resolved = bool(rng.random() < 0.7) if closed else None
            answered = closed is not None and rng.random() < 0.5
            satisfied = (
                int(np.clip(round(3 + c.quality + (1 if resolved else -1) + rng.normal(0, 0.8)), 1, 5))
                if answered
                else None
            )
            rows.append((f"CMP-{len(rows) + 1:07d}", int(c.id), c.sector_code, c.region_code, c.governorate_code,
                         c.locality_code, CHANNELS[rng.choice(4, p=CHANNEL_SHARE)], received, closed, deadline, None,
                         resolved, satisfied, "demo"))  # fmt: skip
    load.copy_rows(conn, "complaint", COMPLAINT_COLUMNS, rows)
    load.reset_identity(conn, "complaint")
    return len(rows)


FOCUS_COLUMNS = ("id", "session_ref", "center_id", "sector_code", "region_code", "governorate_code", "locality_code",
                 "held_on", "participants", "findings", "imported_by")  # fmt: skip
COMPLAINT_COLUMNS = ("case_ref", "center_id", "sector_code", "region_code", "governorate_code", "locality_code",
                     "channel", "received_at", "closed_at", "deadline", "category", "resolved", "satisfied",
                     "imported_by")  # fmt: skip
