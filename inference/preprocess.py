"""Per-word text preprocessing before tokenization, chosen per model.

Preprocessing changes only the strings handed to the tokenizer, one word at a time; offsets always come
from the words of the caller's text (:mod:`qawl.words`), so no preprocessing can move a span.

* ``default`` — :func:`qawl.normalize.normalize_text` (tatweel, diacritics, invisible marks, spaces,
  presentation forms).
* ``arabert-v02`` — the rules of AraBERT's ``ArabertPreprocessor`` for ``bert-base-arabertv02`` (no Farasa
  segmentation), written here so that the ``arabert`` package is not needed: strip diacritics and tatweel,
  map Arabic-Indic digits to ASCII, squeeze characters repeated more than twice, space out every character
  that is not an Arabic letter, an ASCII digit or a Latin letter, separate digits from letters, ``/`` → ``-``,
  and drop what the AraBERT vocabulary rejects (emojis and other symbols).

A model records its choice in its config as ``qawl_preprocess``.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from .normalize import normalize_text

ARABIC_LETTERS = "\u0621-\u063a\u0641-\u064a"
_DIGITS = str.maketrans("٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹", "01234567890123456789")
_REPEATS = re.compile(r"(\D)\1{2,}")
_SPACED = re.compile(rf"([^0-9{ARABIC_LETTERS}a-zA-Z\[\]])")
_DIGIT_LETTER = re.compile(rf"(\d+)([{ARABIC_LETTERS}]+)")
_LETTER_DIGIT = re.compile(rf"([{ARABIC_LETTERS}]+)(\d+)")
#: What AraBERT v0.2 keeps: Arabic letters, digits, Latin letters and common punctuation.
_REJECTED = re.compile(rf"[^0-9{ARABIC_LETTERS}a-zA-Z\[\]!\"#$%&'()*+,.:;\-<=·>?@^_`{{|}}~—٪’،؟`୍“؛”ۚ【»؛\s+«–…‘/]")


def arabert_v02(word: str) -> str:
    """AraBERT v0.2 preprocessing of one word (may return several space-separated pieces, or nothing)."""
    text = normalize_text(word).translate(_DIGITS)
    text = _REPEATS.sub(r"\1\1", text)
    text = _SPACED.sub(r" \1 ", text)
    text = _DIGIT_LETTER.sub(r" \1 \2 ", text)
    text = _LETTER_DIGIT.sub(r" \1 \2 ", text)
    text = text.replace("/", "-")
    text = _REJECTED.sub(" ", text)
    return " ".join(text.split())


PREPROCESSORS: dict[str, Callable[[str], str]] = {"default": normalize_text, "arabert-v02": arabert_v02}


def preprocessor(name: str | None) -> Callable[[str], str]:
    """The preprocessing function called ``name`` (``None``: ``default``)."""
    try:
        return PREPROCESSORS[name or "default"]
    except KeyError:
        raise ValueError(f"unknown preprocessing {name!r} (known: {', '.join(PREPROCESSORS)})") from None
