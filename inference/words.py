"""Words: the unit that spans cover and that the tagger labels.

One definition serves the validator, the label alignment and decoding:

* word characters are letters, combining marks and digits (so Arabic diacritics and tatweel stay inside
  their word, and clitics such as و/ف/ب/ل stay attached: ``وقال``, ``لميلر``), plus the invisible joiners
  ZWNJ, ZWJ, WORD JOINER and SOFT HYPHEN;
* separators are whitespace, control characters and the other invisible format characters (bidi marks,
  ZERO WIDTH SPACE, BOM);
* every other character (punctuation, quotation marks, symbols, emoji) is a word of its own.

A word is therefore a maximal run of word characters or a single symbol character.
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache

WORD, SEPARATOR, SYMBOL = 0, 1, 2

#: A word: its ``(start, end)`` character offsets (the unit every label and span boundary is made of).
Word = tuple[int, int]

#: Invisible characters that join the letters on both sides rather than separate them.
JOINERS = frozenset("\u200c\u200d\u2060\u00ad")


@lru_cache(maxsize=4096)
def char_class(char: str) -> int:
    """Return :data:`WORD`, :data:`SEPARATOR` or :data:`SYMBOL` for one character."""
    if char in JOINERS:
        return WORD
    category = unicodedata.category(char)
    if category[0] in "LMN":
        return WORD
    if char.isspace() or category in ("Cc", "Cf", "Zs", "Zl", "Zp"):
        return SEPARATOR
    return SYMBOL


def is_word_char(char: str) -> bool:
    return char_class(char) == WORD


def is_separator(char: str) -> bool:
    return char_class(char) == SEPARATOR


def word_spans(text: str, start: int = 0, end: int | None = None) -> list[Word]:
    """Return the ``(start, end)`` offsets of every word of ``text[start:end]``, in order."""
    end = len(text) if end is None else end
    spans: list[Word] = []
    i = start
    while i < end:
        kind = char_class(text[i])
        if kind == SEPARATOR:
            i += 1
        elif kind == SYMBOL:
            spans.append((i, i + 1))
            i += 1
        else:
            j = i + 1
            while j < end and char_class(text[j]) == WORD:
                j += 1
            spans.append((i, j))
            i = j
    return spans


def starts_inside_word(text: str, offset: int) -> bool:
    """True when ``offset`` falls strictly between two characters of the same word."""
    return 0 < offset < len(text) and is_word_char(text[offset - 1]) and is_word_char(text[offset])
