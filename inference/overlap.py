"""The overlap rule of the guidelines, in one place: which spans of a document may not stand together.

*Spans of different roles never overlap; spans of one role overlap only when identical* — a speaker named
once and quoted twice is one span shared by both quotes, and so is a cue that introduces two answers in the
gold data (``أجاب`` … ``راض جدا`` / ``راض إلى حد ما``). Any other overlap is a clash.

A span's role is its :attr:`~qawl.records.Span.role` (``cue``, ``speaker`` or ``content``); spans without a
role are compared as spans of one role. The validator, the rule finder and the combination of model and rules
all ask this module, so the record contract has one definition.
"""

from __future__ import annotations

import heapq
from collections.abc import Sequence

from .records import Span


def clash(a: Span, b: Span) -> bool:
    """True when ``a`` and ``b`` may not both be in a document: they overlap, and are not one span of one role.

    Example::

        >>> clash(Span(0, 4, "وقال", role="cue"), Span(0, 11, "وقال الوزير", role="speaker"))
        True
        >>> clash(Span(5, 11, "الوزير", role="speaker"), Span(5, 11, "الوزير", role="speaker"))
        False
    """
    return a.overlaps(b) and not (a.role == b.role and a.bounds == b.bounds)


def clashes(spans: Sequence[Span]) -> list[tuple[Span, Span]]:
    """Every clashing pair among ``spans``, each once, in ``O(n log n + k)`` for ``k`` pairs.

    A span listed several times (same role and bounds: a span shared by quotes) counts once, at its first
    listing. Each pair is ``(earlier, later)`` in the order of ``spans``, and pairs are sorted by the
    positions of their spans in ``spans``, as a loop over all pairs would find them.
    """
    first: dict[tuple[str | None, int, int], int] = {}
    for index, span in enumerate(spans):
        first.setdefault((span.role, span.start, span.end), index)
    order = sorted(first.values(), key=lambda i: (spans[i].start, spans[i].end))
    active: list[tuple[int, int]] = []  # (end, index) of the spans that start before the current one
    found: list[tuple[int, int]] = []
    for index in order:
        span = spans[index]
        while active and active[0][0] <= span.start:
            heapq.heappop(active)
        for _, other in active:
            if clash(spans[other], span):
                found.append((min(index, other), max(index, other)))
        heapq.heappush(active, (span.end, index))
    return [(spans[i], spans[j]) for i, j in sorted(found)]


def same_ground(a: Sequence[Span], b: Sequence[Span]) -> bool:
    """True when two quotes (their spans, with roles) cover common ground: a span of one overlaps a span of
    the other, except one speaker they share. The rule finder keeps one of two such candidates, and a
    combination of model and rules adds a quote only when it shares no ground with those kept — a cue or a
    content shared by both would be the same quote found twice.

    Example::

        >>> speaker = Span(5, 11, "الوزير", role="speaker")
        >>> same_ground([Span(0, 4, "وقال", role="cue"), speaker], [speaker, Span(12, 16, "وأضاف", role="cue")])
        False
    """
    return any(x.overlaps(y) and not (x.role == y.role == "speaker" and x.bounds == y.bounds) for x in a for y in b)
