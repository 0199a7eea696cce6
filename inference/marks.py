"""Quotation marks: pairing them in running text and deriving a quote's ``kind`` from them.

**Lines.** Marks pair only within a line: every line break (``\\n``, ``\\r``, U+2028, U+2029) ends all open
marks, so an unbalanced mark never reaches past its own line. News sites (the ANT corpus among them) separate
paragraphs with a single line break; pairing by toggling across whole paragraphs let one stray mark flip
every later pair of an article.

**Families.** A mark pairs only with a mark of its own family: guillemets ``«…»``, angle marks ``‹…›``,
straight double ``"…"``, curly double ``“ ” „``, straight single ``'…'`` and curly single ``‘ ’ ‚``. Pairs of
all families nest and never cross (``"الوضع “صعب” جدا"``, ``«… "…" …»``, ``"قال "لا" ثم غادر"``).
``«`` ``‹`` ``„`` ``‚`` always open and ``»`` ``›`` always close. The other marks are *ambiguous*: ``"`` and
``'`` look alike on both sides, and right-to-left news uses ``“…”`` and ``”…“`` alike, so their direction
is read from their neighbours, never from the glyph.

**Context of an ambiguous mark.** Each neighbour is a *space* (whitespace, an invisible character, the
start or end of the line), a *word* character (letter, digit, diacritic, tatweel) or *punctuation*
(anything else, quotation marks included). A mark

* *opens* when a space or punctuation precedes it and a word follows (``قال "الوضع``, ``:"الوضع``,
  ``("الوضع``), when a space precedes it and punctuation then a word follow (`` "..ولكننا``), when it is
  glued to a proclitic (``لـ"الجوهرة``, ``بـ"الفضيحة``, ``الـ"سوبر``: the word before it is ``ل ب و ف ك ال``
  or a combination, or ends in a tatweel), when opening punctuation precedes it and a space follows
  (``قال:" الوضع``), or when it has spaces on both sides after a colon (``قال : " الوضع``);
* *closes* when a word precedes it and a space or punctuation follows (``صعب" قال``, ``صعب".``), or when a
  space precedes it and punctuation that is not followed by a word follows (``صعب ".``), or when
  sentence-final punctuation precedes it and a space follows (``صعب." قال``);
* may do *either* otherwise: a word on both sides (``بعنوان"شربة"``, a space left out), a space on both sides
  (``" الوضع صعب "``), sentence-final punctuation then a word (``."وقال``), punctuation on both sides;
* single quotes only: a word on both sides is an apostrophe (``l'Aube``, ``aujourd’hui``), never a mark. A
  single-quote pair therefore always begins after a non-word character and ends before one.

**Pairing.** News text often puts the space on the wrong side of a double mark (``"الشيشة "و534``,
``مراسل "الجوهرة أف أم "بالجهة``, ``وقال إن" قطع …"``). So each mark has a cost for each reading: 0 for a
reading its context allows; ``MISPLACED`` (1) for a double mark read against its context (an opener that
closes, or a closer that opens, the latter only when a word or ``… ( -`` follows it); impossible for the
fixed marks, for single quotes against their context, and for a closer followed by punctuation such as
``"،`` or ``".``. A mark left unpaired costs ``UNPAIRED`` (0.9): a stray mark is assumed before two
misplaced ones, after one. Each line gets the cheapest well-nested pairing (exact interval dynamic
programming; a pair must hold more than spaces; among equal costs the tighter pairs win). So a stray mark
costs one unpaired mark and cannot flip the pairs after it: in ``إن "التعاون … "جحا" … أن "هذا …"`` the
first mark stays unpaired and ``"جحا"`` and ``"هذا …"`` pair.

**Speed.** A pair spans at most ``MAX_SPAN`` (20) marks, which keeps the search linear in the number of
marks; a line with more than ``MAX_LINE_MARKS`` (64) marks is searched sentence by sentence, and past a
budget of search steps per document (pathological texts made of marks) lines are paired greedily (close the
innermost open mark of the family when the context allows, else open).

**Kinds** (:func:`kind_of`): ``direct`` when every content span lies inside a pair of marks, ``mixed`` when a
whole pair lies inside a content span (a quoted fragment within an indirect clause), ``indirect``
otherwise. A pair that *straddles* a content edge (one mark inside the span, its partner outside) means the
pairing and the content disagree about where the quoted words are: the marks then cannot be the content's
frame, so such a quote is never ``direct`` (``mixed`` if a whole pair still lies inside a content span, else
``indirect``).
"""

from __future__ import annotations

import bisect
import re
import unicodedata
from collections.abc import Sequence
from functools import lru_cache
from itertools import pairwise
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
    return index > line_start and text[index - 1] == ":"


