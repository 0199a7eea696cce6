"""QuoteTagger with local models: a tiny random BERT for plumbing, and an oracle model whose labels are known."""

from types import SimpleNamespace

import pytest
import torch
from qawl import QuoteTagger, predict
from qawl.labels import LABEL2ID, LABELS
from qawl.records import Record
from qawl.validate import check_record

SENTENCE = "وقال الوزير إن الحكومة ستدعم الفلاحين."
FILLER = "وتتواصل الأشغال في المنطقة. "


def assert_valid(text, quotes):
    assert check_record(Record("t", text, quotes, source=None).to_dict()) == []
    for quote in quotes:
        for _, span in quote.spans():
            assert text[span.start : span.end] == span.text


class Oracle(torch.nn.Module):
    """Labels each token by a lookup on its id: a model whose right answer is known."""

    def __init__(self, tokenizer, labels_by_word):
        super().__init__()
        self.config = SimpleNamespace(label2id=LABEL2ID, id2label=dict(enumerate(LABELS)), max_position_embeddings=512)
        table = torch.zeros(len(tokenizer), len(LABELS))
        table[:, LABEL2ID["O"]] = 5.0
        for word, label in labels_by_word.items():
            ids = tokenizer([word], is_split_into_words=True, add_special_tokens=False)["input_ids"]
            table[ids[0], LABEL2ID["O"]] = 0.0
            table[ids[0], LABEL2ID[label]] = 5.0
        self.table = torch.nn.Parameter(table, requires_grad=False)

    def forward(self, input_ids, attention_mask=None, token_type_ids=None):
        return SimpleNamespace(logits=self.table[input_ids])


@pytest.fixture(scope="module")
def oracle(tokenizer):
    labels = {
        "وقال": "B-CUE",
        "الوزير": "B-SPEAKER",
        "الحكومة": "B-CONTENT",
        "ستدعم": "I-CONTENT",
        "الفلاحين": "I-CONTENT",
    }
    ids = [tokenizer([w], is_split_into_words=True, add_special_tokens=False)["input_ids"][0] for w in labels]
    filler = tokenizer(FILLER.split(), is_split_into_words=True, add_special_tokens=False)["input_ids"]
    assert not set(ids) & set(filler), "the oracle's words must not share a first subword with the filler"
    return QuoteTagger(Oracle(tokenizer, labels), tokenizer, device="cpu")


@pytest.fixture(scope="module")
def tiny(tiny_model_dir):
    return QuoteTagger.from_pretrained(tiny_model_dir, device="cpu")


def quote_tuples(quotes):
    return [(q.cue and q.cue.text, q.speaker and q.speaker.text, [c.text for c in q.content], q.kind) for q in quotes]


def test_oracle_sentence(oracle):
    assert quote_tuples(oracle.predict(SENTENCE)) == [("وقال", "الوزير", ["الحكومة ستدعم الفلاحين"], "indirect")]


