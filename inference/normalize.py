"""Offset-preserving normalisation of Arabic text.

:func:`normalize` returns the normalised string together with, for every normalised character, the
``[start, end)`` range of the original characters it came from, so that any span found in the normalised
text maps back exactly onto the caller's string (:meth:`Normalized.to_original`).

What it does, character by character:

* removes tatweel (U+0640), Arabic diacritics and Quranic annotation marks;
* removes bidi marks and zero-width characters (LRM, RLM, ALM, embeddings, isolates, ZWSP, ZWNJ, ZWJ, BOM);
* maps NBSP and every other space character to ``" "`` and control characters (except ``\\n``) to ``" "``;
* folds Arabic presentation forms (U+FB50–U+FDFF, U+FE70–U+FEFF) with NFKC, *where safe*: only when the
  result is a short sequence of letters (ligatures such as ﻻ → لا), never the phrase ligatures
  (ﷺ, ﷽) that would expand a single sign into several words;
* optionally folds Persian/Urdu letter shapes common in copied news (ی → ي, ک → ك).
"""

from __future__ import annotations

import bisect
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

TATWEEL = "\u0640"
DIACRITICS = re.compile("[\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06dc\u06df-\u06e4\u06e7\u06e8\u06ea-\u06ed]")
INVISIBLE = frozenset("\u200b\u200c\u200d\u200e\u200f\u061c\u2060\ufeff\u00ad") | frozenset(
    chr(cp) for cp in [*range(0x202A, 0x202F), *range(0x2066, 0x206A)]
)
PERSIAN_FOLD = {"\u06cc": "\u064a", "\u06a9": "\u0643"}


@dataclass(frozen=True)
class Normalized:
    """A normalised string and, per character, the original range it came from."""

    text: str
    starts: tuple[int, ...]
    ends: tuple[int, ...]
    original_length: int

    def to_original(self, start: int, end: int) -> tuple[int, int]:
        """Map the normalised span ``[start, end)`` onto the original string."""
        if start >= end:
            point = self.starts[start] if start < len(self.starts) else self.original_length
            return point, point
        return self.starts[start], self.ends[end - 1]

    def from_original(self, start: int, end: int) -> tuple[int, int]:
        """Map an original span onto the normalised string (the characters that came from it)."""
        return bisect.bisect_left(self.starts, start), bisect.bisect_left(self.starts, end)


@lru_cache(maxsize=8192)
def normalize_char(char: str, fold_persian: bool = True) -> str:
    """The normalised form of one character (possibly empty)."""
    if char == TATWEEL or char in INVISIBLE or DIACRITICS.match(char):
        return ""
    if char == "\n":
        return char
    if char.isspace() or unicodedata.category(char) in ("Cc", "Zs"):
        return " "
    code = ord(char)
    if 0xFB50 <= code <= 0xFDFF or 0xFE70 <= code <= 0xFEFF:
        folded = unicodedata.normalize("NFKC", char)
        if len(folded) <= 3 and all(unicodedata.category(c)[0] in "LM" for c in folded):
            return "".join(normalize_char(c, fold_persian) for c in folded)
        return char
    if fold_persian:
        return PERSIAN_FOLD.get(char, char)
    return char


def normalize(text: str, *, fold_persian: bool = True) -> Normalized:
    """Normalise ``text`` and keep the map back to its offsets (see the module docstring)."""
    pieces: list[str] = []
    starts: list[int] = []
    ends: list[int] = []
    for index, char in enumerate(text):
        out = normalize_char(char, fold_persian)
        if out:
            pieces.append(out)
            starts.extend([index] * len(out))
            ends.extend([index + 1] * len(out))
    return Normalized("".join(pieces), tuple(starts), tuple(ends), len(text))


def normalize_text(text: str, *, fold_persian: bool = True) -> str:
    """Just the normalised string, for matching and lookup."""
    return "".join(normalize_char(char, fold_persian) for char in text)


_FOLD = str.maketrans({"أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ة": "ه"})  # ى stays: على is not علي


@lru_cache(maxsize=65536)
def fold(word: str) -> str:
    """The comparison form of a word, for lexicon lookups and for matching names: the normalised text with
    the alef variants and taa marbuta folded, in lower case. Alef maqsura is kept (على is not the name علي).

    Example::

        >>> fold("أكّـد") == fold("اكد")
        True
    """
    return normalize_text(word).translate(_FOLD).lower()


def strip_clitic(form: str, clitics: str = "وف") -> str | None:
    """A folded word without one leading proclitic from ``clitics`` (default the conjunctions و/ف), or ``None``
    when it has none (words of three letters or fewer, and words opening with the article ال, keep theirs).

    Example::

        >>> strip_clitic("وقال"), strip_clitic("لميلر", "لوب"), strip_clitic("الوزير", "لوب")
        ('قال', 'ميلر', None)
    """
    return form[1:] if len(form) > 3 and form[0] in clitics and not form.startswith("ال") else None
