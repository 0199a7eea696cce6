"""The IOB2 label set over CUE, SPEAKER and CONTENT, and the one way from word labels back to spans.

Words (:mod:`qawl.words`) are the unit the tagger labels; :func:`spans_from_word_labels` turns a document's
word labels into whole-word :class:`~qawl.records.Span` objects (decoding uses it after Viterbi). Going the other
way — gold spans to word and subword labels — is training's business (:mod:`qawl.training.labels`); how words
become subword tokens and windows is :mod:`qawl.encoding`.
"""

from __future__ import annotations

from collections.abc import Sequence

from .records import Span
from .words import Word

ROLE_TAGS = {"cue": "CUE", "speaker": "SPEAKER", "content": "CONTENT"}
TAG_ROLES = {tag: role for role, tag in ROLE_TAGS.items()}
LABELS: tuple[str, ...] = ("O", *(f"{p}-{tag}" for tag in ROLE_TAGS.values() for p in ("B", "I")))
LABEL2ID = {label: index for index, label in enumerate(LABELS)}
ID2LABEL = dict(enumerate(LABELS))


def spans_from_word_labels(
    text: str, words: Sequence[Word], labels: Sequence[str], probs: Sequence[float] | None = None
) -> list[Span]:
    """Whole-word spans (with their ``role``) from IOB2 word labels: the one place labels become spans.

    An ``I-`` with no open span of its type starts one (lenient repair; Viterbi-decoded labels never need
    it). With ``probs`` (each word's probability of its label) a span's ``score`` is the mean over its words.

    Example::

        >>> text = "قال الوزير إن"
        >>> words = [(0, 3), (4, 10), (11, 13)]
        >>> [(s.role, s.text) for s in spans_from_word_labels(text, words, ["B-CUE", "B-SPEAKER", "O"])]
        [('cue', 'قال'), ('speaker', 'الوزير')]
    """
    spans: list[Span] = []
    open_tag, open_at = None, 0
    for index, label in enumerate([*labels, "O"]):  # a final O closes the last span
        prefix, _, tag = label.partition("-")
        if prefix == "I" and tag == open_tag:
            continue
        if open_tag:
            start, end = words[open_at][0], words[index - 1][1]
            score = None if probs is None else float(sum(probs[open_at:index]) / (index - open_at))
            spans.append(Span(start, end, text[start:end], score, TAG_ROLES[open_tag]))
            open_tag = None
        if prefix in ("B", "I"):
            open_tag, open_at = tag, index
    return spans
