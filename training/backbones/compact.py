"""A compact Arabic BERT pretrained here: WordPiece on the ANT corpus + masked-language modelling on CPU.

    python -m qawl.training.backbones.compact --out backbones/compact-ar [--steps 1000] [--layers 4] [--hidden 256]

The articles of the gold dev and test splits are left out of the pretraining text, so that evaluation never
sees text the model was pretrained on. Reports steps, wall time and the MLM loss on held-out chunks.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import time
from pathlib import Path

import datasets
from qawl.normalize import normalize_text
from qawl.records import read_jsonl
from qawl.training.corpus import iter_articles
from tokenizers import Tokenizer, models, normalizers, pre_tokenizers, processors, trainers
from transformers import (
    BertConfig,
    BertForMaskedLM,
    BertTokenizerFast,
    DataCollatorForLanguageModeling,
    Trainer,
    TrainingArguments,
)

SPECIALS = ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]"]


def pretraining_texts(corpus: str | None, exclude_splits: tuple[str, ...] = ("dev", "test")) -> list[str]:
    """ANT article texts (normalised), without the articles of the gold ``exclude_splits``."""
    excluded = {
        record.source.split(":", 1)[1]
        for split in exclude_splits
        for record in read_jsonl(Path("annotations") / f"{split}.jsonl")
        if record.source and record.source.startswith("ant-v1.1:")
    }
    return [normalize_text(a["text"]) for a in iter_articles(corpus) if a["id"] not in excluded]


def train_tokenizer(texts: list[str], vocab_size: int) -> BertTokenizerFast:
    backend = Tokenizer(models.WordPiece(unk_token="[UNK]"))
    backend.normalizer = normalizers.BertNormalizer(lowercase=False, strip_accents=True)
    backend.pre_tokenizer = pre_tokenizers.BertPreTokenizer()
    backend.train_from_iterator(texts, trainers.WordPieceTrainer(vocab_size=vocab_size, special_tokens=SPECIALS))
    cls, sep = backend.token_to_id("[CLS]"), backend.token_to_id("[SEP]")
    backend.post_processor = processors.TemplateProcessing(
        single="[CLS] $A [SEP]", pair="[CLS] $A [SEP] $B [SEP]", special_tokens=[("[CLS]", cls), ("[SEP]", sep)]
    )
    return BertTokenizerFast(tokenizer_object=backend, model_max_length=512)


def chunks(tokenizer: BertTokenizerFast, texts: list[str], length: int) -> datasets.Dataset:
    """Concatenated token stream cut into ``length``-token blocks (with [CLS]/[SEP] around each)."""
    ids: list[int] = []
    for start in range(0, len(texts), 512):
        for row in tokenizer(texts[start : start + 512], add_special_tokens=False)["input_ids"]:
            ids += [*row, tokenizer.sep_token_id]
    body = length - 2
    blocks = [
        [tokenizer.cls_token_id, *ids[i : i + body], tokenizer.sep_token_id] for i in range(0, len(ids) - body, body)
    ]
    return datasets.Dataset.from_dict({"input_ids": blocks})


def build(args: argparse.Namespace) -> dict:
    started = time.perf_counter()
    texts = pretraining_texts(args.corpus)
    random.Random(args.seed).shuffle(texts)
    tokenizer = train_tokenizer(texts, args.vocab_size)
    blocks = chunks(tokenizer, texts, args.length).train_test_split(test_size=0.02, seed=args.seed)
    config = BertConfig(
        vocab_size=len(tokenizer),
        hidden_size=args.hidden,
        num_hidden_layers=args.layers,
        num_attention_heads=args.hidden // 64,
        intermediate_size=args.hidden * 4,
        max_position_embeddings=512,
        pad_token_id=tokenizer.pad_token_id,
    )
    model = BertForMaskedLM(config)
    out = Path(args.out)
    trainer = Trainer(
        model=model,
        args=TrainingArguments(
            output_dir=str(out) + ".checkpoints",
            max_steps=args.steps,
            per_device_train_batch_size=args.batch_size,
            per_device_eval_batch_size=64,
            learning_rate=args.learning_rate,
            warmup_steps=args.steps // 20,
            weight_decay=0.01,
            logging_steps=50,
            eval_strategy="no",
            save_strategy="no",
            report_to=[],
            seed=args.seed,
        ),
        train_dataset=blocks["train"],
        data_collator=DataCollatorForLanguageModeling(tokenizer, mlm_probability=0.15),
    )
    result = trainer.train()
    held_out = trainer.evaluate(blocks["test"])
    out.mkdir(parents=True, exist_ok=True)
    trainer.save_model(str(out))
    tokenizer.save_pretrained(str(out))
    report = {
        "articles": len(texts),
        "train_blocks": len(blocks["train"]),
        "block_length": args.length,
        "vocab_size": len(tokenizer),
        "config": {"layers": args.layers, "hidden": args.hidden, "heads": args.hidden // 64},
        "parameters": sum(p.numel() for p in model.parameters()),
        "steps": args.steps,
        "batch_size": args.batch_size,
        "train_loss": result.training_loss,
        "first_logged_loss": next((e["loss"] for e in trainer.state.log_history if "loss" in e), None),
        "held_out_mlm_loss": held_out["eval_loss"],
        "wall_seconds": round(time.perf_counter() - started, 1),
    }
    (out / "backbone_report.json").write_text(json.dumps(report, indent=2) + "\n")
    return report


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m qawl.training.backbones.compact", description=__doc__.splitlines()[0]
    )
    parser.add_argument("--out", default="backbones/compact-ar")
    parser.add_argument("--corpus")
    parser.add_argument("--vocab-size", type=int, default=16000)
    parser.add_argument("--layers", type=int, default=4)
    parser.add_argument("--hidden", type=int, default=256)
    parser.add_argument("--length", type=int, default=128)
    parser.add_argument("--steps", type=int, default=1000)
    parser.add_argument("--batch-size", type=int, default=32)
    parser.add_argument("--learning-rate", type=float, default=5e-4)
    parser.add_argument("--seed", type=int, default=13)
    report = build(parser.parse_args(argv))
    print(json.dumps(report, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
