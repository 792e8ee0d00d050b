"""Arabic text normalisation for search: a query and a comment that differ only in these spellings match.

alef forms  أ إ آ ٱ -> ا      ta marbuta  ة -> ه      alef maqsura  ى -> ي
tatweel ـ and the diacritics (fathatan … sukun, superscript alef) are removed; Latin letters are lowercased.
"""

from __future__ import annotations

import re

_TRANSLATE = str.maketrans({"أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ة": "ه", "ى": "ي"})
_DROP = re.compile("[\u0640\u064b-\u065f\u0670]")  # tatweel, harakat and other combining marks, dagger alef


def normalize(text: str) -> str:
    return _DROP.sub("", text).translate(_TRANSLATE).lower()


def normalized_spans(text: str) -> tuple[str, list[int]]:
    """The normalised text and, for each of its characters, the index of the original character:
    lets a match found in normalised text be highlighted in the original."""
    out, where = [], []
    for i, ch in enumerate(text):
        if _DROP.match(ch):
            continue
        out.append(ch.translate(_TRANSLATE).lower())
        where.append(i)
    return "".join(out), where


def highlight(text: str, query: str) -> list[tuple[str, bool]]:
    """`text` cut into (piece, is_match) for every occurrence of the normalised query's words."""
    words = [w for w in normalize(query).split() if w]
    if not words:
        return [(text, False)]
    norm, where = normalized_spans(text)
    marks = [False] * len(text)
    for word in words:
        for m in re.finditer(re.escape(word), norm):
            start, end = where[m.start()], where[m.end() - 1] + 1
            for i in range(start, end):
                marks[i] = True
    pieces: list[tuple[str, bool]] = []
    for ch, mark in zip(text, marks):
        if pieces and pieces[-1][1] == mark:
            pieces[-1] = (pieces[-1][0] + ch, mark)
        else:
            pieces.append((ch, mark))
    return pieces
