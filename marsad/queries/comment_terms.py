"""What comments talk about, per center and day: the comments written (comment_daily) and, for each term, the
comments that mention it (comment_term_daily), for comment-surge alerts (alerts/surges.py).

A term is a word of the comment's normalised copy (rating.comment_norm: marsad.comments.normalize, so alef forms,
ta marbuta, alef maqsura, tatweel and diacritics do not split a word) made of Arabic or Latin letters, with a
leading article or clitic (ال، وال، بال، فال، كال، لل) taken off, at least three letters long and not a stop word;
a comment counts once per term. Hidden comments (moderation) are left out. Only the last KEEP_DAYS days are kept:
detection reads no further back.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import Connection, Engine, text

from marsad.queries.windows import window_filters

KEEP_DAYS = 190  # the detection reads 63 days; the evaluation (`marsad alerts evaluate`) 120 more
LOCAL_DAY = "(x.submitted_at AT TIME ZONE 'Asia/Riyadh')::date"
_STOP_TEXT = (
    # Arabic, as normalised (ة→ه, ى→ي, أإآ→ا)
    "الي علي هذا هذه ذلك تلك التي الذي الذين كان كانت يكون لكن لقد قد كل بعد قبل عند غير مع منذ حتي اذا ثم "
    "انا نحن انت هو هي هم لها له لهم فيه فيها عليه عليها منه منها عن من في ما لا لم لن تم جدا ايضا بين كما او "
    "وقد وكان ولكن وهذا وهو وهي ولا ولم ومن وفي وعلي "
    # English
    "the and was were for with not but are this that have has had very too our you your they them there here "
    "from all any can could would will just been being into out its it's than then when which who what"
)
STOP_WORDS = tuple(_STOP_TEXT.split())
AREA_OF = "CASE l.level WHEN 'region' THEN c.region_code ELSE c.governorate_code END"
LEVELS = "(VALUES ('governorate'), ('region')) l (level)"


def _area_upserts(comments: str, terms: str) -> list[str]:
    """Statements adding per-center counts (`comments`: center_id, day, comments; `terms`: … term, mentions, both
    relations from code) into the governorates' and regions' tables."""
    return [
        "INSERT INTO comment_area_daily (level, area_code, region_code, sector_code, day, comments) "
        f"SELECT l.level, {AREA_OF}, c.region_code, c.sector_code, d.day, sum(d.comments) FROM {comments} d "
        f"JOIN service_center c ON c.id = d.center_id CROSS JOIN {LEVELS} GROUP BY 1, 2, 3, 4, 5 "
        "ON CONFLICT (day, level, area_code, sector_code) DO UPDATE "
        "SET comments = comment_area_daily.comments + excluded.comments",
        "INSERT INTO comment_term_area_daily (level, area_code, region_code, sector_code, day, term, mentions) "
        f"SELECT l.level, {AREA_OF}, c.region_code, c.sector_code, d.day, d.term, sum(d.mentions) FROM {terms} d "
        f"JOIN service_center c ON c.id = d.center_id CROSS JOIN {LEVELS} GROUP BY 1, 2, 3, 4, 5, 6 "
        "ON CONFLICT (day, level, area_code, sector_code, term) DO UPDATE "
        "SET mentions = comment_term_area_daily.mentions + excluded.mentions",
    ]


def _add(conn: Connection, where: str, params: dict, source: str = "rating") -> None:
    """Add the comments of the ratings of `source` (the rating table or a copy of some) matching `where` (a
    condition on rating x, from code) into every table: the comments read once into a temporary table, counted per
    center and day (and term) into two more, and merged from there."""
    conn.execute(text("DROP TABLE IF EXISTS fold_comments, comment_delta, term_delta"))
    conn.execute(
        text(
            f"CREATE TEMP TABLE fold_comments ON COMMIT DROP AS SELECT x.id, x.center_id, {LOCAL_DAY} AS day, "
            f"x.comment_norm FROM {source} x WHERE x.comment_norm IS NOT NULL AND x.comment_status <> 'hidden' "
            f"AND x.center_id IS NOT NULL AND {where}"
        ),
        params,
    )
    conn.execute(
        text(
            "CREATE TEMP TABLE comment_delta ON COMMIT DROP AS SELECT center_id, day, count(*)::int AS comments "
            "FROM fold_comments GROUP BY 1, 2"
        )
    )
    conn.execute(
        text(
            "CREATE TEMP TABLE term_delta ON COMMIT DROP AS SELECT center_id, day, term, count(*)::int AS mentions "
            "FROM (SELECT DISTINCT f.id, f.center_id, f.day, "
            "regexp_replace(w, '^(وال|بال|فال|كال|لل|ال)(...)', '\\2') AS term FROM fold_comments f, "
            "regexp_split_to_table(f.comment_norm, '[^a-z\\u0621-\\u063A\\u0641-\\u064A]+') w) t "
            "WHERE length(term) >= 3 AND term <> ALL (:stop) GROUP BY 1, 2, 3"
        ),
        {"stop": list(STOP_WORDS)},
    )
    conn.execute(
        text(
            "INSERT INTO comment_daily (center_id, day, comments) SELECT * FROM comment_delta "
            "ON CONFLICT (day, center_id) DO UPDATE SET comments = comment_daily.comments + excluded.comments"
        )
    )
    conn.execute(
        text(
            "INSERT INTO comment_term_daily (center_id, day, term, mentions) SELECT * FROM term_delta "
            "ON CONFLICT (day, center_id, term) DO UPDATE SET mentions = comment_term_daily.mentions + excluded.mentions"
        )
    )
    for statement in _area_upserts("comment_delta", "term_delta"):
        conn.execute(text(statement))


def rebuild(conn: Connection) -> None:
    """Recount the last KEEP_DAYS days of ratings (bulk loads and repairs; after rating_daily is rebuilt)."""
    conn.execute(text("TRUNCATE comment_daily, comment_term_daily, comment_area_daily, comment_term_area_daily"))
    _add(conn, f"{LOCAL_DAY} > (SELECT max(day) FROM rating_daily) - {KEEP_DAYS}", {})


def rebuild_areas(conn: Connection) -> None:
    """Sum the areas' tables again from the centers' (after centers changed area)."""
    conn.execute(text("TRUNCATE comment_area_daily, comment_term_area_daily"))
    for statement in _area_upserts("comment_daily", "comment_term_daily"):
        conn.execute(text(statement))


def fold(conn: Connection, which_sql: str, params: dict, source: str = "rating") -> None:
    """Add the comments of newly folded ratings (`which_sql`: a condition on the ratings `x` of `source`)."""
    _add(conn, which_sql, params, source)


def prune(engine: Engine, *, before: date) -> None:
    """Forget the days before `before` (the detection job, daily)."""
    with engine.begin() as conn:
        for table in ("comment_term_daily", "comment_daily", "comment_term_area_daily", "comment_area_daily"):
            conn.execute(text(f"DELETE FROM {table} WHERE day < :d"), {"d": before})


GRAIN_KEYS = {  # the key of a place at each grain: a center, or a governorate's or region's centers of one sector
    "center": ("t.center_id",),
    "governorate": ("t.region_code", "t.area_code", "t.sector_code"),
    "region": ("t.region_code", "t.sector_code"),
}
_SOURCES = {  # (comments table, terms table, what limits their rows to the grain)
    "center": (
        "comment_daily",
        "comment_term_daily",
        "JOIN service_center c ON c.id = t.center_id AND c.status = 'active' WHERE TRUE",
    ),
    "governorate": ("comment_area_daily", "comment_term_area_daily", "WHERE t.level = 'governorate'"),
    "region": ("comment_area_daily", "comment_term_area_daily", "WHERE t.level = 'region'"),
}


def counts(
    engine: Engine, *, grain: str, date_from: date, date_to: date, min_recent: int, recent_from: date
) -> tuple[list[tuple], list[tuple]]:
    """Per key of `grain` (GRAIN_KEYS): (*key, day, comments) for every day in [from, to] with comments; and
    (*key, day, term, mentions) for the terms the key mentioned at least `min_recent` times since `recent_from`
    (the only ones that can surge)."""
    keys = GRAIN_KEYS[grain]
    comments_table, terms_table, limit = _SOURCES[grain]
    k = ", ".join(keys)
    named = ", ".join(f"{col} AS k{i}" for i, col in enumerate(keys))
    on = " AND ".join([f"h.k{i} = {col}" for i, col in enumerate(keys)] + ["h.term = t.term"])
    with engine.connect() as conn:
        comments = conn.execute(
            text(f"SELECT {k}, t.day, t.comments FROM {comments_table} t {limit} AND t.day BETWEEN :a AND :b"),
            {"a": date_from, "b": date_to},
        ).all()
        terms = conn.execute(
            text(
                f"WITH hot AS (SELECT {named}, t.term FROM {terms_table} t {limit} AND t.day BETWEEN :r AND :b "
                f"GROUP BY {k}, t.term HAVING sum(t.mentions) >= :m) "
                f"SELECT {k}, t.day, t.term, t.mentions FROM {terms_table} t JOIN hot h ON {on} "
                f"{limit} AND t.day BETWEEN :a AND :b"
            ),
            {"a": date_from, "b": date_to, "r": recent_from, "m": min_recent},
        ).all()
        return [tuple(r) for r in comments], [tuple(r) for r in terms]


def window_counts(
    engine: Engine, *, grain: str, today: date, windows: tuple[int, ...], baseline: int, min_recent: int
) -> tuple[list[tuple], list[tuple]]:
    """The detection job's read at `grain`: per key, (*key, then comments of each window and of its baseline:
    alert_counts.window_filters); and per key and term mentioned at least `min_recent` times in the last
    max(windows) days, (*key, term, then its mentions likewise). One pass over each table."""
    keys = GRAIN_KEYS[grain]
    comments_table, terms_table, limit = _SOURCES[grain]
    k = ", ".join(keys)
    named = ", ".join(f"{col} AS k{i}" for i, col in enumerate(keys))
    on = " AND ".join([f"h.k{i} = {col}" for i, col in enumerate(keys)] + ["h.term = t.term"])
    span = max(windows) + baseline
    with engine.connect() as conn:
        comments = conn.execute(
            text(
                f"SELECT {k}, {window_filters('t.comments', windows=windows, baseline=baseline)} "
                f"FROM {comments_table} t {limit} AND t.day > :t - {span} AND t.day <= :t GROUP BY {k}"
            ),
            {"t": today},
        ).all()
        terms = conn.execute(
            text(
                f"WITH hot AS (SELECT {named}, t.term FROM {terms_table} t {limit} AND t.day > :t - {max(windows)} "
                f"AND t.day <= :t GROUP BY {k}, t.term HAVING sum(t.mentions) >= :m) "
                f"SELECT {k}, t.term, {window_filters('t.mentions', windows=windows, baseline=baseline)} "
                f"FROM {terms_table} t JOIN hot h ON {on} {limit} AND t.day > :t - {span} AND t.day <= :t "
                f"GROUP BY {k}, t.term"
            ),
            {"t": today, "m": min_recent},
        ).all()
        return [tuple(r) for r in comments], [tuple(r) for r in terms]


def overall_shares(engine: Engine, *, date_from: date, date_to: date, terms: list[str]) -> dict[str, float]:
    """Each of `terms`' share of every center's comments in [from, to]: what a thin history is shrunk toward."""
    with engine.connect() as conn:
        total = conn.execute(
            text("SELECT coalesce(sum(comments), 0) FROM comment_daily WHERE day BETWEEN :a AND :b"),
            {"a": date_from, "b": date_to},
        ).scalar()
        rows = conn.execute(
            text(
                "SELECT term, sum(mentions)::int FROM comment_term_daily WHERE day BETWEEN :a AND :b "
                "AND term = ANY (:t) GROUP BY term"
            ),
            {"a": date_from, "b": date_to, "t": terms},
        )
        return {r[0]: r[1] / total for r in rows} if total else {}
