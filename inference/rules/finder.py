"""Pattern rules for Arabic reported speech, on top of :class:`~qawl.rules.document.Document`.

Three kinds of attribution produce candidate quotes:

* **cue verbs and participles** from the lexicon (وقال، أضافت، مؤكدا …): the speaker is the noun phrase
  after the verb (circumstantials such as في بيان or لوسائل الإعلام cut it), or before it (… أنيسة داود قالت),
  or the antecedent of a relative (ميلر، الذي أكد), or — for participles and bare verbs — someone mentioned
  earlier. The message is a complementizer clause (إن/أن/بأن …, after the verb's particle: أشار إلى أن), a
  text in quotation marks, or the text after a colon;
* **source markers** (حسبما ذكر، وفقا لـ، بحسب ما ذكره، نقلا عن، على حد قوله …) attribute the preceding
  clause, or the following one when they open the sentence (ووفقا للبلاغ، فإن …);
* **colon headlines** (خبير عسكري: إسرائيل تسعى …), minus section labels such as المصدر: or كلمات دلالية:.

Candidates that overlap are resolved so that the outermost attribution wins (one flat layer), then
implicit speakers are linked to the most recent explicit speaker of the document.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from ..normalize import strip_clitic
from ..overlap import same_ground
from ..records import Span
from .document import Document, WordRange
from .lexicon import (
    AUDIENCE,
    AUXILIARIES,
    COLON_EXCLUSIONS,
    COMPLEMENTIZERS,
    NOT_SOURCES,
    NP_STOPS,
    OPENERS,
    RELATIVES,
    SOURCE_NOUNS,
    Cue,
    Marker,
    cues,
    lookup_cue,
    markers,
)

MAX_SPEAKER_WORDS = 12
MAX_GAP_WORDS = 15
MAX_HEADLINE_SPEAKER_WORDS = 6
MAX_HEADLINE_WORDS = 40


@dataclass
class Candidate:
    """A quote in word ranges, before speakers are resolved."""

    cue: WordRange | None
    content: list[WordRange]
    speaker: WordRange | None = None
    mode: str = "explicit"  # explicit | implicit (most recent speaker) | none | fallback (use ``hint``)
    hint: WordRange | None = None
    origin: str = "verb"

    def all_ranges(self) -> list[WordRange]:
        spans = [*self.content]
        if self.cue:
            spans.append(self.cue)
        if self.speaker:
            spans.append(self.speaker)
        return spans

    @property
    def content_size(self) -> int:
        return sum(end - start for start, end in self.content)


def _stops_np(doc: Document, index: int) -> bool:
    form = doc.forms[index]
    return (
        form in NP_STOPS
        or form in COMPLEMENTIZERS
        or form in AUDIENCE
        or (strip_clitic(form) or "") in NP_STOPS
        or lookup_cue(form) is not None
    )


def noun_phrase_after(
    doc: Document, index: int, limit: int, after_marker: bool = False, quoted_names: bool = True
) -> WordRange | None:
    """The speaker-like noun phrase starting at ``index`` (titles and appositions kept, circumstantials cut).

    A short quoted name (وكالة الأنباء "وفا") may sit inside it when ``quoted_names``. After a source marker
    (``after_marker``) its head is always taken, quoted or not (وفق ما أوردته "العربية", وفقا لمراسلنا);
    after a verb, a quotation at the head is the message.
    """
    end = index
    position = index
    while position < limit and position - index < MAX_SPEAKER_WORDS:
        form = doc.forms[position]
        if doc.opens(position) and doc.partner[position] < limit and doc.partner[position] - position <= 4:
            if (position == index and not after_marker) or not quoted_names:
                break
            position = end = doc.partner[position] + 1  # a short quoted name: وكالة الأنباء "وفا"
            continue
        if form == "(" and position > index:
            close = next((j for j in range(position + 1, min(limit, position + 6)) if doc.forms[j] == ")"), None)
            if close is not None:
                position = end = close + 1
                continue
        if doc.is_comma(position):
            nxt = position + 1
            if end > index and nxt < limit and not doc.is_symbol(nxt) and not _stops_np(doc, nxt):
                position += 1  # apposition: المتحدث باسم الخارجية، ماثيو ميلر
                continue
            break
        if doc.is_symbol(position) or (_stops_np(doc, position) and not (after_marker and position == index)):
            break
        position += 1
        end = position
    return (index, end) if end > index else None


def noun_phrase_before(doc: Document, index: int) -> WordRange | None:
    """The noun phrase that ends just before ``index`` within its clause (… الممثلة أنيسة داود قالت)."""
    first = doc.sentence_of(index)[0]
    while index > first and doc.forms[index - 1] in AUXILIARIES:
        index -= 1  # … جلول قد أعلن
    start = index
    while start > first and index - start < MAX_SPEAKER_WORDS:
        previous = start - 1
        if doc.closes(previous) and doc.partner[previous] >= first and previous - doc.partner[previous] <= 5:
            start = doc.partner[previous]
            continue
        if doc.is_symbol(previous) or _stops_np(doc, previous) or doc.forms[previous] in OPENERS:
            break
        start = previous
    while start < index and doc.forms[start] in OPENERS:
        start += 1
    return (start, index) if start < index else None


def _clause_end(doc: Document, start: int, limit: int) -> int:
    """Where an indirect message that starts at ``start`` ends (exclusive), before any new attribution.

    It ends at the sentence end; before a source marker or a participle cue after a comma (، مضيفا أن);
    before a new cue clause with its own complementizer that is coordinated (وأضاف أن، وقد أوضح جلول أنه)
    or follows a comma (، قال إنه). A cue inside the clause with no conjunction (قال إن الوزير أكد أن …)
    is reported speech within the message and stays in it.
    """
    for position in range(start + 1, limit):
        if doc.closes(position) and doc.partner[position] < start:
            return position  # the message sat inside quotation marks that close here
        form = doc.forms[position]
        cue = lookup_cue(form)
        after_comma = doc.is_comma(position - 1)
        if after_comma and match_marker(doc, position) is not None:
            return position
        if cue is None:
            continue
        if after_comma and cue.type == "participle":
            return position
        auxiliary = doc.forms[position - 1] in AUXILIARIES
        if (form not in cues() or auxiliary or after_comma) and _has_complementizer(doc, position, cue, limit):
            return position - 1 if auxiliary else position
    return limit


def _has_complementizer(doc: Document, index: int, cue: Cue, limit: int) -> bool:
    speaker = noun_phrase_after(doc, index + 1, limit)
    opener = find_opener(doc, speaker[1] if speaker else index + 1, cue, limit)
    return opener is not None and opener.form == "that"


@dataclass
class Opener:
    form: str  # that | marks | colon
    content_start: int
    close: int | None = None  # for marks: the closing mark


def find_opener(doc: Document, index: int, cue: Cue, limit: int) -> Opener | None:
    """The message after a cue and its speaker: a complementizer, quotation marks or a colon.

    Circumstantials may stand in between (وأضاف في تصريح لوكالة الأنباء الرسمية "وات" أن …); another cue
    verb or a particle that does not lead to a message ends the search.
    """
    position = index
    while position < limit and position - index <= MAX_GAP_WORDS:
        form = doc.forms[position]
        if form in COMPLEMENTIZERS and "that" in cue.messages:
            return Opener("that", position + 1)
        if form in cue.particles:
            nxt = position + 1
            if nxt < limit and doc.forms[nxt] in COMPLEMENTIZERS and "that" in cue.messages:
                return Opener("that", nxt + 1)
            if nxt < limit and doc.opens(nxt) and "marks" in cue.messages:
                return Opener("marks", nxt + 1, doc.partner[nxt])
            if position == index:
                return None  # أكد على ضرورة …: a particle with no message after it
        if form == ":":
            if position > index:
                return None  # a colon far from the cue belongs to something else (a headline)
            nxt = position + 1
            if nxt < limit and doc.opens(nxt) and ("marks" in cue.messages or "colon" in cue.messages):
                return Opener("marks", nxt + 1, doc.partner[nxt])
            if "colon" in cue.messages:
                return Opener("colon", nxt)
            return None
        if doc.opens(position):
            if position == index and "marks" in cue.messages:
                return Opener("marks", position + 1, doc.partner[position])
            position = doc.partner[position] + 1  # a quoted name inside a circumstantial
            continue
        if position > index and lookup_cue(form) and lookup_cue(form).lemma != "قال":
            return None
        if form in (".", "!", "?", "؟"):
            return None
        position += 1
    return None


def match_marker(doc: Document, index: int) -> Marker | None:
    """The source marker that starts at word ``index``, if any (longest first, conjunction و allowed)."""
    first = doc.forms[index]
    for marker in markers():
        size = len(marker.words)
        if index + size > len(doc):
            continue
        head = first if first == marker.words[0] else strip_clitic(first)
        if head != marker.words[0]:
            continue
        if all(doc.forms[index + k] == marker.words[k] for k in range(1, size)):
            return marker
    return None


class Finder:
    """Collects candidate quotes in one document, resolves overlaps and speakers."""

    def __init__(self, doc: Document):
        self.doc = doc
        self.candidates: list[Candidate] = []

    def run(self) -> list[Candidate]:
        doc = self.doc
        index = 0
        while index < len(doc):
            marker = match_marker(doc, index)
            if marker is not None:
                index = self._marker(index, marker)
                continue
            cue = lookup_cue(doc.forms[index])
            if cue is not None:
                self._cue(index, cue)
            elif doc.forms[index] == ":":
                self._headline(index)
            index += 1
        accepted = self._resolve()
        self._link_speakers(accepted)
        return accepted

    # --- cue verbs -------------------------------------------------------------------------------------
    def _cue(self, index: int, cue: Cue) -> None:
        doc = self.doc
        _, limit = doc.sentence_of(index)
        cursor = index + 1
        if (
            doc.line_start[index]
            and cursor < len(doc)
            and doc.forms[cursor] == ":"
            and doc.forms[index] in COLON_EXCLUSIONS
        ):
            return  # a byline: «كتب: …» (guidelines §10.7)
        speaker = noun_phrase_after(doc, cursor, limit)
        after = speaker[1] if speaker else cursor
        if after < limit and doc.forms[after] in ("قائلا", "قائله"):
            after += 1
        opener = find_opener(doc, after, cue, limit)
        if opener is None and speaker and "marks" in cue.messages:  # ودعا الرئيس "كل الأطراف …": not a name
            speaker = noun_phrase_after(doc, cursor, limit, quoted_names=False)
            after = speaker[1] if speaker else cursor
            opener = find_opener(doc, after, cue, limit)
        # «…»، قال فلان: the quotation before the cue is its message, unless a complementizer opens one after it
        # (…"بأن للشفافية حدودا"، مؤكدا أن ذلك …: the quote before belongs to another verb)
        quoted_before = self._quote_before(index) if opener is None or opener.form != "that" else None
        if opener is None and quoted_before is None:
            return
        content: list[WordRange] = []
        if quoted_before is not None:
            content.append(quoted_before)
            second = self._quote_after_attribution(after, limit)
            if second:
                content.append(second)
        elif opener.form == "marks":
            inside = doc.trim(opener.content_start, opener.close)
            if inside:
                content.append(inside)
        else:
            end = _clause_end(doc, opener.content_start, limit)
            body = doc.trim(opener.content_start, end)
            if body:
                content.append(body)
        if not content:
            return
        candidate = Candidate(cue=(index, index + 1), content=content, speaker=speaker)
        if speaker is None:
            self._speaker_fallback(candidate, index, cue)
        self.candidates.append(candidate)

    def _quote_before(self, index: int) -> WordRange | None:
        """«…»، قال فلان: the quotation that precedes a cue separated by a comma."""
        doc = self.doc
        comma, close = index - 1, index - 2
        if close < 0 or not doc.is_comma(comma) or not doc.closes(close):
            return None
        return doc.trim(doc.partner[close] + 1, close)

    def _quote_after_attribution(self, index: int, limit: int) -> WordRange | None:
        """The second part of «…»، قال فلان، «…»."""
        doc = self.doc
        if index + 1 < limit and (doc.is_comma(index) or doc.forms[index] == ":") and doc.opens(index + 1):
            return doc.trim(index + 2, doc.partner[index + 1])
        return None

    def _speaker_fallback(self, candidate: Candidate, index: int, cue: Cue) -> None:
        doc = self.doc
        if cue.type == "passive":
            candidate.mode = "none"
            return
        if index >= 2 and doc.forms[index - 1] in RELATIVES and doc.is_comma(index - 2):
            candidate.mode, candidate.hint = "fallback", noun_phrase_before(doc, index - 2)
            return
        if index >= 1 and doc.forms[index - 1] in RELATIVES:
            candidate.mode, candidate.hint = "fallback", noun_phrase_before(doc, index - 1)
            return
        if cue.type == "verb" and doc.forms[index] in cues():  # no conjunction: the subject may precede it
            before = noun_phrase_before(doc, index)
            if before is not None:
                candidate.speaker = before
                return
        candidate.mode = "implicit"
        if cue.type == "participle":
            candidate.mode, candidate.hint = "subject", self._sentence_subject(index)
        elif index == doc.sentence_of(index)[0] and doc.sentence[index] > 0:
            # وأضاف أن … opening a sentence continues the subject of the sentence before
            previous_first, previous_end = doc.sentences[doc.sentence[index] - 1]
            candidate.hint = self._sentence_subject(previous_end - 1) if previous_end - previous_first > 2 else None

    def _sentence_subject(self, index: int) -> WordRange | None:
        """The noun phrase after the first verb of the sentence (وأعرب الوزير الأميركي عن …، مؤكدا)."""
        doc = self.doc
        first, _ = doc.sentence_of(index)
        position = first
        while position < index and (doc.forms[position] in OPENERS or doc.is_symbol(position)):
            position += 1
        if position >= index - 1:
            return None
        return noun_phrase_after(doc, position + 1, index)

    # --- source markers --------------------------------------------------------------------------------
    def _marker(self, index: int, marker: Marker) -> int:
        doc = self.doc
        first, limit = doc.sentence_of(index)
        cue_end = index + len(marker.words)
        speaker = None
        if marker.type == "verb":
            if cue_end >= limit or doc.is_symbol(cue_end):
                return cue_end
            cue_end += 1
            if cue_end < limit and doc.forms[cue_end] in ("به", "عنه", "عنها"):
                cue_end += 1
            speaker = noun_phrase_after(doc, cue_end, limit, after_marker=True)
        elif marker.type in ("np", "l"):
            if cue_end >= limit:
                return cue_end
            head = doc.forms[cue_end]
            if marker.type == "l":
                if not head.startswith("ل") or len(head) < 3:
                    return cue_end
                # لميلر (a name) or للمصدر / لبلاغ (a source noun); not للقانون or لمقاييس (a criterion)
                named = "ال" + head[2:] in SOURCE_NOUNS or head[1:] in SOURCE_NOUNS
                named = named or not (head.startswith("لل") or head[1:] in NOT_SOURCES)
            else:
                named = marker.words == ("نقلا", "عن") or head in SOURCE_NOUNS or strip_clitic(head) in SOURCE_NOUNS
            if not named:
                return cue_end
            speaker = noun_phrase_after(doc, cue_end, limit, after_marker=True)
            if speaker is None:
                return cue_end
        cue = (index, cue_end)
        resume = speaker[1] if speaker else cue_end
        if self._opens_clause(index, first):
            content = self._following_clause(resume, limit)
        else:
            content = self._preceding_clause(index, first, marker.type == "implicit")
        if content is not None:
            candidate = Candidate(cue=cue, content=[content], speaker=speaker, origin="marker")
            if speaker is None:
                candidate.mode = "implicit"
            self.candidates.append(candidate)
        return resume

    def _opens_clause(self, index: int, first: int) -> bool:
        return all(self.doc.forms[k] in OPENERS or self.doc.forms[k] == "و" for k in range(first, index))

    def _following_clause(self, index: int, limit: int) -> WordRange | None:
        doc = self.doc
        if index < limit and doc.is_comma(index):
            index += 1
        if index < limit and doc.forms[index] in COMPLEMENTIZERS:
            index += 1
        return doc.trim(index, _clause_end(doc, index, limit)) if index < limit else None

    def _preceding_clause(self, index: int, first: int, implicit: bool) -> WordRange | None:
        """The clause a marker attributes: back to the sentence start, never over an earlier marker.

        An implicit marker (… حسب قوله) after a quote only confirms it, so it never reaches over a quote.
        """
        doc = self.doc
        start = first
        for other in self.candidates:
            if other.origin == "marker" and first <= other.cue[0] < index:
                start = max(start, (other.speaker or other.cue)[1])
            elif implicit and first <= other.content[-1][1] <= index:
                start = max(start, other.content[-1][1])
        return doc.trim(start, index)

    # --- colon headlines -------------------------------------------------------------------------------
    def _headline(self, colon: int) -> None:
        doc = self.doc
        line_first = colon
        while line_first > 0 and not doc.line_start[line_first]:
            line_first -= 1
        while line_first < colon and doc.is_symbol(line_first):
            line_first += 1  # a bullet
        end = doc.line_end(colon)
        if colon == line_first or end - line_first > MAX_HEADLINE_WORDS:
            return
        if any(doc.forms[k].isdigit() for k in (colon - 1, colon + 1) if 0 <= k < len(doc)):
            return  # a time or a score: 10:30
        speaker_first = line_first
        if colon - speaker_first > MAX_HEADLINE_SPEAKER_WORDS:
            return
        words = range(speaker_first, colon)
        if any(doc.is_symbol(k) or lookup_cue(doc.forms[k]) or doc.forms[k] in NP_STOPS for k in words):
            return
        label = " ".join(doc.forms[k] for k in words)
        if label in COLON_EXCLUSIONS or doc.forms[speaker_first] in COLON_EXCLUSIONS:
            return
        content = doc.trim(colon + 1, end)
        if content is None or content[1] - content[0] < 2:
            return
        if doc.opens(content[0]) and doc.partner[content[0]] == content[1] - 1:
            content = doc.trim(content[0] + 1, content[1] - 1)
        if content:
            self.candidates.append(Candidate(None, [content], (speaker_first, colon), origin="headline"))

    # --- resolution ------------------------------------------------------------------------------------
    def _resolve(self) -> list[Candidate]:
        """Keep a flat layer: larger contents first, nothing overlapping what was kept (shared speakers aside)."""
        order = sorted(self.candidates, key=lambda c: (-c.content_size, c.cue[0] if c.cue else c.content[0][0]))
        kept: list[Candidate] = []
        for candidate in order:
            if not any(same_ground(self._spans(candidate), self._spans(other)) for other in kept):
                kept.append(candidate)
        return sorted(kept, key=lambda c: min(start for start, _ in c.all_ranges()))

    def _spans(self, candidate: Candidate) -> list[Span]:
        spans = [replace(self.doc.span(r), role="content") for r in candidate.content]
        if candidate.cue:
            spans.append(replace(self.doc.span(candidate.cue), role="cue"))
        if candidate.speaker:
            spans.append(replace(self.doc.span(candidate.speaker), role="speaker"))
        return spans

    def _link_speakers(self, kept: list[Candidate]) -> None:
        """Give implicit speakers someone mentioned earlier: the hint when it is free, else the latest speaker."""
        doc = self.doc
        speakers = [c.speaker for c in kept if c.speaker]

        def free(span: WordRange) -> bool:
            as_speaker = [replace(doc.span(span), role="speaker")]
            return not any(same_ground(as_speaker, self._spans(c)) for c in kept)

        for candidate in kept:
            if candidate.speaker is not None or candidate.mode == "none":
                continue
            anchor = candidate.cue[0] if candidate.cue else candidate.content[0][0]
            earlier = [s for s in speakers if s[1] <= anchor]
            same_sentence = [s for s in earlier if doc.sentence[s[0]] == doc.sentence[anchor]]
            hint = candidate.hint
            if hint is not None:
                hint = next((s for s in reversed(earlier) if s[1] == hint[1]), hint)
            if candidate.mode == "subject" and same_sentence:
                choice = max(same_sentence, key=lambda s: s[1])
            elif hint is not None and free(hint):
                choice = hint
            elif earlier:
                choice = max(earlier, key=lambda s: s[1])
            else:
                choice = None
            if choice is not None:
                candidate.speaker = choice
                speakers.append(choice)
