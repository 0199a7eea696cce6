"""Linking tagged spans into quotes.

The tagger finds cue, speaker and content spans; this module decides which belong together:

* **fragments → one content**: a tagger often breaks a long content into pieces around a word it was unsure
  of (… "من] العيب أن [تطلب …"). Consecutive content spans are merged when nothing but plain words lies
  between them (no cue, no speaker) and they are in one quotation-mark pair, or in one sentence at most
  ``MAX_GAP_WORDS`` words apart.
* **content → cue**: within the content's sentence, the nearest cue before it with no other content in
  between (وقال … إن [content]); failing that, the nearest cue after it ([content]، حسبما ذكر …). A cue that
  gets contents on both sides keeps both in one quote: «…»، قال فلان، «…».
* **cue → speaker**: the speaker adjacent to the cue in its sentence (after it: وقال الوزير; or before it: …
  داود قالت), never across a content span; a cue with no speaker in its sentence (وأضاف أن …، الذي أكد …)
  takes the most recent speaker of the document.
* **colon headlines**: a content with no cue whose sentence has a speaker right before a colon
  (خبير عسكري: …) is that speaker's quote, without cue.
* a content with no cue and no headline speaker is not a quote (the guidelines give every quote a source) and
  is dropped; so is a cue or speaker with no content.

Content edges are cleaned as the guidelines ask: final punctuation and a quotation mark whose partner lies
outside the content are left out (a mixed quote keeps the marks it encloses). ``kind`` comes from the
quotation marks; a quote's score is the mean of its spans' scores.
"""

from __future__ import annotations

import bisect
from collections.abc import Sequence

from .decoding import ScoredSpan
from .marks import QUOTE_MARKS, kind_of, pair_marks
from .records import Quote, Span
from .segment import sentences

EDGE_PUNCTUATION = frozenset(".،؛,;:!?؟…")


class _Sentences:
    def __init__(self, text: str):
        self.starts = [start for start, _ in sentences(text)] or [0]

    def of(self, offset: int) -> int:
        return max(0, bisect.bisect_right(self.starts, offset) - 1)


def _between(spans: Sequence[ScoredSpan], left: int, right: int) -> bool:
    """True when one of ``spans`` lies (at least partly) inside ``[left, right)``."""
    return any(span.start < right and left < span.end for span in spans)


def _span(text: str, span: ScoredSpan) -> Span:
    return Span(span.start, span.end, text[span.start : span.end], round(span.score, 4))


MAX_GAP_WORDS = 10  # chosen on dev (2, 4, 6 and 10 measured; see models/README.md)


def trim_content(text: str, span: ScoredSpan, partner: dict[int, int]) -> ScoredSpan | None:
    """``span`` without edge punctuation and unpaired edge quotation marks (``partner`` maps each paired mark's
    offset to its partner's); ``None`` when nothing is left."""
    start, end = span.start, span.end
    while start < end:
        first, last = text[start], text[end - 1]
        if first.isspace() or first in "،؛,;:" or (first in QUOTE_MARKS and not start < partner.get(start, -1) < end):
            start += 1
        elif (
            last.isspace()
            or last in EDGE_PUNCTUATION
            or (last in QUOTE_MARKS and not start <= partner.get(end - 1, -1) < end - 1)
        ):
            end -= 1
        else:
            break
    if start == end:
        return None
    return ScoredSpan(span.role, start, end, span.score)


def merge_fragments(
    text: str,
    spans: Sequence[ScoredSpan],
    sentence: _Sentences,
    pairs: Sequence[tuple[int, int]],
    max_gap_words: int = MAX_GAP_WORDS,
) -> list[ScoredSpan]:
    """``spans`` with consecutive content fragments of one content merged (see the module docstring)."""
    others = [s for s in spans if s.role != "content"]
    merged: list[ScoredSpan] = []
    for content in sorted((s for s in spans if s.role == "content"), key=lambda s: s.start):
        if merged and not _between(others, merged[-1].end, content.start):
            last = merged[-1]
            gap = text[last.end : content.start]
            one_pair = any(open_ < last.start and content.end <= close for open_, close in pairs)
            near = (
                len(gap.split()) <= max_gap_words
                and "\n" not in gap
                and sentence.of(last.start) == sentence.of(content.start)
            )
            if one_pair or near:
                size_a, size_b = last.end - last.start, content.end - content.start
                score = (last.score * size_a + content.score * size_b) / (size_a + size_b)
                merged[-1] = ScoredSpan("content", last.start, content.end, score)
                continue
        merged.append(content)
    return others + merged


