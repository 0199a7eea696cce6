"""The training configuration: a dataclass read from YAML/JSON files, with command-line overrides (no torch)."""

from __future__ import annotations

import argparse
import dataclasses
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

DEFAULT_BACKBONE = "aubmindlab/bert-base-arabertv02"


@dataclass
class TrainConfig:
    """Everything a run needs; every field can come from a config file and be overridden by a flag."""

    backbone: str = DEFAULT_BACKBONE
    train_files: list[str] = field(default_factory=lambda: ["annotations/train.jsonl"])
    dev_files: list[str] = field(default_factory=lambda: ["annotations/dev.jsonl"])
    test_files: list[str] = field(default_factory=lambda: ["annotations/test.jsonl"])
    silver_files: list[str] = field(default_factory=list)  # stage 1 (optional), then gold
    output_dir: str = "runs/qawl-model"
    checkpoint_dir: str | None = None  # default: <output_dir>.checkpoints
    preprocess: str = "auto"  # auto | default | arabert-v02
    max_length: int = 256
    stride: int = 64
    learning_rate: float = 5e-5
    silver_learning_rate: float | None = None
    epochs: float = 5.0
    silver_epochs: float = 1.0
    batch_size: int = 16
    eval_batch_size: int = 32
    gradient_accumulation_steps: int = 1
    weight_decay: float = 0.01
    warmup_ratio: float = 0.1
    class_weights: str = "none"  # none | sqrt (inverse square-root label frequency)
    freeze_embeddings: bool = False
    early_stopping_patience: int = 3
    max_steps: int = -1
    logging_steps: int = 20
    seed: int = 13

    @classmethod
    def load(cls, path: str | Path | None, overrides: dict[str, Any] | None = None) -> TrainConfig:
        """Read a YAML/JSON config, then apply overrides (``None`` values are ignored)."""
        values: dict[str, Any] = {}
        if path:
            text = Path(path).read_text(encoding="utf-8")
            if str(path).endswith((".yaml", ".yml")):
                import yaml

                values = yaml.safe_load(text) or {}
            else:
                values = json.loads(text)
        known = {f.name for f in dataclasses.fields(cls)}
        unknown = sorted(set(values) - known)
        if unknown:
            raise ValueError(f"{path}: unknown config field(s) {unknown}; known: {sorted(known)}")
        values.update({k: v for k, v in (overrides or {}).items() if v is not None})
        return cls(**values)


FLAGS = {
    "backbone": str,
    "output_dir": str,
    "checkpoint_dir": str,
    "preprocess": str,
    "max_length": int,
    "stride": int,
    "learning_rate": float,
    "epochs": float,
    "batch_size": int,
    "seed": int,
    "max_steps": int,
    "class_weights": str,
}
LIST_FLAGS = ("train_files", "dev_files", "test_files", "silver_files")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """``--config`` plus one flag per overridable field, and ``--resume``."""
    parser.add_argument("--config", help="YAML or JSON file (see training/configs/)")
    for name, kind in FLAGS.items():
        parser.add_argument(f"--{name.replace('_', '-')}", type=kind, dest=name)
    for name in LIST_FLAGS:
        parser.add_argument(f"--{name.replace('_', '-')}", nargs="*", dest=name)
    parser.add_argument("--resume", action="store_true", help="continue from the last checkpoint of the run")


def config_from_args(args: argparse.Namespace) -> TrainConfig:
    overrides = {name: getattr(args, name) for name in (*FLAGS, *LIST_FLAGS)}
    return TrainConfig.load(args.config, overrides)


def preprocessing_for_backbone(backbone: str) -> str:
    """``arabert-v02`` for AraBERT v0.1/v0.2 backbones (the unsegmented ones), else ``default``."""
    name = backbone.lower().rstrip("/").rsplit("/", 1)[-1]
    if "arabert" in name and ("v02" in name or "v01" in name):
        return "arabert-v02"
    return "default"
