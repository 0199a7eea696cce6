"""IOB2 labels over CUE, SPEAKER and CONTENT, and their alignment with words and subword tokens.

Character spans become word labels (:func:`word_labels`), word labels become subword-token labels through a
fast tokenizer's ``word_ids`` and ``offset_mapping`` (:func:`encode_words`, :func:`token_labels`), and the
way back goes token labels → word labels (:func:`word_labels_from_tokens`) → whole-word spans
(:func:`spans_from_word_labels`).

**Only the first subword of each word carries a label; the other subwords get ``-100``.** The word is the
unit of every decision here (spans cover whole words), so one prediction per word is what decoding needs;
continuation labels would be redundant and could disagree with the first; and long Arabic words split into
many subwords would otherwise weigh more in the loss than short ones. This is the ``label_all_tokens=False``
convention of the Hugging Face token-classification examples.

The words are the project's own (:mod:`qawl.words`), passed to the tokenizer pre-split
(``is_split_into_words=True``), so a subword never straddles two words whatever the tokenizer's own
pre-tokenizer does, and every span boundary is a word boundary. Each word is normalised
(:func:`qawl.normalize.normalize_text`) before tokenization; offsets are never affected because they
come from the words, not from the tokenizer.
"""

from __future__ import annotations

import bisect
from collections.abc import Callable, Iterable, Sequence
from typing import Any

from .normalize import normalize_text
from .records import Quote, Span
from .words import word_spans

ROLE_TAGS = {"cue": "CUE", "speaker": "SPEAKER", "content": "CONTENT"}
TAG_ROLES = {tag: role for role, tag in ROLE_TAGS.items()}
LABELS: tuple[str, ...] = ("O", *(f"{p}-{tag}" for tag in ROLE_TAGS.values() for p in ("B", "I")))
LABEL2ID = {label: index for index, label in enumerate(LABELS)}
ID2LABEL = dict(enumerate(LABELS))
IGNORE = -100

Word = tuple[int, int]  # a word's (start, end) character offsets, as words.word_spans gives them


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


def tokenizer_words(text: str, words: Sequence[Word], preprocess: Callable[[str], str] = normalize_text) -> list[str]:
    """The strings handed to the tokenizer for ``words``: each word preprocessed, or kept as is if that empties it."""
    return [preprocess(text[start:end]) or text[start:end] for start, end in words]


def encode_words(
    tokenizer: Any,
    text: str,
    words: Sequence[Word] | None = None,
    preprocess: Callable[[str], str] = normalize_text,
    **kwargs: Any,
) -> tuple[Any, list[Word]]:
    """Tokenize one document word by word; return the encoding and the words (see :func:`encode_documents`)."""
    encoding, all_words = encode_documents(tokenizer, [text], None if words is None else [words], preprocess, **kwargs)
    return encoding, all_words[0]


def encode_documents(
    tokenizer: Any,
    texts: Sequence[str],
    words: Sequence[Sequence[Word]] | None = None,
    preprocess: Callable[[str], str] = normalize_text,
    **kwargs: Any,
) -> tuple[Any, list[list[Word]]]:
    """Tokenize documents word by word in one call; return the encoding and each document's words.

    ``kwargs`` go to the tokenizer (``max_length``, ``truncation``, ``stride``, ``return_overflowing_tokens``
    for windows; ``overflow_to_sample_mapping`` then maps windows to documents). A word the tokenizer would
    drop entirely (a lone diacritic, a control character) is replaced by the unknown token, so every word has
    a first subword.
    """
    words = [word_spans(text) for text in texts] if words is None else [list(w) for w in words]
    pieces = [tokenizer_words(text, doc_words, preprocess) for text, doc_words in zip(texts, words)]
    kwargs = {"is_split_into_words": True, "return_offsets_mapping": True, **kwargs}
    encoding = tokenizer(pieces, **kwargs)
    covered: list[set[int]] = [set() for _ in texts]
    for window, doc in zip(encoding.encodings, _documents_of(encoding)):
        covered[doc].update(w for w in window.word_ids if w is not None)
    missing = [set(range(len(doc_words))) - seen for doc_words, seen in zip(words, covered)]
    if any(missing):
        unknown = tokenizer.unk_token or "?"
        pieces = [[unknown if i in gone else p for i, p in enumerate(doc)] for doc, gone in zip(pieces, missing)]
        encoding = tokenizer(pieces, **kwargs)
    return encoding, words


def _documents_of(encoding: Any) -> list[int]:
    """The document index of every window of a batch encoding."""
    mapping = encoding.get("overflow_to_sample_mapping")
    return list(mapping) if mapping is not None else list(range(len(encoding.encodings)))


def windows_by_document(encoding: Any) -> list[list[int]]:
    """Window indices of each document, in order."""
    out: list[list[int]] = []
    for window, doc in enumerate(_documents_of(encoding)):
        while len(out) <= doc:
            out.append([])
        out[doc].append(window)
    return out


def first_subwords(encoding: Any, windows: Sequence[int] | None = None) -> list[list[int | None]]:
    """Per window and token, the index of the word whose first subword the token is, else ``None``.

    ``windows`` selects the windows of one document (default: all windows, one document). A word's first
    subword is its token with the smallest offset within the word; in overlapping windows it is marked in
    every window that holds it, and a window that starts inside a word marks nothing for it.
    """
    selected = range(len(encoding.encodings)) if windows is None else windows
    rows = [(encoding.encodings[i].word_ids, encoding.encodings[i].offsets) for i in selected]
    first_offset: dict[int, int] = {}
    for word_ids, offsets in rows:
        for word, (start, _) in zip(word_ids, offsets):
            if word is not None and start < first_offset.get(word, start + 1):
                first_offset[word] = start
    marks = []
    for word_ids, offsets in rows:
        seen: set[int] = set()
        row: list[int | None] = []
        for word, (start, _) in zip(word_ids, offsets):
            is_first = word is not None and word not in seen and start == first_offset[word]
            row.append(word if is_first else None)
            if is_first:
                seen.add(word)
        marks.append(row)
    return marks


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