def link(text: str, spans: Sequence[ScoredSpan], max_gap_words: int = MAX_GAP_WORDS) -> list[Quote]:
    """Group decoded spans of one document into quotes, in text order."""
    pairs = pair_marks(text)
    sentence = _Sentences(text)
    partner = {open_: close for open_, close in pairs} | {close: open_ for open_, close in pairs}
    spans = merge_fragments(text, spans, sentence, pairs, max_gap_words)
    trimmed = (trim_content(text, s, partner) if s.role == "content" else s for s in spans)
    spans = [s for s in trimmed if s is not None]
    cues = sorted((s for s in spans if s.role == "cue"), key=lambda s: s.start)
    speakers = sorted((s for s in spans if s.role == "speaker"), key=lambda s: s.start)
    contents = sorted((s for s in spans if s.role == "content"), key=lambda s: s.start)

    by_cue: dict[ScoredSpan, list[ScoredSpan]] = {}
    orphans: list[ScoredSpan] = []
    for content in contents:
        here = sentence.of(content.start)
        same = [cue for cue in cues if sentence.of(cue.start) == here]
        before = [c for c in same if c.end <= content.start and not _between(contents, c.end, content.start)]
        after = [c for c in same if c.start >= content.end and not _between(contents, content.end, c.start)]
        cue = before[-1] if before else after[0] if after else None
        if cue is None:
            orphans.append(content)
        else:
            by_cue.setdefault(cue, []).append(content)

    quotes: list[tuple[ScoredSpan | None, ScoredSpan | None, list[ScoredSpan]]] = []
    for cue, linked in by_cue.items():
        quotes.append((cue, _speaker_of(cue, speakers, contents, sentence), linked))
    for content in orphans:
        speaker = _headline_speaker(text, content, speakers)
        if speaker is not None:
            quotes.append((None, speaker, [content]))

    out = []
    for cue, speaker, linked in sorted(quotes, key=lambda q: min(s.start for s in [*q[2], *filter(None, q[:2])])):
        content = [_span(text, s) for s in sorted(linked, key=lambda s: s.start)]
        members = [s for s in (cue, speaker, *linked) if s is not None]
        out.append(
            Quote(
                cue=_span(text, cue) if cue else None,
                speaker=_span(text, speaker) if speaker else None,
                content=content,
                kind=kind_of(pairs, content),
                score=round(sum(s.score for s in members) / len(members), 4),
            )
        )
    return out


def _speaker_of(
    cue: ScoredSpan, speakers: Sequence[ScoredSpan], contents: Sequence[ScoredSpan], sentence: _Sentences
) -> ScoredSpan | None:
    here = sentence.of(cue.start)
    adjacent = []
    for speaker in speakers:
        if sentence.of(speaker.start) != here:
            continue
        left, right = (cue.end, speaker.start) if speaker.start >= cue.end else (speaker.end, cue.start)
        if right >= left and not _between(contents, left, right):
            adjacent.append((right - left, speaker))
    if adjacent:
        return min(adjacent, key=lambda pair: pair[0])[1]
    earlier = [s for s in speakers if s.end <= cue.start]
    return earlier[-1] if earlier else None


def _headline_speaker(text: str, content: ScoredSpan, speakers: Sequence[ScoredSpan]) -> ScoredSpan | None:
    """The speaker of ``NP: content`` when the text between them is a colon."""
    for speaker in speakers:
        gap = text[speaker.end : content.start]
        if speaker.end <= content.start and "\n" not in gap and gap.replace(" ", "") in (":", ':"', ":«"):
            return speaker
    return None