_PROCLITIC_CHECK, _COLON_CHECK, _LOOK_PAST_PUNCTUATION = -1, -2, -3


@lru_cache(maxsize=8192)
def _by_neighbours(before: str | None, after: str | None, single: bool) -> int:
    """The direction of an ambiguous mark from its two neighbours, or which wider look decides it."""
    left, right = _kind_of_char(before), _kind_of_char(after)
    if left == WORD and right == WORD:
        return NEITHER if single else _PROCLITIC_CHECK  # single: an apostrophe inside a word
    if left == SEPARATOR:
        if right == WORD:
            return OPEN
        return _COLON_CHECK if right == SEPARATOR else _LOOK_PAST_PUNCTUATION
    if left == WORD:
        return CLOSE  # a space or punctuation follows
    # punctuation before the mark
    if right == WORD:
        return EITHER if before in _SENTENCE_END and not single else OPEN
    if right == SEPARATOR:
        if before in _SENTENCE_END:
            return CLOSE
        return OPEN if before in _OPENING_PUNCTUATION else EITHER
    return EITHER


def _direction(text: str, index: int, line_start: int, single: bool) -> int:
    """Whether the ambiguous mark at ``index`` may open, close, both or neither (see the module docstring)."""
    before = text[index - 1] if index > line_start else None
    after = text[index + 1] if index + 1 < len(text) else None  # a line break reads as a space
    direction = _by_neighbours(before, after, single)
    if direction == _PROCLITIC_CHECK:
        return OPEN if _glued_to_proclitic(text, index, line_start) else EITHER
    if direction == _COLON_CHECK:
        return OPEN if _after_colon(text, index, line_start) else EITHER
    if direction == _LOOK_PAST_PUNCTUATION:
        return OPEN if _word_after_punctuation(text, index + 1) else CLOSE
    return direction


def pair_marks(text: str) -> list[tuple[int, int]]:
    """Return ``(open, close)`` offsets of the paired quotation marks of ``text``, sorted by ``open``."""
    pairs: list[tuple[int, int]] = []
    budget = [SEARCH_BUDGET]
    line: list[_Mark] = []
    line_start = 0
    for match in _SCAN.finditer(text):
        index = match.start()
        char = text[index]
        if char in LINE_BREAKS:
            pairs.extend(_pair_line(text, line, budget))
            line = []
            line_start = index + 1
            continue
        mark = _mark(text, index, line_start)
        if mark is not None:
            line.append(mark)
    pairs.extend(_pair_line(text, line, budget))
    return sorted(pairs)


_INF = float("inf")
MISPLACED = 1.0  # a mark read against its context: a space on the wrong side (`"الشيشة "و534`, `إن" قطع …"`)
UNPAIRED = 0.9  # a stray mark: dearer than one misplaced mark, cheaper than a pair with two
TIGHTNESS = 1e-9  # per character inside a pair: among equal readings the tighter pairs win
MAX_SPAN = 20  # a pair holds at most this many marks, itself included (keeps the search linear)
MAX_LINE_MARKS = 64  # a line with more marks is searched sentence by sentence
SEARCH_BUDGET = 2_000_000  # search steps per document; past it (pathological texts) lines are paired greedily
_SENTENCE_CUT = re.compile(r"[.!?؟…]\s")


class _Mark(NamedTuple):
    offset: int
    family: str
    open_cost: float  # cost of reading the mark as an opening mark
    close_cost: float  # … as a closing mark


def _mark(text: str, index: int, line_start: int) -> _Mark | None:
    """The mark at ``index`` with the cost of each reading, or ``None`` for an apostrophe."""
    char = text[index]
    if char in FIXED_OPEN:
        return _Mark(index, FIXED_OPEN[char], 0.0, _INF)
    if char in FIXED_CLOSE:
        return _Mark(index, FIXED_CLOSE[char], _INF, 0.0)
    family = AMBIGUOUS[char]
    direction = _direction(text, index, line_start, family in SINGLE_FAMILIES)
    if direction == NEITHER:
        return None
    lenient = family in MAY_BE_MISPLACED
    if direction == OPEN:
        return _Mark(index, family, 0.0, MISPLACED if lenient else _INF)
    if direction == CLOSE:
        reopen = lenient and _may_start_quote(text, index + 1)
        return _Mark(index, family, MISPLACED if reopen else _INF, 0.0)
    return _Mark(index, family, 0.0, 0.0)


