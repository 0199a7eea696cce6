"""A document as the rules see it: words with folded forms, sentences, lines and paired quotation marks."""

from __future__ import annotations

import bisect
from dataclasses import dataclass

from ..edges import trim_content
from ..marks import pair_marks, partner_map
from ..normalize import fold
from ..records import Span
from ..segment import Sentences
from ..words import word_spans

WordRange = tuple[int, int]  # half-open range of word indices; :meth:`Document.span` turns one into a Span


@dataclass
class Document:
    text: str
    words: list[tuple[int, int]]  # character offsets of each word
    forms: list[str]  # folded form of each word
    sentence: list[int]  # sentence number of each word
    sentences: list[WordRange]
    line_start: list[bool]  # the word is the first on its line (bullets aside)
    partner: dict[int, int]  # word index of a paired quotation mark -> its partner's
    char_partner: dict[int, int]  # the same pairs in character offsets
    starts: list[int]  # character offset of each word's start

    @classmethod
    def build(cls, text: str) -> Document:
        words = word_spans(text)
        starts = [start for start, _ in words]
        found = Sentences(text)
        sentence = [found.index(start) for start in starts]
        bounds = [(bisect.bisect_left(starts, s), bisect.bisect_left(starts, e)) for s, e in found.spans]
        index_of = {start: index for index, start in enumerate(starts)}
        char_partner = partner_map(pair_marks(text))
        partner = {index_of[mark]: index_of[other] for mark, other in char_partner.items()}
        line_start = []
        previous_end = 0
        for start, end in words:
            gap = text[previous_end:start]
            line_start.append(previous_end == 0 or "\n" in gap)
            previous_end = end
        forms = [fold(text[s:e]) for s, e in words]
        for index, form in enumerate(forms):  # a word after a bullet starts its line too
            if index and line_start[index - 1] and form and forms[index - 1] in ("•", "▪", "●", "-", "*"):
                line_start[index] = True
        return cls(text, words, forms, sentence, bounds, line_start, partner, char_partner, starts)

    def __len__(self) -> int:
        return len(self.words)

    def sentence_of(self, index: int) -> WordRange:
        return self.sentences[self.sentence[index]]

    def is_symbol(self, index: int) -> bool:
        start, end = self.words[index]
        return end - start == 1 and not self.text[start].isalnum()

    def opens(self, index: int) -> bool:
        return self.partner.get(index, -1) > index

    def closes(self, index: int) -> bool:
        return -1 < self.partner.get(index, len(self.words)) < index

    def is_comma(self, index: int) -> bool:
        return self.forms[index] in ("،", ",")

    def line_end(self, index: int) -> int:
        """Index one past the last word on the line of ``index``."""
        end = index + 1
        while end < len(self.words) and not self.line_start[end]:
            end += 1
        return end

    def trim(self, first: int, end: int) -> WordRange | None:
        """The content words of ``[first, end)``: its edges trimmed as the guidelines say
        (:func:`qawl.edges.trim_content`)."""
        if first >= end:
            return None
        bounds = trim_content(self.text, self.words[first][0], self.words[end - 1][1], self.char_partner)
        if bounds is None:
            return None
        starts = self.starts
        return bisect.bisect_left(starts, bounds[0], first, end), bisect.bisect_left(starts, bounds[1], first, end)

    def span(self, words: WordRange) -> Span:
        """The character span of a word range: the one conversion from words to :class:`~qawl.records.Span`."""
        return Span.of(self.text, self.words[words[0]][0], self.words[words[1] - 1][1])
