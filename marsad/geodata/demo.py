"""Deterministic, realistic demo data: centers placed in real localities, two years of ratings.

Everything is drawn from one seeded generator, so the same seed and end date give the same data.
Ratings are generated and COPY-loaded in chunks, so memory stays flat up to tens of millions.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import date, timedelta

import numpy as np
import pandas as pd
import shapely
from sqlalchemy import Engine
from tqdm import tqdm

from marsad.comments.normalize import normalize
from marsad.geodata import boundaries, demo_instruments, demo_visits
from marsad.geodata.demo_content import (
    COMMENTS,
    PLATFORMS,
    PROBLEMS,
    SECTORS,
    SERVICES,
    SOURCE_EFFECT,
    SOURCE_SHARE,
    SOURCES,
)
from marsad.queries import boundaries as bq
from marsad.queries import load, partitions, rollups

CRITERIA = rollups.CRITERIA
CRITERION_OFFSET = np.array([-0.35, 0.2, -0.1, 0.0, 0.05])  # waiting is what citizens like least
THRESHOLDS = np.array([-1.6, -0.6, 0.35, 1.35])  # ordered-logit cut points on the latent satisfaction
WEEKDAY_VOLUME = np.array([1.1, 1.0, 1.0, 0.9, 0.15, 0.4, 1.25])  # Mon..Sun (Friday and Saturday: weekend)
WEEKDAY_EFFECT = np.array([0.0, 0.05, 0.05, 0.1, 0.0, 0.0, -0.15])  # Sundays are busiest and rated lowest
DAYS = 730
CHUNK = 250_000


@dataclass(frozen=True)
class DemoSpec:
    country: str = "SA"
    centers: int = 3000
    ratings: int = 300_000
    seed: int = 7
    end: date | None = None  # last day of ratings; default today
    # centers that fall suddenly in the last four months, and as many others whose comments surge about one
    # problem (demo_event: the truth alerts are measured on)
    planted: int = 0


def _centers(rng: np.random.Generator, spec: DemoSpec, areas: list[dict]) -> pd.DataFrame:
    by_code = {a["code"]: a for a in areas}
    locs = [a for a in areas if a["level"] == "locality"]
    pop = np.array([max(a["population"] or 500, 500) for a in locs], dtype=float)
    weight = pop**0.75
    counts = rng.multinomial(spec.centers, weight / weight.sum())
    sector_share = np.array([s[4] for s in SECTORS])
    rows = []
    for loc, k, p in zip(locs, counts, pop):
        if k == 0:
            continue
        geom = shapely.from_geojson(loc["geojson"])
        sigma = min(0.08, 0.008 + 0.03 * (p / 1e6) ** 0.5)
        xs = loc["lon"] + rng.normal(0, sigma, size=k)
        ys = loc["lat"] + rng.normal(0, sigma, size=k)
        inside = shapely.contains_xy(geom, xs, ys)
        xs = np.where(inside, xs, loc["lon"] + rng.normal(0, 0.002, size=k))
        ys = np.where(inside, ys, loc["lat"] + rng.normal(0, 0.002, size=k))
        gov = by_code[loc["parent_code"]]
        sectors = rng.choice(len(SECTORS), size=k, p=sector_share)
        for x, y, s in zip(xs, ys, sectors):
            rows.append((x, y, s, loc["code"], gov["code"], gov["parent_code"], loc["name_ar"], loc["name_en"], p))
    df = pd.DataFrame(
        rows,
        columns=[
            "lon",
            "lat",
            "sector_idx",
            "locality_code",
            "governorate_code",
            "region_code",
            "loc_ar",
            "loc_en",
            "population",
        ],
    )
    df["id"] = np.arange(1, len(df) + 1)
    df["nth"] = df.groupby(["locality_code", "sector_idx"]).cumcount() + 1
    df["sector_code"] = [SECTORS[i][0] for i in df["sector_idx"]]
    df["name_ar"] = [
        f"{SECTORS[s][3][0]} {la}" + (f" {n}" if n > 1 else "")
        for s, la, n in zip(df["sector_idx"], df["loc_ar"], df["nth"])
    ]
    df["name_en"] = [
        f"{le} {SECTORS[s][3][1]}" + (f" {n}" if n > 1 else "")
        for s, le, n in zip(df["sector_idx"], df["loc_en"], df["nth"])
    ]
    df["code"] = [f"{spec.country}-C{i:06d}" for i in df["id"]]
    # latent quality: sector, region and center effects, and a trend per center
    region_codes = sorted(df["region_code"].unique())
    region_effect = dict(zip(region_codes, rng.normal(0, 0.18, size=len(region_codes))))
    sector_effect = np.array([s[5] for s in SECTORS])
    df["quality"] = (
        0.55
        + sector_effect[df["sector_idx"]]
        + df["region_code"].map(region_effect)
        + rng.normal(0, 0.45, size=len(df))
    )
    df["slope"] = rng.normal(0.08, 0.25, size=len(df))  # per year
    volume = np.array([s[6] for s in SECTORS])
    df["volume"] = (df["population"] ** 0.5) * volume[df["sector_idx"]] * rng.lognormal(0, 0.6, size=len(df))
    df["n_services"] = [len(SERVICES[c]) for c in df["sector_code"]]
    return df


def _center_services(rng: np.random.Generator, centers: pd.DataFrame) -> list[tuple[int, str]]:
    """Every center offers its sector's first service and a random subset of the others."""
    pairs: list[tuple[int, str]] = []
    for cid, sector in zip(centers["id"], centers["sector_code"]):
        services = SERVICES[sector]
        keep = rng.random(len(services)) < 0.7
        keep[0] = True
        pairs.extend((int(cid), f"{sector}.{services[i][0]}") for i in np.flatnonzero(keep))
    return pairs


