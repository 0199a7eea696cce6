"""Checking what callers pass to ``predict``: one string or a list of strings, nothing else."""

from __future__ import annotations

from collections.abc import Sequence


def lone_surrogate(text: str) -> int | None:
    """The offset of the first lone surrogate (U+D800…U+DFFF) of ``text``, or ``None`` when it is valid text.

    Such a code point is what ``errors="surrogateescape"`` makes of an undecodable byte: it is not a character,
    and no tokenizer, JSON writer or UTF-8 file accepts it.
    """
    try:
        text.encode("utf-8")
    except UnicodeEncodeError as error:  # UTF-8 refuses surrogates and nothing else
        return error.start
    return None


def check_texts(texts: object) -> tuple[bool, list[str]]:
    """Return ``(single, documents)``; raise ``TypeError`` naming the offending type or list index, and
    ``ValueError`` for a text that is not valid Unicode (a lone surrogate)."""
    if isinstance(texts, str):
        single, documents = True, [texts]
    elif isinstance(texts, Sequence) and not isinstance(texts, (bytes, bytearray)):
        for index, text in enumerate(texts):
            if not isinstance(text, str):
                raise TypeError(f"texts[{index}] must be a str, got {type(text).__name__}")
        single, documents = False, list(texts)
    else:
        raise TypeError(f"predict() expects a str or a list of str, got {type(texts).__name__}")
    for index, text in enumerate(documents):
        offset = lone_surrogate(text)
        if offset is not None:
            raise ValueError(
                f"texts[{index}] contains a lone surrogate at offset {offset} (U+{ord(text[offset]):04X}): not "
                "valid Unicode text; decode your input with errors='replace' (not 'surrogateescape'), or clean it "
                "with text.encode('utf-8', 'replace').decode('utf-8')"
            )
    return single, documents
