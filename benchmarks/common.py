"""Shared by the benchmarks: a randomly initialised compact BERT tagger with a WordPiece vocabulary from ANT."""

from __future__ import annotations

from pathlib import Path

from inference.labels import ID2LABEL, LABEL2ID
from training.corpus import iter_articles


def random_compact_model(directory: Path) -> Path:
    from tokenizers import Tokenizer, models, normalizers, pre_tokenizers, trainers
    from transformers import BertConfig, BertForTokenClassification, BertTokenizerFast

    backend = Tokenizer(models.WordPiece(unk_token="[UNK]"))
    backend.normalizer = normalizers.BertNormalizer(lowercase=False, strip_accents=True)
    backend.pre_tokenizer = pre_tokenizers.BertPreTokenizer()
    trainer = trainers.WordPieceTrainer(vocab_size=30000, special_tokens=["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]"])
    backend.train_from_iterator((a["text"] for a in iter_articles()), trainer)
    tokenizer = BertTokenizerFast(tokenizer_object=backend, model_max_length=512)
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
