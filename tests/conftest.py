"""Shared fixtures: a tiny WordPiece tokenizer and a tiny random BERT tagger, built locally (no network)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from qawl.records import Record

ROOT = Path(__file__).resolve().parent.parent
ANNOTATIONS = ROOT / "annotations"

ARABIC_SENTENCES = [
    "وقال الوزير إن الحكومة ستدعم الفلاحين في الموسم المقبل.",
    "وأضاف المتحدث باسم الوزارة أن الاجتماع سيعقد يوم الثلاثاء.",
    "وأكدت المديرة الجهوية للصحة أنه تم تسجيل 12 إصابة جديدة.",
    'وقال ميلر إن بلينكن ناقش "التدابير اللازمة لتعزيز الأمن".',
    "حسبما ذكر المتحدث باسم الخارجية، وفقا لما قاله المسؤول.",
    "خبير عسكري: الجيش يسعى إلى تقسيم المنطقة عبر خطة جديدة.",
    "مشيرا إلى أن الصادرات ارتفعت بنسبة 24 بالمائة منذ بداية الموسم.",
]


def annotation_records() -> list[Record]:
    """Every record of every JSONL file under ``annotations/``."""
    from qawl.records import read_jsonl

    return [record for path in sorted(ANNOTATIONS.glob("*.jsonl")) for record in read_jsonl(path)]


@pytest.fixture(scope="session")
def tiny_model_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A directory holding a tiny random ``BertForTokenClassification`` and its WordPiece tokenizer."""
    from qawl.labels import ID2LABEL, LABEL2ID
    from qawl.training.backbones.compact import train_tokenizer
    from transformers import BertConfig, BertForTokenClassification

    path = tmp_path_factory.mktemp("tiny-model")
    tokenizer = train_tokenizer(ARABIC_SENTENCES, vocab_size=300)
    tokenizer.save_pretrained(path)
    config = BertConfig(
        vocab_size=tokenizer.vocab_size,
        hidden_size=32,
        num_hidden_layers=2,
        num_attention_heads=2,
        intermediate_size=64,
        max_position_embeddings=512,
        id2label=ID2LABEL,
        label2id=LABEL2ID,
    )
    BertForTokenClassification(config).save_pretrained(path)
    (path / "fixture.json").write_text(json.dumps({"what": "tiny random tagger for tests"}))
    return path


@pytest.fixture(scope="session")
def tokenizer(tiny_model_dir: Path):
    from transformers import AutoTokenizer

    return AutoTokenizer.from_pretrained(tiny_model_dir)
