import pytest
from qawl.records import Quote, Record, Span
from qawl.training.spans import span_scores

TEXT = "وقال الوزير إن الحكومة ستدعم الفلاحين في الموسم المقبل."


def record(*quotes):
    return Record("r", TEXT, list(quotes), source=None)


def quote(cue=None, speaker=None, content=()):
    def span(offsets):
        return Span.of(TEXT, *offsets) if offsets else None

    return Quote(span(cue), span(speaker), [span(c) for c in content], "indirect")


GOLD = record(quote((0, 4), (5, 11), [(15, 37)]))


def test_identical_passes_score_one():
    scores = span_scores([GOLD], [GOLD])
    assert all(s["exact"].f1 == 1.0 and s["overlap"].f1 == 1.0 for s in scores.values())


def test_partial_content_gets_proportional_credit():
    predicted = record(quote((0, 4), (5, 11), [(15, 29)]))  # "الحكومة ستدعم" of "الحكومة ستدعم الفلاحين"
    content = span_scores([GOLD], [predicted])["content"]
    assert content["exact"].f1 == 0.0
    assert content["overlap"].precision == 1.0
    assert content["overlap"].recall == pytest.approx(14 / 22)


def test_missing_and_extra_spans():
    predicted = record(quote((0, 4), None, [(15, 37), (41, 55)]))
    scores = span_scores([GOLD], [predicted])
    assert scores["speaker"]["exact"].recall == 0.0 and scores["speaker"]["exact"].support == 1
    assert scores["content"]["exact"].precision == 0.5 and scores["content"]["exact"].recall == 1.0


def test_shared_speaker_counts_once():
    both = record(quote((0, 4), (5, 11), [(15, 22)]), quote(None, (5, 11), [(23, 37)]))
    assert span_scores([both], [both])["speaker"]["exact"].support == 1


def test_texts_must_match():
    with pytest.raises(ValueError, match="texts differ"):
        span_scores([GOLD], [Record("r", TEXT + " ", [], None)])
