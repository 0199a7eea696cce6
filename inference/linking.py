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

Content and speaker edges are cleaned as the guidelines ask (:func:`qawl.edges.trim_content`): final
punctuation and a quotation mark whose partner lies outside the span are left out (a mixed quote keeps the marks
it encloses, a name wholly in marks keeps its marks; ``بارملاي،`` → ``بارملاي``). ``kind`` comes from the
quotation marks; a quote's score is the mean of its spans' scores.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from .edges import trim_content
from .marks import framing_pairs, kind_of, pair_marks, partner_map
from .records import Quote, Span
from .segment import Sentences

MAX_GAP_WORDS = 10  # chosen on dev (2, 4, 6 and 10 measured; see models/README.md)


def _between(spans: Sequence[Span], left: int, right: int) -> bool:
    """True when one of ``spans`` lies (at least partly) inside ``[left, right)``."""
    return any(span.start < right and left < span.end for span in spans)


def _quoted(span: Span) -> Span:
    """A tagged span as it appears in a quote: no role (the quote's field says it), score rounded."""
    return replace(span, role=None, score=None if span.score is None else round(span.score, 4))


def _trimmed(text: str, span: Span, partner: dict[int, int]) -> Span | None:
    bounds = trim_content(text, span.start, span.end, partner)
    return None if bounds is None else Span.of(text, *bounds, score=span.score, role=span.role)


def merge_fragments(
    text: str,
    spans: Sequence[Span],
    sentence: Sentences,
    pairs: Sequence[tuple[int, int]],
    max_gap_words: int = MAX_GAP_WORDS,
) -> list[Span]:
    """``spans`` with consecutive content fragments of one content merged (see the module docstring)."""
    others = [s for s in spans if s.role != "content"]
    merged: list[Span] = []
    for content in sorted((s for s in spans if s.role == "content"), key=lambda s: s.start):
        if merged and not _between(others, merged[-1].end, content.start):
            last = merged[-1]
            gap = text[last.end : content.start]
            one_pair = any(open_ < last.start and content.end <= close for open_, close in pairs)
            near = (
                len(gap.split()) <= max_gap_words
                and "\n" not in gap
                and sentence.index(last.start) == sentence.index(content.start)
            )
            if one_pair or near:
                size_a, size_b = last.end - last.start, content.end - content.start
                score = (last.score * size_a + content.score * size_b) / (size_a + size_b)
                merged[-1] = Span.of(text, last.start, content.end, score=score, role="content")
                continue
        merged.append(content)
    return others + merged


def link(text: str, spans: Sequence[Span], max_gap_words: int = MAX_GAP_WORDS) -> list[Quote]:
    """Group tagged spans (each with its ``role`` and ``score``) of one document into quotes, in text order.

    Example::

        >>> text = "وقال الوزير إن الحكومة ستدعم الفلاحين."
        >>> spans = [Span.of(text, 0, 4, 0.9, "cue"), Span.of(text, 5, 11, 0.8, "speaker"),
        ...          Span.of(text, 15, 38, 0.7, "content")]
        >>> [(q.speaker.text, q.content[0].text, q.kind) for q in link(text, spans)]
        [('الوزير', 'الحكومة ستدعم الفلاحين', 'indirect')]
    """
    pairs = pair_marks(text)
    sentence = Sentences(text)
    partner = partner_map(pairs)
    spans = merge_fragments(text, spans, sentence, pairs, max_gap_words)
    trimmed = (_trimmed(text, s, partner) if s.role in ("content", "speaker") else s for s in spans)
    spans = [s for s in trimmed if s is not None]
    cues = sorted((s for s in spans if s.role == "cue"), key=lambda s: s.start)
    speakers = sorted((s for s in spans if s.role == "speaker"), key=lambda s: s.start)
    contents = sorted((s for s in spans if s.role == "content"), key=lambda s: s.start)

    by_cue: dict[Span, list[Span]] = {}
    orphans: list[Span] = []
    for content in contents:
        here = sentence.index(content.start)
        same = [cue for cue in cues if sentence.index(cue.start) == here]
        before = [c for c in same if c.end <= content.start and not _between(contents, c.end, content.start)]
        after = [c for c in same if c.start >= content.end and not _between(contents, content.end, c.start)]
        cue = before[-1] if before else after[0] if after else None
        if cue is None:
            orphans.append(content)
        else:
            by_cue.setdefault(cue, []).append(content)

    quotes: list[tuple[Span | None, Span | None, list[Span]]] = []
    for cue, linked in by_cue.items():
        quotes.append((cue, _speaker_of(cue, speakers, contents, sentence), linked))
    for content in orphans:
        speaker = _headline_speaker(text, content, speakers)
        if speaker is not None:
            quotes.append((None, speaker, [content]))

    framing = framing_pairs(pairs, [cue for cue, _, _ in quotes if cue is not None])
    out = []
    for cue, speaker, linked in sorted(quotes, key=lambda q: min(s.start for s in [*q[2], *filter(None, q[:2])])):
        content = [_quoted(s) for s in sorted(linked, key=lambda s: s.start)]
        members = [s for s in (cue, speaker, *linked) if s is not None]
        out.append(
            Quote(
                cue=_quoted(cue) if cue else None,
                speaker=_quoted(speaker) if speaker else None,
                content=content,
                kind=kind_of(framing, content),
                score=round(sum(s.score for s in members) / len(members), 4),
            )
        )
    return out


def _speaker_of(cue: Span, speakers: Sequence[Span], contents: Sequence[Span], sentence: Sentences) -> Span | None:
    here = sentence.index(cue.start)
    adjacent = []
    for speaker in speakers:
        if sentence.index(speaker.start) != here:
            continue
        left, right = (cue.end, speaker.start) if speaker.start >= cue.end else (speaker.end, cue.start)
        if right >= left and not _between(contents, left, right):
            adjacent.append((right - left, speaker))
    if adjacent:
        return min(adjacent, key=lambda pair: pair[0])[1]
    earlier = [s for s in speakers if s.end <= cue.start]
    return earlier[-1] if earlier else None


def _headline_speaker(text: str, content: Span, speakers: Sequence[Span]) -> Span | None:
    """The speaker of ``NP: content`` when the text between them is a colon."""
    for speaker in speakers:
        gap = text[speaker.end : content.start]
        if speaker.end <= content.start and "\n" not in gap and gap.replace(" ", "") in (":", ':"', ":«"):
            return speaker
    return None
