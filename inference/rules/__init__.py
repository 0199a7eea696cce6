"""The rule-based quote finder: the baseline, the pre-annotator and the silver labeler.

``predict`` has the same signature and output as the model's: one string gives a list of
:class:`~qawl.records.Quote`, a list of strings gives a list of such lists. No torch is imported.
"""

from __future__ import annotations

from typing import overload

from ..inputs import check_texts
from ..marks import framing_pairs, kind_of, pair_marks
from ..records import Quote
from ..sources import assign_sources
from .document import Document
from .finder import Finder


def find_quotes(text: str) -> list[Quote]:
    """The quotes the rules find in one document, in text order."""
    if not text.strip():
        return []
    doc = Document.build(text)
    candidates = Finder(doc).run()
    pairs = framing_pairs(pair_marks(text), [doc.span(c.cue) for c in candidates if c.cue])
    quotes = []
    for candidate in candidates:
        content = [doc.span(r) for r in sorted(candidate.content)]
        quotes.append(
            Quote(
                cue=doc.span(candidate.cue) if candidate.cue else None,
                speaker=doc.span(candidate.speaker) if candidate.speaker else None,
                content=content,
                kind=kind_of(pairs, content),
            )
        )
    return assign_sources(quotes)


@overload
def predict(texts: str) -> list[Quote]: ...
@overload
def predict(texts: list[str]) -> list[list[Quote]]: ...
def predict(texts: str | list[str]) -> list[Quote] | list[list[Quote]]:
    """Quotes in one document (a string) or in many (a list of strings, same order)."""
    single, documents = check_texts(texts)
    results = [find_quotes(text) for text in documents]
    return results[0] if single else results


__all__ = ["find_quotes", "predict"]
