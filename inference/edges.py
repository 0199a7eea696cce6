"""Where a content span's edges lie: guideline rules 5 and 8.9, in one function for the rules and the model.

Final punctuation is left out, inside quotation marks too; a leading comma, colon or semicolon is left out;
a quotation mark or bracket is kept at an edge only when its partner lies inside the span (a mixed quote's
inner marks, ``(WHO)`` at the end); a stray, unpaired mark is left out. Symbols that are part of the message
(``24%``) stay.
"""

from __future__ import annotations

from collections.abc import Mapping

from .marks import QUOTE_MARKS
from .words import is_separator

#: Punctuation never kept at either edge of a content.
EDGE_PUNCTUATION = frozenset(".،؛,;:!?؟…-–—•▪●*")
BRACKETS = {"(": ")", "[": "]", "{": "}"}
_CLOSERS = {close: open_ for open_, close in BRACKETS.items()}


def _bracket_partner_inside(text: str, start: int, end: int, index: int) -> bool:
    """True when the bracket at ``index`` is balanced by a partner within ``[start, end)``."""
    char = text[index]
    if char in BRACKETS:
        depth = 0
        for position in range(index, end):
            depth += (text[position] == char) - (text[position] == BRACKETS[char])
            if depth == 0:
                return True
        return False
    opener, depth = _CLOSERS[char], 0
    for position in range(index, start - 1, -1):
        depth += (text[position] == char) - (text[position] == opener)
        if depth == 0:
            return True
    return False


def _drops(text: str, start: int, end: int, index: int, partner: Mapping[int, int]) -> bool:
    char = text[index]
    if is_separator(char) or char in EDGE_PUNCTUATION:
        return True
    if char in QUOTE_MARKS:
        return not start <= partner.get(index, -1) < end
    if char in BRACKETS or char in _CLOSERS:
        return not _bracket_partner_inside(text, start, end, index)
    return False


def trim_content(text: str, start: int, end: int, partner: Mapping[int, int]) -> tuple[int, int] | None:
    """``[start, end)`` of ``text`` without what a content leaves out at its edges; ``None`` when nothing is left.

    ``partner`` maps each paired quotation mark's offset to its partner's (:func:`qawl.marks.partner_map`).

    Example::

        >>> text = 'قال إن "الحكومة ستدعم الفلاحين".'
        >>> start, end = trim_content(text, 7, len(text), {7: 30, 30: 7})
        >>> text[start:end]
        '"الحكومة ستدعم الفلاحين"'
    """
    while start < end and _drops(text, start, end, start, partner):
        start += 1
    while end > start and _drops(text, start, end, end - 1, partner):
        end -= 1
    return (start, end) if start < end else None
