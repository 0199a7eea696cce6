"""Quotation marks: pairing them in running text and deriving a quote's ``kind`` from them.

**Lines.** Pairs are found line by line: every line break (``\\n``, ``\\r``, U+2028, U+2029) closes every
open mark, so an unbalanced mark never reaches past its own line. News sites (the ANT corpus among them)
separate paragraphs with a single line break, and a stray mark used to flip every later pair of the article.

**Families.** Each mark belongs to one family and pairs only within it: guillemets ``«…»``, single angle
marks ``‹…›``, straight double ``"…"``, curly double ``“ ” „``, straight single ``'…'`` and curly single
``‘ ’ ‚``. Guillemets and angle marks have a fixed direction (``«`` opens, ``»`` closes). The other marks are
*ambiguous*: ``"`` and ``'`` look the same on both sides, and right-to-left news uses ``“…”`` and ``”…“``
alike, so their direction is read from their neighbours, never from the glyph (``„`` and ``‚`` always open).

**Context of an ambiguous mark.** Each neighbour is a *space* (whitespace, an invisible character, or the
start/end of the line), a *word* character (letter, digit, diacritic, tatweel) or *punctuation* (anything else,
other quotation marks included). A mark

* opens when a space or punctuation precedes it and a word follows (``قال "الوضع``, ``:"الوضع``, ``("…``), or
  when it is glued to a proclitic (``لـ"الجوهرة``, ``بـ"الفضيحة``, ``الـ"سوبر نوفا``: the word before it is
  ``ل``, ``ب``, ``و``, ``ف``, ``ك``, ``ال`` or a combination, or ends in a tatweel);
* closes when a word or punctuation precedes it and a space or punctuation follows (``صعب" قال``,
  ``صعب".``, ``صعب"،``);
* is *either* when the context does not tell: a word on both sides (``بعنوان"شربة"`` with a space
  missing), a space on both sides (``" الوضع صعب "``), punctuation on both sides, or sentence-final
  punctuation before it and a word after it (``."وقال``);
* for single quotes, a word on both sides means an apostrophe (``l'Aube``, ``aujourd’hui``): never a mark. A
  single quote is therefore paired only around a span that begins after a non-word character and ends
  before one.

**Pairing.** One stack per line holds the open marks of all families, so pairs of different families nest
(``"الوضع “صعب” جدا"``, ``«… “…” …»``) and never cross. Scanning a line left to right, a mark that may
close (closer or *either*) closes the innermost open mark of its family when there is one; the open marks of
other families above it are dropped as stray (they cannot stay open past the close of the pair around them).
Otherwise a mark that may open (opener or *either*) is pushed, and a closer with nothing to close is a stray
mark and is ignored. Because a same-family opener stays on the stack, ``"…"`` nests in ``"…"`` too
(``"قال "لا" ثم غادر"`` gives both pairs). Openers still on the stack at the end of a line are stray. The
pass is linear in the length of the text.

**Kinds** (:func:`kind_of`): ``direct`` when every content span lies inside a pair of marks, ``mixed`` when a
whole pair sits inside a content span (a quoted fragment within an indirect clause), ``indirect``
otherwise. A pair that *straddles* a content edge (one mark inside the span, its partner outside) means the
pairing and the content disagree about where the quoted words are; the marks cannot be trusted as the
content's frame, so such a quote is never ``direct`` (it is ``mixed`` if a whole pair still lies inside a
content span, else ``indirect``).
"""

from __future__ import annotations

import bisect
import re
import unicodedata
from collections.abc import Sequence
from typing import NamedTuple

from .records import Span
from .words import SEPARATOR, WORD, char_class

# family of every quotation mark
FIXED_OPEN = {"«": "guillemet", "‹": "angle", "„": "curly", "‚": "curly-single"}
FIXED_CLOSE = {"»": "guillemet", "›": "angle"}
AMBIGUOUS = {
    '"': "straight",
    "“": "curly",
    "”": "curly",
    "'": "straight-single",
    "‘": "curly-single",
    "’": "curly-single",
}
SINGLE_FAMILIES = frozenset({"straight-single", "curly-single"})
MAY_BE_MISPLACED = frozenset({"straight", "curly"})  # double marks typed with the space on the wrong side
QUOTE_MARKS = frozenset(FIXED_OPEN) | frozenset(FIXED_CLOSE) | frozenset(AMBIGUOUS)
PARAGRAPH_BREAK = re.compile(r"\n[^\S\n]*\n")
LINE_BREAKS = "\n\r\u2028\u2029"

