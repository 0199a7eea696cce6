"""Tokenisation and windowing: a document's words → subword tokens in overlapping windows, and back.

**Only the first subword of each word carries a label.** The word is the unit of every decision (spans cover
whole words), so one prediction per word is what decoding needs; continuation labels would be redundant and
could disagree with the first; and long Arabic words split into many subwords would otherwise weigh more in
the loss than short ones. This is the ``label_all_tokens=False`` convention of the Hugging Face
token-classification examples.

The words are the project's own (:mod:`qawl.words`), passed to the tokenizer pre-split
(``is_split_into_words=True``), so a subword never straddles two words whatever the tokenizer's own
pre-tokenizer does, and every span boundary is a word boundary. Each word is normalised
(:func:`qawl.normalize.normalize_text`, or the model's preprocessing) before tokenization; offsets are never
affected because they come from the words, not from the tokenizer. Long documents are cut into windows of at
most ``max_length`` tokens that share ``stride`` tokens (``return_overflowing_tokens``): nothing is truncated.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from .normalize import normalize_text
from .words import Word, word_spans


def tokenizer_words(text: str, words: Sequence[Word], preprocess: Callable[[str], str] = normalize_text) -> list[str]:
    """The strings handed to the tokenizer for ``words``: each word preprocessed, or kept as is if that empties it."""
    return [preprocess(text[start:end]) or text[start:end] for start, end in words]


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