def test_quote_after_twenty_thousand_characters_is_found(oracle):
    text = FILLER * (20_000 // len(FILLER) + 1) + SENTENCE
    assert len(text) > 20_000
    [quote] = oracle.predict(text)
    assert quote.cue.start == text.index("وقال") and quote.content[0].end == len(text) - 1
    assert_valid(text, [quote])
    small_windows = QuoteTagger(oracle.model, oracle.tokenizer, device="cpu", max_length=32, stride=8)
    assert quote_tuples(small_windows.predict(text)) == quote_tuples([quote])


def test_offsets_on_decorated_text(oracle):
    text = "\u200fوقـــال\xa0الوزيرُ\u200e إنّ الحكومةَ ستدعم الفلاحين."
    [quote] = oracle.predict(text)
    assert_valid(text, [quote])
    assert (quote.cue.text, quote.speaker.text) == ("وقـــال", "الوزيرُ")
    assert quote.content[0].text == "الحكومةَ ستدعم الفلاحين"


def test_scores_are_probabilities(oracle):
    [quote] = oracle.predict(SENTENCE)
    assert 0.0 < quote.score <= 1.0 and all(0.0 < s.score <= 1.0 for _, s in quote.spans())
    assert set(quote.to_dict()) == {"cue", "speaker", "content", "kind", "score", "source"}
    assert quote.source.name.bounds == quote.speaker.bounds  # the one mention of its source names it


def test_shapes_and_order_with_the_tiny_model(tiny):
    texts = [SENTENCE, "", FILLER * 3, "  \n "]
    results = tiny.predict(texts, batch_size=2)
    assert len(results) == 4 and results[1] == [] and results[3] == []
    for text, quotes in zip(texts, results):
        assert_valid(text, quotes)
    assert isinstance(tiny.predict(SENTENCE), list)
    assert tiny.model is not None and tiny.tokenizer.is_fast


@pytest.mark.parametrize(
    "text",
    [
        "وقال\x07 الوزير 😀 إن\x00 الحكومة ستدعم 👍🏽 الفلاحين.",
        'وقال الوزير: "لن نتراجع',
        "\u064e\u0640 \u200d",
        "《》⟦⟧",
    ],
)
def test_odd_input_never_crashes(tiny, text):
    assert_valid(text, tiny.predict(text))


def test_sixty_thousand_characters(tiny):
    text = (SENTENCE + " " + FILLER) * (60_000 // (len(SENTENCE) + len(FILLER) + 1) + 1)
    assert len(text) >= 60_000
    assert_valid(text, tiny.predict(text, batch_size=16))


def test_bad_input_types(tiny):
    with pytest.raises(TypeError, match="got int"):
        tiny.predict(5)
    with pytest.raises(TypeError, match=r"texts\[2\] must be a str, got NoneType"):
        tiny.predict(["a", "b", None])
    with pytest.raises(TypeError, match="got bytes"):
        predict(b"bytes")


def test_labels_must_match(tiny_model_dir):
    from transformers import AutoTokenizer, BertConfig, BertForTokenClassification

    labels = {0: "O", 1: "B-PER", 2: "I-PER"}
    config = BertConfig(vocab_size=300, hidden_size=8, num_hidden_layers=1, num_attention_heads=1, intermediate_size=8)
    config.id2label, config.label2id = labels, {v: k for k, v in labels.items()}
    model = BertForTokenClassification(config)
    with pytest.raises(ValueError, match="do not match"):
        QuoteTagger(model, AutoTokenizer.from_pretrained(tiny_model_dir))


def test_int8_quantisation_runs_on_cpu(tiny_model_dir):
    tagger = QuoteTagger.from_pretrained(tiny_model_dir, device="cpu", quantize=True)
    assert_valid(SENTENCE, tagger.predict(SENTENCE))


def test_a_saved_model_gives_a_plain_pipeline_qawl_s_labels_and_scores(tiny_model_dir, tiny):
    """The saved directory is an ordinary token-classification model: transformers' own pipeline reads Qawl's
    labels from it and scores each word's first subword exactly as QuoteTagger does."""
    import numpy as np
    from transformers import pipeline

    plain = pipeline("token-classification", model=str(tiny_model_dir), aggregation_strategy="none", device=-1)
    found = {entity["start"]: entity for entity in plain(SENTENCE, ignore_labels=[])}
    (words,), (log_probs,) = tiny.word_log_probs([SENTENCE])
    assert len(words) == 7  # six words and the full stop
    for (start, end), row in zip(words, log_probs):
        entity = found[start]  # the word's first subword
        assert entity["entity"] == LABELS[int(np.argmax(row))]
        assert entity["score"] == pytest.approx(float(np.exp(row.max())), abs=1e-4)
        assert start < entity["end"] <= end


def test_model_first_combination_adds_rule_quotes(oracle):
    text = SENTENCE + " وأكدت الوزيرة أن الميزانية جاهزة."
    combined = QuoteTagger(oracle.model, oracle.tokenizer, device="cpu", combine="model-first")
    quotes = combined.predict(text)
    assert [q.cue.text for q in quotes] == ["وقال", "وأكدت"]
    assert_valid(text, quotes)
    added = quotes[1]  # found by the rules, scored by the model: the oracle gives its labels no weight
    assert added.score is not None and 0.0 <= added.score < 0.5
    assert all(span.score is not None for _, span in added.spans())
    assert [q.cue.text for q in oracle.predict(text)] == ["وقال"]