_SCAN = re.compile("[" + re.escape("".join(sorted(QUOTE_MARKS)) + LINE_BREAKS) + "]")
_SENTENCE_END = frozenset(".!?؟…)]}»›”’")  # before a mark: the mark closes what precedes
_QUOTE_START = frozenset("…([{-–—«‹“‘„‚")  # punctuation that may begin quoted words
_OPENING_PUNCTUATION = frozenset("([{:«‹“‘„‚")  # before a mark: the mark opens what follows
_PROCLITICS = frozenset(
    {"ل", "ب", "و", "ف", "ك", "ال", "لل", "وال", "بال", "فال", "كال", "ولل", "فلل", "وب", "ول", "فب", "فل", "وك", "فك"}
)
_TATWEEL = "\u0640"

OPEN, CLOSE, EITHER, NEITHER = 1, 2, 3, 0


def _kind_of_char(char: str | None) -> int:
    """``SEPARATOR`` for a space, an invisible character or a line edge (``None``); else the word class."""
    return SEPARATOR if char is None or char in LINE_BREAKS else char_class(char)


def _glued_to_proclitic(text: str, index: int, line_start: int) -> bool:
    """True when the word that ends right before ``index`` is a proclitic (``لـ``, ``بال``, ``و`` …)."""
    start = index
    while start > line_start and index - start <= 4 and char_class(text[start - 1]) == WORD:
        start -= 1
    if start > line_start and char_class(text[start - 1]) == WORD:
        return False  # a longer word
    word = "".join(char for char in text[start:index] if not unicodedata.combining(char))
    return word.endswith(_TATWEEL) or word in _PROCLITICS


def _word_after_punctuation(text: str, index: int) -> bool:
    """True when a word follows the short run of punctuation at ``index`` (`` "..ولكننا``, `` "(الوضع``)."""
    end = min(len(text), index + 4)
    while index < end and text[index] not in LINE_BREAKS and char_class(text[index]) not in (WORD, SEPARATOR):
        index += 1
    return index < len(text) and text[index] not in LINE_BREAKS and char_class(text[index]) == WORD


def _may_start_quote(text: str, index: int) -> bool:
    """True when the text from ``index`` (spaces skipped) can begin quoted words: a word, ``…``, ``(``, ``-``."""
    while index < len(text) and text[index] not in LINE_BREAKS and char_class(text[index]) == SEPARATOR:
        index += 1
    if index >= len(text) or text[index] in LINE_BREAKS:
        return False
    return char_class(text[index]) == WORD or text[index] in _QUOTE_START


def _after_colon(text: str, index: int, line_start: int) -> bool:
    """True when the last visible character before ``index`` is a colon (``قال : " الوضع``)."""
    while index > line_start and char_class(text[index - 1]) == SEPARATOR:
        index -= 1
        if index < line_start or text[index] in LINE_BREAKS:
            return False
    return index > line_start and text[index - 1] == ":"


def _direction(text: str, index: int, line_start: int, single: bool) -> int:
    """Whether the ambiguous mark at ``index`` may open, close, both or neither (see the module docstring)."""
    before = text[index - 1] if index > line_start else None
    after = text[index + 1] if index + 1 < len(text) else None  # a line break reads as a space
    left, right = _kind_of_char(before), _kind_of_char(after)
    if left == WORD and right == WORD:
        if single:
            return NEITHER  # an apostrophe inside a word
        return OPEN if _glued_to_proclitic(text, index, line_start) else EITHER
    if left == SEPARATOR:
        if right == WORD:
            return OPEN
        if right == SEPARATOR:
            return OPEN if _after_colon(text, index, line_start) else EITHER
        return OPEN if _word_after_punctuation(text, index + 1) else CLOSE
    if left == WORD:
        return CLOSE  # a space or punctuation follows
    # punctuation before the mark
    if right == WORD:
        return EITHER if before in _SENTENCE_END else OPEN
    if right == SEPARATOR:
        if before in _SENTENCE_END:
            return CLOSE
        return OPEN if before in _OPENING_PUNCTUATION else EITHER
    return EITHER


