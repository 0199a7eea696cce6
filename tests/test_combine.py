import pytest
from qawl.combine import combine
from qawl.records import Quote, Span

TEXT = "وقال الوزير إن الحكومة ستدعم الفلاحين. وأضاف أن الدعم قادم."


def q(cue, speaker, content):
    def s(text):
        start = TEXT.index(text)
        return Span(start, start + len(text), text)

    return Quote(s(cue) if cue else None, s(speaker) if speaker else None, [s(content)], "indirect")


MODEL = [q("وقال", "الوزير", "الحكومة ستدعم الفلاحين")]
RULES = [q("وقال", "الوزير", "الحكومة ستدعم"), q("وأضاف", "الوزير", "الدعم قادم")]


def test_model_only():
    assert combine(MODEL, RULES, "model") == MODEL


def test_rules_first_keeps_rules_and_adds_free_model_quotes():
    assert combine(MODEL, RULES, "rules-first") == RULES


def test_model_first_keeps_model_and_adds_free_rule_quotes():
    assert combine(MODEL, RULES, "model-first") == [MODEL[0], RULES[1]]  # the shared speaker is no conflict


def test_unknown_mode():
    with pytest.raises(ValueError, match="unknown combination"):
        combine(MODEL, RULES, "both")


def test_model_first_takes_the_lexicon_cue_where_the_two_cues_overlap():
    text = "ارتفع العجز، حسبما ذكر المعهد."

    def s(part):
        start = text.index(part)
        return Span(start, start + len(part), part)

    model = [Quote(s("حسبما"), s("ذكر المعهد"), [s("ارتفع العجز")], "indirect")]
    rules = [Quote(s("حسبما ذكر"), s("المعهد"), [s("ارتفع العجز")], "indirect")]
    assert combine(model, rules, "model-first")[0].cue == s("حسبما")  # the rule cue would clash with the speaker
    model = [Quote(s("حسبما"), s("المعهد"), [s("ارتفع العجز")], "indirect")]
    assert combine(model, rules, "model-first") == [Quote(s("حسبما ذكر"), s("المعهد"), [s("ارتفع العجز")], "indirect")]
