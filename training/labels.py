"""Gold spans as labels: a record's spans → IOB2 word labels → subword-token labels, for training and scoring.

The way back (word labels → spans) is the runtime's :func:`qawl.labels.spans_from_word_labels`; the subword
alignment (first subword labelled) is :mod:`qawl.encoding`'s.
"""

from __future__ import annotations

import bisect
from collections.abc import Iterable, Sequence
from typing import Any

from qawl.encoding import first_subwords
from qawl.labels import ID2LABEL, LABEL2ID, ROLE_TAGS
from qawl.records import Quote, Span
from qawl.words import Word

#: The label id the loss ignores (continuation subwords, special tokens, padding).
IGNORE = -100


def role_spans(quotes: Iterable[Quote]) -> list[Span]:
    """The distinct spans of some quotes with their ``role`` set, in text order (a shared speaker counts once)."""
    distinct = {(role, span.start, span.end): span for quote in quotes for role, span in quote.spans()}
    return sorted(
        (Span(start, end, span.text, role=role) for (role, start, end), span in distinct.items()),
        key=lambda s: (s.start, s.end, s.role),
    )


def word_labels(words: Sequence[Word], spans: Iterable[Span]) -> list[str]:
    """IOB2 label of every word for spans with a ``role``; ``ValueError`` for a span that does not cover whole
    words or overlaps another."""
    labels = ["O"] * len(words)
    starts = [start for start, _ in words]
    for span in spans:
        first = bisect.bisect_left(starts, span.start)
        last = first
        while last < len(words) and words[last][1] <= span.end:
            last += 1
        if first == last or words[first][0] != span.start or words[last - 1][1] != span.end:
            raise ValueError(f"{span} does not cover whole words")
        if any(label != "O" for label in labels[first:last]):
            raise ValueError(f"{span} overlaps another span")
        tag = ROLE_TAGS[span.role]
        labels[first:last] = [f"B-{tag}"] + [f"I-{tag}"] * (last - first - 1)
    return labels


def token_labels(encoding: Any, labels: Sequence[str], windows: Sequence[int] | None = None) -> list[list[int]]:
    """Label ids per window (of one document: ``windows``, default all) and token: the word's label on its
    first subword, :data:`IGNORE` elsewhere."""
    rows = first_subwords(encoding, windows)
    return [[IGNORE if word is None else LABEL2ID[labels[word]] for word in row] for row in rows]


def word_labels_from_tokens(encoding: Any, label_ids: Sequence[Sequence[int]], n_words: int) -> list[str]:
    """Word labels read off the first subwords (the first window that holds a word decides)."""
    labels: list[str | None] = [None] * n_words
    for row, ids in zip(first_subwords(encoding), label_ids):
        for word, label_id in zip(row, ids):
            if word is not None and labels[word] is None:
                labels[word] = ID2LABEL[int(label_id)]
    return [label or "O" for label in labels]