def _pair_line(text: str, marks: list[_Mark], budget: list[int]) -> list[tuple[int, int]]:
    """Pairs of one line's marks: searched whole, or sentence by sentence when the line has very many."""
    if len(marks) <= MAX_LINE_MARKS:
        return _pair_marks_of(text, marks, budget)
    pairs, chunk = [], [marks[0]]
    for previous, mark in pairwise(marks):
        if _SENTENCE_CUT.search(text, previous.offset + 1, mark.offset):
            pairs += _pair_marks_of(text, chunk, budget)
            chunk = []
        chunk.append(mark)
    return pairs + _pair_marks_of(text, chunk, budget)


def _pair_marks_of(text: str, marks: list[_Mark], budget: list[int]) -> list[tuple[int, int]]:
    """The cheapest well-nested pairing of ``marks`` (see the module docstring).

    Interval dynamic programming over the marks of the line, with pairs at most ``MAX_SPAN`` marks apart:
    ``inner[i][length]`` is the cheapest reading of ``marks[i:i + length]`` on its own, ``outer[j]`` the
    cheapest reading of ``marks[:j]``; time is linear in the number of marks (times ``MAX_SPAN ** 2``).
    """
    n = len(marks)
    if n < 2:
        return []
    if n == 2:
        first, second = marks
        cost = first.open_cost + second.close_cost
        pairable = first.family == second.family and cost < 2 * UNPAIRED
        return [(first.offset, second.offset)] if pairable and _holds_more_than_spaces(text, first, second) else []
    steps = n * min(n, MAX_SPAN) ** 2 // 2
    if n > MAX_LINE_MARKS or steps > budget[0]:
        return _pair_greedily(marks)
    budget[0] -= steps
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
            return _INF
        return opening.open_cost + closing.close_cost + TIGHTNESS * (closing.offset - opening.offset)

    span = min(n, MAX_SPAN)
    inner = [[0.0] * (span + 1) for _ in range(n + 1)]  # inner[i][length]
    inner_partner = [[-1] * (span + 1) for _ in range(n + 1)]  # the mark marks[i] pairs with there, or -1
    for length in range(1, span + 1):
        for i in range(n - length + 1):
            j = i + length
            cheapest, chosen = UNPAIRED + inner[i + 1][length - 1], -1
            if marks[i].open_cost < _INF:
                for k in range(i + 1, j):
                    cost = pair_cost(i, k)
                    if cost < _INF:
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
            if cost < _INF:
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


def _holds_more_than_spaces(text: str, first: _Mark, second: _Mark) -> bool:
    return any(char_class(char) != SEPARATOR for char in text[first.offset + 1 : second.offset])


def _pair_greedily(marks: list[_Mark]) -> list[tuple[int, int]]:
    """A linear fallback: close the innermost open mark of the family when the context allows, else open."""
    pairs = []
    stack: list[_Mark] = []
    open_count: dict[str, int] = {}
    for mark in marks:
        if mark.close_cost == 0 and open_count.get(mark.family):
            while True:
                opened = stack.pop()
                open_count[opened.family] -= 1
                if opened.family == mark.family:
                    pairs.append((opened.offset, mark.offset))
                    break
        elif mark.open_cost == 0 or (mark.open_cost < _INF and not open_count.get(mark.family)):
            stack.append(mark)
            open_count[mark.family] = open_count.get(mark.family, 0) + 1
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


def framing_pairs(pairs: Sequence[tuple[int, int]], cues: Sequence[Span]) -> list[tuple[int, int]]:
    """The pairs that enclose no cue of the document's quotes: a "pair" around an attribution of the text
    (``قولها إن "استبعاد … . وقالت الوزارة إنه … غير مقبولة تماما."``) is two stray marks, not the frame of a
    quotation, so it can make no quote direct or mixed. Every caller of :func:`kind_of` with a document's quotes
    passes its pairs through here.

    Example::

        >>> framing_pairs([(0, 40), (50, 60)], [Span(10, 14, "قالت", role="cue")])
        [(50, 60)]
    """
    starts = sorted(cue.start for cue in cues)
    ends = {cue.start: cue.end for cue in cues}
    kept = []
    for open_, close in pairs:
        first = bisect.bisect_right(starts, open_)
        inside = any(ends[start] <= close for start in starts[first : bisect.bisect_left(starts, close)])
        if not inside:
            kept.append((open_, close))
    return kept


# the helpers below take pairs sorted by their opening offset and look only where a pair can matter


def _sorted(pairs: Sequence[tuple[int, int]]) -> list[tuple[int, int]]:
    return sorted(pairs)  # linear (and in C) for the already sorted pairs of pair_marks


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
    start, end = span.start, span.end
    return any(start <= close < end for _, close in pairs[:first])  # opens before, closes inside
