"""The default-model export (fp16 on disk, model-first combination) and the shipped model itself."""

import json

import torch
from qawl.tagger import DEFAULT_MODEL_DIR, QuoteTagger
from qawl.training.default_model import COMBINE, export, table
from safetensors import safe_open


def test_export_stores_fp16_and_the_combination_and_loads_for_cpu(tiny_model_dir, tmp_path):
    out = tmp_path / "models"
    out.mkdir()
    (out / "README.md").write_text("card", encoding="utf-8")
    export(tiny_model_dir, out)
    assert (out / "README.md").read_text(encoding="utf-8") == "card"  # files already there are kept
    assert json.loads((out / "config.json").read_text(encoding="utf-8"))["qawl_combine"] == COMBINE
    with safe_open(str(out / "model.safetensors"), "pt") as weights:
        names = weights.keys()  # a safetensors handle is not iterable itself
        assert {weights.get_tensor(name).dtype for name in names} == {torch.float16}
    tagger = QuoteTagger.from_pretrained(out, device="cpu")
    assert tagger.combine == COMBINE
    assert {p.dtype for p in tagger.model.parameters()} == {torch.float32}
    reference = QuoteTagger.from_pretrained(tiny_model_dir, device="cpu")
    batch = reference.tokenizer(["وقال الوزير إن الحكومة ستدعم الفلاحين."], return_tensors="pt")
    with torch.inference_mode():
        diff = (tagger.model(**batch).logits - reference.model(**batch).logits).abs().max().item()
    assert 0 < diff < 1e-2  # rounded to fp16, not changed


PARAGRAPH = (
    "وقال وزير الصحة، في تصريح للصحفيين اليوم الاثنين، إن المستشفيات ستتلقى معدات جديدة قبل نهاية العام. "
    "وأضاف أن «الحكومة\u00a0لن تتخلى عن الأطباء الشبان».\n"
    "من جهتها، أكدت النقابة العامة للصحة أن الإضراب سيتواصل، حسبما ذكرت وكالة الأنبــاء الرسمية."
)


def test_the_shipped_model_loads_offline_and_predicts_with_exact_offsets():
    assert (DEFAULT_MODEL_DIR / "config.json").exists(), f"no default model in {DEFAULT_MODEL_DIR}"
    tagger = QuoteTagger.from_pretrained(device="cpu")
    assert tagger.combine == COMBINE
    many = tagger.predict([PARAGRAPH, "", "لا شيء هنا."])
    assert len(many) == 3 and many[1] == []
    quotes = many[0]
    assert quotes == tagger.predict(PARAGRAPH)
    assert quotes, "the default model finds no quote in a paragraph of three"
    for quote in quotes:
        assert quote.kind in ("direct", "indirect", "mixed") and quote.content
        assert quote.cue is not None or quote.speaker is not None
        for _, span in quote.spans():
            assert 0 <= span.start < span.end <= len(PARAGRAPH)
            assert PARAGRAPH[span.start : span.end] == span.text
    assert all(q.score is not None and 0.0 <= q.score <= 1.0 for q in quotes)


def test_the_model_card_reports_the_shipped_model_s_measured_scores():
    metrics = json.loads((DEFAULT_MODEL_DIR / "metrics.json").read_text(encoding="utf-8"))
    card = (DEFAULT_MODEL_DIR / "README.md").read_text(encoding="utf-8")
    assert table(metrics["scores"]) in card
