"""IOB2-constrained decoding: per-word label scores → the best valid label sequence → scored whole-word spans.

The tagger scores every word (through its first subword). Taking the argmax per word can produce
``I-CONTENT`` after ``O`` or ``I-CUE`` after ``B-SPEAKER``; Viterbi over the transitions IOB2 allows (an
``I-X`` only after ``B-X`` or ``I-X``, never first) finds the best sequence without them.
"""

from __future__ import annotations

import bisect
from collections.abc import Sequence

import numpy as np

from .labels import LABELS, TAG_ROLES, spans_from_word_labels
from .records import Span
from .words import Word

_NEG = -1e9


def transition_mask(labels: Sequence[str] = LABELS) -> tuple[np.ndarray, np.ndarray]:
    """``(allowed[prev, next], allowed_first[label])`` for IOB2."""
    size = len(labels)
    allowed = np.ones((size, size), dtype=bool)
    first = np.ones(size, dtype=bool)
    for j, label in enumerate(labels):
        if label.startswith("I-"):
            first[j] = False
            tag = label[2:]
            for i, previous in enumerate(labels):
                allowed[i, j] = previous in (f"B-{tag}", f"I-{tag}")
    return allowed, first


_ALLOWED, _FIRST = transition_mask()
_TRANSITIONS = np.where(_ALLOWED, 0.0, _NEG)
_START = np.where(_FIRST, 0.0, _NEG)


def viterbi(log_probs: np.ndarray) -> np.ndarray:
    """The best IOB2-valid label ids for a ``(words, labels)`` matrix of log-probabilities (ordered as LABELS)."""
    n = log_probs.shape[0]
    if n == 0:
        return np.zeros(0, dtype=np.int64)
    back = np.zeros((n, log_probs.shape[1]), dtype=np.int64)
    score = log_probs[0] + _START
    for t in range(1, n):
        candidates = score[:, None] + _TRANSITIONS
        back[t] = candidates.argmax(axis=0)
        score = candidates[back[t], np.arange(candidates.shape[1])] + log_probs[t]
    path = np.zeros(n, dtype=np.int64)
    path[-1] = int(score.argmax())
    for t in range(n - 1, 0, -1):
        path[t - 1] = back[t, path[t]]
    return path


def decode(text: str, words: Sequence[Word], log_probs: np.ndarray) -> list[Span]:
    """Whole-word spans of ``text`` (each with its ``role`` and ``score``: the mean probability of its words'
    labels) from per-word log-probabilities (rows aligned with ``words``)."""
    if len(words) != log_probs.shape[0]:
        raise ValueError(f"{len(words)} words but {log_probs.shape[0]} rows of scores")
    path = viterbi(log_probs)
    probs = np.exp(log_probs[np.arange(len(path)), path]).tolist()
    return spans_from_word_labels(text, words, [LABELS[i] for i in path.tolist()], probs)


def span_score(words: Sequence[Word], log_probs: np.ndarray, role: str, start: int, end: int) -> float:
    """The model's probability for a span it did not decode itself (mean over its words of ``B-``/``I-`` of
    ``role``), the same measure as the score :func:`decode` gives; 0.0 when no word lies inside the span.
    ``words`` are in text order, as the tagger gives them."""
    tag = next(tag for tag, name in TAG_ROLES.items() if name == role)
    first = bisect.bisect_left(words, (start, start))
    last = first
    while last < len(words) and words[last][1] <= end:
        last += 1
    if last == first:
        return 0.0
    labels = [LABELS.index(f"B-{tag}")] + [LABELS.index(f"I-{tag}")] * (last - first - 1)
    return float(np.exp(log_probs[np.arange(first, last), labels]).mean())
