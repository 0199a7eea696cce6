"""A document as the rules see it: words with folded forms, sentences, lines and paired quotation marks."""

from __future__ import annotations

import bisect
from dataclasses import dataclass

from ..marks import QUOTE_MARKS, pair_marks
from ..segment import sentences
from ..words import word_spans
from .lexicon import fold

WordRange = tuple[int, int]  # half-open range of word indices


@dataclass
class Document:
    text: str
    words: list[tuple[int, int]]  # character offsets of each word
    forms: list[str]  # folded form of each word
    sentence: list[int]  # sentence number of each word
    sentences: list[WordRange]
    line_start: list[bool]  # the word is the first on its line (bullets aside)
    partner: dict[int, int]  # word index of a paired quotation mark -> its partner's

    @classmethod
    def build(cls, text: str) -> Document:
        words = word_spans(text)
        starts = [start for start, _ in words]
        bounds = []
        sentence = [0] * len(words)
        for number, (s, e) in enumerate(sentences(text)):
            first, last = bisect.bisect_left(starts, s), bisect.bisect_left(starts, e)
            bounds.append((first, last))
            sentence[first:last] = [number] * (last - first)
        index_of = {start: index for index, start in enumerate(starts)}
        partner = {}
        for open_, close in pair_marks(text):
            partner[index_of[open_]] = index_of[close]
            partner[index_of[close]] = index_of[open_]
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
        return cls(text, words, forms, sentence, bounds, line_start, partner)

    def __len__(self) -> int:
        return len(self.words)

    def sentence_of(self, index: int) -> WordRange:
        return self.sentences[self.sentence[index]]

    def is_symbol(self, index: int) -> bool:
        start, end = self.words[index]
        return end - start == 1 and not self.text[start].isalnum()

    def is_mark(self, index: int) -> bool:
        return self.forms[index] in QUOTE_MARKS

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
        """Drop punctuation at both edges, keeping quotation marks paired inside the range."""
        while first < end and self.is_symbol(first) and not (self.opens(first) and self.partner[first] < end):
            first += 1
        while end > first and self.is_symbol(end - 1) and not (self.closes(end - 1) and self.partner[end - 1] >= first):
            end -= 1
        return (first, end) if first < end else None

    def char_span(self, words: WordRange) -> tuple[int, int]:
        return self.words[words[0]][0], self.words[words[1] - 1][1]
