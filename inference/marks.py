"""Quotation marks: pairing them in running text and deriving a quote's ``kind`` from them.

Pairs are found paragraph by paragraph (a blank line closes every open mark), so an unbalanced mark
never swallows the rest of a document. Guillemets ``«…»`` and ``‹…›`` nest; straight ``"`` and curly
``“ ” „`` marks toggle open/closed, which also covers the reversed ``”…“`` order common in
right-to-left news.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from .records import Span

NESTING = {"«": "»", "‹": "›"}
TOGGLING = {'"': '"', "“": "curly", "”": "curly", "„": "curly"}
QUOTE_MARKS = frozenset('«»‹›"“”„')
PARAGRAPH_BREAK = re.compile(r"\n[^\S\n]*\n")


def pair_marks(text: str) -> list[tuple[int, int]]:
    """Return ``(open, close)`` offsets of the paired quotation marks of ``text``, sorted by ``open``."""
    pairs: list[tuple[int, int]] = []
    paragraph_start = 0
    for match in [*PARAGRAPH_BREAK.finditer(text), None]:
        paragraph_end = match.start() if match else len(text)
        pairs.extend(_pair_paragraph(text, paragraph_start, paragraph_end))
        if match:
            paragraph_start = match.end()
    return sorted(pairs)


def _pair_paragraph(text: str, start: int, end: int) -> list[tuple[int, int]]:
    pairs: list[tuple[int, int]] = []
    stacks: dict[str, list[int]] = {opener: [] for opener in NESTING}
    toggles: dict[str, int | None] = {family: None for family in set(TOGGLING.values())}
    closers = {closer: opener for opener, closer in NESTING.items()}
    for index in range(start, end):
        char = text[index]
        if char in NESTING:
            stacks[char].append(index)
        elif char in closers and stacks[closers[char]]:
            pairs.append((stacks[closers[char]].pop(), index))
        elif char in TOGGLING:
            family = TOGGLING[char]
            opened = toggles[family]
            if opened is None:
                toggles[family] = index
            else:
                pairs.append((opened, index))
                toggles[family] = None
    return pairs


def enclosing_pair(pairs: Sequence[tuple[int, int]], span: Span) -> tuple[int, int] | None:
    """The innermost mark pair whose inside contains ``span``, if any."""
    best = None
    for open_, close in pairs:
        if open_ < span.start and span.end <= close and (best is None or open_ > best[0]):
            best = (open_, close)
    return best


def contains_pair(pairs: Sequence[tuple[int, int]], span: Span) -> bool:
    """True when a whole mark pair lies inside ``span``."""
    return any(span.start <= open_ and close < span.end for open_, close in pairs)


def kind_of(pairs: Sequence[tuple[int, int]], content: Sequence[Span]) -> str:
    """The kind the quotation marks give a quote with this content.

    ``direct`` when every content span lies inside a pair of marks, ``mixed`` when marks sit inside the
    content (a quoted fragment within an indirect clause), ``indirect`` otherwise.
    """
    if content and all(enclosing_pair(pairs, span) for span in content):
        return "direct"
    if any(contains_pair(pairs, span) for span in content):
        return "mixed"
    return "indirect"