PLANT_EXTRA_PER_DAY = 30  # an incident brings ratings: the fallen center's daily ratings on top of its usual ones
PLANT_SHIFT = -1.6  # on the latent satisfaction: about 35 points fewer satisfied
PLANT_WINDOW = 120  # days before the end in which the events start


SURGE_EXTRA_PER_DAY = 4  # a problem: ratings that all mention it, on top of the center's usual ones
SURGE_SHIFT = -0.3  # satisfaction dips a little: the comments say it before the scores do


def planted_events(spec: DemoSpec, centers: pd.DataFrame, end: date) -> list[dict]:
    """A fixed list of `spec.planted` drops and `spec.planted` comment surges at different centers among the
    busiest tenth, starting on days spread over the last PLANT_WINDOW days (at least a week before the end, so
    each has data to be found on)."""
    if spec.planted <= 0:
        return []
    # among the busiest tenth: a change is found against a center's own past, which a quiet center hardly has
    busiest = centers.sort_values(["volume", "id"], ascending=[False, True])["id"].to_numpy()
    ids = busiest[: max(len(busiest) // 10, 2 * spec.planted)]
    step = max(len(ids) // (2 * spec.planted), 1)
    out = []
    for i in range(min(2 * spec.planted, len(ids))):
        starts = end - timedelta(days=7 + ((i // 2) * (PLANT_WINDOW - 7)) // spec.planted + (i % 2) * 3)
        surge = i % 2 == 1
        out.append(
            {
                "center_id": int(ids[i * step]),
                "starts": starts,
                "kind": "surge" if surge else "drop",
                "extra_per_day": SURGE_EXTRA_PER_DAY if surge else PLANT_EXTRA_PER_DAY,
                "shift": SURGE_SHIFT if surge else PLANT_SHIFT,
                "term": PROBLEMS[(i // 2) % len(PROBLEMS)][0] if surge else None,
            }
        )
    return out


def _rating_chunk(rng, n, centers, center_p, services_of, day_p, start, shifts=None, problem=None):
    """`n` ratings; `problem`: the comments every one of them carries (a planted surge's), else the usual mix."""
    idx = rng.choice(len(centers), size=n, p=center_p)
    day = rng.choice(DAYS, size=n, p=day_p)
    seconds = rng.integers(7 * 3600, 16 * 3600, size=n)
    local = pd.to_datetime(start) + pd.to_timedelta(day, unit="D") + pd.to_timedelta(seconds, unit="s")
    submitted = (local - pd.Timedelta(hours=3)).tz_localize("UTC")  # Asia/Riyadh is UTC+3 all year
    src = rng.choice(len(SOURCES), size=n, p=SOURCE_SHARE)
    weekday = (start.weekday() + day) % 7
    years = day / 365.0
    latent = (
        centers["quality"].to_numpy()[idx]
        + centers["slope"].to_numpy()[idx] * (years - 1.0)
        + np.asarray(SOURCE_EFFECT)[src]
        + WEEKDAY_EFFECT[weekday]
        + rng.logistic(0, 0.55, size=n)
    )
    if shifts:  # planted drops: (center index, first day offset, shift)
        for center_index, first_day, shift in shifts:
            latent = latent + np.where((idx == center_index) & (day >= first_day), shift, 0.0)
    overall = (np.searchsorted(THRESHOLDS, latent) + 1).astype(np.int16)
    crit_present = (src != 0) | (rng.random(n) < 0.4)
    crits = np.clip(np.rint(overall[:, None] + CRITERION_OFFSET + rng.normal(0, 0.8, size=(n, 5))), 1, 5)
    svc_lists = [services_of[c] for c in centers["id"].to_numpy()[idx]]
    svc_pick = (rng.random(n) * np.array([len(s) for s in svc_lists])).astype(int)
    service = [s[i] for s, i in zip(svc_lists, svc_pick)]
    has_comment = rng.random(n) < (1.0 if problem else 0.15)
    lang_en = rng.random(n) < 0.15
    band = np.where(overall <= 2, "neg", np.where(overall == 3, "mid", "pos"))
    pick = rng.random(n)
    comments: list[str | None] = []
    langs: list[str | None] = []
    for c, en, b, p in zip(has_comment, lang_en, band, pick):
        if not c:
            comments.append(None)
            langs.append(None)
            continue
        lang = "ar" if problem else "en" if en else "ar"
        pool = problem or COMMENTS[lang][b]
        comments.append(pool[int(p * len(pool))])
        langs.append(lang)
    rater = rng.integers(0, 2**62, size=n)
    frame = pd.DataFrame(
        {
            "center_id": centers["id"].to_numpy()[idx],
            "service_code": service,
            "submitted_at": submitted,
            "overall": overall,
            "source": np.asarray(SOURCES)[src],
            "comment": comments,
            "lang": langs,
            "comment_status": [
                None if c is None else "hidden" if p < 0.02 else "pending" if p > 0.97 else "approved"
                for c, p in zip(comments, rng.random(n))
            ],
            "comment_norm": [None if c is None else normalize(c) for c in comments],
            "rater_hmac": [f"demo:{r:016x}" for r in rater],
        }
    )
    for j, c in enumerate(CRITERIA):
        frame[f"c_{c}"] = pd.array(np.where(crit_present, crits[:, j], np.nan), dtype="Int16")
    return frame


RATING_COLUMNS = [
    "center_id",
    "service_code",
    "submitted_at",
    "overall",
    *[f"c_{c}" for c in CRITERIA],
    "comment",
    "lang",
    "source",
    "rater_hmac",
    "comment_status",
    "comment_norm",
]


def generate(engine: Engine, spec: DemoSpec, *, progress: bool = True) -> dict:
    """Replace centers and ratings of the database with a demo set; returns what was loaded."""
    rng = np.random.default_rng(spec.seed)
    end = spec.end or date.today()
    start = end - timedelta(days=DAYS - 1)
    areas = boundaries.shipped_areas(spec.country)
    # official boundaries imported before the demo stay: its centers are placed in the shipped areas, then
    # re-attached to the imported ones by location (boundaries.give_way), so nothing is duplicated
    imported = bq.imported_levels(engine, country=spec.country, shipped=[a["code"] for a in areas])
    boundaries.load_shipped(engine, spec.country, keep=imported)
    centers = _centers(rng, spec, areas)
    pairs = _center_services(rng, centers)
    services_of: dict[int, list[str]] = {}
    for cid, code in pairs:
        services_of.setdefault(cid, []).append(code)
    center_p = centers["volume"].to_numpy() / centers["volume"].sum()
    t = np.arange(DAYS)
    weekday = (start.weekday() + t) % 7
    day_w = (1.0 + 0.6 * t / DAYS) * WEEKDAY_VOLUME[weekday]
    day_p = day_w / day_w.sum()
    with engine.begin() as conn:
        load.clear_centers_and_ratings(conn)
        load.insert_catalog(
            conn,
            sectors=[{"code": s[0], "name_ar": s[1], "name_en": s[2]} for s in SECTORS],
            services=[
                {"code": f"{s}.{c}", "sector_code": s, "name_ar": ar, "name_en": en}
                for s, items in SERVICES.items()
                for c, ar, en in items
            ],
            platforms=[
                {"code": c, "sector_code": s, "name_ar": ar, "name_en": en, "url": u} for c, s, ar, en, u in PLATFORMS
            ],
        )
        load.copy_rows(
            conn,
            "service_center",
            [
                "id",
                "code",
                "name_ar",
                "name_en",
                "sector_code",
                "geom",
                "region_code",
                "governorate_code",
                "locality_code",
                "status",
            ],
            (
                (
                    int(r.id),
                    r.code,
                    r.name_ar,
                    r.name_en,
                    r.sector_code,
                    f"SRID=4326;POINT({r.lon:.6f} {r.lat:.6f})",
                    r.region_code,
                    r.governorate_code,
                    r.locality_code,
                    "active",
                )
                for r in centers.itertuples()
            ),
        )
        load.copy_rows(conn, "center_service", ["center_id", "service_code"], pairs)
        events = planted_events(spec, centers, end)
        position = {int(c): i for i, c in enumerate(centers["id"].to_numpy())}
        shifts = [(position[e["center_id"]], (e["starts"] - start).days, e["shift"]) for e in events]
        partitions.ensure(conn, start, end + timedelta(days=partitions.AHEAD_DAYS))  # each month its own
        bar = tqdm(total=spec.ratings, unit=" ratings", desc="ratings", disable=not progress, unit_scale=True)
        left = spec.ratings
        while left > 0:
            n = min(CHUNK, left)
            frame = _rating_chunk(rng, n, centers, center_p, services_of, day_p, start, shifts)
            buf = io.StringIO()
            frame[RATING_COLUMNS].to_csv(buf, index=False, header=False)
            load.copy_csv(conn, "rating", RATING_COLUMNS, buf.getvalue())
            left -= n
            bar.update(n)
        bar.close()
        for e, (index, first_day, _) in zip(events, shifts, strict=True):
            # the incident's own ratings, on top of the center's usual ones: from its first day to the end
            one = np.zeros(len(centers))
            one[index] = 1.0
            days = np.zeros(DAYS)
            days[first_day:] = 1.0
            extra = e["extra_per_day"] * (DAYS - first_day)
            problem = dict(PROBLEMS)[e["term"]] if e["kind"] == "surge" else None
            frame = _rating_chunk(rng, extra, centers, one, services_of, days / days.sum(), start, shifts, problem)
            buf = io.StringIO()
            frame[RATING_COLUMNS].to_csv(buf, index=False, header=False)
            load.copy_csv(conn, "rating", RATING_COLUMNS, buf.getvalue())
        load.insert_events(conn, events)
        # the measurement programme's visits, from a generator of their own (the ratings stay as they were)
        platform_of = {sector: code for code, sector, *_ in reversed(PLATFORMS)}
        visits = demo_visits.generate(conn, np.random.default_rng(spec.seed + 1), centers, end, platform_of)
        groups, complaints = demo_instruments.generate(
            conn, np.random.default_rng(spec.seed + 2), centers, end, spec.ratings
        )
        boundaries.give_way(conn, country=spec.country, imported=imported)
        # the rollups take as long as the ratings did at national scale: one step per table filled
        bar = tqdm(total=len(rollups.ALL), unit=" rollups", desc="rollups", disable=not progress)

        order = [r.table for r in rollups.ALL]  # the order rebuild fills them in

        def filling(table: str) -> None:
            bar.update(order.index(table) - bar.n)  # those before it are filled
            bar.set_postfix_str(table)

        rollup_rows = rollups.rebuild(conn, filling)
        bar.update(bar.total - bar.n)
        bar.close()
        load.reset_identities(conn)
    with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
        load.analyze(conn)
    return {
        "country": spec.country,
        "centers": len(centers),
        "center_services": len(pairs),
        "ratings": spec.ratings,
        "visits": visits,
        "focus_groups": groups,
        "complaints": complaints,
        "rollup_rows": rollup_rows["rating_daily"],
        "rollups": rollup_rows,
        "from": start,
        "to": end,
    }
