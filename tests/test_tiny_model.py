"""The tiny random model fixture is a real transformers tagger that consumes our word-aligned encodings."""

import torch
from qawl.labels import LABELS, encode_words
from transformers import AutoModelForTokenClassification


def test_tiny_model_tags_an_encoded_paragraph(tiny_model_dir, tokenizer):
    model = AutoModelForTokenClassification.from_pretrained(tiny_model_dir)
    assert model.config.id2label[1] == LABELS[1]
    encoding, _words = encode_words(tokenizer, "وقال الوزير إن الحكومة ستدعم الفلاحين.", return_tensors="pt")
    inputs = {key: value for key, value in encoding.items() if key != "offset_mapping"}
    with torch.inference_mode():
        logits = model(**inputs).logits
    assert logits.shape == (1, encoding["input_ids"].shape[1], len(LABELS))
