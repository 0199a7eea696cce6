"""Paragraph, sentence and clause segmentation that keeps offsets into the original string.

Segments are ``(start, end)`` offsets with no separator at either edge. Paragraphs end at blank lines.
Sentences end at ``.``, ``!``, ``?``, ``؟``, ``…`` and ``..`` (not inside a balanced pair of quotation
marks), at blank lines, before a bulleted line and, when ``line_breaks=True``, at every line break.
Single line breaks are not boundaries by default because news sites (the ANT corpus among them) wrap
lines in mid-sentence.
:class:`Sentences` answers "which sentence is this offset in".
"""

from __future__ import annotations

import bisect
import re

from .marks import PARAGRAPH_BREAK, pair_marks
from .words import is_separator

SENTENCE_END = re.compile(r"\.{2,}|…|[!?؟]+|(?<!\d)\.|\.(?!\d)")  # not the point of 3.5
BULLET_LINE = re.compile(r"\n[^\S\n]*[•▪●◦\-*]")


def _trimmed(text: str, start: int, end: int) -> tuple[int, int] | None:
    while start < end and is_separator(text[start]):
        start += 1
    while end > start and is_separator(text[end - 1]):
        end -= 1
    return (start, end) if start < end else None


def _split(text: str, start: int, end: int, cuts: list[int]) -> list[tuple[int, int]]:
    segments = []
    for left, right in zip([start, *cuts], [*cuts, end]):
        segment = _trimmed(text, left, right)
        if segment:
            segments.append(segment)
    return segments


def paragraphs(text: str) -> list[tuple[int, int]]:
    """Paragraphs: text between blank lines."""
    cuts = [match.start() for match in PARAGRAPH_BREAK.finditer(text)]
    return _split(text, 0, len(text), cuts)


def sentences(text: str, *, line_breaks: bool = False) -> list[tuple[int, int]]:
    """Sentences of ``text`` (see the module docstring for the boundaries)."""
    inside = _inside_quotes(text)
    out: list[tuple[int, int]] = []
    for p_start, p_end in paragraphs(text):
        cuts = [m.end() for m in SENTENCE_END.finditer(text, p_start, p_end) if not inside[m.start()]]
        cuts.extend(m.start() for m in BULLET_LINE.finditer(text, p_start, p_end))
        if line_breaks:
            cuts.extend(i for i in range(p_start, p_end) if text[i] == "\n")
        out.extend(_split(text, p_start, p_end, sorted(set(cuts))))
    return out


class Sentences:
    """The sentences of a document and the one sentence lookup every module uses (linking, the rules).

    Example::

        >>> doc = Sentences("قال الوزير. وأضاف أن الحكومة ستدعم.")
        >>> doc.index(0), doc.index(14)
        (0, 1)
    """

    def __init__(self, text: str, *, line_breaks: bool = False):
        self.spans = sentences(text, line_breaks=line_breaks)
        self._starts = [start for start, _ in self.spans] or [0]

    def __len__(self) -> int:
        return len(self.spans)

    def index(self, offset: int) -> int:
        """The number of the sentence that holds (or, between sentences, precedes) character ``offset``."""
        return max(0, bisect.bisect_right(self._starts, offset) - 1)


def _inside_quotes(text: str) -> bytearray:
    """Per character, 1 when it lies strictly inside a pair of quotation marks."""
    inside = bytearray(len(text) + 1)
    for open_, close in pair_marks(text):
        inside[open_ + 1 : close] = b"\x01" * (close - open_ - 1)
    return inside
