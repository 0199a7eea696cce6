"""Evaluation metrics on hand-made gold/prediction pairs with known answers."""

import json

import pytest
from hypothesis import given, settings
from qawl.cli import main
from qawl.records import Quote, Record, Span, write_jsonl
from qawl.training.evaluation import evaluate_records, match_quotes, same_source, seqeval_scores

from tests.strategies import records

TEXT = "وقال الوزير إن الحكومة ستدعم الفلاحين. وأضاف أن الدعم قادم. وقال المدير ماثيو ميلر إن الأمر انتهى."


def span(text):
    start = TEXT.index(text)
    return Span(start, start + len(text), text)


def quote(cue, speaker, *content, kind="indirect"):
    return Quote(span(cue) if cue else None, span(speaker) if speaker else None, [span(c) for c in content], kind)


GOLD = Record(
    "g",
    TEXT,
    [
        quote("وقال", "الوزير", "الحكومة ستدعم الفلاحين"),
        quote("وأضاف", "الوزير", "الدعم قادم"),  # a shared speaker
        quote(None, "المدير ماثيو ميلر", "الأمر انتهى"),
    ],
)


def scores(predicted_quotes, gold=GOLD):
    return evaluate_records([gold], [Record("p", TEXT, predicted_quotes)])


def test_perfect_prediction():
    m = scores(GOLD.quotes)
    assert m["quotes"]["all"]["f1"] == 1.0 and m["attribution"]["accuracy"] == 1.0
    assert all(m["spans"][r]["exact"]["f1"] == 1.0 for r in ("cue", "speaker", "content"))
    assert m["tokens"]["micro"]["f1"] == 1.0
    assert m["spans"]["speaker"]["exact"]["support"] == 2  # the shared speaker span counts once


def test_empty_predictions_score_zero_with_full_support():
    m = scores([])
    assert m["quotes"]["all"] == {"precision": 0.0, "recall": 0.0, "f1": 0.0, "support": 3}
    assert m["attribution"] == {"accuracy": 0.0, "correct": 0, "total": 3}
    assert m["tokens"]["micro"]["recall"] == 0.0


def test_empty_gold_makes_every_prediction_a_false_positive():
    m = scores(GOLD.quotes[:1], gold=Record("g", TEXT, []))
    assert m["quotes"]["all"] == {"precision": 0.0, "recall": 0.0, "f1": 0.0, "support": 0}
    assert m["attribution"]["total"] == 0
    assert m["_errors"]["false_positives"] and not m["_errors"]["misses"]


def test_partial_content_half_rule():
    # "الحكومة ستدعم" covers 13 of the 22 gold characters: found; "الفلاحين" (8 of 22) is not
    assert scores([quote("وقال", "الوزير", "الحكومة ستدعم")])["quotes"]["all"]["recall"] == pytest.approx(1 / 3)
    m = scores([quote("وقال", "الوزير", "الفلاحين")])
    assert m["quotes"]["all"]["recall"] == 0.0 and m["quotes"]["all"]["precision"] == 0.0
    assert m["spans"]["content"]["exact"]["f1"] == 0.0
    assert m["spans"]["content"]["overlap"]["precision"] == 1.0
    assert m["spans"]["content"]["overlap"]["recall"] == pytest.approx((8 / 22) / 3)


def test_multi_span_content_counts_all_its_characters():
    gold = Record("g", TEXT, [quote("وقال", "الوزير", "الحكومة ستدعم", "الدعم قادم")])
    m = scores([quote("وقال", "الوزير", "الحكومة ستدعم")], gold=gold)
    assert m["quotes"]["all"]["recall"] == 1.0  # 13 of 23 characters
    m = scores([quote("وقال", "الوزير", "الدعم قادم")], gold=gold)
    assert m["quotes"]["all"]["recall"] == 0.0  # 10 of 23


def test_one_prediction_matches_one_gold_quote():
    merged = [quote("وقال", "الوزير", "الحكومة ستدعم الفلاحين")]
    pairs = match_quotes(GOLD.quotes, merged)
    assert pairs == [(0, 0, 1.0)]


def test_attribution_by_overlap_or_normalised_name():
    gold_q = GOLD.quotes[2]
    pred_name = quote(None, "ميلر", "الأمر انتهى")
    assert same_source(gold_q, pred_name)  # ميلر inside المدير ماثيو ميلر (overlap too)
    other = Quote(None, Span(TEXT.index("الوزير"), TEXT.index("الوزير") + 6, "الوزير"), gold_q.content, "indirect")
    assert not same_source(gold_q, other)
    far = Quote(None, Span(4, 9, "لميلر"), [Span(10, 14, "شيئا")], "indirect")
    assert same_source(gold_q, far)  # the same name after dropping the clitic ل
    m = scores([GOLD.quotes[0], GOLD.quotes[1], other])
    assert m["attribution"] == {"accuracy": pytest.approx(2 / 3), "correct": 2, "total": 3}


def test_per_kind_scores():
    text = 'قال الوزير "نعم" وأضاف أن لا'
    gold = Record(
        "k",
        text,
        [
            Quote(Span(0, 3, "قال"), Span(4, 10, "الوزير"), [Span(12, 15, "نعم")], "direct"),
            Quote(Span(17, 22, "وأضاف"), None, [Span(26, 28, "لا")], "indirect"),
        ],
    )
    m = evaluate_records([gold], [Record("k", text, gold.quotes[:1])])
    assert m["quotes"]["direct"]["f1"] == 1.0 and m["quotes"]["indirect"]["recall"] == 0.0
    assert m["quotes"]["mixed"]["support"] == 0


def test_texts_must_match():
    with pytest.raises(ValueError, match="text differs"):
        evaluate_records([GOLD], [Record("p", TEXT + ".", [])])


@settings(max_examples=80, deadline=None)
@given(records())
def test_seqeval_strict_agrees_with_span_exact_scores(gold):
    predicted = Record(gold.id, gold.text, [q for i, q in enumerate(gold.quotes) if i % 2 == 0])
    m = evaluate_records([gold], [predicted])
    for role in ("cue", "speaker", "content"):
        assert m["tokens"][role]["f1"] == pytest.approx(m["spans"][role]["exact"]["f1"])
        assert m["tokens"][role]["precision"] == pytest.approx(m["spans"][role]["exact"]["precision"])


def test_seqeval_micro_on_label_sequences():
    result = seqeval_scores([["B-CUE", "O", "B-CONTENT", "I-CONTENT"]], [["B-CUE", "O", "B-CONTENT", "O"]])
    assert result["cue"].f1 == 1.0 and result["content"].f1 == 0.0 and result["micro"].f1 == 0.5


def test_cli_evaluate_rules_and_predictions(tmp_path, capsys):
    data = tmp_path / "gold.jsonl"
    write_jsonl([GOLD], data)
    out = tmp_path / "report"
    assert main(["evaluate", "--rules", "--data", str(data), "--out", str(out)]) == 0
    metrics = json.loads((out / "metrics.json").read_text(encoding="utf-8"))
    assert set(metrics) >= {"tokens", "spans", "quotes", "attribution", "headline", "predictor", "documents"}
    assert "| cue |" in capsys.readouterr().out
    assert "## Errors" in (out / "report.md").read_text(encoding="utf-8")
    preds = tmp_path / "pred.jsonl"
    write_jsonl([GOLD], preds)
    assert main(["evaluate", "--predictions", str(preds), "--data", str(data), "--out", str(out)]) == 0
    assert json.loads((out / "metrics.json").read_text(encoding="utf-8"))["quotes"]["all"]["f1"] == 1.0
