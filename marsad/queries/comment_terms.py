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
_WORDS = (
    "SELECT DISTINCT x.id AS rating_id, regexp_replace(w, '^(وال|بال|فال|كال|لل|ال)(...)', '\\2') AS term "
    "FROM rating x, regexp_split_to_table(x.comment_norm, '[^a-z\\u0621-\\u063A\\u0641-\\u064A]+') w "
    "WHERE x.comment_norm IS NOT NULL AND x.comment_status <> 'hidden' AND x.center_id IS NOT NULL AND {where}"
)


def _add(conn: Connection, where: str, params: dict) -> None:
    """Add the comments of the ratings matching `where` (a condition on rating x, from code) into both tables."""
    params = {**params, "stop": list(STOP_WORDS)}
    conn.execute(
        text(
            f"INSERT INTO comment_daily (center_id, day, comments) SELECT x.center_id, {LOCAL_DAY}, count(*) "
            f"FROM rating x WHERE x.comment_norm IS NOT NULL AND x.comment_status <> 'hidden' "
            f"AND x.center_id IS NOT NULL AND {where} GROUP BY 1, 2 "
            "ON CONFLICT (day, center_id) DO UPDATE SET comments = comment_daily.comments + excluded.comments"
        ),
        params,
    )
    conn.execute(
        text(
            f"INSERT INTO comment_term_daily (center_id, day, term, mentions) "
            f"SELECT x.center_id, {LOCAL_DAY}, t.term, count(*) FROM ({_WORDS.format(where=where)}) t "
            "JOIN rating x ON x.id = t.rating_id WHERE length(t.term) >= 3 AND t.term <> ALL (:stop) GROUP BY 1, 2, 3 "
            "ON CONFLICT (day, center_id, term) DO UPDATE SET mentions = comment_term_daily.mentions + excluded.mentions"
        ),
        params,
    )


def rebuild(conn: Connection) -> None:
    """Recount the last KEEP_DAYS days of ratings (bulk loads and repairs; after rating_daily is rebuilt)."""
    conn.execute(text("TRUNCATE comment_daily, comment_term_daily"))
    _add(conn, f"{LOCAL_DAY} > (SELECT max(day) FROM rating_daily) - {KEEP_DAYS}", {})


def fold(conn: Connection, ids_sql: str, params: dict) -> None:
    """Add the comments of newly folded ratings (`ids_sql` selects their ids)."""
    _add(conn, f"x.id IN ({ids_sql})", params)


def prune(engine: Engine, *, before: date) -> None:
    """Forget the days before `before` (the detection job, daily)."""
    with engine.begin() as conn:
        conn.execute(text("DELETE FROM comment_term_daily WHERE day < :d"), {"d": before})
        conn.execute(text("DELETE FROM comment_daily WHERE day < :d"), {"d": before})


GRAIN_KEYS = {
    "center": ("c.id",),
    "governorate": ("c.region_code", "c.governorate_code", "c.sector_code"),
    "region": ("c.region_code", "c.sector_code"),
}


def counts(
    engine: Engine, *, grain: str, date_from: date, date_to: date, min_recent: int, recent_from: date
) -> tuple[list[tuple], list[tuple]]:
    """Per key of `grain` (GRAIN_KEYS: a center, or an area's active centers of one sector): (*key, day, comments)
    for every day in [from, to] with comments; and (*key, day, term, mentions) for the terms the key mentioned at
    least `min_recent` times since `recent_from` (the only ones that can surge)."""
    keys = GRAIN_KEYS[grain]
    k = ", ".join(keys)
    n = len(keys)
    by = ", ".join(str(i) for i in range(1, n + 2))
    joined = "JOIN service_center c ON c.id = {t}.center_id AND c.status = 'active'"
    with engine.connect() as conn:
        comments = conn.execute(
            text(
                f"SELECT {k}, d.day, sum(d.comments)::int FROM comment_daily d {joined.format(t='d')} "
                f"WHERE d.day BETWEEN :a AND :b GROUP BY {by}"
            ),
            {"a": date_from, "b": date_to},
        ).all()
        named = ", ".join(f"{col} AS k{i}" for i, col in enumerate(keys))
        ks = ", ".join(f"k{i}" for i in range(n))
        terms = conn.execute(
            text(
                f"WITH t AS MATERIALIZED (SELECT {named}, t.day, t.term, t.mentions FROM comment_term_daily t "
                f"{joined.format(t='t')} WHERE t.day BETWEEN :a AND :b), "
                f"hot AS (SELECT {ks}, term FROM t WHERE day >= :r GROUP BY {ks}, term HAVING sum(mentions) >= :m) "
                f"SELECT {ks}, day, term, sum(mentions)::int FROM t JOIN hot USING ({ks}, term) GROUP BY {ks}, day, term"
            ),
            {"a": date_from, "b": date_to, "r": recent_from, "m": min_recent},
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
