import numpy as np
import pytest
from qawl.decoding import decode, span_score, transition_mask, viterbi
from qawl.labels import LABEL2ID, LABELS
from qawl.words import word_spans


def log_probs(*rows):
    """Rows of {label: probability}; the rest of each row's mass spread evenly."""
    out = []
    for row in rows:
        probs = np.full(len(LABELS), (1 - sum(row.values())) / (len(LABELS) - len(row)))
        for label, p in row.items():
            probs[LABEL2ID[label]] = p
        out.append(np.log(probs))
    return np.array(out)


def labels(ids):
    return [LABELS[i] for i in ids]


def test_transitions_forbid_inside_without_begin():
    allowed, first = transition_mask()
    assert not first[LABEL2ID["I-CUE"]] and first[LABEL2ID["B-CUE"]]
    assert allowed[LABEL2ID["B-CUE"], LABEL2ID["I-CUE"]]
    assert not allowed[LABEL2ID["O"], LABEL2ID["I-CONTENT"]]
    assert not allowed[LABEL2ID["B-SPEAKER"], LABEL2ID["I-CUE"]]


def test_argmax_would_start_with_inside_but_viterbi_does_not():
    scores = log_probs({"I-CONTENT": 0.6, "B-CONTENT": 0.3}, {"I-CONTENT": 0.9})
    assert labels(scores.argmax(1)) == ["I-CONTENT", "I-CONTENT"]
    assert labels(viterbi(scores)) == ["B-CONTENT", "I-CONTENT"]


def test_inside_of_another_type_is_repaired_by_context():
    scores = log_probs({"B-SPEAKER": 0.9}, {"I-CUE": 0.5, "I-SPEAKER": 0.4}, {"O": 0.9})
    assert labels(viterbi(scores)) == ["B-SPEAKER", "I-SPEAKER", "O"]


def test_empty_input():
    assert viterbi(np.zeros((0, len(LABELS)))).shape == (0,)
    assert decode("", [], np.zeros((0, len(LABELS)))) == []


def test_decode_gives_whole_word_spans_with_mean_scores():
    text = "وقال الوزير إن الحكومة ستدعم"
    words = word_spans(text)
    scores = log_probs(
        {"B-CUE": 0.8},
        {"B-SPEAKER": 0.6},
        {"O": 0.9},
        {"B-CONTENT": 0.7},
        {"I-CONTENT": 0.5},
    )
    spans = decode(text, words, scores)
    assert [(s.role, text[s.start : s.end]) for s in spans] == [
        ("cue", "وقال"),
        ("speaker", "الوزير"),
        ("content", "الحكومة ستدعم"),
    ]
    assert spans[2].score == pytest.approx(0.6)
    assert [s.text for s in spans] == [text[s.start : s.end] for s in spans]


def test_rows_must_match_words():
    with pytest.raises(ValueError, match="2 words but 1 rows"):
        decode("ا ب", [(0, 1), (2, 3)], np.zeros((1, len(LABELS))))


def test_span_score_is_the_mean_probability_of_the_span_labels():
    text = "وقال الوزير إن الحكومة ستدعم"
    words = word_spans(text)
    scores = log_probs({"B-CUE": 0.8}, {"B-SPEAKER": 0.6}, {"O": 0.9}, {"B-CONTENT": 0.7}, {"I-CONTENT": 0.5})
    start = text.index("الحكومة")
    assert span_score(words, scores, "content", start, len(text)) == pytest.approx(0.6)
    assert span_score(words, scores, "speaker", 0, 4) < 0.1  # the first word is scored as a cue
    assert span_score(words, scores, "cue", 2, 3) == 0.0  # no whole word inside
