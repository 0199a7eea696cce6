"""Who each speaker is: quotes of one source share an id, and the source is named by its fullest mention.

The rules of guidelines §9, as far as a document's speaker spans tell them:

* quotes whose speaker is one span (an implicit speaker shares the earlier mention) are one source;
* a speaker whose words are contained in another's (``ميلر`` ⊂ ``المتحدث باسم الخارجية، ماثيو ميلر``) is the
  same source;
* a back-reference takes the source it refers to: ``المصدر ذاته`` / ``نفس المصدر`` the latest source named as a
  source (``مصدر …``), else the latest source; a bare title with the article (``الوزير``, ``الوزارة``,
  ``المتحدث``) the latest source whose mentions hold that title (``وزير الصحة محمد علي``);
* the name is the group's fullest speaker span (most words; of equal ones, one without a clitic, then the first).

Example::

    >>> from qawl.records import Quote, Span
    >>> text = "قال وزير الصحة محمد علي إن الوضع مستقر. وأضاف الوزير أن الحل قريب."
    >>> def at(word): return Span.of(text, text.index(word), text.index(word) + len(word))
    >>> quotes = [Quote(at("قال"), at("وزير الصحة محمد علي"), [at("الوضع مستقر")], "indirect"),
    ...           Quote(at("وأضاف"), at("الوزير"), [at("الحل قريب")], "indirect")]
    >>> [(q.source.id, q.source.name.text) for q in assign_sources(quotes)]
    [('s1', 'وزير الصحة محمد علي'), ('s1', 'وزير الصحة محمد علي')]
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace
from functools import lru_cache

from .normalize import fold, strip_clitic
from .records import Quote, Source, Span

#: Words of a back-reference to "the same source" (folded): المصدر ذاته، ذات المصدر، نفس المصدر، المصدر نفسه.
SAME = frozenset(fold(w) for w in ("المصدر", "مصدر", "المصادر", "ذاته", "ذات", "نفس", "نفسه", "ذاتها", "نفسها"))


def _words(span: Span) -> list[str]:
    """The folded words of a mention."""
    return list(_text_words(span.text))


@lru_cache(maxsize=4096)
def _text_words(text: str) -> tuple[str, ...]:
    return tuple(fold(word) for word in re.findall(r"\w+", text))


def _forms(word: str) -> set[str]:
    """A folded word as written and without a leading و/ف/ل/ب (لميلر is ميلر; وزير stays a reading too)."""
    bare = strip_clitic(word, "وفلب")
    return {word, bare} if bare else {word}


def _contained(small: list[str], large: list[str]) -> bool:
    """Every word of ``small`` is (a clitic aside) a word of ``large``."""
    forms = set().union(*map(_forms, large)) if large else set()
    return bool(small) and all(_forms(word) & forms for word in small)


def _title(word: str) -> str:
    """A word without its article: the title a back-reference names (الوزير → وزير)."""
    return word[2:] if word.startswith("ال") and len(word) > 4 else word


def _is_same_source(words: list[str]) -> bool:
    return (
        bool(words) and all(word in SAME for word in words) and any(w in ("ذاته", "ذات", "نفس", "نفسه") for w in words)
    )


def _back_title(words: list[str]) -> str | None:
    """The title of a bare definite back-reference (one or two words, the first with the article)."""
    if 1 <= len(words) <= 2 and words[0].startswith("ال") and len(words[0]) > 4:
        return _title(words[0])
    return None


def _holds_title(group: list[Span], title: str) -> bool:
    """One of the group's mentions holds the title (وزير in وزير الصحة محمد علي)."""
    return any(title in form for span in group for word in _words(span) for form in _forms(word))


def _same_name(group: list[Span], words: list[str]) -> bool:
    """The words of a mention are contained in one of the group's, or contain one of them."""
    return any(_contained(words, _words(span)) or _contained(_words(span), words) for span in group)


def _name_key(span: Span) -> tuple[int, int, int]:
    """Fuller first: more words; then no attached clitic; then earlier."""
    first = fold(span.text.split()[0]) if span.text.split() else ""
    clitic = int(strip_clitic(first, "وفلب") is not None and not first.startswith("ال"))
    return (-len(_words(span)), clitic, span.start)


def assign_sources(quotes: Sequence[Quote]) -> list[Quote]:
    """The quotes with ``source`` filled for every quote that has a speaker (``None`` for the others).

    Ids are ``s1``, ``s2`` … in order of each source's first quote.
    """
    groups: list[list[Span]] = []  # the speaker spans of each source, in text order of first mention
    group_of: dict[tuple[int, int], int] = {}
    for quote in sorted((q for q in quotes if q.speaker is not None), key=lambda q: q.speaker.start):
        speaker = quote.speaker
        if speaker.bounds in group_of:
            continue
        words = _words(speaker)
        chosen = None
        if _is_same_source(words):
            named = [i for i, group in enumerate(groups) if any("مصدر" in w for s in group for w in _words(s))]
            chosen = (named or list(range(len(groups))) or [None])[-1]
        elif (title := _back_title(words)) is not None:
            holders = [i for i, group in enumerate(groups) if _holds_title(group, title)]
            chosen = holders[-1] if holders else None
        if chosen is None and words:
            contained = [i for i, group in enumerate(groups) if _same_name(group, words)]
            chosen = contained[-1] if contained else None
        if chosen is None:
            groups.append([])
            chosen = len(groups) - 1
        groups[chosen].append(speaker)
        group_of[speaker.bounds] = chosen
    sources = []
    for number, group in enumerate(groups, 1):
        name = min(group, key=_name_key)
        sources.append(Source(f"s{number}", Span(name.start, name.end, name.text)))
    return [
        replace(quote, source=sources[group_of[quote.speaker.bounds]] if quote.speaker is not None else None)
        for quote in quotes
    ]