def pair_marks(text: str) -> list[tuple[int, int]]:
    """Return ``(open, close)`` offsets of the paired quotation marks of ``text``, sorted by ``open``."""
    pairs: list[tuple[int, int]] = []
    line: list[_Mark] = []
    line_start = 0
    for match in _SCAN.finditer(text):
        index = match.start()
        char = text[index]
        if char in LINE_BREAKS:
            pairs.extend(_pair_line(text, line))
            line = []
            line_start = index + 1
            continue
        mark = _mark(text, index, line_start)
        if mark is not None:
            line.append(mark)
    pairs.extend(_pair_line(text, line))
    return sorted(pairs)


INF = float("inf")
MISPLACED = 1.0  # a mark read against its context: a space on the wrong side (`"الشيشة "و534`, `إن" قطع …"`)
UNPAIRED = 0.9  # a stray mark: dearer than one misplaced mark, cheaper than a pair with two
TIGHTNESS = 1e-9  # per character inside a pair: among equal readings the tighter pairs win
MAX_SPAN = 20  # a pair holds at most this many marks, itself included (keeps the search linear)


class _Mark(NamedTuple):
    offset: int
    family: str
    open_cost: float  # cost of reading the mark as an opening mark
    close_cost: float  # … as a closing mark


def _mark(text: str, index: int, line_start: int) -> _Mark | None:
    """The mark at ``index`` with the cost of each reading, or ``None`` for an apostrophe."""
    char = text[index]
    if char in FIXED_OPEN:
        return _Mark(index, FIXED_OPEN[char], 0.0, INF)
    if char in FIXED_CLOSE:
        return _Mark(index, FIXED_CLOSE[char], INF, 0.0)
    family = AMBIGUOUS[char]
    direction = _direction(text, index, line_start, family in SINGLE_FAMILIES)
    if direction == NEITHER:
        return None
    lenient = family in MAY_BE_MISPLACED
    if direction == OPEN:
        return _Mark(index, family, 0.0, MISPLACED if lenient else INF)
    if direction == CLOSE:
        reopen = lenient and _may_start_quote(text, index + 1)
        return _Mark(index, family, MISPLACED if reopen else INF, 0.0)
    return _Mark(index, family, 0.0, 0.0)


def _pair_line(text: str, marks: list[_Mark]) -> list[tuple[int, int]]:
    """The cheapest well-nested pairing of one line's marks (see the module docstring).

    Interval dynamic programming over the marks of the line, with pairs at most ``MAX_SPAN`` marks apart:
    ``inner[i][length]`` is the cheapest reading of ``marks[i:i + length]`` on its own, ``outer[j]`` the
    cheapest reading of ``marks[:j]``; time is linear in the number of marks (times ``MAX_SPAN ** 2``).
    """
    n = len(marks)
    if n < 2:
        return []
    # the first visible character after each mark: a pair must hold more than spaces
    visible = []
    for mark in marks:
        position = mark.offset + 1
        while position < len(text) and text[position] not in LINE_BREAKS and char_class(text[position]) == SEPARATOR:
            position += 1
        visible.append(position)

    def pair_cost(i: int, k: int) -> float:
        opening, closing = marks[i], marks[k]
        if opening.family != closing.family or visible[i] >= closing.offset:
            return INF
        return opening.open_cost + closing.close_cost + TIGHTNESS * (closing.offset - opening.offset)

    span = min(n, MAX_SPAN)
    inner = [[0.0] * (span + 1) for _ in range(n + 1)]  # inner[i][length]
    inner_partner = [[-1] * (span + 1) for _ in range(n + 1)]  # the mark marks[i] pairs with there, or -1
    for length in range(1, span + 1):
        for i in range(n - length + 1):
            j = i + length
            cheapest, chosen = UNPAIRED + inner[i + 1][length - 1], -1
            if marks[i].open_cost < INF:
                for k in range(i + 1, j):
                    cost = pair_cost(i, k)
                    if cost < INF:
                        cost += inner[i + 1][k - i - 1] + inner[k + 1][j - k - 1]
                        if cost < cheapest:
                            cheapest, chosen = cost, k
            inner[i][length], inner_partner[i][length] = cheapest, chosen
    outer = [0.0] * (n + 1)
    outer_partner = [-1] * (n + 1)  # the mark that marks[j - 1] closes in the best reading of marks[:j], or -1
    for j in range(1, n + 1):
        cheapest, chosen = outer[j - 1] + UNPAIRED, -1
        for i in range(max(0, j - span), j - 1):
            cost = pair_cost(i, j - 1)
            if cost < INF:
                cost += outer[i] + inner[i + 1][j - 2 - i]
                if cost < cheapest:
                    cheapest, chosen = cost, i
        outer[j], outer_partner[j] = cheapest, chosen

    pairs = []
    todo = []  # inner intervals still to read: (start, length)
    j = n
    while j > 0:
        i = outer_partner[j]
        if i < 0:
            j -= 1
        else:
            pairs.append((marks[i].offset, marks[j - 1].offset))
            todo.append((i + 1, j - 2 - i))
            j = i
    while todo:
        i, length = todo.pop()
        if length <= 0:
            continue
        k = inner_partner[i][length]
        if k < 0:
            todo.append((i + 1, length - 1))
        else:
            pairs.append((marks[i].offset, marks[k].offset))
            todo += [(i + 1, k - i - 1), (k + 1, i + length - k - 1)]
    return pairs


