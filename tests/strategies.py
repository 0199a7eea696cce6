"""Hypothesis strategies: Arabic-like records with diacritics, tatweel, NBSP, bidi marks and emoji."""

from __future__ import annotations

from hypothesis import strategies as st
from qawl.marks import framing_pairs, kind_of, pair_marks
from qawl.records import Quote, Record, Span
from qawl.words import word_spans

STEMS = ["وقال", "الوزير", "إن", "الحكومة", "ستدعم", "لميلر", "وأضافت", "مشيرا", "2024", "Reuters", "ﻻ"]
DIACRITICS = ["\u064e", "\u064f", "\u0650", "\u0651", "\u0652", "\u064b"]
SEPARATORS = [" ", " ", " ", "\xa0", "\n", "\u200f ", " \u200e", "\u2009", " \u202b", "\n\n"]
SYMBOLS = ['"', "«", "»", "“", "”", "،", ".", "😀", "👍🏽", ":", "(", ")"]
ODDITIES = ["\u064e", "\u0640", "\u200d", "\x07"]  # words that a tokenizer may drop entirely


@st.composite
def decorated_word(draw: st.DrawFn) -> str:
    word = draw(st.sampled_from(STEMS))
    chars = []
    for char in word:
        chars.append(char)
        if draw(st.integers(0, 5)) == 0:
            chars.append(draw(st.sampled_from([*DIACRITICS, "\u0640", "\u200c"])))
    return "".join(chars)


@st.composite
def arabic_text(draw: st.DrawFn, max_pieces: int = 30) -> str:
    pieces = draw(
        st.lists(
            st.one_of(decorated_word(), st.sampled_from(SYMBOLS), st.sampled_from(ODDITIES)),
            min_size=1,
            max_size=max_pieces,
        )
    )
    out = [pieces[0]]
    for piece in pieces[1:]:
        glue = draw(st.sampled_from(["", *SEPARATORS])) if piece in SYMBOLS else draw(st.sampled_from(SEPARATORS))
        out += [glue, piece]
    return draw(st.sampled_from(["", " ", "\u200f"])) + "".join(out) + draw(st.sampled_from(["", "\n", " ."]))


@st.composite
def records(draw: st.DrawFn) -> Record:
    """A valid record: quotes made of non-overlapping whole-word spans, kinds derived from the marks."""
    text = draw(arabic_text())
    words = word_spans(text)
    quotes: list[Quote] = []
    index = draw(st.integers(0, 2))
    while index < len(words):
        length = draw(st.integers(1, 4))
        role = draw(st.sampled_from(["cue", "speaker", "content", "content"]))
        last = min(index + length, len(words)) - 1
        span = Span.of(text, words[index][0], words[last][1])
        if role == "content" and quotes and len(quotes[-1].content) < 3 and draw(st.booleans()):
            quotes[-1].content.append(span)  # a content interrupted by its attribution
        elif role == "content":
            shared = quotes[-1].speaker if quotes and draw(st.booleans()) else None
            quotes.append(Quote(None, shared, [span], "indirect"))
        elif quotes and getattr(quotes[-1], role) is None:
            setattr(quotes[-1], role, span)
        index = last + 1 + draw(st.integers(0, 3))
    pairs = framing_pairs(pair_marks(text), [q.cue for q in quotes if q.cue])
    for quote in quotes:
        quote.kind = kind_of(pairs, quote.content)
    return Record(id=f"hyp-{draw(st.integers(0, 10**6))}", source="hypothesis", text=text, quotes=quotes)
