"""Combining the model's quotes with the rule finder's.

* ``model`` — the model's quotes only;
* ``rules-first`` — every rule quote, plus each model quote that overlaps no rule quote (the rules where
  they fire, the model elsewhere);
* ``model-first`` — every model quote, plus each rule quote that overlaps no model quote.

Overlap is checked over all spans of the two quotes, so the result keeps the record contract (no two roles
overlapping) — except a shared speaker, which is allowed.
"""

from __future__ import annotations

from collections.abc import Sequence

from .records import Quote

MODES = ("model", "rules-first", "model-first")


def _overlap(a: Quote, b: Quote) -> bool:
    for role_a, span_a in a.spans():
        for role_b, span_b in b.spans():
            same_speaker = role_a == role_b == "speaker" and span_a.start == span_b.start and span_a.end == span_b.end
            if span_a.overlaps(span_b) and not same_speaker:
                return True
    return False


def _first_then_free(first: Sequence[Quote], second: Sequence[Quote]) -> list[Quote]:
    kept = list(first)
    for quote in second:
        if not any(_overlap(quote, other) for other in kept):
            kept.append(quote)
    return sorted(kept, key=lambda q: min(span.start for _, span in q.spans()))


def combine(model_quotes: Sequence[Quote], rule_quotes: Sequence[Quote], mode: str) -> list[Quote]:
    """The quotes of one document under ``mode`` (see the module docstring)."""
    if mode == "model":
        return list(model_quotes)
    if mode == "rules-first":
        return _first_then_free(rule_quotes, model_quotes)
    if mode == "model-first":
        return _first_then_free(model_quotes, rule_quotes)
    raise ValueError(f"unknown combination {mode!r} (known: {', '.join(MODES)})")
