import pytest
from hypothesis import HealthCheck, given, settings
from qawl.encoding import encode_documents
from qawl.labels import LABEL2ID, LABELS, spans_from_word_labels
from qawl.records import Span
from qawl.training.labels import IGNORE, role_spans, token_labels, word_labels, word_labels_from_tokens
from qawl.words import word_spans

from tests.conftest import annotation_records
from tests.strategies import records


def round_trip(tokenizer, record, **window):
    """spans -> word labels -> subword labels (windowed) -> word labels -> spans."""
    gold = role_spans(record.quotes)
    encoding, words = encode_words(tokenizer, record.text, **window)
    labels = word_labels(words, gold)
    ids = token_labels(encoding, labels)
    assert word_labels_from_tokens(encoding, ids, len(words)) == labels
    return gold, spans_from_word_labels(record.text, words, labels)


def encode_words(tokenizer, text, **window):
    """One document's encoding and words."""
    encoding, (words,) = encode_documents(tokenizer, [text], **window)
    return encoding, words


def S(text, role, start, end):
    return Span.of(text, start, end, role=role)


def test_label_set_is_iob2_over_three_roles():
    assert LABELS == ("O", "B-CUE", "I-CUE", "B-SPEAKER", "I-SPEAKER", "B-CONTENT", "I-CONTENT")


def test_word_labels_of_a_sentence():
    text = "وقال الوزير إن الحكومة ستدعم."
    words = word_spans(text)
    spans = [S(text, "cue", 0, 4), S(text, "speaker", 5, 11), S(text, "content", 15, 28)]
    assert word_labels(words, spans) == ["B-CUE", "B-SPEAKER", "O", "B-CONTENT", "I-CONTENT", "O"]


def test_adjacent_spans_of_one_role_stay_apart():
    text = "نعم لا"
    words = word_spans(text)
    spans = [S(text, "content", 0, 3), S(text, "content", 4, 6)]
    assert spans_from_word_labels(text, words, word_labels(words, spans)) == spans


def test_partial_words_and_overlaps_are_refused():
    text = "وقال الوزير"
    words = word_spans(text)
    with pytest.raises(ValueError, match="whole words"):
        word_labels(words, [S(text, "cue", 1, 4)])
    with pytest.raises(ValueError, match="overlaps"):
        word_labels(words, [S(text, "cue", 0, 4), S(text, "content", 0, 11)])


def test_stray_inside_label_opens_a_span():
    text = "أ ب ج"
    words = word_spans(text)
    assert spans_from_word_labels(text, words, ["I-CUE", "I-CUE", "B-CONTENT"]) == [
        S(text, "cue", 0, 3),
        S(text, "content", 4, 5),
    ]


def test_only_first_subword_is_labelled(tokenizer):
    text = "المستشفيات الإسرائيلية"
    encoding, words = encode_words(tokenizer, text)
    ids = token_labels(encoding, word_labels(words, [S(text, "content", 0, len(text))]))[0]
    assert len(encoding["input_ids"][0]) > len(words) + 2  # the words were split into several subwords
    labelled = [i for i in ids if i != IGNORE]
    assert labelled == [LABEL2ID["B-CONTENT"], LABEL2ID["I-CONTENT"]]
    assert ids[0] == IGNORE and ids[-1] == IGNORE  # [CLS] and [SEP]


def test_words_the_tokenizer_would_drop_still_get_a_token(tokenizer):
    text = "قال \u064e إن"
    encoding, words = encode_words(tokenizer, text)
    assert len(words) == 3
    assert set(encoding.word_ids(0)) - {None} == {0, 1, 2}


def test_annotation_files_round_trip(tokenizer):
    recs = annotation_records()
    assert recs
    for record in recs:
        gold, back = round_trip(tokenizer, record)
        assert back == gold
        gold, back = round_trip(
            tokenizer, record, max_length=32, stride=8, truncation=True, return_overflowing_tokens=True
        )
        assert back == gold


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(records())
def test_generated_records_round_trip(tokenizer, record):
    gold, back = round_trip(tokenizer, record)
    assert back == gold
    gold, back = round_trip(tokenizer, record, max_length=12, stride=4, truncation=True, return_overflowing_tokens=True)
    assert back == gold
