"""Training throughput (windows/s) of a compact configuration on the CPU.

    python -m benchmarks.train_speed [--backbone DIR] [--steps 40] [--batch-size 16] [--max-length 256]

Trains on windows of ``annotations/train.jsonl`` with ``transformers.Trainer`` for a fixed number of steps and
reports ``train_samples_per_second`` (one sample = one window). Without ``--backbone`` a randomly initialised
6-layer × 384 BERT with a 30k WordPiece vocabulary is built (speed does not depend on the weights' values).
"""

from __future__ import annotations

import argparse
import tempfile
from pathlib import Path

import torch
from qawl.preprocess import preprocessor
from qawl.training.config import TrainConfig
from qawl.training.data import load_records, window_dataset
from qawl.training.train import QawlTrainer, load_backbone, training_arguments
from transformers import DataCollatorForTokenClassification

from benchmarks.common import random_compact_model


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--backbone")
    parser.add_argument("--steps", type=int, default=40)
    parser.add_argument("--batch-size", type=int, default=16)
    parser.add_argument("--max-length", type=int, default=256)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        backbone = args.backbone or str(random_compact_model(Path(tmp) / "backbone"))
        config = TrainConfig(backbone=backbone, batch_size=args.batch_size, max_steps=args.steps, logging_steps=10**6)
        tokenizer, model = load_backbone(config)
        windows = window_dataset(
            load_records(config.train_files), tokenizer, args.max_length, config.stride, preprocessor("default")
        )
        arguments = training_arguments(config, Path(tmp) / "run", 1, config.learning_rate, False, len(windows))
        arguments.save_strategy = "no"
        trainer = QawlTrainer(
            model=model,
            args=arguments,
            train_dataset=windows,
            data_collator=DataCollatorForTokenClassification(tokenizer),
        )
        result = trainer.train()
    rate = result.metrics["train_samples_per_second"]
    print(
        f"backbone: {args.backbone or 'random compact BERT (6x384)'}; {args.steps} steps, batch {args.batch_size}, "
        f"max length {args.max_length}, {len(windows)} windows available, torch threads {torch.get_num_threads()}"
    )
    print(f"training throughput: {rate:.1f} windows/s ({result.metrics['train_runtime']:.1f} s)")


if __name__ == "__main__":
    main()