def partner_map(pairs: Sequence[tuple[int, int]]) -> dict[int, int]:
    """Each paired mark's offset mapped to its partner's offset (both directions)."""
    partner: dict[int, int] = {}
    for open_, close in pairs:
        partner[open_] = close
        partner[close] = open_
    return partner


def enclosing_pair(pairs: Sequence[tuple[int, int]], span: Span) -> tuple[int, int] | None:
    """The innermost mark pair whose inside contains ``span``, if any."""
    return _enclosing(_sorted(pairs), span)


def contains_pair(pairs: Sequence[tuple[int, int]], span: Span) -> bool:
    """True when a whole mark pair lies inside ``span``."""
    return _contains(_sorted(pairs), span)


def straddles(pairs: Sequence[tuple[int, int]], span: Span) -> bool:
    """True when a pair has one mark inside ``span`` and its partner outside it."""
    return _straddles(_sorted(pairs), span)


def kind_of(pairs: Sequence[tuple[int, int]], content: Sequence[Span]) -> str:
    """The kind the quotation marks give a quote with this content.

    ``direct`` when every content span lies inside a pair of marks and no pair straddles a content edge,
    ``mixed`` when a whole pair sits inside a content span (a quoted fragment within an indirect clause),
    ``indirect`` otherwise (see the module docstring).
    """
    pairs = _sorted(pairs)
    if content and all(_enclosing(pairs, span) and not _straddles(pairs, span) for span in content):
        return "direct"
    if any(_contains(pairs, span) for span in content):
        return "mixed"
    return "indirect"


# the helpers below take pairs sorted by their opening offset and look only where a pair can matter


def _sorted(pairs: Sequence[tuple[int, int]]) -> Sequence[tuple[int, int]]:
    return pairs if all(pairs[i] <= pairs[i + 1] for i in range(len(pairs) - 1)) else sorted(pairs)


def _enclosing(pairs: Sequence[tuple[int, int]], span: Span) -> tuple[int, int] | None:
    for index in range(bisect.bisect_left(pairs, (span.start,)) - 1, -1, -1):
        if span.end <= pairs[index][1]:
            return pairs[index]  # the latest-opening enclosing pair is the innermost
    return None


def _contains(pairs: Sequence[tuple[int, int]], span: Span) -> bool:
    first, last = bisect.bisect_left(pairs, (span.start,)), bisect.bisect_left(pairs, (span.end,))
    return any(close < span.end for _, close in pairs[first:last])


def _straddles(pairs: Sequence[tuple[int, int]], span: Span) -> bool:
    first, last = bisect.bisect_left(pairs, (span.start,)), bisect.bisect_left(pairs, (span.end,))
    if any(close >= span.end for _, close in pairs[first:last]):
        return True  # opens inside, closes outside
    return any(span.start <= close < span.end for _, close in pairs[:first])  # opens before, closes inside
