"""Shared by the benchmarks: a randomly initialised compact BERT tagger with a WordPiece vocabulary from ANT."""

from __future__ import annotations

from pathlib import Path

from qawl.labels import ID2LABEL, LABEL2ID
from qawl.training.backbones.compact import train_tokenizer
from qawl.training.corpus import iter_articles


def random_compact_model(directory: Path) -> Path:
    """A 6-layer x 384 BERT tagger with random weights and a 30k WordPiece vocabulary trained on ANT."""
    from transformers import BertConfig, BertForTokenClassification

    tokenizer = train_tokenizer([a["text"] for a in iter_articles()], 30000)
    config = BertConfig(
        vocab_size=len(tokenizer),
        hidden_size=384,
        num_hidden_layers=6,
        num_attention_heads=12,
        intermediate_size=1536,
        id2label=ID2LABEL,
        label2id=LABEL2ID,
    )
    tokenizer.save_pretrained(directory)
    BertForTokenClassification(config).save_pretrained(directory)
    return directory
