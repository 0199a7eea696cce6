"""Checking what callers pass to ``predict``: one string or a list of strings, nothing else."""

from __future__ import annotations

from collections.abc import Sequence


def check_texts(texts: object) -> tuple[bool, list[str]]:
    """Return ``(single, documents)``; raise ``TypeError`` naming the offending type or list index."""
    if isinstance(texts, str):
        return True, [texts]
    if isinstance(texts, Sequence) and not isinstance(texts, (bytes, bytearray)):
        for index, text in enumerate(texts):
            if not isinstance(text, str):
                raise TypeError(f"texts[{index}] must be a str, got {type(text).__name__}")
        return False, list(texts)
    raise TypeError(f"predict() expects a str or a list of str, got {type(texts).__name__}")
